package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"

	trucehttp "github.com/truce-monitor/truce/http"
)

// serveOpts are the flags of truce serve; Flags resets them on each run.
var serveOpts struct {
	addr, db string
	readOnly bool
}

func init() {
	register(&command{
		Name:    "serve",
		Summary: "serve the REST API and the web map",
		Usage:   "[--addr 127.0.0.1:8080] [--db PATH] [--read-only]",
		Help: `Serve the record over HTTP: the REST API under /api/ (see docs/api.md) and
the web map at /. The server stops gracefully on interrupt (Ctrl-C) or
SIGTERM, letting requests in flight finish.

Writes (review decisions, edits) are recorded in the audit log under the
name sent in the X-Truce-User header, else "system". --read-only refuses
every write with 403.`,
		Flags: func(fs *flag.FlagSet) {
			o := &serveOpts
			o.db, o.addr, o.readOnly = "", "", false
			fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "the address to listen on, HOST:PORT")
			fs.StringVar(&o.db, "db", "", dbFlagUsage())
			fs.BoolVar(&o.readOnly, "read-only", false, "refuse every write (403)")
		},
		Run: runServe,
	})
}

func runServe(ctx context.Context, env *Env, args []string) error {
	if len(args) > 0 {
		return usagef("unexpected arguments: %v", args)
	}
	o := serveOpts
	addr := o.addr
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return usagef("bad --addr %q: want HOST:PORT", addr)
	}
	store, err := openStore(ctx, env, o.db)
	if err != nil {
		return err
	}
	defer store.Close()
	var opts []trucehttp.Option
	if o.readOnly {
		opts = append(opts, trucehttp.ReadOnly())
	}
	opts = append(opts, trucehttp.WithLogger(slog.New(slog.NewTextHandler(env.Stderr, nil))))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	fmt.Fprintf(env.Stdout, "truce: serving %s on http://%s/ (Ctrl-C to stop)\n", env.dbPath(o.db), ln.Addr())
	return trucehttp.NewServer(store, opts...).Serve(ctx, ln)
}
