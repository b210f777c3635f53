package web

import (
	"context"
	"encoding/json"
	"io"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestOpenAPIDocument loads /api/openapi.json with kin-openapi and validates it, so that clients
// generated from it work.
func TestOpenAPIDocument(t *testing.T) {
	s := newTestServer(t, nil)
	resp := get(t, s, "/api/openapi.json")
	body, _ := io.ReadAll(resp.Body)
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(body)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("the OpenAPI document is not valid: %v", err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi = %q, want 3.1.0", doc.OpenAPI)
	}
	if doc.Paths.Find("/v1/meta") == nil {
		t.Error("the document lacks /v1/meta")
	}
	if len(doc.Servers) != 1 || doc.Servers[0].URL != "/api" {
		t.Errorf("servers = %v, want one with URL /api", doc.Servers)
	}
}

func TestMeta(t *testing.T) {
	s := newTestServer(t, nil)
	var out struct {
		Name    string `json:"name"`
		Locales []struct{ Code, Direction string }
	}
	if err := json.NewDecoder(get(t, s, "/api/v1/meta").Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	if out.Name != "civhub" || len(out.Locales) != 4 || out.Locales[3].Code != "ar" || out.Locales[3].Direction != "rtl" {
		t.Fatalf("meta = %+v", out)
	}
}

// apiOperations lists the API's operations as "METHOD /path" from its OpenAPI document.
func apiOperations(t *testing.T, s *Server) []string {
	t.Helper()
	body, _ := io.ReadAll(get(t, s, "/api/openapi.json").Body)
	doc, err := openapi3.NewLoader().LoadFromData(body)
	if err != nil {
		t.Fatal(err)
	}
	var ops []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			ops = append(ops, method+" "+path)
		}
	}
	return ops
}
