package http

import (
	"embed"
	"hash/fnv"
	"io/fs"
	"net/http"
	"strconv"
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
	etag := buildTag(dist)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Embedded files carry no modification time, so the browser
		// revalidates with the ETag below.
		w.Header().Set("Cache-Control", "no-cache")
		if etag != "" {
			w.Header().Set("ETag", etag)
			if r.Header.Get("If-None-Match") == etag {
				w.WriteHeader(http.StatusNotModified)
				return
			}
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

// buildTag is a tag of the built front end (a hash of its index and
// script), the ETag of every static file: all change together.
func buildTag(dist fs.FS) string {
	h := fnv.New64a()
	for _, name := range []string{"index.html", "assets/app.js", "assets/app.css"} {
		b, err := fs.ReadFile(dist, name)
		if err != nil {
			return ""
		}
		h.Write(b)
	}
	return `"` + strconv.FormatUint(h.Sum64(), 36) + `"`
}
