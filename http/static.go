package http

import (
	"embed"
	"io/fs"
	"net/http"
	"strings"
)

// static holds the built front end in static/dist (see web/build.mjs) and
// a README, so that the package compiles before the front end is built.
//
//go:embed static
var static embed.FS

// notBuilt is served in place of the map when static/dist is missing.
const notBuilt = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>truce: front end not built</title></head>
<body><h1>truce: the front end is not built</h1>
<p>The API is running under <a href="/api/meta">/api/</a>. To build the web map, run <code>make web</code>
(or <code>node web/build.mjs</code>) and rebuild truce.</p></body></html>
`

// staticHandler serves static/dist, with index.html for the root, or the
// "not built" page when the front end was not built into the binary.
func staticHandler() http.Handler {
	dist, err := fs.Sub(static, "static/dist")
	if err != nil {
		return http.HandlerFunc(serveNotBuilt)
	}
	if _, err := fs.Stat(dist, "index.html"); err != nil {
		return http.HandlerFunc(serveNotBuilt)
	}
	files := http.FileServerFS(dist)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/" || r.URL.Path == "/index.html":
			w.Header().Set("Cache-Control", "no-cache")
		case strings.HasPrefix(r.URL.Path, "/assets/"):
			w.Header().Set("Cache-Control", "public, max-age=3600")
		}
		files.ServeHTTP(w, r)
	})
}

func serveNotBuilt(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" && r.URL.Path != "/index.html" {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(notBuilt))
}
