package main

import (
	"flag"
	"os"
	"path/filepath"
)

// addDBFlag declares --db on fs.
func addDBFlag(fs *flag.FlagSet) *string {
	return fs.String("db", "", "the record: a SQLite file path (default $TRUCE_DB, else "+defaultDBPath()+")")
}

// dbPath returns the database named by the --db flag, else $TRUCE_DB, else
// the default path.
func (env *Env) dbPath(flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	if v := env.Getenv("TRUCE_DB"); v != "" {
		return v
	}
	return defaultDBPath()
}

// defaultDBPath is $XDG_DATA_HOME/truce/truce.db, falling back to
// ~/.local/share/truce/truce.db.
func defaultDBPath() string {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "truce.db"
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "truce", "truce.db")
}
