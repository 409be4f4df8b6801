// Command truce is the ceasefire and territorial-control monitor: it reads
// news reports, extracts sourced events, keeps the reviewed record of
// events, control of territory and agreements, and serves it as a CLI, a
// REST API and a web map.
//
// Each subcommand lives in its own file and registers itself with register;
// main only dispatches.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"github.com/truce-monitor/truce"
)

// Exit statuses.
const (
	exitOK      = 0
	exitError   = 1 // the command failed
	exitUsage   = 2 // bad flags or arguments
	exitPartial = 3 // some inputs failed, the rest were processed
)

// command is one subcommand of truce.
type command struct {
	Name    string // "control", or "agreement import" for a nested command
	Summary string // one line for truce --help
	Usage   string // the argument synopsis, after the name
	Help    string // longer text for truce NAME --help
	// Flags declares the command's flags on fs; it may be nil.
	Flags func(fs *flag.FlagSet)
	// Run runs the command with the arguments left after the flags.
	Run func(ctx context.Context, env *Env, args []string) error
}

var commands = map[string]*command{}

// register adds a subcommand; called from init functions of the files in
// this package.
func register(c *command) {
	if _, dup := commands[c.Name]; dup {
		panic("truce: command registered twice: " + c.Name)
	}
	commands[c.Name] = c
}

// Env is what a command reads and writes: its streams and environment.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	// Dir is the directory relative paths are taken from; "" means the
	// process's working directory. The CLI tests run truce in-process with
	// Dir set, so commands open the files and records the user names
	// through env.abs.
	Dir string
}

// abs returns path resolved against env.Dir.
func (env *Env) abs(path string) string {
	if env.Dir == "" || path == "" || filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(env.Dir, path)
}

// usageError is an error in the command line; it exits with exitUsage.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// usagef returns a usage error.
func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// partialError says some inputs failed while others were processed; it
// exits with exitPartial.
type partialError struct{ failed, total int }

func (e partialError) Error() string {
	return fmt.Sprintf("%d of %d inputs failed", e.failed, e.total)
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	env := &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	code := run(ctx, env, os.Args[1:])
	stop()
	os.Exit(code)
}

// run dispatches args to a command and returns the exit status.
func run(ctx context.Context, env *Env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		if len(args) > 1 && args[0] == "help" {
			return run(ctx, env, append(args[1:], "--help"))
		}
		printUsage(env.Stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	cmd, rest := lookup(args)
	if cmd == nil {
		fmt.Fprintf(env.Stderr, "truce: unknown command %q\n\n", strings.Join(args[:min(2, len(args))], " "))
		printUsage(env.Stderr)
		return exitUsage
	}
	fs := flag.NewFlagSet("truce "+cmd.Name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	if cmd.Flags != nil {
		cmd.Flags(fs)
	}
	// The flag package prints the parse error itself; the full help goes
	// to stdout on --help only, a one-line reminder to stderr otherwise.
	fs.Usage = func() {}
	if err := fs.Parse(interleave(fs, rest)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printCommandUsage(env.Stdout, cmd, fs)
			return exitOK
		}
		fmt.Fprintf(env.Stderr, "usage: truce %s %s\nRun \"truce %s --help\" for more.\n", cmd.Name, cmd.Usage, cmd.Name)
		return exitUsage
	}
	err := cmd.Run(truce.WithUser(ctx, env.user()), env, fs.Args())
	var ue usageError
	var pe partialError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(env.Stderr, "truce %s: %v\n", cmd.Name, err)
		fmt.Fprintf(env.Stderr, "usage: truce %s %s\n", cmd.Name, cmd.Usage)
		return exitUsage
	case errors.As(err, &pe):
		fmt.Fprintf(env.Stderr, "truce %s: %v\n", cmd.Name, err)
		return exitPartial
	default:
		fmt.Fprintf(env.Stderr, "truce %s: %s\n", cmd.Name, errorText(err))
		return exitError
	}
}

// errorText is err's message for the user: the domain code that
// truce.Error puts in its text ("truce: not_found: ") is left out, since
// the message says what was not found.
func errorText(err error) string {
	code := truce.ErrorCode(err)
	return strings.Replace(err.Error(), "truce: "+code+": ", "", 1)
}

// user is the name the audit log records for the writes of this run:
// $TRUCE_USER, else $USER, else truce.SystemUser.
func (env *Env) user() string {
	for _, k := range []string{"TRUCE_USER", "USER"} {
		if v := env.Getenv(k); v != "" {
			return v
		}
	}
	return truce.SystemUser
}

// lookup finds the longest registered command name that prefixes args.
func lookup(args []string) (*command, []string) {
	if len(args) >= 2 {
		if c, ok := commands[args[0]+" "+args[1]]; ok {
			return c, args[2:]
		}
	}
	if c, ok := commands[args[0]]; ok {
		return c, args[1:]
	}
	return nil, nil
}

// interleave moves flags that follow positional arguments in front of
// them, so that "truce extract FILE --format json" works as users expect.
// A lone "--" ends flag parsing.
func interleave(fs *flag.FlagSet, args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if len(a) > 1 && a[0] == '-' && a != "-" {
			flags = append(flags, a)
			name := strings.TrimLeft(a, "-")
			if strings.Contains(name, "=") {
				continue
			}
			if f := fs.Lookup(name); f != nil && i+1 < len(args) {
				if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && bf.IsBoolFlag() {
					continue
				}
				flags = append(flags, args[i+1])
				i++
			}
			continue
		}
		pos = append(pos, a)
	}
	return append(flags, pos...)
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, `truce — ceasefire and territorial-control monitor

Usage: truce COMMAND [flags] [arguments]

Commands:
`)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-20s %s\n", n, commands[n].Summary)
	}
	fmt.Fprint(w, `
Every command that reads or writes the record takes --db PATH (or the
TRUCE_DB environment variable); the default database is
$XDG_DATA_HOME/truce/truce.db (~/.local/share/truce/truce.db). Writes are
recorded in the audit log under $TRUCE_USER (else $USER).

Run "truce COMMAND --help" for a command's flags.
`)
}

func printCommandUsage(w io.Writer, c *command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: truce %s %s\n\n%s\n", c.Name, c.Usage, c.Summary)
	if c.Help != "" {
		fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(c.Help))
	}
	has := false
	fs.VisitAll(func(*flag.Flag) { has = true })
	if has {
		fmt.Fprintf(w, "\nFlags:\n")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
}
