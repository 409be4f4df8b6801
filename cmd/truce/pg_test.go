package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/truce-monitor/truce/postgres/pgtest"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/postgres"
)

// TestPostgresScripts runs the scripts of testdata/pgscript with TRUCE_DB
// set to a throwaway PostgreSQL database per script: the commands that
// work on a SQLite record (users, tokens, audit) work the same on
// PostgreSQL.
func TestPostgresScripts(t *testing.T) {
	pgtest.SkipUnlessReachable(t)
	bin := truceOnPath(t)
	testscript.Run(t, testscript.Params{
		Dir: "testdata/pgscript",
		Setup: func(env *testscript.Env) error {
			dsn, drop, err := pgtest.CreateDatabase()
			if err != nil {
				return err
			}
			env.Defer(func() {
				if err := drop(); err != nil {
					t.Error(err)
				}
			})
			env.Setenv("TRUCE_DB", dsn)
			env.Setenv("PATH", bin+string(os.PathListSeparator)+env.Getenv("PATH"))
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"truce": cmdTruce,
			"exits": cmdExits,
		},
	})
}

// TestOpenStoreSeedsPostgres checks that a new PostgreSQL record is seeded
// from the boundaries file like a new SQLite one, that it is not seeded
// again, and that programs opening one new record at once seed it once.
func TestOpenStoreSeedsPostgres(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	bounds := writeBoundaries(t, dir)
	for _, tt := range []struct {
		name  string
		opens int
	}{{"one open", 1}, {"four at once", 4}} {
		t.Run(tt.name, func(t *testing.T) {
			dsn := pgtest.TempDatabase(t)
			var wg sync.WaitGroup
			outs := make([]string, tt.opens)
			errs := make([]error, tt.opens)
			for i := range tt.opens {
				wg.Go(func() {
					env, _, errb := testEnv(map[string]string{"TRUCE_BOUNDARIES": bounds})
					s, err := openStore(ctx, env, dsn)
					if err == nil {
						err = s.Close()
					}
					outs[i], errs[i] = errb.String(), err
				})
			}
			wg.Wait()
			seeded := 0
			for i := range outs {
				if errs[i] != nil {
					t.Fatalf("openStore %d: %v", i, errs[i])
				}
				if strings.Contains(outs[i], "seeded 3 territories") {
					seeded++
				}
			}
			if seeded != 1 {
				t.Errorf("%d of %d opens seeded the record, want 1: %q", seeded, tt.opens, outs)
			}
			env, _, errb := testEnv(map[string]string{"TRUCE_BOUNDARIES": bounds})
			s, err := openStore(ctx, env, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if errb.Len() != 0 {
				t.Errorf("open of a seeded record wrote %q", errb.String())
			}
			ts, err := s.Territories(ctx, truce.TerritoryFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if len(ts) != 3 {
				t.Errorf("%d territories, want 3", len(ts))
			}
			k, err := s.FindTerritory(ctx, "Kəlbəcər")
			if err != nil || k.Name != "Kalbajar" || k.Country != "AZE" {
				t.Errorf("FindTerritory(Kəlbəcər) = %+v, %v", k, err)
			}
		})
	}
}

// TestOpenStoreBadBoundariesPostgres checks that a broken boundaries file
// fails the open and leaves the record empty, so that the next open with
// a good file seeds it.
func TestOpenStoreBadBoundariesPostgres(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.TempDatabase(t)
	dir := t.TempDir()
	bad := dir + "/bad.geojson.gz"
	if err := os.WriteFile(bad, []byte("not gzip"), 0o644); err != nil {
		t.Fatal(err)
	}
	env, _, _ := testEnv(map[string]string{"TRUCE_BOUNDARIES": bad})
	if s, err := openStore(ctx, env, dsn); err == nil {
		s.Close()
		t.Fatal("openStore with a broken boundaries file: no error")
	}
	env, _, errb := testEnv(map[string]string{"TRUCE_BOUNDARIES": writeBoundaries(t, dir)})
	s, err := openStore(ctx, env, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !strings.Contains(errb.String(), "seeded 3 territories") {
		t.Errorf("open after a failed seeding: %q, want it seeded", errb.String())
	}
}

// TestServeAuthPostgres serves a PostgreSQL record with authentication:
// users and tokens made with truce user add and truce token create sign
// in, requests without a valid token are refused, roles hold, and a
// write is audited under the token's user.
func TestServeAuthPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("starts truce serve: not in -short")
	}
	dsn := pgtest.TempDatabase(t)
	bin := truceOnPath(t)
	run := func(args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		cmd := truceCmd(t, bin, append(args, "--db", dsn)...)
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			t.Fatalf("truce %s: %v\n%s", strings.Join(args, " "), err, errb.String())
		}
		return strings.TrimSpace(out.String())
	}
	run("user", "add", "ana", "--role", "analyst")
	run("user", "add", "vic", "--role", "viewer")
	anaTok := run("token", "create", "--user", "ana")
	vicTok := run("token", "create", "--user", "vic")
	oldTok := run("token", "create", "--user", "vic", "--name", "old")
	run("token", "revoke", "3")

	// An event to review.
	ctx := context.Background()
	st, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ev := &truce.Event{SubType: truce.ArmedClash, Date: truce.MustDate("2020-10-15"),
		Location: truce.Location{Name: "Hadrut", Lat: 39.52, Lon: 47.03, Country: "AZE", Precision: truce.GeoExact},
		Actor1:   truce.Actor{Name: "Military Forces of Armenia (2018-)", Country: "ARM", Kind: truce.KindStateForces},
		Status:   truce.StatusOccurred, Confidence: 0.6}
	if err := st.CreateEvent(ctx, ev); err != nil {
		t.Fatal(err)
	}

	cmd := truceCmd(t, bin, "serve", "--addr", "127.0.0.1:0", "--auth", "on", "--db", dsn)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Kill()
		cmd.Wait()
	}()
	base, err := serveURL(bufio.NewReader(out))
	if err != nil {
		t.Fatalf("serve: %v\n%s", err, stderr.String())
	}
	go io.Copy(io.Discard, out)
	client := &http.Client{Timeout: 30 * time.Second}
	do := func(method, path, token, body string) int {
		t.Helper()
		req, err := http.NewRequest(method, base+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	review := fmt.Sprintf("/api/events/%d/review", ev.ID)
	tests := []struct {
		name, method, path, token, body string
		want                            int
	}{
		{"no token", "GET", "/api/events", "", "", http.StatusUnauthorized},
		{"bad token", "GET", "/api/events", "truce_nonsense", "", http.StatusUnauthorized},
		{"revoked token", "GET", "/api/events", oldTok, "", http.StatusUnauthorized},
		{"viewer reads", "GET", "/api/events", vicTok, "", http.StatusOK},
		{"analyst reads", "GET", "/api/review", anaTok, "", http.StatusOK},
		{"viewer may not review", "POST", review, vicTok, `{"state":"rejected"}`, http.StatusForbidden},
		{"analyst reviews", "POST", review, anaTok, `{"state":"accepted","note":"two outlets agree","version":1}`, http.StatusOK},
		{"stale version", "POST", review, anaTok, `{"state":"rejected","version":1}`, http.StatusConflict},
	}
	for _, tt := range tests {
		if got := do(tt.method, tt.path, tt.token, tt.body); got != tt.want {
			t.Errorf("%s: %s %s: status %d, want %d", tt.name, tt.method, tt.path, got, tt.want)
		}
	}
	// The review is audited under the token's user; the revoked token
	// stays revoked.
	log, err := st.Audit(ctx, truce.AuditFilter{Entity: "event", EntityID: fmt.Sprint(ev.ID)})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(log); n != 2 || log[1].Action != "review" || log[1].User != "ana" {
		t.Errorf("audit of event %d: %+v, want create then review by ana", ev.ID, log)
	}
	// The token's last use is recorded in the PostgreSQL record.
	ts, err := st.Tokens(ctx, "vic")
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 2 || ts[0].Revoked || !ts[1].Revoked {
		t.Errorf("vic's tokens: %+v, want the first live and the second revoked", ts)
	}
}
