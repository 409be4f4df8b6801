package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/auth"
)

var tokenOpts struct {
	db, user, role, name, format string
	expires                      time.Duration
}

func init() {
	register(&command{
		Name:    "token create",
		Summary: "create an API token for a user (printed once)",
		Usage:   "--user NAME [--role viewer|analyst|admin] [--name LABEL] [--expires 720h] [--db PATH]",
		Help: `Creates an API token and prints it once on stdout: the record keeps only its
SHA-256 hash, so a lost token cannot be shown again (revoke it and create
another). The token's role defaults to the user's and cannot exceed it.
Send it as "Authorization: Bearer TOKEN", or paste it into the web map's
sign-in form.`,
		Flags: func(fs *flag.FlagSet) {
			o := &tokenOpts
			o.db, o.user, o.role, o.name, o.expires = "", "", "", "", 0
			fs.StringVar(&o.db, "db", "", dbFlagUsage())
			fs.StringVar(&o.user, "user", "", "the user the token belongs to (required)")
			fs.StringVar(&o.role, "role", "", "the token's role (default: the user's)")
			fs.StringVar(&o.name, "name", "", "a label, such as the machine that uses it")
			fs.DurationVar(&o.expires, "expires", 0, "the token expires after this long (0: never)")
		},
		Run: runTokenCreate,
	})
	register(&command{
		Name:    "token list",
		Summary: "list API tokens (never their secrets)",
		Usage:   "[--user NAME] [--format table|json] [--db PATH]",
		Flags: func(fs *flag.FlagSet) {
			o := &tokenOpts
			o.db, o.user, o.format = "", "", formatTable
			fs.StringVar(&o.db, "db", "", dbFlagUsage())
			fs.StringVar(&o.user, "user", "", "only this user's tokens")
			fs.StringVar(&o.format, "format", formatTable, "output format: table or json")
		},
		Run: runTokenList,
	})
	register(&command{
		Name:    "token revoke",
		Summary: "revoke an API token",
		Usage:   "ID [--db PATH]",
		Help:    `Revokes a token at once, with the browser sessions signed in with it. Revoked tokens stay listed.`,
		Flags: func(fs *flag.FlagSet) {
			tokenOpts.db = ""
			fs.StringVar(&tokenOpts.db, "db", "", dbFlagUsage())
		},
		Run: runTokenRevoke,
	})
}

func runTokenCreate(ctx context.Context, env *Env, args []string) error {
	o := tokenOpts
	if err := noArgs(args); err != nil {
		return err
	}
	if o.user == "" {
		return usagef("--user is required")
	}
	if o.expires < 0 {
		return usagef("--expires must not be negative")
	}
	var role truce.Role
	if o.role != "" {
		r, err := parseRole(o.role)
		if err != nil {
			return err
		}
		role = r
	}
	s, us, err := openUserStore(ctx, env, o.db)
	if err != nil {
		return err
	}
	defer s.Close()
	if role == "" {
		u, err := us.User(ctx, o.user)
		if err != nil {
			return err
		}
		role = u.Role
	}
	secret, hash, err := auth.NewToken()
	if err != nil {
		return err
	}
	tok := &truce.Token{User: o.user, Name: o.name, Role: role, Hash: hash}
	if o.expires > 0 {
		tok.Expires = time.Now().Add(o.expires).UTC()
	}
	if err := us.CreateToken(ctx, tok); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "truce: token %d for %s as %s; it is shown once, keep it secret:\n", tok.ID, tok.User, tok.Role)
	fmt.Fprintln(env.Stdout, secret)
	return nil
}

func runTokenList(ctx context.Context, env *Env, args []string) error {
	o := tokenOpts
	if err := noArgs(args); err != nil {
		return err
	}
	if err := checkFormat(o.format); err != nil {
		return err
	}
	s, us, err := openUserStore(ctx, env, o.db)
	if err != nil {
		return err
	}
	defer s.Close()
	ts, err := us.Tokens(ctx, o.user)
	if err != nil {
		return err
	}
	if o.format == formatJSON {
		if ts == nil {
			ts = []*truce.Token{}
		}
		return writeJSON(env.Stdout, ts)
	}
	if len(ts) == 0 {
		fmt.Fprintln(env.Stdout, "no tokens")
		return nil
	}
	day := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return t.UTC().Format("2006-01-02")
	}
	t := newTable(env.Stdout, "ID", "USER", "ROLE", "NAME", "CREATED", "EXPIRES", "LAST USE", "STATE")
	for _, tk := range ts {
		state := "active"
		switch {
		case tk.Revoked:
			state = "revoked"
		case !tk.Expires.IsZero() && time.Now().After(tk.Expires):
			state = "expired"
		}
		t.row(itoa(tk.ID), tk.User, string(tk.Role), tk.Name, day(tk.Created), day(tk.Expires), day(tk.LastUse), state)
	}
	return t.flush()
}

func runTokenRevoke(ctx context.Context, env *Env, args []string) error {
	if len(args) != 1 {
		return usagef("want one token ID")
	}
	id, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil || id <= 0 {
		return usagef("token ID %q: want a positive number (see truce token list)", args[0])
	}
	s, us, err := openUserStore(ctx, env, tokenOpts.db)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := us.RevokeToken(ctx, id); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "token %d revoked\n", id)
	return nil
}
