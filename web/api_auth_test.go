package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"civhub/sqldb"
)

// TestAPIAuthenticatesBeforeValidating sends every API operation that declares it needs a token,
// as read from the OpenAPI document, an anonymous request with a body and query that fail
// validation: each must answer 401, not tell the anonymous caller what is wrong with the input.
func TestAPIAuthenticatesBeforeValidating(t *testing.T) {
	eachServer(t, func(t *testing.T, s *Server, db *sqldb.DB) {
		body, _ := io.ReadAll(get(t, s, "/api/openapi.json").Body)
		doc, err := openapi3.NewLoader().LoadFromData(body)
		if err != nil {
			t.Fatal(err)
		}
		param := regexp.MustCompile(`\{[^}]+\}`)
		checked := 0
		for path, item := range doc.Paths.Map() {
			for method, op := range item.Operations() {
				if op.Security == nil || len(*op.Security) == 0 {
					continue
				}
				checked++
				url := "/api" + param.ReplaceAllString(path, "1") + "?limit=-1&after=x&status=nonsense"
				var r *http.Request
				if method == http.MethodGet || method == http.MethodDelete {
					r = httptest.NewRequest(method, url, nil)
				} else {
					r = httptest.NewRequest(method, url, strings.NewReader(`{"title":12345,"hours":"many","unknown_field":true}`))
					r.Header.Set("Content-Type", "application/json")
				}
				w := httptest.NewRecorder()
				s.ServeHTTP(w, r)
				if w.Code != http.StatusUnauthorized || w.Header().Get("WWW-Authenticate") == "" {
					t.Errorf("anonymous %s %s with bad input: status %d, want 401 with WWW-Authenticate:\n%s", method, path, w.Code, w.Body)
				}
			}
		}
		if checked < 20 {
			t.Fatalf("only %d operations declare a token", checked)
		}
	})
}
