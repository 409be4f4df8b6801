package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/auth"
	trucehttp "github.com/truce-monitor/truce/http"
	"github.com/truce-monitor/truce/postgres"
)

// serveOpts are the flags of truce serve; Flags resets them on each run.
var serveOpts struct {
	addr, db, auth string
	readOnly       bool
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
every write with 403.

On a loopback address (127.0.0.1, ::1, localhost) no login is needed. On
any other address truce serve requires authentication and refuses to start
unless the record has a user with a token (truce user add, truce token
create): requests then send "Authorization: Bearer TOKEN", or sign in at
/login; the audit log records the token's user.`,
		Flags: func(fs *flag.FlagSet) {
			o := &serveOpts
			o.db, o.addr, o.readOnly, o.auth = "", "", false, "auto"
			fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "the address to listen on, HOST:PORT")
			fs.StringVar(&o.db, "db", "", dbFlagUsage())
			fs.BoolVar(&o.readOnly, "read-only", false, "refuse every write (403)")
			fs.StringVar(&o.auth, "auth", "auto", "require API tokens: on, off (loopback only) or auto (on unless --addr is loopback)")
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
	useAuth, err := authMode(o.auth, addr)
	if err != nil {
		return err
	}
	store, err := openStore(ctx, env, o.db)
	if err != nil {
		return err
	}
	defer store.Close()
	var opts []trucehttp.Option
	if useAuth {
		us, ok := store.(truce.UserStore)
		if !ok {
			return fmt.Errorf("this record keeps no users, so it cannot be served with authentication")
		}
		if err := checkAuthConfigured(ctx, us); err != nil {
			return err
		}
		opts = append(opts, trucehttp.WithAuth(&auth.Authenticator{Store: us}))
	}
	if o.readOnly {
		opts = append(opts, trucehttp.ReadOnly())
	}
	// POST /api/ingest loads the gazetteer on its first request.
	opts = append(opts, trucehttp.WithIngest(trucehttp.DefaultExtractor))
	opts = append(opts, trucehttp.WithLogger(slog.New(slog.NewTextHandler(env.Stderr, nil))))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	fmt.Fprintf(env.Stdout, "truce: serving %s on http://%s/ (Ctrl-C to stop)\n", recordName(env.dbPath(o.db)), ln.Addr())
	return trucehttp.NewServer(store, opts...).Serve(ctx, ln)
}

// recordName is the record's name for messages and logs: a PostgreSQL
// URL with its password replaced by "xxxxx".
func recordName(db string) string {
	if postgres.IsURL(db) {
		return postgres.Redact(db)
	}
	return db
}

// authMode decides whether serve on addr requires authentication: "auto"
// requires it unless addr is loopback; "off" on a non-loopback address is
// refused.
func authMode(mode, addr string) (bool, error) {
	host, _, _ := net.SplitHostPort(addr)
	loop := isLoopback(host)
	switch mode {
	case "on":
		return true, nil
	case "auto":
		return !loop, nil
	case "off":
		if !loop {
			return false, usagef("--auth off on %s: serving without authentication is allowed on loopback only", addr)
		}
		return false, nil
	}
	return false, usagef("--auth %q: want on, off or auto", mode)
}

// isLoopback reports whether host names only the loopback interface; an
// empty host (every interface) is not loopback.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// checkAuthConfigured refuses to serve with authentication when no one
// could sign in: the record needs an active user with a live token.
func checkAuthConfigured(ctx context.Context, us truce.UserStore) error {
	users, err := us.Users(ctx)
	if err != nil {
		return err
	}
	active := map[string]bool{}
	for _, u := range users {
		active[u.Name] = !u.Disabled
	}
	ts, err := us.Tokens(ctx, "")
	if err != nil {
		return err
	}
	for _, t := range ts {
		if active[t.User] && !t.Revoked && (t.Expires.IsZero() || t.Expires.After(time.Now())) {
			return nil
		}
	}
	return truce.Errorf(truce.EINVALID, "refusing to serve beyond loopback without authentication: "+
		"no user has a live token; run truce user add NAME --role admin, then truce token create --user NAME")
}
