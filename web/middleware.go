package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"civhub"
	"civhub/i18n"
)

// requestInfo is what the middleware learns about a request before the handler runs.
type requestInfo struct {
	id     string       // the request ID, echoed in X-Request-ID and in logs
	locale *i18n.Locale // the viewer's interface language
	viewer *civhub.Person
	actor  *civhub.Actor // the viewer with their memberships; an anonymous actor when nobody signed in

	// sessionCtx is the context that carries the loaded session, on routes that load it; others
	// (static files, the API, health) have none and must not touch the session.
	sessionCtx context.Context

	// formCookie is a form cookie made for this response (see formToken), for render to send.
	formCookie *http.Cookie

	// route is the pattern of the route or API operation that serves the request, for logs and
	// metrics; set once the router knows it (see routeOf).
	route string
}

type requestInfoKey struct{}

func requestInfoOf(r *http.Request) *requestInfo {
	if info, ok := r.Context().Value(requestInfoKey{}).(*requestInfo); ok {
		return info
	}
	return &requestInfo{}
}

// langCookie holds the language a person chose with the switcher.
const langCookie = "lang"

// middleware wraps every request, outermost first: request ID and locale, logging and metrics,
// security headers, compression, then panic recovery, so that even a panic's error page is logged,
// carries the security headers and is compressed like any other response; innermost, text that could
// not be stored is refused before any handler reads it.
func (s *kit) middleware(next http.Handler) http.Handler {
	h := s.recoverPanics(s.refuseUnstorableInput(next))
	h = compress(h)
	h = s.securityHeaders(h)
	h = s.observe(h)
	return s.identify(h)
}

// requestIDPattern accepts IDs from a trusted proxy only when they are short and plain.
var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

// identify gives the request an ID and a locale.
func (s *kit) identify(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-ID")
		if !s.behindProxy || !requestIDPattern.MatchString(id) {
			id = newRequestID()
		}
		choice := ""
		if c, err := r.Cookie(langCookie); err == nil {
			choice = c.Value
		}
		info := &requestInfo{id: id, locale: s.catalog.Negotiate(choice, r.Header.Get("Accept-Language"))}
		w.Header().Set("X-Request-ID", id)
		w.Header().Add("Vary", "Accept-Language, Cookie")
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestInfoKey{}, info)))
	})
}

func newRequestID() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// recoverPanics turns a panic in a handler into a logged internal error and a 500 page, rather than
// a dropped connection.
func (s *kit) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.renderError(w, r, fmt.Errorf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// contentSecurityPolicy allows only civhub's own files: no inline script, no third parties, no
// framing.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// securityHeaders sets the headers every response carries.
func (s *kit) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		if s.overTLS(r) {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// overTLS reports whether the client reached us over HTTPS, directly or through a trusted proxy.
func (s *kit) overTLS(r *http.Request) bool {
	return r.TLS != nil || (s.behindProxy && r.Header.Get("X-Forwarded-Proto") == "https")
}

// httpMetrics are the request counters and timings exported at /metrics.
type httpMetrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newHTTPMetrics(reg *prometheus.Registry) (*httpMetrics, error) {
	m := &httpMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "civhub_http_requests_total", Help: "HTTP requests by route pattern and status code.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "civhub_http_request_duration_seconds", Help: "HTTP request duration by route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route"}),
	}
	for _, c := range []prometheus.Collector{m.requests, m.duration} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

// WriteHeader passes on the first status only: a second (an error met after the page began) can no
// longer reach the client.
func (w *statusRecorder) WriteHeader(code int) {
	if w.status != 0 {
		return
	}
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusRecorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// statusClientGone is the status recorded for a request whose client went away before the answer
// (nginx's 499): not an error of civhub's, and never counted as one.
const statusClientGone = 499

// observe logs each request (without personal data: no IP, no query string, no user agent) and
// records its metrics by route pattern, never by raw path.
func (s *kit) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		switch {
		case clientGone(r) && (rec.status == 0 || rec.status >= http.StatusInternalServerError):
			rec.status = statusClientGone
		case rec.status == 0:
			rec.status = http.StatusOK
		}
		elapsed := time.Since(start)
		route := routeOf(r)
		s.metrics.requests.WithLabelValues(route, strconv.Itoa(rec.status)).Inc()
		s.metrics.duration.WithLabelValues(route).Observe(elapsed.Seconds())
		s.logger.Info("request", "request_id", requestInfoOf(r).id, "method", r.Method, "route", route,
			"status", rec.status, "duration_ms", float64(elapsed.Microseconds())/1000)
	})
}

// routeOf names the route of a request for logs and metrics: the pattern of the page route or API
// operation that served it, else the pattern the outer router matched, else "unmatched".
func routeOf(r *http.Request) string {
	if route := requestInfoOf(r).route; route != "" {
		return route
	}
	if r.Pattern != "" {
		return r.Pattern
	}
	return "unmatched"
}

// nameRoute records the route that mux would serve r with, before anything on the way there (the
// session, cross-origin protection) can fail, so that even such a failure is told by its route.
func nameRoute(mux *http.ServeMux, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern != "" {
			requestInfoOf(r).route = pattern
		}
		next.ServeHTTP(w, r)
	})
}

// clientGone reports whether the client of r went away (or the server is shutting the request down):
// whatever failed after that is not civhub's error, and there is nobody to tell.
func clientGone(r *http.Request) bool {
	return r.Context().Err() != nil
}
