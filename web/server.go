// Package web serves civhub over HTTP: server-rendered pages that work without JavaScript, the JSON
// API under /api, static files, and the health and metrics endpoints. Handlers return errors; one
// error renderer turns them into an HTML page or a JSON problem document.
package web

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/alexedwards/scs/v2"
	"github.com/prometheus/client_golang/prometheus"

	"civhub"
	"civhub/i18n"
	"civhub/taxonomy"
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

	Accounts      civhub.AccountService
	People        civhub.PersonService
	Organizations civhub.OrganizationService
	Sessions      SessionStore
	Mail          civhub.MailQueue // for the development outbox page

	// IPSecret keys the hashes of client addresses used for rate limits.
	IPSecret []byte

	// BehindProxy trusts X-Forwarded-Proto, X-Forwarded-For and X-Request-ID from a TLS-terminating
	// proxy in front, and makes session cookies __Host- cookies sent only over HTTPS.
	BehindProxy bool
}

// Server holds the parsed templates, static files and routes.
type Server struct {
	logger       *slog.Logger
	catalog      *i18n.Catalog
	db           Pinger
	behindProxy  bool
	registry     *prometheus.Registry
	accounts     civhub.AccountService
	people       civhub.PersonService
	orgs         civhub.OrganizationService
	sessionStore SessionStore
	sessions     *scs.SessionManager
	mail         civhub.MailQueue
	ipSecret     []byte
	taxonomy     *taxonomy.Taxonomy
	metrics      *httpMetrics
	templates    *templates
	static       *staticFiles
	handler      http.Handler
}

// New builds a Server, parsing every template and hashing every static file once.
func New(cfg Config) (*Server, error) {
	s := &Server{
		logger:       cfg.Logger,
		catalog:      cfg.Catalog,
		db:           cfg.DB,
		behindProxy:  cfg.BehindProxy,
		registry:     cfg.Registry,
		accounts:     cfg.Accounts,
		people:       cfg.People,
		orgs:         cfg.Organizations,
		sessionStore: cfg.Sessions,
		sessions:     newSessionManager(cfg.Sessions, cfg.BehindProxy),
		mail:         cfg.Mail,
		ipSecret:     cfg.IPSecret,
	}
	var err error
	if s.taxonomy, err = taxonomy.Load(); err != nil {
		return nil, err
	}
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

	pages.Handle("GET /signup", s.handle(s.signUpForm))
	pages.Handle("POST /signup", s.handle(s.signUp))
	pages.Handle("GET /signin", s.handle(s.signInForm))
	pages.Handle("POST /signin", s.handle(s.signInSubmit))
	pages.Handle("POST /signout", s.handle(s.signOut))
	pages.Handle("GET /verify/{token}", s.handle(s.verifyForm))
	pages.Handle("POST /verify/{token}", s.handle(s.verifySubmit))
	pages.Handle("GET /reset", s.handle(s.resetRequestForm))
	pages.Handle("POST /reset", s.handle(s.resetRequestSubmit))
	pages.Handle("GET /reset/{token}", s.handle(s.resetForm))
	pages.Handle("POST /reset/{token}", s.handle(s.resetSubmit))

	pages.Handle("GET /signin/code", s.handle(s.secondFactorForm))
	pages.Handle("POST /signin/code", s.handle(s.secondFactorSubmit))

	pages.Handle("GET /account", s.handle(s.account))
	pages.Handle("POST /account/sessions/revoke", s.handle(s.revokeSession))
	pages.Handle("GET /account/confirm", s.handle(s.confirmForm))
	pages.Handle("POST /account/confirm", s.handle(s.confirmSubmit))
	pages.Handle("GET /account/2fa", s.handle(s.twoFactor))
	pages.Handle("POST /account/2fa", s.handle(s.enableTwoFactor))
	pages.Handle("POST /account/2fa/off", s.handle(s.disableTwoFactor))
	pages.Handle("POST /account/2fa/codes", s.handle(s.renewRecoveryCodes))
	pages.Handle("GET /account/password", s.handle(s.passwordForm))
	pages.Handle("POST /account/password", s.handle(s.passwordSubmit))
	pages.Handle("GET /account/email", s.handle(s.emailForm))
	pages.Handle("POST /account/email", s.handle(s.emailSubmit))
	pages.Handle("GET /account/email/{token}", s.handle(s.emailConfirmForm))
	pages.Handle("POST /account/email/{token}", s.handle(s.emailConfirmSubmit))
	pages.Handle("GET /admin/outbox", s.handle(s.outbox))
	pages.Handle("/", s.handle(s.notFound))

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(s.handle(func(w http.ResponseWriter, r *http.Request) error { return errCrossOrigin }))

	root := http.NewServeMux()
	root.Handle("GET /static/{name}", s.handle(s.serveStatic))
	root.Handle("/", cop.Handler(s.sessions.LoadAndSave(s.loadViewer(pages))))
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
