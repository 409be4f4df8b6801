package queue

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/truce-monitor/truce/ingest"
)

// Publisher defaults.
const (
	DefaultInFlight = 256
	DefaultMaxWait  = 10 * time.Minute
)

// Publisher puts reports on the report stream, one message each.
type Publisher struct {
	JS      jetstream.JetStream
	Config  Config
	Options Options // the ingest options every message carries
	// InFlight bounds the asynchronous publishes awaiting the server's
	// acknowledgement (DefaultInFlight).
	InFlight int
	// MaxWait is how long one report may wait for room in a full stream
	// (or for a server that does not answer) before the run gives up
	// (DefaultMaxWait).
	MaxWait time.Duration
	Log     *slog.Logger // nil: slog.Default()
}

// PublishSummary counts what a publishing run did.
type PublishSummary struct {
	Read       int              `json:"read"`       // reports read
	Published  int              `json:"published"`  // stored in the stream
	Duplicates int              `json:"duplicates"` // dropped by the server: published before, within the duplicate window
	Failed     int              `json:"failed"`     // not published: unreadable or refused for good
	Retries    int              `json:"retries"`    // publishes repeated after a full stream or no answer
	Failures   []ingest.Failure `json:"failures,omitempty"`
}

// pendingPub is a publish awaiting its acknowledgement.
type pendingPub struct {
	name string
	msg  *nats.Msg
	fut  jetstream.PubAckFuture
	err  error // set when the publish could not even be sent
}

// Run publishes every report next yields until it reports false. A
// report that cannot be read or that the server refuses for good (larger
// than its maximum payload) is counted as failed with its reason and the
// rest go on. When the stream is full (its MaxMsgs or MaxBytes reached,
// DiscardNew) the publisher waits with backoff for the workers to make
// room, up to MaxWait per report; Run returns an error when that runs out
// or ctx ends, with the summary of what was published until then.
func (p *Publisher) Run(ctx context.Context, next func() (ingest.Report, bool, error)) (PublishSummary, error) {
	c := p.Config.Defaults()
	if err := c.validate(); err != nil {
		return PublishSummary{}, err
	}
	inFlight := p.InFlight
	if inFlight <= 0 {
		inFlight = DefaultInFlight
	}
	maxWait := p.MaxWait
	if maxWait <= 0 {
		maxWait = DefaultMaxWait
	}
	log := p.Log
	if log == nil {
		log = slog.Default()
	}
	var sum PublishSummary
	var window []pendingPub
	fail := func(name string, reason string) {
		sum.Failed++
		sum.Failures = append(sum.Failures, ingest.Failure{Name: name, Reason: reason})
	}
	// settle waits for the oldest publish and retries it when the stream
	// had no room or the server did not answer.
	settle := func() error {
		pp := window[0]
		window = window[1:]
		var err error
		if pp.err == nil {
			select {
			case ack := <-pp.fut.Ok():
				if ack.Duplicate {
					sum.Duplicates++
				} else {
					sum.Published++
				}
				return nil
			case err = <-pp.fut.Err():
			case <-ctx.Done():
				return ctx.Err()
			}
		} else {
			err = pp.err
		}
		if permanent(err) {
			fail(pp.name, publishReason(err))
			return nil
		}
		return p.retry(ctx, log, pp, err, maxWait, &sum)
	}
	for {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		r, ok, err := next()
		if err != nil {
			sum.Read++
			fail(r.Name, ingest.Reason(err))
			continue
		}
		if !ok {
			break
		}
		sum.Read++
		msg := Encode(c.Subject, r, p.Options)
		fut, err := p.JS.PublishMsgAsync(msg)
		window = append(window, pendingPub{name: r.Name, msg: msg, fut: fut, err: err})
		for len(window) >= inFlight {
			if err := settle(); err != nil {
				return sum, err
			}
		}
	}
	for len(window) > 0 {
		if err := settle(); err != nil {
			return sum, err
		}
	}
	return sum, nil
}

// retry publishes a message again, synchronously, with backoff, until the
// server stores it, refuses it for good, or maxWait passes.
func (p *Publisher) retry(ctx context.Context, log *slog.Logger, pp pendingPub, err error, maxWait time.Duration, sum *PublishSummary) error {
	start := time.Now()
	delay := 100 * time.Millisecond
	for attempt := 1; ; attempt++ {
		if time.Since(start) > maxWait {
			return fmt.Errorf("queue: publish %s: gave up after %v: %w (are workers draining the stream?)", pp.name, maxWait, err)
		}
		log.Warn("publish refused, waiting", "report", pp.name, "reason", publishReason(err), "attempt", attempt, "wait", delay)
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return ctx.Err()
		}
		delay = min(2*delay, 5*time.Second)
		sum.Retries++
		_, err = p.JS.PublishMsg(ctx, pp.msg)
		switch {
		case err == nil:
			// Counted as published even when the server calls it a
			// duplicate: a publish that timed out may have been stored
			// after all, and the retry is then a copy of our own message.
			sum.Published++
			return nil
		case permanent(err):
			sum.Failed++
			sum.Failures = append(sum.Failures, ingest.Failure{Name: pp.name, Reason: publishReason(err)})
			return nil
		}
	}
}

// permanent reports whether a publish error will not go away by waiting.
func permanent(err error) bool {
	return errors.Is(err, jetstream.ErrStreamMessageExceedsMaximum) || errors.Is(err, nats.ErrMaxPayload) ||
		errors.Is(err, nats.ErrBadSubject) || errors.Is(err, jetstream.ErrStreamNotFound)
}

// publishReason is a publish error for users.
func publishReason(err error) string {
	switch {
	case errors.Is(err, jetstream.ErrStreamMessageExceedsMaximum), errors.Is(err, nats.ErrMaxPayload):
		return "report larger than the server's maximum message size"
	case errors.Is(err, jetstream.ErrStreamNotFound):
		return "the report stream does not exist"
	}
	var apiErr *jetstream.APIError
	if errors.As(err, &apiErr) {
		return "server refused: " + apiErr.Description
	}
	return err.Error()
}
