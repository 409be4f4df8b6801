package http

import (
	"context"
	"fmt"
	"io/fs"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/demo"
	"github.com/truce-monitor/truce/sqlite"
)

// chromiumPath finds Debian's Chromium (scripts/install-chromium.sh
// installs it), or "" when it is missing.
func chromiumPath() string {
	if p := os.Getenv("TRUCE_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browserRecord is the demo record plus one candidate event for the review
// queue, whose report carries a script tag that must show as text.
const candidateReport = "YEREVAN — Several thousand people rallied in Freedom Square on 11 November 2020 " +
	"to demand the prime minister's resignation over the ceasefire. " +
	"A placard read <script>document.title='pwned'</script> in large letters."

// demoServer serves the demo record from a temporary SQLite database.
func demoServer(t *testing.T) (*httptest.Server, truce.Store, int64) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := demo.Build(ctx, st); err != nil {
		t.Fatal(err)
	}
	src := &truce.Source{URL: "https://news.example/yerevan-rally", Outlet: "Example Wire", Text: candidateReport, ContentHash: "candidate-report"}
	if _, err := st.PutSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	quote := "A placard read <script>document.title='pwned'</script> in large letters."
	i := strings.Index(candidateReport, quote)
	e := &truce.Event{
		SubType: truce.PeacefulProtest, Date: truce.MustDate("2020-11-11"),
		Location:   truce.Location{Name: "Yerevan", Lat: 40.1777, Lon: 44.5126, Country: "ARM", Precision: truce.GeoExact},
		Actor1:     truce.Actor{Name: "Protesters (Armenia)", Country: "ARM", Kind: truce.KindProtesters},
		Review:     truce.ReviewCandidate,
		Confidence: 0.8,
		Evidence:   []truce.Evidence{{SourceID: src.ID, Text: quote, Start: i, End: i + len(quote)}},
	}
	if err := st.CreateEvent(ctx, e); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(NewServer(st).Handler())
	t.Cleanup(srv.Close)
	return srv, st, e.ID
}

// browser starts headless Chromium with software WebGL (SwiftShader).
func browser(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		t.Skip("Chromium not found: run scripts/install-chromium.sh (apt-get install chromium) to run the browser tests")
	}
	if _, err := fs.Stat(static, "static/dist/index.html"); err != nil {
		t.Skip("front end not built into this test binary: run make web (node web/build.mjs) first")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 900),
		chromedp.Flag("use-angle", "swiftshader"),
		chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelC(); cancelA() })
	// The first Do starts the browser: no timeout on its context.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium %s: %v", path, err)
	}
	return ctx
}

// do runs steps with a time limit.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	return chromedp.Do(ctx, steps...)
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %.80s: %v", js, err)
	}
	return v
}

// poll waits until a JavaScript expression is truthy and returns it.
func poll[T any](t *testing.T, ctx context.Context, js string, timeout time.Duration) (T, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, timeout+5*time.Second)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Poll[T](js, chromedp.WithPollingTimeout(timeout)))
}

// open loads a page of the app and waits until it is ready.
func open(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	if err := do(t, ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("load %s: %v", url, err)
	}
	ready, err := poll[string](t, ctx, `document.body.dataset.ready || ""`, 60*time.Second)
	if err != nil || ready != "true" {
		msg := eval[string](t, ctx, `document.querySelector("#status").textContent`)
		t.Fatalf("load %s: app not ready (%v): %q", url, err, msg)
	}
}

// aghdamJS reads Aghdam's feature state on the map and its controller.
const aghdamJS = `(() => {
	const t = truce.territories.find(f => f.properties.name === "Aghdam");
	const s = truce.map.getFeatureState({source: "territories", id: t.id});
	const c = truce.control.get(t.id);
	return [s.color || "", s.status || "", c && c.controller ? c.controller.name : ""].join("|");
})()`

func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	srv, st, candidate := demoServer(t)
	ctx := browser(t)

	t.Run("slider recolours Aghdam", func(t *testing.T) {
		open(t, ctx, srv.URL+"/?date=2020-11-19")
		before := eval[string](t, ctx, aghdamJS)
		eval[string](t, ctx, `(() => {
			const s = document.querySelector("#slider");
			s.value = String(Date.parse("2020-11-26T00:00:00Z") / 864e5 - truce.start);
			s.dispatchEvent(new Event("input", {bubbles: true}));
			return s.value;
		})()`)
		if _, err := poll[bool](t, ctx, `document.querySelector("#date-label").textContent === "26 Nov 2020"`, 10*time.Second); err != nil {
			t.Fatal(err)
		}
		after := eval[string](t, ctx, aghdamJS)
		b, a := strings.Split(before, "|"), strings.Split(after, "|")
		if b[2] != "Military Forces of Nagorno-Karabakh" || a[2] != "Military Forces of Azerbaijan" {
			t.Errorf("Aghdam's controller %q on 19 Nov and %q on 26 Nov", b[2], a[2])
		}
		if b[0] == "" || a[0] == "" || a[0] == b[0] || a[1] != "assessed" {
			t.Errorf("Aghdam's fill colour did not change: %s → %s", before, after)
		}
		if _, err := poll[bool](t, ctx, `location.search.includes("date=2020-11-26")`, 5*time.Second); err != nil {
			t.Errorf("URL %q does not carry the date", eval[string](t, ctx, "location.search"))
		}
		if os.Getenv("TRUCE_SCREENSHOT") == "1" {
			ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			time.Sleep(time.Second) // let the map finish drawing
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join("..", "docs", "screenshot.png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	})

	t.Run("Kalbajar event shows its evidence", func(t *testing.T) {
		evs, _, err := st.Events(context.Background(), truce.EventFilter{SubTypes: []truce.SubEventType{truce.NonViolentTransfer}})
		if err != nil {
			t.Fatal(err)
		}
		var kalbajar *truce.Event
		for _, e := range evs {
			if e.Control != nil && e.Control.Territory == "Kalbajar" {
				kalbajar = e
			}
		}
		if kalbajar == nil || len(kalbajar.Evidence) == 0 {
			t.Fatalf("no Kalbajar handover with evidence in the demo: %v", evs)
		}
		open(t, ctx, fmt.Sprintf("%s/?date=2020-11-25&event=%d", srv.URL, kalbajar.ID))
		if err := do(t, ctx, chromedp.WaitVisible(chromedp.CSS(".event-detail mark"))); err != nil {
			t.Fatal(err)
		}
		marks := eval[[]string](t, ctx, `[...document.querySelectorAll(".event-detail mark")].map(m => m.textContent)`)
		if len(marks) == 0 || marks[0] != kalbajar.Evidence[0].Text {
			t.Errorf("highlighted quote %q, want %q", marks, kalbajar.Evidence[0].Text)
		}
	})

	t.Run("review queue accepts a candidate", func(t *testing.T) {
		open(t, ctx, srv.URL+"/?view=review")
		if err := do(t, ctx, chromedp.WaitVisible(chromedp.CSS(".review li"))); err != nil {
			t.Fatal(err)
		}
		items := eval[[]string](t, ctx, `[...document.querySelectorAll(".review li")].map(li => li.dataset.id)`)
		if fmt.Sprint(items) != fmt.Sprintf("[%d]", candidate) {
			t.Fatalf("queue %v, want only event %d", items, candidate)
		}
		// Open it with Enter: the report's script tag shows as text and never runs.
		if err := do(t, ctx, chromedp.KeyEvent("\r"), chromedp.WaitVisible(chromedp.CSS(".event-detail mark"))); err != nil {
			t.Fatal(err)
		}
		quote := eval[string](t, ctx, `document.querySelector(".event-detail mark").textContent`)
		scripts := eval[int](t, ctx, `document.querySelectorAll("#panel script").length`)
		title := eval[string](t, ctx, `document.title`)
		if !strings.Contains(quote, "<script>") || scripts != 0 || title == "pwned" {
			t.Errorf("report text not escaped: quote %q, %d script elements, title %q", quote, scripts, title)
		}
		if err := do(t, ctx, chromedp.KeyEvent("a")); err != nil {
			t.Fatal(err)
		}
		// Back to the queue: it is empty now.
		if err := do(t, ctx, chromedp.KeyEvent("\x1b")); err != nil {
			t.Fatal(err)
		}
		if _, err := poll[bool](t, ctx, `(() => { const p = truce.review.page; return !!p && p.total === 0 && !!document.querySelector(".review"); })()`, 10*time.Second); err != nil {
			t.Fatalf("queue did not empty after accepting: %v (panel %q)", err, eval[string](t, ctx, `document.querySelector("#panel").textContent`))
		}
		e, err := st.Event(context.Background(), candidate)
		if err != nil {
			t.Fatal(err)
		}
		if e.Review != truce.ReviewAccepted {
			t.Errorf("event %d is %s after pressing a, want accepted", candidate, e.Review)
		}
	})

	t.Run("diff mode", func(t *testing.T) {
		open(t, ctx, srv.URL+"/?view=diff&from=2020-11-19&to=2020-11-26&date=2020-11-26")
		if err := do(t, ctx, chromedp.WaitVisible(chromedp.CSS(".diff .change"))); err != nil {
			t.Fatal(err)
		}
		changed := eval[[]string](t, ctx, `[...document.querySelectorAll(".diff .change")].map(c => c.dataset.territory)`)
		highlighted := eval[bool](t, ctx, `(() => {
			const t = truce.territories.find(f => f.properties.name === "Aghdam");
			return truce.map.getFeatureState({source: "territories", id: t.id}).changed === true;
		})()`)
		if got := strings.Join(changed, ","); got != "Aghdam,Kalbajar" {
			t.Errorf("diff 19→26 Nov lists %q, want Aghdam,Kalbajar", got)
		}
		if !highlighted {
			t.Error("Aghdam is not highlighted on the map in diff mode")
		}
	})

	t.Run("large record loads the days around the one shown", func(t *testing.T) {
		open(t, ctx, srv.URL+"/?date=2020-11-19&window=7")
		all := eval[int](t, ctx, `truce.loaded === null ? truce.events.length : -1`)
		// Take the demo record for a large one: the map now loads the events
		// of the window shown and 30 days either side, when the slider rests.
		eval[int](t, ctx, `(() => {
			truce.largeRecord = 0;
			const s = document.querySelector("#slider");
			s.value = String(Date.parse("2020-10-05T00:00:00Z") / 864e5 - truce.start);
			s.dispatchEvent(new Event("input", {bubbles: true}));
			return 0;
		})()`)
		day := int(time.Date(2020, 10, 5, 0, 0, 0, 0, time.UTC).Unix() / 86400)
		if _, err := poll[bool](t, ctx, fmt.Sprintf(`truce.loaded !== null && truce.loaded[0] === %d && truce.loaded[1] === %d`, day-6-30, day+30), 10*time.Second); err != nil {
			t.Fatalf("days loaded %v, want [%d %d]: %v", eval[any](t, ctx, "truce.loaded"), day-36, day+30, err)
		}
		n := eval[int](t, ctx, `truce.events.filter(f => f.properties.day >= truce.loaded[0] && f.properties.day <= truce.loaded[1]).length`)
		got := eval[int](t, ctx, `truce.events.length`)
		if got == 0 || n != got || got >= all {
			t.Errorf("loaded %d events (%d of them in the days asked for), want some and fewer than all %d", got, n, all)
		}
		if msg := eval[string](t, ctx, `document.querySelector("#status").textContent`); !strings.Contains(msg, "from") {
			t.Errorf("status %q does not say which days are loaded", msg)
		}
	})
}
