// Package queue is truce's distributed ingestion over NATS JetStream.
//
// A publisher (truce ingest --queue) puts one message per report on a
// work-queue stream (TRUCE_REPORTS, subject truce.reports); any number of
// workers (truce worker), on any machines, share one durable pull
// consumer, fetch batches, extract and write them through an
// ingest.Ingester, and acknowledge each message only after the write of
// its report committed. A worker that dies mid-batch loses nothing: the
// messages it held are redelivered after the consumer's AckWait, and since
// ingesting a report twice stores nothing new (same source hash), the
// redelivered report is stored once.
//
// A report that cannot be ingested (bad input) or that failed MaxDeliver
// times goes to the dead-letter stream (TRUCE_REPORTS_DEAD, subject
// truce.reports.dead) with the reason in the Truce-Dead-Reason header and
// the original report as its body, and is then removed from the work
// queue.
//
// A message is the report's bytes as its body, with what is known of the
// report and the ingest options in headers (see Encode). Its Nats-Msg-Id
// is a hash of the report (MsgID), so that publishing the same report
// again within the stream's duplicate window is dropped by the server.
package queue

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/truce-monitor/truce/ingest"
)

// Defaults of Config.
const (
	DefaultStream      = "TRUCE_REPORTS"
	DefaultSubject     = "truce.reports"
	DefaultDeadStream  = "TRUCE_REPORTS_DEAD"
	DefaultDeadSuffix  = ".dead"
	DefaultConsumer    = "truce-workers"
	DefaultMaxMsgs     = 100_000
	DefaultMaxBytes    = 1 << 30 // 1 GiB
	DefaultDuplicates  = 2 * time.Hour
	DefaultAckWait     = 60 * time.Second
	DefaultMaxDeliver  = 5
	DefaultMaxAckPend  = 1000
	DefaultDeadMaxAge  = 30 * 24 * time.Hour
	defaultConnectWait = 5 * time.Second
)

// Header names of a report message.
const (
	HeaderName          = "Truce-Name"
	HeaderURL           = "Truce-Url"
	HeaderOutlet        = "Truce-Outlet"
	HeaderContentType   = "Truce-Content-Type"
	HeaderPublished     = "Truce-Published"
	HeaderFetchedAt     = "Truce-Fetched-At"
	HeaderAccept        = "Truce-Accept"
	HeaderMinConfidence = "Truce-Min-Confidence"
	// Headers added to a dead letter.
	HeaderDeadReason     = "Truce-Dead-Reason"
	HeaderDeadDeliveries = "Truce-Dead-Deliveries"
	HeaderDeadStreamSeq  = "Truce-Dead-Stream-Seq"
)

// Config names the streams and consumer and sets their limits. The zero
// value takes the defaults (see Defaults).
type Config struct {
	Stream      string        // the work-queue stream: StreamName(Subject), DefaultStream for the default subject
	Subject     string        // its subject: DefaultSubject
	DeadStream  string        // the dead-letter stream: Stream + "_DEAD", DefaultDeadStream for the default
	DeadSubject string        // its subject: Subject + ".dead"
	Consumer    string        // the durable consumer all workers share: DefaultConsumer
	MaxMsgs     int64         // stream limit on waiting reports (DiscardNew): DefaultMaxMsgs
	MaxBytes    int64         // stream limit on their bytes: DefaultMaxBytes
	Duplicates  time.Duration // the window in which a re-published report is dropped: DefaultDuplicates
	AckWait     time.Duration // how long a fetched report is held before redelivery: DefaultAckWait
	MaxDeliver  int           // deliveries before a failing report is dead-lettered: DefaultMaxDeliver
	MaxAckPend  int           // reports fetched and not yet acknowledged, all workers together: DefaultMaxAckPend
}

// StreamName is the stream of a report subject: the subject in upper
// case with every character other than letters, digits, - and _ as _
// (truce.reports → TRUCE_REPORTS), so that each subject is a queue of its
// own.
func StreamName(subject string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			return r
		}
		return '_'
	}, subject)
}

// Defaults returns c with every zero field set to its default: the
// streams are named after the subject (StreamName; DeadStream adds
// "_DEAD").
func (c Config) Defaults() Config {
	if c.Subject == "" {
		c.Subject = DefaultSubject
	}
	if c.Stream == "" {
		c.Stream = StreamName(c.Subject)
	}
	if c.DeadStream == "" {
		c.DeadStream = c.Stream + "_DEAD"
	}
	if c.DeadSubject == "" {
		c.DeadSubject = c.Subject + DefaultDeadSuffix
	}
	if c.Consumer == "" {
		c.Consumer = DefaultConsumer
	}
	if c.MaxMsgs == 0 {
		c.MaxMsgs = DefaultMaxMsgs
	}
	if c.MaxBytes == 0 {
		c.MaxBytes = DefaultMaxBytes
	}
	if c.Duplicates == 0 {
		c.Duplicates = DefaultDuplicates
	}
	if c.AckWait == 0 {
		c.AckWait = DefaultAckWait
	}
	if c.MaxDeliver == 0 {
		c.MaxDeliver = DefaultMaxDeliver
	}
	if c.MaxAckPend == 0 {
		c.MaxAckPend = DefaultMaxAckPend
	}
	return c
}

// validate checks a defaulted config.
func (c Config) validate() error {
	switch {
	case strings.ContainsAny(c.Subject, "*> ") || c.Subject == "":
		return fmt.Errorf("queue: subject %q: want a plain subject, no wildcards", c.Subject)
	case c.DeadSubject == c.Subject:
		return fmt.Errorf("queue: the dead-letter subject must differ from the report subject %q", c.Subject)
	case c.MaxMsgs < 0 && c.MaxMsgs != -1, c.MaxBytes < 0 && c.MaxBytes != -1:
		return fmt.Errorf("queue: stream limits must be positive (or -1 for none)")
	case c.AckWait < time.Second:
		return fmt.Errorf("queue: ack wait %v: want at least 1s", c.AckWait)
	case c.MaxDeliver < 1:
		return fmt.Errorf("queue: max deliver %d: want at least 1", c.MaxDeliver)
	case c.MaxAckPend < 1:
		return fmt.Errorf("queue: max ack pending %d: want at least 1", c.MaxAckPend)
	}
	return nil
}

// Connect connects to the NATS server at url (nats://host:4222, several
// separated by commas) and returns the connection and its JetStream
// context. opts are passed to jetstream.New (e.g. the publisher's bound on
// in-flight publishes).
func Connect(url string, name string, opts ...jetstream.JetStreamOpt) (*nats.Conn, jetstream.JetStream, error) {
	nc, err := nats.Connect(url, nats.Name(name), nats.Timeout(defaultConnectWait),
		nats.MaxReconnects(-1), nats.ReconnectWait(time.Second))
	if err != nil {
		return nil, nil, fmt.Errorf("queue: connect to %s: %w", url, err)
	}
	js, err := jetstream.New(nc, opts...)
	if err != nil {
		nc.Close()
		return nil, nil, fmt.Errorf("queue: jetstream on %s: %w", url, err)
	}
	return nc, js, nil
}

// Setup creates or updates the report stream and the dead-letter stream;
// it is idempotent and safe to run from every publisher and worker.
func Setup(ctx context.Context, js jetstream.JetStream, c Config) (jetstream.Stream, error) {
	c = c.Defaults()
	if err := c.validate(); err != nil {
		return nil, err
	}
	s, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        c.Stream,
		Description: "truce reports waiting to be ingested (work queue)",
		Subjects:    []string{c.Subject},
		Retention:   jetstream.WorkQueuePolicy,
		Discard:     jetstream.DiscardNew,
		MaxMsgs:     c.MaxMsgs,
		MaxBytes:    c.MaxBytes,
		Duplicates:  c.Duplicates,
		Storage:     jetstream.FileStorage,
	})
	if err != nil {
		return nil, fmt.Errorf("queue: create stream %s: %w", c.Stream, err)
	}
	_, err = js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        c.DeadStream,
		Description: "truce reports that could not be ingested, with the reason",
		Subjects:    []string{c.DeadSubject},
		Retention:   jetstream.LimitsPolicy,
		MaxAge:      DefaultDeadMaxAge,
		Duplicates:  c.Duplicates,
		Storage:     jetstream.FileStorage,
	})
	if err != nil {
		return nil, fmt.Errorf("queue: create dead-letter stream %s: %w", c.DeadStream, err)
	}
	return s, nil
}

// Options are the ingest options a message carries.
type Options struct {
	Accept        ingest.Accept
	MinConfidence float64
}

// MsgID is the Nats-Msg-Id of a report: a SHA-256 over its URL and
// bytes, so that the same report published twice is stored once in the
// stream within its duplicate window.
func MsgID(r ingest.Report) string {
	h := sha256.New()
	h.Write([]byte(r.URL))
	h.Write([]byte{0})
	h.Write(r.Data)
	return hex.EncodeToString(h.Sum(nil))
}

// Encode returns the message of report r with options o on subject.
func Encode(subject string, r ingest.Report, o Options) *nats.Msg {
	m := nats.NewMsg(subject)
	m.Data = r.Data
	set := func(k, v string) {
		if v != "" {
			m.Header.Set(k, v)
		}
	}
	set(jetstream.MsgIDHeader, MsgID(r))
	set(HeaderName, oneLine(r.Name))
	set(HeaderURL, oneLine(r.URL))
	set(HeaderOutlet, oneLine(r.Outlet))
	set(HeaderContentType, oneLine(r.ContentType))
	if !r.Published.IsZero() {
		set(HeaderPublished, r.Published.UTC().Format(time.RFC3339Nano))
	}
	if !r.FetchedAt.IsZero() {
		set(HeaderFetchedAt, r.FetchedAt.UTC().Format(time.RFC3339Nano))
	}
	set(HeaderAccept, string(o.Accept))
	if o.MinConfidence != 0 {
		set(HeaderMinConfidence, strconv.FormatFloat(o.MinConfidence, 'g', -1, 64))
	}
	return m
}

// oneLine keeps a header value on one line.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' {
			return ' '
		}
		return r
	}, s)
}

// ErrBadMessage marks a message that is not a report truce can read; it
// is dead-lettered at once.
var ErrBadMessage = errors.New("bad report message")

// Decode reads a report message's headers and body. A malformed header
// gives an error wrapping ErrBadMessage.
func Decode(h nats.Header, data []byte) (ingest.Report, Options, error) {
	r := ingest.Report{
		Name: h.Get(HeaderName), URL: h.Get(HeaderURL), Outlet: h.Get(HeaderOutlet),
		ContentType: h.Get(HeaderContentType), Data: data,
	}
	var o Options
	for _, f := range []struct {
		key string
		dst *time.Time
	}{{HeaderPublished, &r.Published}, {HeaderFetchedAt, &r.FetchedAt}} {
		if v := h.Get(f.key); v != "" {
			t, err := time.Parse(time.RFC3339Nano, v)
			if err != nil {
				return r, o, fmt.Errorf("%w: header %s %q: want an RFC 3339 time", ErrBadMessage, f.key, v)
			}
			*f.dst = t
		}
	}
	o.Accept = ingest.Accept(h.Get(HeaderAccept))
	switch o.Accept {
	case "":
		o.Accept = ingest.AcceptReview
	case ingest.AcceptAuto, ingest.AcceptReview:
	default:
		return r, o, fmt.Errorf("%w: header %s %q: want auto or review", ErrBadMessage, HeaderAccept, o.Accept)
	}
	if v := h.Get(HeaderMinConfidence); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f <= 0 || f > 1 {
			return r, o, fmt.Errorf("%w: header %s %q: want a number in (0, 1]", ErrBadMessage, HeaderMinConfidence, v)
		}
		o.MinConfidence = f
	}
	if len(data) == 0 {
		return r, o, fmt.Errorf("%w: empty body", ErrBadMessage)
	}
	return r, o, nil
}
