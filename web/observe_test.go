package web

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// scrape returns the metrics s exports.
func scrape(t *testing.T, s *Server) string {
	t.Helper()
	w := httptest.NewRecorder()
	s.Metrics().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body, _ := io.ReadAll(w.Result().Body)
	return string(body)
}

// TestAbandonedRequests sends requests whose client has gone away, to pages, to the API, and with a
// session cookie whose session cannot be read any more: none is logged as an error, none counted as
// a 500, and each is counted as 499 under its own route. On both databases, where the cancelled
// query fails in each driver's own way.
func TestAbandonedRequests(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newServerOn(t, db, nil)
		var logs bytes.Buffer
		s.logger = slog.New(slog.NewTextHandler(&logs, nil))
		gone, cancel := context.WithCancel(context.Background())
		cancel()
		for _, c := range []struct{ path, cookie, route string }{
			{"/tasks", "", "GET /tasks"},
			{"/tasks?q=albergue&sort=deadline", "", "GET /tasks"},
			{"/me", "civhub_session=4b2d8f0e9a7c6b5d4e3f2a1b0c9d8e7f", "GET /me"},
			{"/api/v1/tasks?sort=deadline", "", "GET /api/v1/tasks"},
		} {
			r := httptest.NewRequest(http.MethodGet, c.path, nil).WithContext(gone)
			if c.cookie != "" {
				r.Header.Set("Cookie", c.cookie)
			}
			w := httptest.NewRecorder()
			s.ServeHTTP(w, r)
			if w.Code >= 500 && w.Body.Len() > 0 && !strings.HasPrefix(c.path, "/api/") {
				t.Errorf("%s: an error page was written for a client that had gone: %d", c.path, w.Code)
			}
		}
		metrics := scrape(t, s)
		if strings.Contains(metrics, `code="500"`) {
			t.Errorf("an abandoned request was counted as a 500:\n%s", grepLines(metrics, "civhub_http_requests_total"))
		}
		for _, want := range []string{`code="499",route="GET /tasks"} 2`, `code="499",route="GET /me"} 1`,
			`code="499",route="GET /api/v1/tasks"} 1`} {
			if !strings.Contains(metrics, `civhub_http_requests_total{`+want) {
				t.Errorf("metrics lack %s:\n%s", want, grepLines(metrics, "civhub_http_requests_total"))
			}
		}
		if strings.Contains(logs.String(), "level=ERROR") || strings.Contains(logs.String(), "internal error") {
			t.Errorf("an abandoned request was logged as an error:\n%s", logs.String())
		}
	})
}

// TestRouteLabels checks that logs and metrics name each page and API operation by its own route
// pattern, not by the outer router's "/".
func TestRouteLabels(t *testing.T) {
	s := newTestServer(t, nil)
	var logs bytes.Buffer
	s.logger = slog.New(slog.NewTextHandler(&logs, nil))
	routes := map[string]string{
		"/":                "GET /{$}",
		"/tasks":           "GET /tasks",
		"/tasks/999999":    "GET /tasks/{id}",
		"/resources":       "GET /resources",
		"/api/v1/tasks":    "GET /api/v1/tasks",
		"/api/v1/tasks/99": "GET /api/v1/tasks/{id}",
		"/no/such/page":    "/",
		"/static/app.css":  "GET /static/{name}",
	}
	for path := range routes {
		get(t, s, path)
	}
	metrics := scrape(t, s)
	for path, route := range routes {
		if !strings.Contains(metrics, `route="`+route+`"`) {
			t.Errorf("%s: no metrics under route %q:\n%s", path, route, grepLines(metrics, "civhub_http_requests_total"))
		}
		if !strings.Contains(logs.String(), `route="`+route+`"`) && !strings.Contains(logs.String(), "route="+route+" ") {
			t.Errorf("%s: no log line with route %q:\n%s", path, route, logs.String())
		}
	}
}

// grepLines returns the lines of s that contain sub.
func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
