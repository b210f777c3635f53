package web

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"civhub"
)

// api mounts the JSON API: operations under /api/v1 and the OpenAPI 3.1 document at
// /api/openapi.json. Clients authenticate with bearer tokens, so the API is outside the browser
// routes' cross-origin protection.
func (s *Server) api() http.Handler {
	mux := http.NewServeMux()
	cfg := huma.DefaultConfig("civhub API", civhub.Version)
	cfg.Info.Description = "The JSON API of civhub, the online home of Civil Society 2.0."
	cfg.OpenAPIPath = "/openapi"
	cfg.DocsPath = "" // the hosted docs page loads scripts from a CDN, which civhub never does
	cfg.SchemasPath = ""
	cfg.CreateHooks = nil // no $schema links: they would point at the disabled schemas path
	api := humago.NewWithPrefix(mux, "/api", cfg)
	s.registerMeta(api)
	mux.Handle("/api/", s.handle(func(w http.ResponseWriter, r *http.Request) error {
		return civhub.Errorf(civhub.ENOTFOUND, "No such API operation.")
	}))
	return mux
}

// MetaOutput describes this civhub instance.
type MetaOutput struct {
	Body struct {
		Name    string       `json:"name" doc:"Always civhub."`
		Version string       `json:"version" doc:"The version of civhub serving this API."`
		Locales []metaLocale `json:"locales" doc:"The interface languages this instance speaks."`
	}
}

type metaLocale struct {
	Code      string `json:"code" doc:"BCP 47 language code." example:"ar"`
	Name      string `json:"name" doc:"The language's name in itself." example:"العربية"`
	Direction string `json:"direction" enum:"ltr,rtl" doc:"Writing direction."`
}

func (s *Server) registerMeta(api huma.API) {
	huma.Register(api, huma.Operation{
		OperationID: "get-meta",
		Method:      http.MethodGet,
		Path:        "/v1/meta",
		Summary:     "Describe this instance",
		Description: "Returns the name, version and interface languages of this civhub instance. No authentication.",
		Tags:        []string{"Instance"},
	}, func(ctx context.Context, _ *struct{}) (*MetaOutput, error) {
		out := &MetaOutput{}
		out.Body.Name = "civhub"
		out.Body.Version = civhub.Version
		for _, l := range s.catalog.Locales() {
			out.Body.Locales = append(out.Body.Locales, metaLocale{Code: l.Code, Name: l.Name, Direction: l.Dir})
		}
		return out, nil
	})
}
