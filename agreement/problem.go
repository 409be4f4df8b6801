// Package agreement reads agreements — ceasefires, truces, peace deals —
// from YAML files, checks them against the record, and stores them. The
// file format is documented in docs/agreements.md.
//
// Parse and Validate report every problem they find, each with the file and
// line it comes from when known:
//
//	trilateral.yaml:14: obligation "kalbajar": bad date "2020-11-31": want YYYY-MM-DD
package agreement

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/truce-monitor/truce"
)

// Problem is one thing wrong with an agreement file.
type Problem struct {
	File string // the file name as given to Parse; may be empty
	Line int    // 1-based; 0 when unknown
	Msg  string
}

// Error formats the problem as "file:line: message".
func (p Problem) Error() string {
	switch {
	case p.File != "" && p.Line > 0:
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	case p.File != "":
		return p.File + ": " + p.Msg
	case p.Line > 0:
		return fmt.Sprintf("line %d: %s", p.Line, p.Msg)
	}
	return p.Msg
}

// Problems is every problem found in a file, in the order of the file. It
// is the error Parse, Validate and Import return for bad input; errors.As
// finds a *truce.Error with code EINVALID in it, so truce.ErrorCode gives
// "invalid".
type Problems []Problem

// Error lists the problems, one a line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// As lets errors.As find the problems as a *truce.Error (code EINVALID).
func (ps Problems) As(target any) bool {
	if t, ok := target.(**truce.Error); ok {
		*t = truce.Errorf(truce.EINVALID, "%s", ps.Error())
		return true
	}
	return false
}

// sort orders the problems by line, keeping the order of problems on one
// line.
func (ps Problems) sort() {
	slices.SortStableFunc(ps, func(a, b Problem) int { return cmp.Compare(a.Line, b.Line) })
}

// AsProblems returns the problems in err's chain, or nil when err holds
// none.
func AsProblems(err error) Problems {
	var ps Problems
	if errors.As(err, &ps) {
		return ps
	}
	return nil
}
