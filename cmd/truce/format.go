package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/truce-monitor/truce"
)

// Output formats.
const (
	formatTable = "table"
	formatJSON  = "json"
)

// checkFormat returns a usage error for an unknown format.
func checkFormat(f string) error {
	if f != formatTable && f != formatJSON {
		return usagef("unknown --format %q: want table or json", f)
	}
	return nil
}

// dateFlag parses the value of a date flag; a missing or bad date is a
// usage error (exit 2).
func dateFlag(name, v string, required bool) (truce.Date, error) {
	if v == "" {
		if required {
			return 0, usagef("--%s DATE is required (YYYY-MM-DD)", name)
		}
		return 0, nil
	}
	d, err := truce.ParseDate(v)
	if err != nil {
		return 0, usagef("--%s: %s", name, truce.ErrorMessage(err))
	}
	return d, nil
}

// noArgs returns a usage error when args is not empty.
func noArgs(args []string) error {
	if len(args) > 0 {
		return usagef("unexpected argument %q", args[0])
	}
	return nil
}

// stringList is a flag that may be given more than once.
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ", ") }

// Set implements flag.Value.
func (l *stringList) Set(v string) error {
	if strings.TrimSpace(v) == "" {
		return fmt.Errorf("empty value")
	}
	*l = append(*l, v)
	return nil
}

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write json: %w", err)
	}
	return nil
}

// table writes tab-separated rows aligned in columns.
type table struct{ tw *tabwriter.Writer }

func newTable(w io.Writer, header ...string) *table {
	t := &table{tw: tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)}
	if len(header) > 0 {
		t.row(header...)
	}
	return t
}

func (t *table) row(cells ...string) {
	for i, c := range cells {
		cells[i] = strings.NewReplacer("\t", " ", "\n", " ").Replace(c)
		if cells[i] == "" {
			cells[i] = "-"
		}
	}
	fmt.Fprintln(t.tw, strings.Join(cells, "\t"))
}

func (t *table) flush() error {
	if err := t.tw.Flush(); err != nil {
		return fmt.Errorf("write table: %w", err)
	}
	return nil
}

// clip shortens s to n runes, marking the cut with an ellipsis.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// actorName returns a's name, or "" for nil.
func actorName(a *truce.Actor) string {
	if a == nil {
		return ""
	}
	return a.Name
}

// itoa formats an id.
func itoa(n int64) string { return fmt.Sprint(n) }
