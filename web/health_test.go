package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestMetricsAreNotPublic checks that the public handler does not serve the metrics, and that the
// handler meant for the separate listener does, with the public requests counted.
func TestMetricsAreNotPublic(t *testing.T) {
	s := newTestServer(t, nil)
	for path, want := range map[string]int{"/metrics": 404, "/healthz": 200, "/readyz": 200} {
		if resp := get(t, s, path); resp.StatusCode != want {
			t.Errorf("public GET %s = %d, want %d", path, resp.StatusCode, want)
		}
	}
	w := httptest.NewRecorder()
	s.Metrics().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body, _ := io.ReadAll(w.Result().Body)
	if w.Code != http.StatusOK || !strings.Contains(string(body), `civhub_http_requests_total{code="200",route="GET /healthz"} 1`) {
		t.Fatalf("metrics handler: status %d, body:\n%s", w.Code, body)
	}
}
