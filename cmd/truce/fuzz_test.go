package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// recordCommands are the commands that read or write the record, the ones
// FuzzCommands drives (serve, ingest and the others that listen or read
// the network are left out).
var recordCommands = []string{
	"control", "control add", "obligations", "diff", "events", "event show", "event review",
	"agreement import", "agreement list", "agreement show", "territory add", "territory list",
	"audit", "actors",
}

// FuzzCommands runs the record commands with arbitrary arguments on an
// empty record: whatever the input, truce must answer with an exit status
// and never panic. The seeds run as a plain test.
func FuzzCommands(f *testing.F) {
	seeds := []struct {
		cmd  uint8
		args string
	}{
		{0, "--at"},
		{0, "--at 2020-02-30 --territory"},
		{0, "--at 0000-00-00"},
		{0, "--at 2020-11-22 --territory= --format"},
		{1, "--territory x --controller y --at 2020-01-01 --status"},
		{2, "--at 9999-12-31 --agreement"},
		{3, "--from 2020-01-01 --to"},
		{4, "--limit -1"},
		{4, "--type --review --from 2020-13-01"},
		{5, "0"},
		{5, "99999999999999999999"},
		{6, "1 accepted --version -3"},
		{7, "/dev/null"},
		{7, "."},
		{9, "-- --format"},
		{10, "/dev/null"},
		{10, "missing.geojson --kind country"},
		{12, "--limit -5 --entity event --id"},
	}
	for _, s := range seeds {
		f.Add(s.cmd, s.args)
	}
	dir := f.TempDir()
	db := filepath.Join(dir, "fuzz.db")
	f.Fuzz(func(t *testing.T, cmd uint8, args string) {
		name := recordCommands[int(cmd)%len(recordCommands)]
		argv := append(strings.Fields(name), strings.Fields(args)...)
		argv = append(argv, "--db", db)
		env, _, _ := testEnv(map[string]string{})
		env.Dir = dir
		code := run(context.Background(), env, argv)
		if code < exitOK || code > exitPartial {
			t.Errorf("truce %s: exit status %d", strings.Join(argv, " "), code)
		}
	})
}
