package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"civhub/sqldb"
)

// TestOpenAPIEnumsAccepted sends every value the OpenAPI document offers for a request's enumerated
// fields and expects the server to accept each: a client generated from the document must work (it
// once offered "translation" where the server took "translation_work"). A value outside the list is
// refused with 422 naming the field.
func TestOpenAPIEnumsAccepted(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	doc := readOpenAPI(t, f)
	enum := func(schema, prop string) []string {
		t.Helper()
		p, _ := doc.Components.Schemas[schema]["properties"].(map[string]any)
		values, _ := p[prop].(map[string]any)["enum"].([]any)
		if len(values) == 0 {
			t.Fatalf("%s.%s has no enum in the document", schema, prop)
		}
		var out []string
		for _, v := range values {
			if s := fmt.Sprint(v); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	for i, typ := range enum("TaskBody", "type") {
		body := map[string]any{"title": "Task of type " + typ, "type": typ, "estimated_hours": 2, "volunteers_wanted": 1,
			"join_mode": "claim", "source_language": "fr", "target_language": "ar", "languages": []string{"fr", "ar"}}
		path := fmt.Sprintf("/api/v1/needs/%d/tasks", f.needB.ID)
		if code := f.api(otherOrg, http.MethodPost, path, mustJSON(t, body)).StatusCode; code != http.StatusCreated {
			t.Errorf("task %d of type %q from the document: %d, want 201", i, typ, code)
		}
	}
	for i, typ := range enum("CreateOrganizationInputBody", "type") {
		body := map[string]any{"slug": fmt.Sprintf("org-%d", i), "name": "Org " + typ, "type": typ, "country": "KE", "mission": "", "at_risk": false}
		if code := f.api(volunteer, http.MethodPost, "/api/v1/orgs", mustJSON(t, body)).StatusCode; code != http.StatusCreated {
			t.Errorf("organization of type %q from the document: %d, want 201", typ, code)
		}
	}
	for _, kind := range enum("ResourceBody", "kind") {
		body := map[string]any{"kind": kind, "title": "An opportunity: " + kind, "provider": "A provider", "url": "https://example.org/" + kind}
		if code := f.api(volunteer, http.MethodPost, "/api/v1/resources", mustJSON(t, body)).StatusCode; code != http.StatusCreated {
			t.Errorf("opportunity of kind %q from the document: %d, want 201", kind, code)
		}
	}
	if code := f.api(otherOrg, http.MethodPost, fmt.Sprintf("/api/v1/needs/%d/tasks", f.needB.ID),
		`{"title":"Not a kind","type":"translation","estimated_hours":2,"volunteers_wanted":1,"join_mode":"claim"}`).StatusCode; code != http.StatusUnprocessableEntity {
		t.Errorf("a type outside the document's list: %d, want 422", code)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
