package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/truce-monitor/truce"
)

var actorAddOpts struct {
	db, country, kind string
	aliases           stringList
}

var actorListOpts struct{ db, format string }

func init() {
	register(&command{
		Name:    "actor add",
		Summary: "add a party to the record, or update the one of that name",
		Usage:   "NAME --kind KIND [--country ISO3] [--alias NAME]... [--db PATH]",
		Help: `Kinds follow ACLED's actor types: state_forces, government, rebel_group,
political_militia, identity_militia, rioters, protesters, civilians,
external_forces, other. Aliases are the other names reports use; events and
agreements find the actor by any of them, ignoring case and diacritics.

Example:
  truce actor add "Military Forces of Azerbaijan" --kind state_forces --country AZE --alias "Azerbaijani army"`,
		Flags: func(fs *flag.FlagSet) {
			o := &actorAddOpts
			o.db, o.country, o.kind, o.aliases = "", "", "", nil
			fs.StringVar(&o.db, "db", "", dbFlagUsage())
			fs.StringVar(&o.country, "country", "", "ISO 3166-1 alpha-3 code of the actor's state")
			fs.StringVar(&o.kind, "kind", "", "the actor's kind (see above)")
			fs.Var(&o.aliases, "alias", "another name of the actor (repeatable)")
		},
		Run: runActorAdd,
	})
	register(&command{
		Name:    "actor list",
		Summary: "list the actors of the record",
		Usage:   "[--format table|json] [--db PATH]",
		Flags: func(fs *flag.FlagSet) {
			actorListOpts.db, actorListOpts.format = "", ""
			fs.StringVar(&actorListOpts.db, "db", "", dbFlagUsage())
			fs.StringVar(&actorListOpts.format, "format", formatTable, "output format: table or json")
		},
		Run: func(ctx context.Context, env *Env, args []string) error {
			db := actorListOpts.db
			actorsOpts = actorsFlags{db: &db, format: actorListOpts.format}
			return runActors(ctx, env, args)
		},
	})
}

func runActorAdd(ctx context.Context, env *Env, args []string) error {
	o := actorAddOpts
	if len(args) != 1 || strings.TrimSpace(args[0]) == "" {
		return usagef("want one actor name")
	}
	kind := truce.ActorKind(o.kind)
	if !kind.Valid() {
		names := make([]string, len(truce.ActorKinds))
		for i, k := range truce.ActorKinds {
			names[i] = string(k)
		}
		return usagef("--kind %q: want one of %s", o.kind, strings.Join(names, ", "))
	}
	country := strings.ToUpper(o.country)
	if country != "" && (len(country) != 3 || !isLetters(country)) {
		return usagef("--country %q: want an ISO 3166-1 alpha-3 code such as AZE", o.country)
	}
	if err := checkName("actor name", args[0]); err != nil {
		return usagef("%v", err)
	}
	for _, al := range o.aliases {
		if err := checkName("--alias", al); err != nil {
			return usagef("%v", err)
		}
	}
	s, err := openStore(ctx, env, o.db)
	if err != nil {
		return err
	}
	defer s.Close()
	a := &truce.Actor{Name: strings.TrimSpace(args[0]), Country: country, Kind: kind, Aliases: o.aliases}
	if err := s.PutActor(ctx, a); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "actor %d: %s (%s", a.ID, a.Name, a.Kind)
	if a.Country != "" {
		fmt.Fprintf(env.Stdout, ", %s", a.Country)
	}
	fmt.Fprintln(env.Stdout, ")")
	return nil
}

func isLetters(s string) bool {
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// maxNameBytes caps the names of actors and territories.
const maxNameBytes = 500

// checkName refuses a name that tables and exports could not show as
// one line of text: invalid UTF-8, control characters (line breaks,
// tabs, NUL), or more than maxNameBytes.
func checkName(what, s string) error {
	if len(s) > maxNameBytes {
		return fmt.Errorf("%s of %d bytes: at most %d", what, len(s), maxNameBytes)
	}
	if !utf8.ValidString(s) {
		return fmt.Errorf("%s %q is not valid UTF-8", what, s)
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return fmt.Errorf("%s %q has a control character (a line break, tab, NUL or the like)", what, s)
		}
	}
	return nil
}
