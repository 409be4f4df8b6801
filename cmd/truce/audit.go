package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/truce-monitor/truce"
)

type auditFlags struct {
	db, entity, id, user, format string
	limit                        int
}

var auditOpts auditFlags

type actorsFlags struct {
	db     *string
	format string
}

var actorsOpts actorsFlags

func init() {
	register(&command{
		Name:    "audit",
		Summary: "the audit log: who changed what, when",
		Usage:   "[--entity KIND] [--id ID] [--user NAME] [--limit N] [--format table|json] [--db PATH]",
		Help: `Lists the audit log, oldest first: every write to the record with its user,
action and entity. --entity is one of event, agreement, territory, actor,
source, control, amendment. The JSON output carries each entity as it was
before and after the write.`,
		Flags: func(fs *flag.FlagSet) {
			o := &auditOpts
			*o = auditFlags{}
			fs.StringVar(&o.db, "db", "", dbFlagUsage())
			fs.StringVar(&o.entity, "entity", "", "only entries about this kind of entity")
			fs.StringVar(&o.id, "id", "", "only entries about the entity with this id (with --entity)")
			fs.StringVar(&o.user, "user", "", "only entries by this user")
			fs.IntVar(&o.limit, "limit", 100, "at most this many entries (0: no limit)")
			fs.StringVar(&o.format, "format", formatTable, "output format: table or json")
		},
		Run: runAudit,
	})
	register(&command{
		Name:    "actors",
		Summary: "list the actors of the record",
		Usage:   "[--format table|json] [--db PATH]",
		Help:    `Lists the actors (parties to events and agreements) by name, with their country, kind and aliases.`,
		Flags: func(fs *flag.FlagSet) {
			o := &actorsOpts
			*o = actorsFlags{}
			o.db = addDBFlag(fs)
			fs.StringVar(&o.format, "format", formatTable, "output format: table or json")
		},
		Run: runActors,
	})
}

var auditEntities = []string{"event", "agreement", "territory", "actor", "source", "control", "amendment"}

func runAudit(ctx context.Context, env *Env, args []string) error {
	o := auditOpts
	if err := noArgs(args); err != nil {
		return err
	}
	if err := checkFormat(o.format); err != nil {
		return err
	}
	if o.entity != "" {
		ok := false
		for _, e := range auditEntities {
			ok = ok || e == o.entity
		}
		if !ok {
			return usagef("--entity %q: want one of event, agreement, territory, actor, source, control, amendment", o.entity)
		}
	}
	if o.id != "" && o.entity == "" {
		return usagef("--id needs --entity")
	}
	if o.limit < 0 {
		return usagef("--limit must not be negative")
	}
	s, err := openStore(ctx, env, o.db)
	if err != nil {
		return err
	}
	defer s.Close()
	es, err := s.Audit(ctx, truce.AuditFilter{Entity: o.entity, EntityID: o.id, User: o.user, Limit: o.limit})
	if err != nil {
		return err
	}
	if o.format == formatJSON {
		if es == nil {
			es = []truce.AuditEntry{}
		}
		return writeJSON(env.Stdout, es)
	}
	if len(es) == 0 {
		fmt.Fprintln(env.Stdout, "no audit entries match")
		return nil
	}
	t := newTable(env.Stdout, "ID", "AT", "USER", "ACTION", "ENTITY", "ENTITY ID")
	for _, e := range es {
		t.row(itoa(e.ID), e.At.UTC().Format("2006-01-02 15:04:05"), e.User, e.Action, e.Entity, e.EntityID)
	}
	return t.flush()
}

func runActors(ctx context.Context, env *Env, args []string) error {
	o := actorsOpts
	if err := noArgs(args); err != nil {
		return err
	}
	if err := checkFormat(o.format); err != nil {
		return err
	}
	s, err := openStore(ctx, env, *o.db)
	if err != nil {
		return err
	}
	defer s.Close()
	as, err := s.Actors(ctx)
	if err != nil {
		return err
	}
	if o.format == formatJSON {
		if as == nil {
			as = []*truce.Actor{}
		}
		return writeJSON(env.Stdout, as)
	}
	if len(as) == 0 {
		fmt.Fprintln(env.Stdout, "no actors")
		return nil
	}
	t := newTable(env.Stdout, "ID", "NAME", "COUNTRY", "KIND", "ALIASES")
	for _, a := range as {
		t.row(itoa(a.ID), a.Name, a.Country, string(a.Kind), clip(strings.Join(a.Aliases, ", "), 60))
	}
	return t.flush()
}
