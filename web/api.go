package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"civhub"
)

// api mounts the JSON API: operations under /api/v1 and the OpenAPI 3.1 document at
// /api/openapi.json. Clients authenticate with bearer tokens, so the API is outside the browser
// routes' cross-origin protection and never reads the session cookie.
func (s *Server) api() *http.ServeMux {
	mux := http.NewServeMux()
	cfg := huma.DefaultConfig("civhub API", civhub.Version)
	cfg.Info.Description = "The JSON API of civhub, the online home of Civil Society 2.0. Authenticate with a personal " +
		"API token (made in your account settings, or with POST /v1/auth/token) in an `Authorization: Bearer …` header. " +
		"Messages follow the Accept-Language header (en, es, fr, ar)."
	cfg.OpenAPIPath = "/openapi"
	cfg.DocsPath = "" // the hosted docs page loads scripts from a CDN, which civhub never does
	cfg.SchemasPath = ""
	cfg.CreateHooks = nil // no $schema links: they would point at the disabled schemas path
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer": {Type: "http", Scheme: "bearer", Description: "A personal API token, starting with civhub_."},
	}
	api := humago.NewWithPrefix(mux, "/api", cfg)
	api.UseMiddleware(nameOperation, s.authenticateAPICall, s.checkAPIBody)
	s.registerMeta(api)
	s.identity.registerAPI(api)
	s.account.registerAPI(api)
	s.organizations.registerAPI(api)
	s.work.registerAPI(api)
	s.posting.registerAPI(api)
	s.directory.registerAPI(api)
	s.radar.registerAPI(api)
	s.matching.registerAPI(api)
	s.notifications.registerAPI(api)
	s.learning.registerAPI(api)
	s.toolkits.registerAPI(api)
	s.events.registerAPI(api)
	s.challenges.registerAPI(api)
	s.gallery.registerAPI(api)
	constrainSchemas(api.OpenAPI().Components.Schemas)
	mux.Handle("/api/", s.handle(func(w http.ResponseWriter, r *http.Request) error {
		return civhub.E(civhub.ENOTFOUND, "err.no_operation", "No such API operation.")
	}))
	return mux
}

// apiCaller is what the API knows about a request: who sends it (nil actor person when no token
// was given) and from where.
type apiCaller struct {
	actor  *civhub.Actor
	client civhub.Client
	header http.Header // the request headers that client was read from
}

type apiCallerKey struct{}

// authenticateAPICall reads the bearer token, if any, and puts the caller into the context. A token
// that is given but wrong is refused at once; no token means an anonymous caller, refused at once
// by the operations that declare they need a token. Middleware runs before huma reads and validates
// the request, so that a caller without a token learns that first (401), not what is wrong with
// the body (422).
func (s *kit) authenticateAPICall(ctx huma.Context, next func(huma.Context)) {
	h := http.Header{"User-Agent": {ctx.Header("User-Agent")}, "X-Forwarded-For": {ctx.Header("X-Forwarded-For")},
		"Cookie": {ctx.Header("Cookie")}}
	caller := &apiCaller{actor: civhub.NewActor(nil, nil, nil), client: s.clientOf(ctx.RemoteAddr(), h), header: h}
	if auth := ctx.Header("Authorization"); auth != "" {
		token, ok := strings.CutPrefix(auth, "Bearer ")
		var p *civhub.Person
		var err error = civhub.E(civhub.EUNAUTHORIZED, "err.bearer_needed", "Use an Authorization: Bearer header.")
		if ok {
			p, err = s.tokens.PersonForToken(ctx.Context(), strings.TrimSpace(token))
		}
		if err == nil {
			caller.actor, err = s.actorFor(ctx.Context(), p)
		}
		if err != nil {
			ctx.SetHeader("WWW-Authenticate", `Bearer realm="civhub"`)
			s.writeAPIError(ctx, err)
			return
		}
	} else if needsToken(ctx.Operation()) {
		ctx.SetHeader("WWW-Authenticate", `Bearer realm="civhub"`)
		s.writeAPIError(ctx, errTokenNeeded)
		return
	}
	next(huma.WithValue(ctx, apiCallerKey{}, caller))
}

// needsToken reports whether op declares that every call needs a personal API token (a bearer
// security requirement, with no empty requirement that would make it optional).
func needsToken(op *huma.Operation) bool {
	if op == nil {
		return false
	}
	needs := false
	for _, req := range op.Security {
		if len(req) == 0 {
			return false
		}
		if _, ok := req["bearer"]; ok {
			needs = true
		}
	}
	return needs
}

var errTokenNeeded = civhub.E(civhub.EUNAUTHORIZED, "err.token_needed", "Send a personal API token in an Authorization: Bearer header.")

// writeAPIError answers with err's problem from outside an operation's handler.
func (s *kit) writeAPIError(ctx huma.Context, err error) {
	p := s.apiError(ctx.Context(), err).(*problem)
	for k, vs := range p.headers {
		for _, v := range vs {
			ctx.AppendHeader(k, v)
		}
	}
	ctx.SetHeader("Content-Type", "application/problem+json")
	ctx.SetHeader("Cache-Control", "no-store")
	ctx.SetStatus(p.Status)
	json.NewEncoder(ctx.BodyWriter()).Encode(p)
}

func callerOf(ctx context.Context) *apiCaller {
	if c, ok := ctx.Value(apiCallerKey{}).(*apiCaller); ok {
		return c
	}
	return &apiCaller{actor: civhub.NewActor(nil, nil, nil)}
}

// requireCaller returns the authenticated actor, or a 401.
func (s *kit) requireCaller(ctx context.Context) (*civhub.Actor, error) {
	a := callerOf(ctx).actor
	if !a.SignedIn() {
		return nil, s.apiError(ctx, errTokenNeeded)
	}
	return a, nil
}

// localeOf returns the request's negotiated language.
func localeOf(ctx context.Context) *requestInfo {
	if info, ok := ctx.Value(requestInfoKey{}).(*requestInfo); ok {
		return info
	}
	return &requestInfo{}
}

// apiError turns err into the API's problem document (see problemOf). Internal errors are logged
// and their details kept from the caller.
func (s *kit) apiError(ctx context.Context, err error) huma.StatusError {
	var p *problem
	if errors.As(err, &p) {
		return p
	}
	info := localeOf(ctx)
	if civhub.ErrorCode(err) == civhub.EINTERNAL && ctx.Err() == nil {
		s.logger.Error("internal error", "request_id", info.id, "route", info.route, "err", err)
	}
	return problemOf(info, err)
}

// bearer marks an operation as needing a personal API token.
var bearer = []map[string][]string{{"bearer": {}}}

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

// defaultClaimHours is how long a claim holds a place when the organization does not say: three days.
const defaultClaimHours = 72

// schemaEnums names, for each request body of the API, the properties whose values come from one of
// the domain's lists. The document and the validator read the lists themselves, so that what the
// document offers is exactly what the server accepts (a hand-written list once offered
// "translation" where civhub takes "translation_work").
var schemaEnums = map[string]map[string][]string{
	"TaskBody":                    {"type": civhub.TaskTypes},
	"OrganizationBody":            {"type": civhub.OrganizationTypes, "size": append([]string{""}, civhub.OrganizationSizes...)},
	"CreateOrganizationInputBody": {"type": civhub.OrganizationTypes, "size": append([]string{""}, civhub.OrganizationSizes...)},
	"ResourceBody":                {"kind": civhub.ResourceKinds},
	"UpdateResourceInputBody":     {"kind": civhub.ResourceKinds},
}

// constrainSchemas writes schemaEnums into the registered schemas (before any request is validated
// against them) and recomputes their validation messages.
func constrainSchemas(r huma.Registry) {
	for name, props := range schemaEnums {
		s := r.Map()[name]
		if s == nil {
			panic("constrainSchemas: no schema " + name)
		}
		for prop, values := range props {
			p := s.Properties[prop]
			if p == nil {
				panic("constrainSchemas: no property " + name + "." + prop)
			}
			p.Enum = nil
			for _, v := range values {
				p.Enum = append(p.Enum, v)
			}
			p.PrecomputeMessages()
		}
		s.PrecomputeMessages()
	}
}

// nameOperation records the API operation's pattern as the request's route, for logs and metrics.
func nameOperation(ctx huma.Context, next func(huma.Context)) {
	if op := ctx.Operation(); op != nil {
		localeOf(ctx.Context()).route = op.Method + " /api" + op.Path
	}
	next(ctx)
}
