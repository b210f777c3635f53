// Package web serves civhub over HTTP: server-rendered pages that work without JavaScript, the JSON
// API under /api, static files, and the health and metrics endpoints. Handlers return errors; one
// error renderer turns them into an HTML page or a JSON problem document.
package web

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"

	"civhub/i18n"
)

// Pinger reports whether the database answers.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Config is what the web layer needs from main.
type Config struct {
	Logger   *slog.Logger
	Catalog  *i18n.Catalog
	DB       Pinger
	Registry *prometheus.Registry // where request metrics are registered and /metrics reads from

	// BehindProxy trusts X-Forwarded-Proto and X-Request-ID from a TLS-terminating proxy in front.
	BehindProxy bool
}

// Server holds the parsed templates, static files and routes.
type Server struct {
	logger      *slog.Logger
	catalog     *i18n.Catalog
	db          Pinger
	behindProxy bool
	registry    *prometheus.Registry
	metrics     *httpMetrics
	templates   *templates
	static      *staticFiles
	handler     http.Handler
}

// New builds a Server, parsing every template and hashing every static file once.
func New(cfg Config) (*Server, error) {
	s := &Server{
		logger:      cfg.Logger,
		catalog:     cfg.Catalog,
		db:          cfg.DB,
		behindProxy: cfg.BehindProxy,
		registry:    cfg.Registry,
	}
	var err error
	if s.static, err = loadStatic(); err != nil {
		return nil, err
	}
	if s.templates, err = parseTemplates(); err != nil {
		return nil, err
	}
	if s.metrics, err = newHTTPMetrics(cfg.Registry); err != nil {
		return nil, err
	}
	s.handler = s.middleware(s.routes())
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// routes lists every route. Browser routes sit behind cross-origin protection; the API, which
// authenticates with bearer tokens rather than cookies, does not.
func (s *Server) routes() http.Handler {
	pages := http.NewServeMux()
	pages.Handle("GET /{$}", s.handle(s.home))
	pages.Handle("GET /about", s.handle(s.about))
	pages.Handle("POST /lang", s.handle(s.setLanguage))
	pages.Handle("GET /static/{name}", s.handle(s.serveStatic))
	pages.Handle("/", s.handle(s.notFound))

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(s.handle(func(w http.ResponseWriter, r *http.Request) error { return errCrossOrigin }))

	root := http.NewServeMux()
	root.Handle("/", cop.Handler(pages))
	root.Handle("/api/", s.api())
	root.Handle("GET /healthz", s.handle(s.healthz))
	root.Handle("GET /readyz", s.handle(s.readyz))
	root.Handle("GET /metrics", s.metricsHandler())
	return root
}

// handlerFunc is an HTTP handler that returns its error for the one error renderer to show.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

func (s *Server) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.renderError(w, r, err)
		}
	})
}
