package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// rss is a feed of two made-up items whose content is long enough to be
// read without fetching their links.
const rss = `<?xml version="1.0"?>
<rss version="2.0"><channel><title>Made-up Caucasus Wire</title><link>%[1]s</link>
<item><title>Azerbaijani troops enter Aghdam</title><link>%[1]s/aghdam</link><pubDate>Fri, 20 Nov 2020 12:00:00 GMT</pubDate>
<description><![CDATA[<p>BAKU — Azerbaijani troops entered the Aghdam district on Friday, taking it over from Armenian forces under the ceasefire agreement signed on November 10, the Defence Ministry in Baku said in a statement.</p><p>The district is the first of three that Armenia agreed to return under the deal brokered by Moscow. Its main town was abandoned in the early 1990s and has stood in ruins since then, officials said.</p><p>Russian peacekeepers have been deployed along the line of contact and the Lachin corridor since the agreement took effect.</p>]]></description></item>
<item><title>Kalbajar handover put off</title><link>%[1]s/kalbajar</link><pubDate>Sun, 15 Nov 2020 09:00:00 GMT</pubDate>
<description><![CDATA[<p>BAKU — Azerbaijan agreed on Sunday to delay the handover of the Kalbajar district until November 25 at the request of Armenia, an aide to President Ilham Aliyev said on Sunday.</p><p>Yerevan had asked for more time because the only road out of the mountain district is narrow and winding, and snow is expected there in the coming days, the aide added.</p><p>The statement signed on November 10 had set November 15 as the day for the handover of the district.</p>]]></description></item>
</channel></rss>`

// feedServer serves rss with an ETag and counts the requests and the 304s.
type feedServer struct {
	mu             sync.Mutex
	gets, notModif int
}

func (f *feedServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r.URL.Path != "/rss" {
		http.NotFound(w, r)
		return
	}
	f.gets++
	const etag = `"v1"`
	if r.Header.Get("If-None-Match") == etag {
		f.notModif++
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("ETag", etag)
	w.Header().Set("Content-Type", "application/rss+xml")
	fmt.Fprintf(w, rss, "http://"+r.Host)
}

// truceIn runs truce in-process in dir and returns its exit status and
// output.
func truceIn(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Dir: dir,
		Getenv: func(k string) string {
			if k == "TRUCE_DB" {
				return "t.db"
			}
			return ""
		}}
	code := run(context.Background(), env, args)
	return code, out.String(), errOut.String()
}

// TestFeedsPoll subscribes to a feed on a local server and polls it twice:
// the second poll sends the ETag, gets 304 and writes nothing. (TestMain
// keeps new records from being seeded with boundaries.)
func TestFeedsPoll(t *testing.T) {
	srv := &feedServer{}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	dir := t.TempDir()
	steps := []struct {
		args       []string
		code       int
		out, err   string
		gets, n304 int
	}{
		{[]string{"feeds", "poll"}, exitError, "", "no feeds to poll", 0, 0},
		{[]string{"feeds", "add", "ftp://example.org/x"}, exitUsage, "", "no http or https URL", 0, 0},
		{[]string{"feeds", "add", ts.URL + "/rss"}, exitOK, "subscribed to " + ts.URL + "/rss (1 feeds)", "", 0, 0},
		{[]string{"feeds", "add", ts.URL + "/rss"}, exitOK, "already subscribed", "", 0, 0},
		{[]string{"feeds", "poll", "--format", "json"}, exitOK, `"read": 2`, "2 items, 2 new", 1, 0},
		// the second poll sends the ETag, gets 304 and stores nothing
		{[]string{"feeds", "poll", "--format", "json"}, exitOK, `"read": 0`, "not modified", 2, 1},
		{[]string{"feeds", "list"}, exitOK, "Made-up Caucasus Wire", "", 2, 1},
		{[]string{"events", "--format", "json", "--review", "candidate"}, exitOK, `"status": "planned"`, "", 2, 1},
		{[]string{"feeds", "remove", ts.URL + "/rss"}, exitOK, "(0 feeds)", "", 2, 1},
		{[]string{"feeds", "remove", ts.URL + "/rss"}, exitError, "", "not subscribed", 2, 1},
	}
	var audit string
	for i, st := range steps {
		code, out, errOut := truceIn(t, dir, st.args...)
		if code != st.code || !strings.Contains(out, st.out) || !strings.Contains(errOut, st.err) {
			t.Fatalf("step %d: truce %v: exit %d\nstdout: %s\nstderr: %s\nwant exit %d, %q, %q", i, st.args, code, out, errOut, st.code, st.out, st.err)
		}
		srv.mu.Lock()
		gets, n304 := srv.gets, srv.notModif
		srv.mu.Unlock()
		if gets != st.gets || n304 != st.n304 {
			t.Fatalf("step %d: %d requests, %d not modified; want %d, %d", i, gets, n304, st.gets, st.n304)
		}
		if i == 4 {
			_, audit, _ = truceIn(t, dir, "audit", "--limit", "100000", "--format", "json")
		}
		if i == 5 {
			if _, now, _ := truceIn(t, dir, "audit", "--limit", "100000", "--format", "json"); now != audit {
				t.Fatalf("the 304 poll wrote to the record")
			}
		}
	}
}
