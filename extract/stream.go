package extract

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/article"
)

// StreamInput is one line of Stream's input.
type StreamInput struct {
	ID        json.RawMessage `json:"id"`
	Text      string          `json:"text"`
	Published string          `json:"published,omitempty"` // YYYY-MM-DD or RFC 3339
	URL       string          `json:"url,omitempty"`
}

// StreamOutput is one line of Stream's output: the input's id with the
// report and its events, or the error that stopped it.
type StreamOutput struct {
	ID      json.RawMessage `json:"id"`
	Article *ArticleInfo    `json:"article,omitempty"`
	Events  []Event         `json:"events"`
	Error   string          `json:"error,omitempty"`
}

// Stats counts what Stream did.
type Stats struct {
	Lines   int           `json:"lines"`  // input lines read
	Failed  int           `json:"failed"` // lines answered with an error
	Events  int           `json:"events"`
	Bytes   int64         `json:"bytes"` // input bytes read
	Elapsed time.Duration `json:"elapsed"`
}

// maxLine caps one input line; longer lines are answered with an error.
const maxLine = 16 << 20

// Stream reads JSON lines {"id","text","published"?,"url"?} from r and
// writes one line {"id","article","events"} per input line to w, in input
// order, extracting on workers goroutines (0: one per CPU). A line that
// fails gets an "error" field and the rest are processed. Stream stops at
// the end of r, on a write error, or when ctx is cancelled.
func (x *Extractor) Stream(ctx context.Context, r io.Reader, w io.Writer, workers int) (Stats, error) {
	start := time.Now()
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	type job struct {
		line []byte
		out  chan []byte
	}
	jobs := make(chan job, workers*4)
	order := make(chan chan []byte, workers*8)
	var st Stats
	var mu sync.Mutex
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				out, nev, failed := x.streamLine(j.line)
				mu.Lock()
				st.Events += nev
				if failed {
					st.Failed++
				}
				mu.Unlock()
				j.out <- out
			}
		}()
	}

	// reader: feeds jobs in order and queues their answers
	readErr := make(chan error, 1)
	go func() {
		defer close(jobs)
		defer close(order)
		br := bufio.NewReaderSize(r, 64<<10)
		for {
			select {
			case <-ctx.Done():
				readErr <- ctx.Err()
				return
			default:
			}
			line, err := readLine(br)
			if len(bytes.TrimSpace(line)) > 0 {
				mu.Lock()
				st.Lines++
				st.Bytes += int64(len(line))
				mu.Unlock()
				// both sends block only until the writer or a worker is
				// free: they always drain, so no answer is ever lost
				out := make(chan []byte, 1)
				order <- out
				jobs <- job{line: line, out: out}
			}
			if err == io.EOF {
				readErr <- nil
				return
			}
			if err != nil {
				readErr <- fmt.Errorf("extract: read input: %w", err)
				return
			}
		}
	}()

	// writer: answers in input order
	bw := bufio.NewWriterSize(w, 64<<10)
	var werr error
	for out := range order {
		b := <-out
		if werr != nil {
			continue
		}
		if _, err := bw.Write(b); err != nil {
			werr = fmt.Errorf("extract: write output: %w", err)
			cancel()
		}
	}
	wg.Wait()
	if err := bw.Flush(); err != nil && werr == nil {
		werr = fmt.Errorf("extract: write output: %w", err)
	}
	rerr := <-readErr
	st.Elapsed = time.Since(start)
	if werr != nil {
		return st, werr
	}
	return st, rerr
}

// readLine reads one line of any length up to maxLine; a longer line is
// returned cut, and its rest is skipped.
func readLine(br *bufio.Reader) ([]byte, error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(buf)+len(chunk) <= maxLine {
			buf = append(buf, chunk...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return buf, err
	}
}

// streamLine answers one input line.
func (x *Extractor) streamLine(line []byte) (out []byte, events int, failed bool) {
	var in StreamInput
	o := StreamOutput{Events: []Event{}}
	fail := func(err error) ([]byte, int, bool) {
		o.Error = err.Error()
		o.Article = nil
		o.Events = []Event{}
		b, _ := json.Marshal(o)
		return append(b, '\n'), 0, true
	}
	if len(line) >= maxLine {
		o.ID = leadingID(line)
		return fail(fmt.Errorf("line longer than %d bytes", maxLine))
	}
	if err := json.Unmarshal(line, &in); err != nil {
		return fail(fmt.Errorf("bad input line: %w", err))
	}
	o.ID = in.ID
	if len(o.ID) == 0 {
		o.ID = json.RawMessage("null")
	}
	var pub truce.Date
	if p := strings.TrimSpace(in.Published); p != "" {
		if len(p) > 10 {
			if t, err := time.Parse(time.RFC3339, p); err == nil {
				pub = truce.DateOf(t)
			}
		}
		if pub.IsZero() {
			d, err := truce.ParseDate(p[:min(10, len(p))])
			if err != nil {
				return fail(fmt.Errorf("bad published %q: want YYYY-MM-DD", in.Published))
			}
			pub = d
		}
	}
	res, err := x.safeExtract(in.Text, pub, in.URL)
	if err != nil {
		if r, ok := article.Reason(err); ok {
			return fail(errors.New(r))
		}
		return fail(err)
	}
	o.Article, o.Events = &res.Article, res.Events
	b, err := json.Marshal(o)
	if err != nil {
		return fail(err)
	}
	return append(b, '\n'), len(res.Events), false
}

// safeExtract is ExtractText that turns a panic into an error, so that one
// bad report never stops a stream.
func (x *Extractor) safeExtract(text string, pub truce.Date, url string) (r *Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			r, err = nil, fmt.Errorf("extract: internal error: %v", p)
		}
	}()
	return x.ExtractText(text, pub, url)
}

// leadingID returns the "id" of a JSON object line cut short, when it
// comes before the members the cut spoils (as {"id", "text"} lines put
// it), else null.
func leadingID(line []byte) json.RawMessage {
	dec := json.NewDecoder(bytes.NewReader(line))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return json.RawMessage("null")
	}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			break
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			break
		}
		if k == "id" {
			return v
		}
	}
	return json.RawMessage("null")
}
