package sqlite_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sqlite"
)

const (
	fullEnv      = "TRUCE_DISKFULL_HELPER_DB"
	fullLimitEnv = "TRUCE_DISKFULL_HELPER_LIMIT"
)

// faultEvent is the i-th event the fault tests write; its notes are long
// so that the files grow fast.
func faultEvent(i int) *truce.Event {
	return &truce.Event{SubType: truce.ArmedClash, Date: truce.MustDate("2020-10-01").AddDays(i % 40),
		Location: truce.Location{Name: "Hadrut", Lat: 39.52, Lon: 47.03, Country: "AZE"},
		Actor1:   truce.Actor{Name: "Military Forces of Azerbaijan (2003-)"}, Actor2: &truce.Actor{Name: "Artsakh Defence Army"},
		Notes:    fmt.Sprintf("clash %d near Hadrut; ", i) + strings.Repeat("both sides reported shelling along the line of contact. ", 40),
		Evidence: []truce.Evidence{{Text: "fighting was reported around Hadrut", End: 36}}}
}

// TestDiskFullHelper is the child of TestDiskFull: under a file-size
// limit it writes events until a write fails, printing the id of each
// committed one and then the error.
func TestDiskFullHelper(t *testing.T) {
	path := os.Getenv(fullEnv)
	if path == "" {
		t.Skip("runs only as the child of TestDiskFull")
	}
	limit, err := strconv.ParseUint(os.Getenv(fullLimitEnv), 10, 64)
	if err != nil {
		fmt.Println("bad limit:", err)
		os.Exit(2)
	}
	// Past the limit a write fails with EFBIG instead of killing us.
	signal.Ignore(syscall.SIGXFSZ)
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: limit, Max: limit}); err != nil {
		fmt.Println("setrlimit:", err)
		os.Exit(2)
	}
	ctx := truce.WithUser(context.Background(), "diskfull-writer")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		fmt.Println("open error:", err)
		os.Exit(0)
	}
	out := bufio.NewWriter(os.Stdout)
	for i := 0; i < 100000; i++ {
		e := faultEvent(i)
		if err := db.CreateEvent(ctx, e); err != nil {
			fmt.Fprintln(out, "write error:", err)
			fmt.Fprintln(out, "is ErrDiskFull:", errors.Is(err, sqlite.ErrDiskFull))
			out.Flush()
			// Close must not make things worse either.
			db.Close()
			os.Exit(0)
		}
		fmt.Fprintf(out, "committed %d\n", e.ID)
		out.Flush()
	}
	fmt.Println("no error under the limit")
	os.Exit(0)
}

// TestDiskFull writes into a record from a child process whose files may
// not grow past a limit (RLIMIT_FSIZE, the way a full disk looks to a
// program): the write that does not fit fails with a clear error, and the
// record afterwards passes the integrity check and holds every event
// stored before and every event the child saw committed, unchanged.
func TestDiskFull(t *testing.T) {
	if os.Getenv(fullEnv) != "" {
		t.Skip("child")
	}
	ctx := truce.WithUser(context.Background(), "analyst")
	path := filepath.Join(t.TempDir(), "full.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	var pre []int64
	for i := range 20 {
		e := faultEvent(i)
		if err := db.CreateEvent(ctx, e); err != nil {
			t.Fatal(err)
		}
		pre = append(pre, e.ID)
	}
	before := eventsJSON(t, db, pre)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	var size int64
	for _, f := range []string{path, path + "-wal"} {
		if st, err := os.Stat(f); err == nil {
			size = max(size, st.Size())
		}
	}
	limit := size + 256<<10
	cmd := exec.Command(os.Args[0], "-test.run=^TestDiskFullHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), fullEnv+"="+path, fullLimitEnv+"="+strconv.FormatInt(limit, 10))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	var committed []int64
	var werr string
	for _, l := range strings.Split(string(out), "\n") {
		if id, ok := strings.CutPrefix(l, "committed "); ok {
			n, err := strconv.ParseInt(id, 10, 64)
			if err != nil {
				t.Fatalf("child line %q", l)
			}
			committed = append(committed, n)
		}
		if e, ok := strings.CutPrefix(l, "write error: "); ok {
			werr = e
		}
		if strings.HasPrefix(l, "setrlimit:") {
			t.Skipf("cannot limit file sizes here: %s", l)
		}
	}
	t.Logf("limit %d bytes: %d events committed, then: %s", limit, len(committed), werr)
	if werr == "" {
		t.Fatalf("the child never failed to write under a %d-byte limit:\n%s", limit, out)
	}
	// the error says what happened and why, and callers can tell
	if !strings.HasPrefix(werr, "sqlite: disk full: cannot write "+path) || !strings.Contains(werr, "ulimit -f") ||
		!strings.Contains(werr, "the change was not stored") || !strings.Contains(string(out), "is ErrDiskFull: true") {
		t.Errorf("write error %q does not say the disk is full and why (or is not ErrDiskFull)", werr)
	}

	if err := sqlite.CheckFile(ctx, path); err != nil {
		t.Fatalf("record after a full disk: %v", err)
	}
	db, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen after a full disk: %v", err)
	}
	defer db.Close()
	for _, id := range committed {
		if _, err := db.Event(ctx, id); err != nil {
			t.Errorf("event %d was committed before the disk filled but is gone: %v", id, err)
		}
	}
	if after := eventsJSON(t, db, pre); after != before {
		t.Error("the events stored before the disk filled changed")
	}
}

// eventsJSON returns the events with the given ids as JSON, to compare.
func eventsJSON(t *testing.T, db *sqlite.DB, ids []int64) string {
	t.Helper()
	es, _, err := db.Events(context.Background(), truce.EventFilter{IDs: ids, Limit: len(ids)})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(es)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestReadOnlyRecord opens a record whose file and folder may not be
// written (as an unprivileged user, since root writes anyway): reading
// works or opening fails with a clear error, a write fails with a clear
// error, and the file is unchanged and intact afterwards.
func TestReadOnlyRecord(t *testing.T) {
	if os.Getenv(roEnv) != "" {
		t.Skip("child")
	}
	ctx := truce.WithUser(context.Background(), "analyst")
	dir := t.TempDir()
	path := filepath.Join(dir, "ro.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if err := db.CreateEvent(ctx, faultEvent(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	sum := fileSum(t, path)
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		os.Chmod(f, 0o444)
	}
	os.Chmod(dir, 0o555)
	defer os.Chmod(dir, 0o755)

	cmd := exec.Command(os.Args[0], "-test.run=^TestReadOnlyHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), roEnv+"="+path)
	if os.Geteuid() == 0 {
		// Root ignores file modes: run the child as nobody, from a copy
		// of the test binary it may execute.
		exe := filepath.Join(dir, "..", "ro.test")
		data, err := os.ReadFile(os.Args[0])
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(exe, data, 0o755); err != nil {
			t.Fatal(err)
		}
		// t.TempDir's folders are private to root.
		os.Chmod(filepath.Dir(dir), 0o755)
		cmd.Path, cmd.Args[0] = exe, exe
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	t.Logf("child:\n%s", out)
	s := string(out)
	if strings.Contains(s, "WROTE") {
		t.Errorf("a write into a read-only record succeeded:\n%s", s)
	}
	if !strings.Contains(s, "readonly") && !strings.Contains(s, "read-only") && !strings.Contains(s, "permission denied") {
		t.Errorf("the error does not say the record is read-only:\n%s", s)
	}
	os.Chmod(dir, 0o755)
	if got := fileSum(t, path); got != sum {
		t.Error("the read-only record's file changed")
	}
	if err := sqlite.CheckFile(ctx, path); err != nil {
		t.Fatalf("record after read-only use: %v", err)
	}
}

const roEnv = "TRUCE_READONLY_HELPER_DB"

// TestReadOnlyHelper is the child of TestReadOnlyRecord.
func TestReadOnlyHelper(t *testing.T) {
	path := os.Getenv(roEnv)
	if path == "" {
		t.Skip("runs only as the child of TestReadOnlyRecord")
	}
	ctx := truce.WithUser(context.Background(), "ro-writer")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		fmt.Println("open error:", err)
		return
	}
	defer db.Close()
	if err := db.CreateEvent(ctx, faultEvent(99)); err != nil {
		fmt.Println("write error:", err)
		return
	}
	fmt.Println("WROTE")
}

// fileSum is the file's size and bytes, to compare.
func fileSum(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%d:%x", len(b), b[:min(len(b), 1<<20)])
}

// TestDiskFullENOSPC fills a real file system: a 2 MiB tmpfs mounted
// for the test (as root only; skipped where mounting is not allowed).
// The write that does not fit fails with ErrDiskFull naming the free
// space and SQLite's "database or disk is full", and every event
// committed before it is there, unchanged, once the record is copied
// out and checked.
func TestDiskFullENOSPC(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root")
	}
	dir := t.TempDir()
	mnt := filepath.Join(dir, "mnt")
	if err := os.Mkdir(mnt, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", mnt).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", mnt, err, out)
		}
	})
	ctx := truce.WithUser(context.Background(), "analyst")
	path := filepath.Join(mnt, "full.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatalf("open on an empty 2 MiB file system: %v", err)
	}
	var committed []int64
	var werr error
	for i := range 10000 {
		e := faultEvent(i)
		if werr = db.CreateEvent(ctx, e); werr != nil {
			break
		}
		committed = append(committed, e.ID)
	}
	if werr == nil {
		t.Fatal("10,000 events fitted in 2 MiB")
	}
	t.Logf("%d events committed, then: %v", len(committed), werr)
	if !errors.Is(werr, sqlite.ErrDiskFull) || !strings.Contains(werr.Error(), "free on its file system") ||
		!strings.Contains(werr.Error(), "the change was not stored") {
		t.Errorf("write error %q does not say the disk is full and why (or is not ErrDiskFull)", werr)
	}
	db.Close()
	// check a copy beside the full file system: the check needs room
	cp := filepath.Join(dir, "copy.db")
	for _, suffix := range []string{"", "-wal"} {
		data, err := os.ReadFile(path + suffix)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if err == nil {
			if err := os.WriteFile(cp+suffix, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := sqlite.CheckFile(ctx, cp); err != nil {
		t.Fatalf("record after a full disk: %v", err)
	}
	db, err = sqlite.Open(ctx, cp)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	es, _, err := db.Events(ctx, truce.EventFilter{IDs: committed, Limit: len(committed) + 1})
	if err != nil || len(es) != len(committed) {
		t.Errorf("%d of %d committed events after a full disk (%v)", len(es), len(committed), err)
	}
}
