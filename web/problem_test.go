package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"civhub"
	"civhub/sqldb"
)

// checkProblem fails unless resp is an error in the one problem shape: a problem+json document
// with type, title, status, code and request ID, a detail, the fields at fault for a refused
// request, and Retry-After on 429 and 503.
func checkProblem(t *testing.T, what string, resp *http.Response) {
	t.Helper()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode < 400 {
		t.Errorf("%s: status %d, want an error", what, resp.StatusCode)
		return
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("%s: %d with Content-Type %q, want application/problem+json: %s", what, resp.StatusCode, ct, body)
		return
	}
	var p map[string]any
	if err := json.Unmarshal(body, &p); err != nil {
		t.Errorf("%s: %v in %s", what, err, body)
		return
	}
	code, _ := p["code"].(string)
	status := resp.StatusCode
	switch {
	case p["type"] != "about:blank" || p["title"] != http.StatusText(status) || p["status"] != float64(status):
		t.Errorf("%s: type, title or status wrong in %s", what, body)
	case !slices.Contains(errorCodes, code) || (statusOf(code) != status && codeOfStatus(status) != code):
		t.Errorf("%s: code %q does not match status %d", what, code, status)
	case p["request_id"] == "" || p["request_id"] != resp.Header.Get("X-Request-ID"):
		t.Errorf("%s: request_id %v, X-Request-ID %q", what, p["request_id"], resp.Header.Get("X-Request-ID"))
	case p["detail"] == nil || p["detail"] == "":
		t.Errorf("%s: no detail in %s", what, body)
	case (status == 400 || status == 422) && !problemNamesFields(p):
		t.Errorf("%s: a refused request without the fields at fault: %s", what, body)
	case (status == 429 || status == 503) && resp.Header.Get("Retry-After") == "":
		t.Errorf("%s: %d without Retry-After", what, status)
	}
}

// problemNamesFields reports whether p lists at least one part of the request, each with a message.
func problemNamesFields(p map[string]any) bool {
	list, _ := p["errors"].([]any)
	for _, item := range list {
		if e, _ := item.(map[string]any); e["message"] == nil || e["message"] == "" {
			return false
		}
	}
	return len(list) > 0
}

// operation is one API operation of the OpenAPI document, with a path whose parameters are filled
// in with wrong values (a word where a number belongs, a slug of nothing).
type operation struct {
	method, path string
	body         bool
}

func operations(t *testing.T, s *Server) []operation {
	t.Helper()
	raw, _ := io.ReadAll(get(t, s, "/api/openapi.json").Body)
	doc, err := openapi3.NewLoader().LoadFromData(raw)
	if err != nil {
		t.Fatal(err)
	}
	var ops []operation
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			filled := path
			for _, p := range op.Parameters {
				if p.Value.In != "path" {
					continue
				}
				value := "no-such-thing"
				if p.Value.Schema.Value.Type.Is("integer") {
					value = "twelve"
				}
				filled = strings.ReplaceAll(filled, "{"+p.Value.Name+"}", value)
			}
			ops = append(ops, operation{method: method, path: "/api" + filled, body: op.RequestBody != nil})
		}
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].method+ops[i].path < ops[j].method+ops[j].path })
	return ops
}

// TestAPIErrorsShareOneShape sends bad requests to every API operation: a path parameter of the
// wrong type, a body that is not JSON, a body of the wrong type, a token that is wrong or sent the
// wrong way, nobody signed in. Every error, whether civhub, huma's validation or the authentication
// made it, has the same shape.
func TestAPIErrorsShareOneShape(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	send := func(method, path, auth, body string) *http.Response {
		r := httptest.NewRequest(method, path, strings.NewReader(body))
		if body != "" {
			r.Header.Set("Content-Type", "application/json")
		}
		if auth != "" {
			r.Header.Set("Authorization", auth)
		}
		r.Header.Set("Accept-Language", "fr")
		w := httptest.NewRecorder()
		f.s.ServeHTTP(w, r)
		return w.Result()
	}
	volunteerToken := "Bearer " + f.tokens[volunteer]
	ops := operations(t, f.s)
	if len(ops) < 30 {
		t.Fatalf("only %d operations in the OpenAPI document", len(ops))
	}
	for _, op := range ops {
		name := op.method + " " + op.path
		checkProblem(t, name+" with a wrong token", send(op.method, op.path, "Bearer civhub_wrong", ""))
		checkProblem(t, name+" with a token sent the wrong way", send(op.method, op.path, "Token "+f.tokens[volunteer], ""))
		if strings.Contains(op.path, "no-such-thing") || strings.Contains(op.path, "twelve") {
			checkProblem(t, name+" with wrong path parameters", send(op.method, op.path, volunteerToken, "{}"))
		}
		if op.body {
			checkProblem(t, name+" with a body that is not JSON", send(op.method, op.path, volunteerToken, `{"title":`))
			checkProblem(t, name+" with a body of the wrong type", send(op.method, op.path, volunteerToken, `[1, 2]`))
		}
	}
	// The errors civhub's own rules give.
	for _, c := range []struct {
		what, method, path, auth, body string
		want                           int
	}{
		{"nobody signed in", "GET", "/api/v1/me", "", "", 401},
		{"a field at fault", "POST", "/api/v1/orgs", volunteerToken, `{"slug":"Bad Slug","name":"Alpha two","type":"ngo","country":"KE","mission":"","at_risk":false}`, 400},
		{"not allowed", "PUT", "/api/v1/orgs/alpha", volunteerToken, `{"name":"Alpha","type":"ngo","country":"KE","mission":"","at_risk":false}`, 403},
		{"nothing there", "GET", fmt.Sprintf("/api/v1/tasks/%d", 999999), volunteerToken, "", 404},
		{"no such operation", "GET", "/api/v1/no-such-operation", "", "", 404},
		{"a conflict", "POST", fmt.Sprintf("/api/v1/tasks/%d/apply", f.taskB.ID), volunteerToken, "{}", 409},
	} {
		resp := send(c.method, c.path, c.auth, c.body)
		if resp.StatusCode != c.want {
			t.Errorf("%s: status %d, want %d", c.what, resp.StatusCode, c.want)
		}
		checkProblem(t, c.what, resp)
	}
	t.Run("TooMany", func(t *testing.T) {
		var resp *http.Response
		for i := 0; i < 20 && (resp == nil || resp.StatusCode != http.StatusTooManyRequests); i++ {
			resp = send("POST", "/api/v1/auth/token", "", `{"email":"nobody@example.org","password":"a-wrong-guess"}`)
		}
		if resp.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("status %d, want 429", resp.StatusCode)
		}
		checkProblem(t, "too many sign-ins", resp)
	})
}

// TestProblemOfUnavailable: a database that does not answer gives 503 with Retry-After in the API.
func TestProblemOfUnavailable(t *testing.T) {
	s := newTestServer(t, nil)
	ctx := context.WithValue(context.Background(), requestInfoKey{}, &requestInfo{id: "abc", locale: s.catalog.Locale("ar")})
	p := s.apiError(ctx, civhub.Errorf(civhub.EUNAVAILABLE, "The database is not reachable.")).(*problem)
	if p.Status != 503 || p.Code != civhub.EUNAVAILABLE || p.headers.Get("Retry-After") == "" || p.RequestID != "abc" {
		t.Fatalf("problem %+v with headers %v, want 503 with Retry-After", p, p.headers)
	}
	internal := s.apiError(ctx, fmt.Errorf("pq: secret table name")).(*problem)
	if internal.Status != 500 || strings.Contains(internal.Detail, "secret") {
		t.Fatalf("an internal error shows %q", internal.Detail)
	}
}
