package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/auth"
)

var userOpts struct {
	db, role, format string
	disable, enable  bool
}

func init() {
	register(&command{
		Name:    "user add",
		Summary: "add a user who may use the served record",
		Usage:   "NAME --role viewer|analyst|admin [--db PATH]",
		Help: `Adds a user. Viewers read the record; analysts also review and edit events
and ingest reports; admins also manage agreements, territories, users,
tokens and imports. A user signs in with an API token: see "truce token
create". Users are never deleted (the audit log names them): disable them
with "truce user set NAME --disable".`,
		Flags: func(fs *flag.FlagSet) {
			userOpts.db, userOpts.role = "", ""
			fs.StringVar(&userOpts.db, "db", "", dbFlagUsage())
			fs.StringVar(&userOpts.role, "role", "", "viewer, analyst or admin (required)")
		},
		Run: runUserAdd,
	})
	register(&command{
		Name:    "user list",
		Summary: "list the users of the record",
		Usage:   "[--format table|json] [--db PATH]",
		Flags: func(fs *flag.FlagSet) {
			userOpts.db, userOpts.format = "", formatTable
			fs.StringVar(&userOpts.db, "db", "", dbFlagUsage())
			fs.StringVar(&userOpts.format, "format", formatTable, "output format: table or json")
		},
		Run: runUserList,
	})
	register(&command{
		Name:    "user set",
		Summary: "change a user's role, or disable or enable the user",
		Usage:   "NAME [--role viewer|analyst|admin] [--disable | --enable] [--db PATH]",
		Help: `Changes a user. A disabled user's tokens are refused at once; a lower role
applies at once to the tokens the user already has.`,
		Flags: func(fs *flag.FlagSet) {
			userOpts.db, userOpts.role, userOpts.disable, userOpts.enable = "", "", false, false
			fs.StringVar(&userOpts.db, "db", "", dbFlagUsage())
			fs.StringVar(&userOpts.role, "role", "", "the new role")
			fs.BoolVar(&userOpts.disable, "disable", false, "refuse the user's tokens")
			fs.BoolVar(&userOpts.enable, "enable", false, "accept the user's tokens again")
		},
		Run: runUserSet,
	})
}

// parseRole checks a --role value.
func parseRole(v string) (truce.Role, error) {
	r := truce.Role(strings.ToLower(v))
	if !r.Valid() {
		return "", usagef("--role %q: want viewer, analyst or admin", v)
	}
	return r, nil
}

// openUserStore opens the record and returns it with its user store.
func openUserStore(ctx context.Context, env *Env, db string) (truce.Store, truce.UserStore, error) {
	s, err := openStore(ctx, env, db)
	if err != nil {
		return nil, nil, err
	}
	us, ok := s.(truce.UserStore)
	if !ok {
		s.Close()
		return nil, nil, fmt.Errorf("this record keeps no users")
	}
	return s, us, nil
}

func runUserAdd(ctx context.Context, env *Env, args []string) error {
	o := userOpts
	if len(args) != 1 {
		return usagef("want one user NAME")
	}
	if o.role == "" {
		return usagef("--role is required")
	}
	role, err := parseRole(o.role)
	if err != nil {
		return err
	}
	if err := auth.ValidUserName(args[0]); err != nil {
		return usagef("%s", truce.ErrorMessage(err))
	}
	s, us, err := openUserStore(ctx, env, o.db)
	if err != nil {
		return err
	}
	defer s.Close()
	u := &truce.User{Name: args[0], Role: role}
	if err := us.CreateUser(ctx, u); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "user %s added as %s; create a token with: truce token create --user %s\n", u.Name, u.Role, u.Name)
	return nil
}

func runUserList(ctx context.Context, env *Env, args []string) error {
	o := userOpts
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
	users, err := us.Users(ctx)
	if err != nil {
		return err
	}
	if o.format == formatJSON {
		if users == nil {
			users = []*truce.User{}
		}
		return writeJSON(env.Stdout, users)
	}
	if len(users) == 0 {
		fmt.Fprintln(env.Stdout, "no users: the server needs none on loopback; add one with truce user add")
		return nil
	}
	t := newTable(env.Stdout, "NAME", "ROLE", "CREATED", "STATE")
	for _, u := range users {
		state := "active"
		if u.Disabled {
			state = "disabled"
		}
		t.row(u.Name, string(u.Role), u.Created.UTC().Format("2006-01-02"), state)
	}
	return t.flush()
}

func runUserSet(ctx context.Context, env *Env, args []string) error {
	o := userOpts
	if len(args) != 1 {
		return usagef("want one user NAME")
	}
	if o.disable && o.enable {
		return usagef("--disable and --enable together")
	}
	if o.role == "" && !o.disable && !o.enable {
		return usagef("nothing to change: give --role, --disable or --enable")
	}
	s, us, err := openUserStore(ctx, env, o.db)
	if err != nil {
		return err
	}
	defer s.Close()
	u, err := us.User(ctx, args[0])
	if err != nil {
		return err
	}
	if o.role != "" {
		if u.Role, err = parseRole(o.role); err != nil {
			return err
		}
	}
	if o.disable {
		u.Disabled = true
	}
	if o.enable {
		u.Disabled = false
	}
	if err := us.UpdateUser(ctx, u); err != nil {
		return err
	}
	state := "active"
	if u.Disabled {
		state = "disabled"
	}
	fmt.Fprintf(env.Stdout, "user %s: %s, %s\n", u.Name, u.Role, state)
	return nil
}
