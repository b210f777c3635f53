// Package web serves civhub over HTTP: server-rendered pages that work without JavaScript, the JSON
// API under /api, static files and the health endpoints; the metrics have a handler of their own,
// for a listener that the public does not reach. Handlers return errors; one error renderer turns
// them into an HTML page or a JSON problem document.
package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

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
	Registry *prometheus.Registry // where request metrics are registered and Metrics reads from

	Accounts      civhub.AccountService
	People        civhub.PersonService
	Organizations civhub.OrganizationService
	Verifications civhub.VerificationService
	Audit         civhub.AuditService
	Profiles      civhub.ProfileService
	Tokens        civhub.TokenService
	Data          civhub.DataService
	Needs         civhub.NeedService
	Resources     civhub.ResourceService
	Radar         civhub.RadarService
	Calendars     civhub.CalendarService
	Suggestions   civhub.SuggestionService
	Courses       civhub.CourseService
	Toolkits      civhub.ToolkitService
	Events        civhub.EventService
	EventKits     civhub.EventKitService
	Challenges    civhub.ChallengeService
	Hackathons    civhub.HackathonService
	Phones        civhub.PhoneService         // people's phone numbers
	Standby       civhub.StandbyService       // the standby roster for crises
	SMSLog        civhub.SMSLog               // the messages sent and received, for the development gateway's page
	SMSGateway    string                      // the name of the gateway text messages go through; "" while none is set up
	SMSInbox      civhub.SMSInbox             // the text messages that arrive
	SMSOutbox     civhub.SMSOutbox            // for the gateways' delivery receipts
	AndroidKey    string                      // the signing key of SMS Gateway for Android's webhooks; "" to take none
	TwilioToken   string                      // the auth token that signs Twilio's webhooks; "" to take none
	FetchSMSSoon  func(context.Context) error // has the gateway's inbox read soon, for a gateway read through its API; nil for none
	Crises        civhub.CrisisService
	Alerts        civhub.AlertService // the crises' alerts to the standby roster
	Solutions     civhub.SolutionService
	BaseURL       string // where civhub is reached, for absolute links in feeds; "" to use the request's host
	Hours         civhub.HoursService
	Notes         civhub.NotificationService
	Sessions      SessionStore
	Mail          civhub.MailQueue // for the development outbox page

	// IPSecret keys the hashes of client addresses used for rate limits.
	IPSecret []byte
	// UnsubscribeKey checks the signed unsubscribe links of notification mail.
	UnsubscribeKey []byte
	// CookieKey signs the device cookies of sign-in and the form cookie of anonymous visitors. Every
	// node must have the same.
	CookieKey []byte

	// MaxInFlight is how many page and API requests that only read this node serves at once
	// (default 8 a core); MaxQueued how many more may wait for a place (default 4 times MaxInFlight;
	// negative for none), each at most QueueWait (default 300 ms). Past that, a reader is told at
	// once that civhub is busy (503 with Retry-After); requests that change something always pass.
	MaxInFlight int
	MaxQueued   int
	QueueWait   time.Duration

	// BehindProxy trusts X-Forwarded-Proto, X-Forwarded-For and X-Request-ID from a TLS-terminating
	// proxy in front, and makes session cookies __Host- cookies sent only over HTTPS.
	BehindProxy bool

	// Generations tells when the data changed, for the cache of the pages and API answers that
	// visitors who are not signed in see first (see cache.go); nil caches nothing.
	Generations Generations
}

// Server holds the parsed templates, static files and routes.
type Server struct {
	*kit
	directory     *directory
	learning      *learning
	toolkits      *toolkits
	events        *events
	challenges    *challenges
	hackathons    *hackathons
	gallery       *gallery
	radar         *radar
	notifications *notifications
	work          *work
	posting       *posting
	matching      *matching
	organizations *organizations
	identity      *identity
	account       *account
	start         *start
	crisis        *crisis
	db            Pinger
	baseURL       string
	registry      *prometheus.Registry
	audit         civhub.AuditService
	profiles      civhub.ProfileService
	workflow      civhub.Workflow // the dashboard lists one's engagements
	mail          civhub.MailQueue
	gate          *gate      // the load shedding of pages and the API
	cache         *pageCache // pages and API answers for visitors who are not signed in; nil: none
	handler       http.Handler
}

// New builds a Server, parsing every template and hashing every static file once.
func New(cfg Config) (*Server, error) {
	s := &Server{
		kit: &kit{
			logger:       cfg.Logger,
			catalog:      cfg.Catalog,
			behindProxy:  cfg.BehindProxy,
			people:       cfg.People,
			orgs:         cfg.Organizations,
			tokens:       cfg.Tokens,
			notes:        cfg.Notes,
			sessionStore: cfg.Sessions,
			sessions:     newSessionManager(cfg.Sessions, cfg.BehindProxy),
			ipSecret:     cfg.IPSecret,
			cookieKey:    cfg.CookieKey,
		},
		db:       cfg.DB,
		baseURL:  cfg.BaseURL,
		registry: cfg.Registry,
		audit:    cfg.Audit,
		profiles: cfg.Profiles,
		workflow: cfg.Needs,
		mail:     cfg.Mail,
		gate:     newGate(cfg.MaxInFlight, cfg.MaxQueued, cfg.QueueWait),
	}
	s.directory = &directory{kit: s.kit, resources: cfg.Resources, suggestions: cfg.Suggestions, baseURL: cfg.BaseURL}
	s.learning = &learning{kit: s.kit, courses: cfg.Courses, baseURL: cfg.BaseURL}
	s.radar = &radar{kit: s.kit, tracker: cfg.Radar, calendars: cfg.Calendars, directory: s.directory}
	s.notifications = &notifications{kit: s.kit, unsubscribeKey: cfg.UnsubscribeKey}
	s.work = &work{kit: s.kit, needs: cfg.Needs, tasks: cfg.Needs, workflow: cfg.Needs, conversation: cfg.Needs,
		matcher: cfg.Needs, hours: cfg.Hours, alerts: cfg.Needs, baseURL: cfg.BaseURL, courses: cfg.Courses, toolkits: cfg.Toolkits}
	s.posting = &posting{kit: s.kit, needs: cfg.Needs, work: s.work}
	s.toolkits = &toolkits{kit: s.kit, toolkits: cfg.Toolkits, needs: cfg.Needs, workflow: cfg.Needs, work: s.work,
		baseURL: cfg.BaseURL}
	s.matching = &matching{kit: s.kit, matcher: cfg.Needs, work: s.work}
	s.events = &events{kit: s.kit, events: cfg.Events, kits: cfg.EventKits, challenges: cfg.Challenges, profiles: cfg.Profiles, baseURL: cfg.BaseURL}
	s.challenges = &challenges{kit: s.kit, challenges: cfg.Challenges, events: cfg.Events, needs: cfg.Needs, solutions: cfg.Solutions}
	s.hackathons = &hackathons{kit: s.kit, hack: cfg.Hackathons, events: cfg.Events, challenges: cfg.Challenges, profiles: cfg.Profiles, solutions: cfg.Solutions}
	s.gallery = &gallery{kit: s.kit, solutions: cfg.Solutions, hack: cfg.Hackathons, events: cfg.Events}
	s.organizations = &organizations{kit: s.kit, verifications: cfg.Verifications, audit: cfg.Audit, needs: cfg.Needs, solutions: cfg.Solutions}
	s.identity = &identity{kit: s.kit, accounts: cfg.Accounts}
	s.account = &account{kit: s.kit, profiles: cfg.Profiles, data: cfg.Data, hours: cfg.Hours}
	s.start = &start{kit: s.kit, profiles: cfg.Profiles, matching: s.matching}
	s.crisis = &crisis{kit: s.kit, phones: cfg.Phones, standby: cfg.Standby, profiles: cfg.Profiles, smsLog: cfg.SMSLog, crises: cfg.Crises,
		alerts: cfg.Alerts, gateway: cfg.SMSGateway, inbox: cfg.SMSInbox, outbox: cfg.SMSOutbox, androidKey: cfg.AndroidKey,
		twilioToken: cfg.TwilioToken, baseURL: cfg.BaseURL, fetchSoon: cfg.FetchSMSSoon}
	if len(s.cookieKey) < 16 {
		return nil, errors.New("web: the cookie key is missing or too short")
	}
	var err error
	if s.taxonomy, err = taxonomy.Load(); err != nil {
		return nil, err
	}
	if s.static, err = embeddedStatic(); err != nil {
		return nil, err
	}
	if s.templates, err = parseTemplates(); err != nil {
		return nil, err
	}
	if s.metrics, err = newHTTPMetrics(cfg.Registry); err != nil {
		return nil, err
	}
	if s.cache, err = newPageCache(cfg.Generations, s.overTLS, cfg.Registry); err != nil {
		return nil, err
	}
	// A session that cannot be read or saved is an error like any other, shown by the one renderer.
	s.sessions.ErrorFunc = s.renderError
	s.handler = s.middleware(s.routes())
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// routes lists every route. Browser routes sit behind cross-origin protection; the API, which
// authenticates with bearer tokens rather than cookies, does not.
func (s *Server) routes() http.Handler {
	pages := http.NewServeMux()
	s.route(pages, "GET /{$}", s.home)
	s.route(pages, "GET /about", s.about)
	s.route(pages, "POST /lang", s.setLanguage)

	s.route(pages, "GET /orgs/{slug}/audit", s.auditLog)
	s.route(pages, "GET /guides", s.guides)
	s.route(pages, "GET /guides/{kind}", s.guide)
	s.route(pages, "GET /me", s.dashboard)

	s.identity.routes(pages)
	s.account.routes(pages)
	s.start.routes(pages)
	s.crisis.routes(pages)
	s.organizations.routes(pages)
	s.posting.routes(pages)
	s.work.routes(pages)
	s.directory.routes(pages)
	s.learning.routes(pages)
	s.toolkits.routes(pages)
	s.events.routes(pages)
	s.challenges.routes(pages)
	s.hackathons.routes(pages)
	s.gallery.routes(pages)
	s.radar.routes(pages)
	s.notifications.routes(pages)

	s.route(pages, "GET /admin", s.adminHome)
	s.route(pages, "GET /admin/people", s.adminPeople)
	s.route(pages, "POST /admin/people/{person}/role", s.setSiteRole)
	s.route(pages, "POST /admin/people/{person}/disabled", s.setDisabled)
	s.route(pages, "GET /admin/audit", s.auditLog)
	s.route(pages, "GET /admin/outbox", s.outbox)
	s.route(pages, "/", s.notFound)

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(s.handle(func(w http.ResponseWriter, r *http.Request) error { return errCrossOrigin }))

	root := http.NewServeMux()
	s.route(root, "GET /static/{name}", s.serveStatic)
	root.Handle("/", nameRoute(pages, s.shed(s.gate, s.cache.serve(langCookie, cop.Handler(s.sessions.LoadAndSave(s.loadViewer(pages)))))))
	api := s.api()
	root.Handle("/api/", nameRoute(api, s.shed(s.gate, s.cache.serve(langCookie, api))))
	s.crisis.hookRoutes(root)
	s.route(root, "GET /healthz", s.healthz)
	s.route(root, "GET /readyz", s.readyz)
	return root
}

// route registers h for pattern on mux and records the pattern, so that the authorization matrix
// test can insist on a row for every route.
func (s *kit) route(mux *http.ServeMux, pattern string, h handlerFunc) {
	mux.Handle(pattern, s.handle(h))
	s.patterns = append(s.patterns, pattern)
}

// handlerFunc is an HTTP handler that returns its error for the one error renderer to show.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

func (s *kit) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.renderError(w, r, err)
		}
	})
}
