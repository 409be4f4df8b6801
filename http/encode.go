package http

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/truce-monitor/truce"
)

// errorBody is the JSON body of every error response.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// statusOf maps a truce error code to an HTTP status.
func statusOf(code string) int {
	switch code {
	case truce.ENOTFOUND:
		return http.StatusNotFound
	case truce.EINVALID:
		return http.StatusBadRequest
	case truce.ECONFLICT:
		return http.StatusConflict
	case truce.EFORBIDDEN:
		return http.StatusForbidden
	default:
		return http.StatusInternalServerError
	}
}

// error writes err as a JSON error. Internal errors are logged and their
// text is never sent to the client.
func (s *Server) error(w http.ResponseWriter, r *http.Request, err error) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		var b errorBody
		b.Error.Code, b.Error.Message = truce.EINVALID, fmt.Sprintf("request body larger than %d bytes", mbe.Limit)
		writeJSON(w, http.StatusRequestEntityTooLarge, b)
		return
	}
	code := truce.ErrorCode(err)
	if code == truce.EINTERNAL {
		s.logger.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	var b errorBody
	b.Error.Code, b.Error.Message = code, truce.ErrorMessage(err)
	writeJSON(w, statusOf(code), b)
}

// writeJSON writes v as JSON with the status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v) // the client went away; nothing more to do
}

// writeGeoJSON writes v as GeoJSON.
func writeGeoJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/geo+json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_ = json.NewEncoder(w).Encode(v)
}

// decodeBody decodes a JSON request body into v, rejecting unknown fields
// and trailing data.
func decodeBody(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return truce.Errorf(truce.EINVALID, "content type %q: want application/json", ct)
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mbe):
			return err
		case errors.Is(err, io.EOF):
			return truce.Errorf(truce.EINVALID, "empty request body: want a JSON object")
		default:
			return truce.Errorf(truce.EINVALID, "bad JSON body: %v", err)
		}
	}
	if dec.More() {
		return truce.Errorf(truce.EINVALID, "bad JSON body: data after the object")
	}
	return nil
}

// query reads and validates query parameters, keeping the first error.
type query struct {
	r   *http.Request
	err error
}

func newQuery(r *http.Request) *query { return &query{r: r} }

func (q *query) fail(format string, args ...any) {
	if q.err == nil {
		q.err = truce.Errorf(truce.EINVALID, format, args...)
	}
}

func (q *query) str(name string) string { return strings.TrimSpace(q.r.URL.Query().Get(name)) }

// date parses a YYYY-MM-DD parameter; empty gives the zero Date.
func (q *query) date(name string) truce.Date {
	v := q.str(name)
	if v == "" {
		return 0
	}
	d, err := truce.ParseDate(v)
	if err != nil {
		q.fail("%s: bad date %q: want YYYY-MM-DD", name, v)
	}
	return d
}

// requiredDate is date for a parameter that must be given.
func (q *query) requiredDate(name string) truce.Date {
	if q.str(name) == "" {
		q.fail("%s is required (YYYY-MM-DD)", name)
		return 0
	}
	return q.date(name)
}

// intIn parses an integer parameter in [lo, hi]; empty gives def.
func (q *query) intIn(name string, def, lo, hi int) int {
	v := q.str(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		q.fail("%s: bad value %q: want an integer from %d to %d", name, v, lo, hi)
		return def
	}
	return n
}

// list splits a comma-separated parameter (repeated parameters add up).
func (q *query) list(name string) []string {
	var out []string
	for _, v := range q.r.URL.Query()[name] {
		for p := range strings.SplitSeq(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// bbox parses minLon,minLat,maxLon,maxLat.
func (q *query) bbox(name string) *truce.BBox {
	v := q.str(name)
	if v == "" {
		return nil
	}
	parts := strings.Split(v, ",")
	if len(parts) != 4 {
		q.fail("%s: bad box %q: want minLon,minLat,maxLon,maxLat", name, v)
		return nil
	}
	var f [4]float64
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(x) {
			q.fail("%s: bad number %q in box", name, p)
			return nil
		}
		f[i] = x
	}
	b := truce.BBox{MinLon: f[0], MinLat: f[1], MaxLon: f[2], MaxLat: f[3]}
	switch {
	case b.MinLon < -180 || b.MaxLon > 180 || b.MinLat < -90 || b.MaxLat > 90:
		q.fail("%s: box %q is off the globe", name, v)
		return nil
	case b.MinLon > b.MaxLon || b.MinLat > b.MaxLat:
		q.fail("%s: box %q has its minimum above its maximum", name, v)
		return nil
	}
	return &b
}

// pathID parses the {id} path value.
func pathID(r *http.Request) (int64, error) {
	v := r.PathValue("id")
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, truce.Errorf(truce.EINVALID, "bad id %q: want a positive integer", v)
	}
	return id, nil
}
