package main

import (
	"context"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/truce-monitor/truce/gazetteer"
)

var update = flag.Bool("update", false, "update the golden files of testdata/script from the actual output")

// truceMain is truce as a program: the main of the test binary when it
// runs as "truce" or "truce-bin".
func truceMain() {
	env := &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	os.Exit(run(context.Background(), env, os.Args[1:]))
}

// TestMain lets scripts run truce as a program: "exec truce ..." (or "exec
// truce-bin ...") runs this test binary as the truce command, exit status,
// streams and all.
//
// Only "truce-bin" is registered with testscript: a program registered as
// "truce" would also become the script command "truce" and shadow the
// in-process builtin of TestScripts. The test binary still answers to the
// name "truce" (below), and TestScripts puts a copy by that name on the
// scripts' $PATH.
//
// A boundaries file that `make build` left in the checkout must not seed
// the records the tests create (4,800 territories, seconds each time):
// tests that want seeding name a file with TRUCE_BOUNDARIES.
func TestMain(m *testing.M) {
	defaultBoundaries = func() (string, error) { return "", gazetteer.ErrNotFound }
	if filepath.Base(os.Args[0]) == "truce" {
		truceMain()
	}
	testscript.Main(m, map[string]func(){"truce-bin": truceMain})
}

// TestScripts runs the command → expected reply scripts of
// testdata/script. Run with -update to rewrite the golden files after a
// deliberate change of output, then review the diff.
//
// The scripts call truce as a builtin ("truce control ..."), which runs it
// in this process: a new process per command would pay the start-up of
// every package truce links, a second or so on a busy machine. "exec
// truce" runs it as a program.
func TestScripts(t *testing.T) {
	bin := truceOnPath(t)
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Setup: func(env *testscript.Env) error {
			env.Setenv("PATH", bin+string(filepath.ListSeparator)+env.Getenv("PATH"))
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"truce": cmdTruce,
			"exits": cmdExits,
		},
	})
}

// truceOnPath returns a directory holding this test binary under the name
// truce, for "exec truce".
func truceOnPath(t *testing.T) string {
	t.Helper()
	exe, err := exec.LookPath("truce-bin")
	if err != nil {
		t.Fatalf("truce-bin not on PATH (TestMain sets it up): %v", err)
	}
	dir := t.TempDir()
	dst := filepath.Join(dir, "truce")
	if err := os.Link(exe, dst); err != nil {
		data, err := os.ReadFile(exe)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, data, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// inProcess serialises in-process runs: commands keep their flags in
// package variables.
var inProcess sync.Mutex

// runInProcess runs truce with args in the script's environment and
// returns its exit status. Env.Dir is the script's directory: commands
// resolve relative paths with env.abs (the process's working directory is
// not changed, since scripts run in parallel and testscript opens its
// files by relative path).
func runInProcess(ts *testscript.TestScript, args []string) int {
	inProcess.Lock()
	defer inProcess.Unlock()
	env := &Env{Stdin: strings.NewReader(""), Stdout: ts.Stdout(), Stderr: ts.Stderr(), Getenv: ts.Getenv, Dir: ts.MkAbs(".")}
	return run(context.Background(), env, args)
}

// cmdTruce is the truce builtin: it fails the script when truce fails,
// or, negated, when it succeeds.
func cmdTruce(ts *testscript.TestScript, neg bool, args []string) {
	code := runInProcess(ts, args)
	switch {
	case neg && code == 0:
		ts.Fatalf("unexpected success")
	case !neg && code != 0:
		ts.Fatalf("exit status %d", code)
	}
}

// cmdExits runs truce (in-process) or, after "exec", a program, and checks
// its exit status:
//
//	exits 2 truce control --at 2020-02-31
//	exits 2 exec truce control --at 2020-02-31
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! exits")
	}
	if len(args) < 2 {
		ts.Fatalf("usage: exits STATUS truce|exec COMMAND [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: bad status %q", args[0])
	}
	var got int
	switch args[1] {
	case "truce":
		got = runInProcess(ts, args[2:])
	case "exec":
		if len(args) < 3 {
			ts.Fatalf("usage: exits STATUS exec COMMAND [ARGS...]")
		}
		err = ts.Exec(args[2], args[3:]...)
		var ee *exec.ExitError
		switch {
		case errors.As(err, &ee):
			got = ee.ExitCode()
		case err != nil:
			ts.Fatalf("exits: %v", err)
		}
	default:
		ts.Fatalf("exits: want truce or exec, got %q", args[1])
	}
	if got != want {
		ts.Fatalf("exit status %d, want %d", got, want)
	}
}
