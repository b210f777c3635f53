package web

import (
	"bytes"
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// The page cache. The pages and API answers most people see first — the home page, the task list
// and search, one task — are the same for everyone who is not signed in, and making them (queries,
// templates, JSON) costs several times what sending their bytes does. A node keeps what it made for
// such visitors and serves it again while the data has not changed: every entry records the data's
// generation (see Generations) read before the page was made, and is used only while the generation
// is the same, so that a change committed anywhere is seen by the next request on every node. An
// entry also expires after pageCacheFor, because some pages change with the clock alone (a deadline
// passes, "due in 3 days").
//
// Only what cannot differ between such visitors is kept: GET and HEAD requests of the routes in
// cachedRoutes, with no credentials (no cookie but the language's, no Authorization header), answered
// 200 without setting a cookie. The key holds everything else the answer depends on: the scheme and
// host (absolute links), the interface language, the URL with its query, and for the API the Accept
// header. The headers of each response are the middleware's, outside the cache; the body is kept as
// made and compressed once for each encoding asked for, as the middleware would.
//
// When many ask for the same missing page at once (a spike right after a change), one makes it and
// the others wait for it, rather than all running the same queries.

// Generations tells when the data changed: Generation moves on with every committed change that a
// visitor could see, on every node. *sqldb.DB implements it.
type Generations interface {
	Generation(ctx context.Context) (int64, error)
}

// cachedRoutes are the routes whose answers to visitors who are not signed in are cached.
var cachedRoutes = map[string]bool{
	"GET /{$}":               true,
	"GET /tasks":             true,
	"GET /tasks/{id}":        true,
	"GET /api/v1/tasks":      true,
	"GET /api/v1/tasks/{id}": true,
}

// Limits of the cache. A list page is 5–40 KB before compression.
const (
	pageCacheFor     = 10 * time.Second
	pageCacheEntries = 2000
	pageCacheMaxBody = 512 << 10
)

type pageCache struct {
	generations Generations
	overTLS     func(*http.Request) bool // whether r came over TLS, directly or through a trusted proxy
	results     *prometheus.CounterVec
	now         func() time.Time

	mu      sync.Mutex
	entries map[string]*cachedPage
	making  map[string]*making
}

// cachedPage is one kept answer.
type cachedPage struct {
	generation int64
	expires    time.Time
	response   storedResponse

	// encoded holds the body compressed, by encoding, each made at the first request that accepts
	// it, so that a hit costs no compression. (Compressing harder than the middleware does, once per
	// entry, was tried: brotli at quality 9 allocates megabytes for each page, and a spike of 500
	// connections on /tasks took the node to 303 MB.)
	mu      sync.Mutex
	encoded map[string][]byte
}

// serve sends the page to r on w, compressed as r accepts.
func (p *cachedPage) serve(w http.ResponseWriter, r *http.Request) {
	enc := negotiateEncoding(r.Header.Get("Accept-Encoding"))
	if enc == "" || r.Method != http.MethodGet || !compressible(p.response.header.Get("Content-Type")) {
		p.response.serve(w)
		return
	}
	body := p.encodedBody(enc)
	h := w.Header()
	for k, v := range p.response.header {
		h[k] = append([]string(nil), v...)
	}
	h.Set("Content-Encoding", enc) // the compression middleware passes an encoded body on as it is
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(p.response.status)
	w.Write(body)
}

// encodedBody returns the body in encoding enc ("br" or "gzip"), compressing it the first time.
func (p *cachedPage) encodedBody(enc string) []byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	if b, ok := p.encoded[enc]; ok {
		return b
	}
	var buf bytes.Buffer
	zw := newEncoder(enc, &buf)
	zw.Write(p.response.body)
	zw.Close()
	if p.encoded == nil {
		p.encoded = make(map[string][]byte, 2)
	}
	p.encoded[enc] = buf.Bytes()
	return p.encoded[enc]
}

// making is a page being made, which others asking for it wait for.
type making struct {
	generation int64
	done       chan struct{}
}

// newPageCache returns a cache that asks g whether the data changed; nil when g is nil (nothing is
// cached).
func newPageCache(g Generations, overTLS func(*http.Request) bool, reg *prometheus.Registry) (*pageCache, error) {
	if g == nil {
		return nil, nil
	}
	c := &pageCache{
		generations: g,
		overTLS:     overTLS,
		now:         time.Now,
		entries:     make(map[string]*cachedPage),
		making:      make(map[string]*making),
		results: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "civhub_page_cache_requests_total",
			Help: "Requests the page cache could answer, by what it did: hit, miss (made the page), waited (for another request making it), pass (the data's generation was unknown).",
		}, []string{"result"}),
	}
	if err := reg.Register(c.results); err != nil {
		return nil, err
	}
	return c, nil
}

// serve answers requests the cache may answer from it, and keeps what next makes for them.
func (c *pageCache) serve(langCookie string, next http.Handler) http.Handler {
	if c == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key, ok := c.key(r, langCookie)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		generation, err := c.generations.Generation(r.Context())
		if err != nil {
			c.results.WithLabelValues("pass").Inc()
			next.ServeHTTP(w, r)
			return
		}
		page, m := c.lookup(r.Context(), key, generation)
		if page != nil {
			c.results.WithLabelValues("hit").Inc()
			page.serve(w, r)
			return
		}
		if m == nil { // the client went away while waiting
			return
		}
		c.results.WithLabelValues("miss").Inc()
		rec := &keepingWriter{ResponseWriter: w, before: w.Header().Clone()}
		defer c.finish(key, m, r, rec)
		next.ServeHTTP(rec, r)
	})
}

// lookup returns the page kept under key for generation, or else a making for the caller to make it,
// having waited once for another request making it; neither when ctx ended while waiting.
func (c *pageCache) lookup(ctx context.Context, key string, generation int64) (*cachedPage, *making) {
	for waited := false; ; waited = true {
		c.mu.Lock()
		if page := c.entries[key]; page != nil && page.generation == generation && c.now().Before(page.expires) {
			c.mu.Unlock()
			return page, nil
		}
		other := c.making[key]
		if other == nil || other.generation != generation || waited {
			m := &making{generation: generation, done: make(chan struct{})}
			if other == nil {
				c.making[key] = m
			}
			c.mu.Unlock()
			return nil, m
		}
		c.mu.Unlock()
		c.results.WithLabelValues("waited").Inc()
		select {
		case <-other.done:
		case <-ctx.Done():
			return nil, nil
		}
	}
}

// finish keeps what rec recorded, if it may be kept, and lets those waiting for it go on.
func (c *pageCache) finish(key string, m *making, r *http.Request, rec *keepingWriter) {
	c.mu.Lock()
	defer c.mu.Unlock()
	defer close(m.done)
	if c.making[key] == m {
		delete(c.making, key)
	}
	if r.Method != http.MethodGet || !rec.keepable() || clientGone(r) {
		return
	}
	if old := c.entries[key]; old != nil && old.generation > m.generation {
		return
	}
	if len(c.entries) >= pageCacheEntries {
		c.evict()
	}
	c.entries[key] = &cachedPage{generation: m.generation, expires: c.now().Add(pageCacheFor), response: rec.stored()}
}

// evict makes room: the expired entries go, and if that is not enough, an arbitrary tenth.
func (c *pageCache) evict() {
	now := c.now()
	for k, e := range c.entries {
		if !now.Before(e.expires) {
			delete(c.entries, k)
		}
	}
	for k := range c.entries {
		if len(c.entries) < pageCacheEntries*9/10 {
			break
		}
		delete(c.entries, k)
	}
}

// key returns the key of r's answer, or false when r is not for the cache.
func (c *pageCache) key(r *http.Request, langCookie string) (string, bool) {
	if (r.Method != http.MethodGet && r.Method != http.MethodHead) || !cachedRoutes[requestInfoOf(r).route] {
		return "", false
	}
	if r.Header.Get("Authorization") != "" {
		return "", false
	}
	for _, cookie := range r.Cookies() {
		if cookie.Name != langCookie {
			return "", false
		}
	}
	info := requestInfoOf(r)
	scheme := "http"
	if c.overTLS(r) {
		scheme = "https"
	}
	var b strings.Builder
	b.WriteString(scheme)
	b.WriteString("://")
	b.WriteString(r.Host)
	b.WriteString(r.URL.RequestURI())
	b.WriteString("\x00")
	b.WriteString(info.locale.Code)
	if strings.HasPrefix(r.URL.Path, "/api/") {
		b.WriteString("\x00")
		b.WriteString(r.Header.Get("Accept"))
	}
	return b.String(), true
}

// keepingWriter passes a response on and keeps a copy of it, up to pageCacheMaxBody: its status,
// its body, and the header fields the handler set. Those the middleware around the cache set (the
// request ID, security headers, HSTS over TLS) belong to each request and are set again for it.
type keepingWriter struct {
	http.ResponseWriter
	before   http.Header // the header fields set before the handler ran
	status   int
	header   http.Header // the fields the handler set, as they were when the status was written
	body     []byte
	tooLarge bool
}

func (w *keepingWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
		w.header = http.Header{}
		for k, v := range w.ResponseWriter.Header() {
			if !slices.Equal(v, w.before[k]) {
				w.header[k] = slices.Clone(v)
			}
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *keepingWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if !w.tooLarge {
		if len(w.body)+len(p) > pageCacheMaxBody {
			w.tooLarge, w.body = true, nil
		} else {
			w.body = append(w.body, p...)
		}
	}
	return w.ResponseWriter.Write(p)
}

func (w *keepingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// keepable reports whether the response may be served to anyone else: a complete 200 that sets no
// cookie (a session or a form cookie belongs to one visitor).
func (w *keepingWriter) keepable() bool {
	return w.status == http.StatusOK && !w.tooLarge && len(w.header.Values("Set-Cookie")) == 0
}

func (w *keepingWriter) stored() storedResponse {
	return newStoredResponse(w.status, w.header, w.body)
}
