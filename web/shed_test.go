package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// fillGate takes every place of the gate, as requests in flight would, and returns how to give them back.
func fillGate(g *gate) (release func()) {
	for range cap(g.slots) {
		g.slots <- struct{}{}
	}
	return func() {
		for range cap(g.slots) {
			g.leave()
		}
	}
}

// TestShedding fills a node's places: a reader then waits its short turn and is told, in their
// language, that civhub is busy (503, Retry-After), pages and API alike, while writes and health
// checks still pass; a reader waiting in line gets in when a place frees up, and one past the line's
// length is answered at once.
func TestShedding(t *testing.T) {
	s := newTestServer(t, nil)
	s.gate.wait = 20 * time.Millisecond
	s.gate.maxQueued = 1
	release := fillGate(s.gate)

	r := httptest.NewRequest(http.MethodGet, "/tasks?q=agua&sort=deadline", nil)
	r.Header.Set("Accept-Language", "ar")
	r.Header.Set("Accept-Encoding", "br, gzip")
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	body := w.Body.String()
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") != "2" || w.Header().Get("Content-Encoding") != "" ||
		!strings.Contains(body, `<html lang="ar" dir="rtl">`) || !strings.Contains(body, "يستخدم civhub عدد كبير من الأشخاص") ||
		!strings.Contains(body, `<a href="/tasks?q=agua&amp;sort=deadline">حاول مرة أخرى</a>`) || len(body) > 1024 {
		t.Errorf("busy page: %d, Retry-After %q, Content-Encoding %q, %d bytes:\n%s", w.Code, w.Header().Get("Retry-After"),
			w.Header().Get("Content-Encoding"), len(body), body)
	}
	if w.Header().Get("Content-Security-Policy") == "" {
		t.Error("the busy page lacks the security headers")
	}
	w = httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/api/v1/tasks", nil))
	var p problem
	if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil || w.Code != http.StatusServiceUnavailable ||
		p.Code != "unavailable" || w.Header().Get("Retry-After") != "2" {
		t.Errorf("busy API: %d, %v, %+v", w.Code, err, p)
	}
	if resp := get(t, s, "/healthz"); resp.StatusCode != http.StatusOK {
		t.Errorf("health check shed: %d", resp.StatusCode)
	}
	w = httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/lang", strings.NewReader("lang=fr")))
	if w.Code == http.StatusServiceUnavailable {
		t.Errorf("a write was shed")
	}

	// One reader waits in line; a second finds the line full and is answered at once; when a place
	// frees up, the first gets in.
	s.gate.wait = time.Minute
	waited := make(chan int)
	go func() {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/tasks", nil))
		waited <- w.Code
	}()
	for s.gate.queued.Load() != 1 {
		time.Sleep(time.Millisecond)
	}
	w = httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/tasks", nil))
	if w.Code != http.StatusServiceUnavailable {
		t.Errorf("past a full line: %d, want 503", w.Code)
	}
	s.gate.leave()
	if code := <-waited; code != http.StatusOK {
		t.Errorf("the reader in line got %d once a place freed up", code)
	}
	s.gate.slots <- struct{}{}
	release()
	if resp := get(t, s, "/tasks"); resp.StatusCode != http.StatusOK {
		t.Errorf("after the crowd: %d", resp.StatusCode)
	}
	if m := scrape(t, s); !strings.Contains(m, `civhub_http_requests_total{code="503",route="GET /tasks"} 2`) {
		t.Errorf("shed pages not counted under their route:\n%s", grepLines(m, "civhub_http_requests_total"))
	}
}
