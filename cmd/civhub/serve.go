package main

import (
	"civhub"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"civhub/i18n"
	"civhub/jobs"
	"civhub/mail"
	"civhub/seal"
	"civhub/sms"
	"civhub/sqldb"
	"civhub/taxonomy"
	"civhub/web"
)

// Config is what a running civhub needs to know.
type Config struct {
	Addr            string        // where to listen, host:port; port 0 picks a free one
	DatabaseURL     string        // a SQLite file path or a postgres:// URL
	BehindProxy     bool          // trust X-Forwarded-Proto and X-Request-ID from a TLS proxy in front
	LogFormat       string        // "text" or "json"
	ShutdownTimeout time.Duration // how long SIGTERM waits for requests and jobs to finish
	BaseURL         string        // where people reach civhub, for links in mail; "" means http://Addr
	SMTPURL         string        // smtp://user:password@host:587; "" keeps mail in the outbox
	MailFrom        string        // the From address of civhub's mail
	SMSURL          string        // the text-message gateway with its credentials (sms.FromURL); "" keeps them for /admin/sms
	SMSPerMinute    int           // how many text messages a minute the gateway is given
	MetricsAddr     string        // where to serve /metrics, host:port; "" turns it off
	SecretKeyFile   string        // a file of the keys that seal stored secrets (see package seal); "" for none
	SecretKeys      string        // the same keys given directly, from $CIVHUB_SECRET_KEY; "" for none
	MaxInFlight     int           // reading requests served at once; 0 for web's default
	MaxQueued       int           // reading requests that may wait for a place; 0 for web's default, negative for none
	QueueWait       time.Duration // how long one may wait; 0 for web's default
}

// envSecretKey holds the sealing keys themselves: they have no flag, because a process's arguments
// can be read by every user of the machine.
const envSecretKey = "CIVHUB_SECRET_KEY"

// keyring reads the keys that seal stored secrets, from the file or the environment; nil when
// neither is given.
func (c *Config) keyring() (*seal.Keyring, error) {
	text := c.SecretKeys
	switch {
	case c.SecretKeyFile != "" && text != "":
		return nil, fmt.Errorf("give the keys in --secret-key-file or in $%s, not both", envSecretKey)
	case c.SecretKeyFile != "":
		b, err := os.ReadFile(c.SecretKeyFile)
		if err != nil {
			return nil, fmt.Errorf("--secret-key-file: %w", err)
		}
		text = string(b)
	case text == "":
		return nil, nil
	}
	k, err := seal.ParseKeyring(text)
	if err != nil {
		return nil, fmt.Errorf("sealing keys: %w", err)
	}
	return k, nil
}

// Main is a running civhub: database, services, jobs and HTTP server. Tests start it on port 0.
type Main struct {
	Config Config
	Logger *slog.Logger

	DB       *sqldb.DB
	Jobs     *jobs.Runner
	Catalog  *i18n.Catalog
	Services Services

	deliverer  *mail.Deliverer
	gateway    string      // the SMS gateway's name; "" for none
	androidKey string      // the signing key of its webhooks, for SMS Gateway for Android
	twilio     *sms.Twilio // the gateway, when it is Twilio: its status callback needs the public address
	texts      *jobs.SMSSender
	listener   net.Listener
	server     *http.Server
	served     chan error

	metricsListener net.Listener // nil when the metrics are off
	metricsServer   *http.Server
	metricsServed   chan error

	stopResealing func()        // ends the pass that seals stored secrets with the current key
	resealed      chan struct{} // closed when that pass ended
}

// Services are the storage services every part of civhub shares.
type Services struct {
	People        *sqldb.PersonService
	Accounts      *sqldb.AccountService
	Organizations *sqldb.OrganizationService
	Sessions      *sqldb.SessionStore
	Mail          *sqldb.MailQueue
	Profiles      *sqldb.ProfileService
	Audit         *sqldb.AuditService
	Tokens        *sqldb.TokenService
	Data          *sqldb.DataService
	Needs         *sqldb.NeedService
	Notes         *sqldb.NotificationService
	Resources     *sqldb.ResourceService
	Courses       *sqldb.CourseService
	Toolkits      *sqldb.ToolkitService
	Events        *sqldb.EventService
	EventKits     *sqldb.EventKitService
	Challenges    *sqldb.ChallengeService
	Hackathons    *sqldb.HackathonService
	Phones        *sqldb.PhoneService
	Standby       *sqldb.StandbyService
	Crises        *sqldb.CrisisService
	Solutions     *sqldb.SolutionService
}

// newLogger returns a structured logger writing to w.
func newLogger(format string, w io.Writer) *slog.Logger {
	return newLoggerAt(format, w, slog.LevelInfo)
}

// newLoggerAt returns a structured logger writing to w what is at level or above.
func newLoggerAt(format string, w io.Writer, level slog.Leveler) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// Open connects to the database, brings its schema up to date and builds the services and the jobs
// runner (not yet started).
func (m *Main) Open(ctx context.Context) error {
	db, err := sqldb.Open(ctx, m.Config.DatabaseURL)
	if err != nil {
		return err
	}
	m.DB = db
	keys, err := m.Config.keyring()
	if err != nil {
		return err
	}
	if keys != nil {
		db.SetKeys(keys)
	} else {
		m.Logger.Warn("two-factor secrets are encrypted with a key kept in the database: give the keys in --secret-key-file or $" +
			envSecretKey + " to keep them apart from the data")
	}
	migrateJobs := func(ctx context.Context) error { return jobs.Migrate(ctx, db) }
	if err := db.Migrate(ctx, m.Logger, migrateJobs); err != nil {
		return err
	}
	if m.Catalog, err = i18n.NewCatalog(); err != nil {
		return err
	}
	m.deliverer = &mail.Deliverer{Queue: sqldb.NewMailQueue(db), From: m.Config.MailFrom}
	if m.Config.SMTPURL != "" {
		smtp, err := mail.NewSMTP(m.Config.SMTPURL)
		if err != nil {
			return err
		}
		m.deliverer.Sender = smtp
		m.Logger.Info("mail goes through SMTP", "server", smtp.Addr())
	} else {
		m.Logger.Info("no SMTP server configured: mail is kept in the outbox at /admin/outbox")
	}
	tax, err := taxonomy.Load()
	if err != nil {
		return err
	}
	validSkill := func(id string) bool { _, ok := tax.Skill(id); return ok }
	// The notifications enqueue through the runner, which in turn works their digests: the queue is
	// looked up when a notification is made, after the runner exists.
	notes := sqldb.NewNotificationService(db, sqldb.QueueFunc(func(ctx context.Context, tx *sqldb.Tx, job civhub.Job) error {
		return m.Jobs.Enqueue(ctx, tx, job)
	}))
	needs := sqldb.NewNeedService(db, validSkill, notes)
	courses := sqldb.NewCourseService(db)
	courses.SetNotes(notes)
	needs.SetPrerequisites(courses)
	resources := sqldb.NewResourceService(db, func(id string) bool { _, ok := tax.Cause(id); return ok }, notes)
	events := sqldb.NewEventService(db)
	events.SetNotes(notes)
	crises := sqldb.NewCrisisService(db, needs, validSkill)
	phones := sqldb.NewPhoneService(db)
	texts := &jobs.SMSSender{Outbox: phones, Marks: phones, Rate: float64(max(m.Config.SMSPerMinute, 1)) / 60, Logger: m.Logger}
	m.texts = texts
	if m.Config.SMSURL != "" {
		if texts.Gateway, err = sms.FromURL(m.Config.SMSURL); err != nil {
			return err
		}
		m.gateway = texts.Gateway.Name()
		switch g := texts.Gateway.(type) {
		case *sms.Android:
			m.androidKey = g.SigningKey
		case *sms.Twilio:
			m.twilio = g
		}
		m.Logger.Info("text messages go through a gateway", "gateway", texts.Gateway.Name(), "per_minute", max(m.Config.SMSPerMinute, 1))
	} else {
		m.Logger.Info("no SMS gateway configured: text messages are kept at /admin/sms")
	}
	if m.Jobs, err = jobs.New(db, m.Logger, jobs.Services{Housekeeping: sqldb.NewHousekeepingService(db), Mail: m.deliverer,
		Workflow: needs, Digests: notes, Resources: resources, Events: events, Alerts: crises, SMS: texts}); err != nil {
		return err
	}
	m.Services = Services{
		Profiles: sqldb.NewProfileService(db, validSkill,
			func(id string) bool { _, ok := tax.Cause(id); return ok }),
		Audit:         sqldb.NewAuditService(db),
		Tokens:        sqldb.NewTokenService(db),
		People:        sqldb.NewPersonService(db),
		Accounts:      sqldb.NewAccountService(db, m.Jobs),
		Organizations: sqldb.NewOrganizationService(db, m.Jobs),
		Sessions:      sqldb.NewSessionStore(db),
		Mail:          sqldb.NewMailQueue(db),
	}
	m.Services.Data = sqldb.NewDataService(db, m.Services.Profiles, m.Services.Organizations)
	m.Services.Needs = needs
	m.Services.Notes = notes
	m.Services.Resources = resources
	m.Services.Courses = courses
	m.Services.Events = events
	m.Services.EventKits = sqldb.NewEventKitService(db)
	m.Services.EventKits.SetNotes(notes)
	m.Services.Challenges = sqldb.NewChallengeService(db)
	m.Services.Challenges.SetNotes(notes)
	m.Services.Hackathons = sqldb.NewHackathonService(db, validSkill)
	m.Services.Hackathons.SetNotes(notes)
	m.Services.Phones = phones
	m.Services.Standby = sqldb.NewStandbyService(db, validSkill)
	m.Services.Crises = crises
	m.Services.Solutions = sqldb.NewSolutionService(db, needs, m.Services.Challenges)
	m.Services.Solutions.SetNotes(notes)
	m.Services.Toolkits = sqldb.NewToolkitService(db, needs)
	m.Services.Toolkits.SetNotes(notes)
	return nil
}

// Run starts the jobs runner and the HTTP server on an open database. It returns once the server
// listens; Addr then tells where.
func (m *Main) Run(ctx context.Context) error {
	var err error
	if m.listener, err = net.Listen("tcp", m.Config.Addr); err != nil {
		return err
	}
	if m.Config.MetricsAddr != "" {
		if m.metricsListener, err = net.Listen("tcp", m.Config.MetricsAddr); err != nil {
			return fmt.Errorf("metrics (--metrics-addr; empty turns them off): %w", err)
		}
	}
	baseURL := m.Config.BaseURL
	if baseURL == "" {
		baseURL = "http://" + m.Addr()
		if m.DB.Dialect().MultiNode() {
			// Several nodes, each of which would write its own address into the mail
			// it renders.
			m.Logger.Warn("--base-url is not set: links in mail will point at this node's own address; set it to the public address when several nodes serve civhub", "base_url", baseURL)
		}
	}
	ipSecret, err := m.DB.Secret(ctx, "ip-hash")
	if err != nil {
		return err
	}
	unsubscribeKey, err := m.DB.Secret(ctx, "unsubscribe")
	if err != nil {
		return err
	}
	cookieKey, err := m.DB.Secret(ctx, "cookies")
	if err != nil {
		return err
	}
	m.deliverer.Renderer = mail.NewRenderer(m.Catalog, baseURL, unsubscribeKey)
	twilioToken := ""
	if m.twilio != nil {
		m.twilio.StatusCallback, twilioToken = strings.TrimSuffix(baseURL, "/")+"/hooks/sms/twilio", m.twilio.AuthToken
	}
	m.Services.Crises.SetAlerts(m.Jobs, func(locale string, a civhub.AlertMessage) string {
		return alertText(m.Catalog, baseURL, locale, a)
	})
	// What arrives is answered in words that need the public address, known only now.
	m.texts.Inbox = sqldb.NewSMSInbox(m.DB, m.Services.Needs, web.SMSReplyWords(m.Catalog, baseURL))
	var fetchSoon func(context.Context) error
	if _, ok := m.texts.Gateway.(sms.Inbox); ok {
		fetchSoon = m.Jobs.FetchSMSSoon
	}
	registry := prometheus.NewRegistry()
	registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	handler, err := web.New(web.Config{
		Logger: m.Logger, Catalog: m.Catalog, DB: m.DB, Registry: registry, BehindProxy: m.Config.BehindProxy,
		Accounts: m.Services.Accounts, People: m.Services.People, Organizations: m.Services.Organizations,
		Verifications: m.Services.Organizations, Audit: m.Services.Audit, Profiles: m.Services.Profiles,
		Tokens: m.Services.Tokens, Data: m.Services.Data, Needs: m.Services.Needs, Hours: m.Services.Needs,
		Sessions: m.Services.Sessions, Mail: m.Services.Mail, IPSecret: ipSecret,
		Notes: m.Services.Notes, UnsubscribeKey: unsubscribeKey, CookieKey: cookieKey, Resources: m.Services.Resources,
		Radar: m.Services.Resources, Calendars: m.Services.Resources, Suggestions: m.Services.Resources, BaseURL: baseURL,
		MaxInFlight: m.Config.MaxInFlight, MaxQueued: m.Config.MaxQueued, QueueWait: m.Config.QueueWait,
		Generations: m.DB, Courses: m.Services.Courses, Toolkits: m.Services.Toolkits, Events: m.Services.Events,
		EventKits: m.Services.EventKits, Challenges: m.Services.Challenges, Hackathons: m.Services.Hackathons, Solutions: m.Services.Solutions,
		Phones: m.Services.Phones, Standby: m.Services.Standby, SMSLog: m.Services.Phones, Crises: m.Services.Crises,
		Alerts: m.Services.Crises, SMSGateway: m.gateway, SMSOutbox: m.Services.Phones, AndroidKey: m.androidKey, TwilioToken: twilioToken,
		SMSInbox: m.texts.Inbox, FetchSMSSoon: fetchSoon,
	})
	if err != nil {
		return err
	}
	if err := m.Jobs.Start(ctx); err != nil {
		return fmt.Errorf("jobs: %w", err)
	}
	m.startResealing(ctx)
	m.server = &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(m.Logger.Handler(), slog.LevelWarn),
	}
	m.served = make(chan error, 1)
	go func() { m.served <- m.server.Serve(m.listener) }()
	m.Logger.Info("listening", "addr", m.Addr(), "database", string(m.DB.Dialect()))
	if m.metricsListener != nil {
		m.metricsServer = &http.Server{
			Handler:           handler.Metrics(),
			ReadHeaderTimeout: 10 * time.Second,
			WriteTimeout:      30 * time.Second,
			ErrorLog:          slog.NewLogLogger(m.Logger.Handler(), slog.LevelWarn),
		}
		m.metricsServed = make(chan error, 1)
		go func() { m.metricsServed <- m.metricsServer.Serve(m.metricsListener) }()
		m.Logger.Info("metrics", "addr", m.MetricsAddr())
	}
	return nil
}

// startResealing seals, in the background, the stored secrets that are in plain text (from before
// they were sealed) or sealed with a key that is no longer current, so that an old key can be
// retired once every node runs with the new one. Each node does it at start; they do not get in
// each other's way.
func (m *Main) startResealing(ctx context.Context) {
	ctx, m.stopResealing = context.WithCancel(context.WithoutCancel(ctx))
	m.resealed = make(chan struct{})
	go func() {
		defer close(m.resealed)
		n, err := m.DB.ResealSecrets(ctx)
		if err != nil && ctx.Err() == nil {
			m.Logger.Error("sealing stored secrets with the current key", "sealed", n, "err", err)
		} else if n > 0 {
			m.Logger.Info("sealed stored secrets with the current key", "sealed", n)
		}
	}()
}

// Addr returns the address the server listens on.
func (m *Main) Addr() string { return m.listener.Addr().String() }

// MetricsAddr returns the address the metrics are served on, or "" when they are off.
func (m *Main) MetricsAddr() string {
	if m.metricsListener == nil {
		return ""
	}
	return m.metricsListener.Addr().String()
}

// Close stops accepting requests, waits for in-flight requests and running jobs (up to ctx's
// deadline), then closes the database.
func (m *Main) Close(ctx context.Context) error {
	var errs []error
	if m.server == nil && m.listener != nil {
		m.listener.Close() // Run failed after listening
	}
	if m.metricsServer == nil && m.metricsListener != nil {
		m.metricsListener.Close()
	}
	if m.server != nil {
		errs = append(errs, m.server.Shutdown(ctx))
		if err := <-m.served; !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, err)
		}
	}
	if m.metricsServer != nil {
		errs = append(errs, m.metricsServer.Shutdown(ctx))
		if err := <-m.metricsServed; !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, err)
		}
	}
	if m.Jobs != nil && m.server != nil {
		errs = append(errs, m.Jobs.Stop(ctx))
	}
	if m.stopResealing != nil {
		m.stopResealing()
		<-m.resealed
	}
	if m.DB != nil {
		errs = append(errs, m.DB.Close())
	}
	return errors.Join(errs...)
}

// serveFlags defines the flags shared by serve and demo.
func serveFlags(fs *flagSet, cfg *Config, defaultDB string) {
	fs.String(&cfg.Addr, "addr", "", "127.0.0.1:8080", "address to listen on")
	fs.String(&cfg.DatabaseURL, "db", "CIVHUB_DATABASE_URL", defaultDB, "SQLite file path, or postgres://user@host/db URL")
	fs.Bool(&cfg.BehindProxy, "behind-proxy", "", false, "trust X-Forwarded-Proto and X-Request-ID from a TLS proxy in front")
	fs.String(&cfg.LogFormat, "log-format", "", "text", "log format: text or json")
	fs.Duration(&cfg.ShutdownTimeout, "shutdown-timeout", "", 30*time.Second, "how long to wait for requests and jobs on shutdown")
	fs.String(&cfg.BaseURL, "base-url", "", "", "public address of civhub, for links in mail (default http://ADDR)")
	fs.String(&cfg.SMTPURL, "smtp-url", "", "", "SMTP server for mail, smtp://user:password@host:587 or smtps://host:465 (default: keep mail in the outbox)")
	fs.String(&cfg.MailFrom, "mail-from", "", "civhub <civhub@localhost>", "From address of civhub's mail")
	fs.String(&cfg.SMSURL, "sms-url", "CIVHUB_SMS_URL", "", "SMS gateway with its credentials: android+https://USER:PASSWORD@api.sms-gate.app/3rdparty/v1 for SMS Gateway for Android, twilio+https://SID:TOKEN@api.twilio.com/2010-04-01?from=%2B15550001111 for Twilio, africastalking+https://USERNAME:API_KEY@api.africastalking.com?from=SENDER for Africa's Talking (default: keep text messages at /admin/sms)")
	fs.Int(&cfg.SMSPerMinute, "sms-per-minute", "", 20, "text messages a minute given to the SMS gateway (a phone's SIM is blocked if it sends too fast)")
	fs.String(&cfg.MetricsAddr, "metrics-addr", "", "127.0.0.1:9090", "address to serve Prometheus metrics on, apart from the public one (empty: no metrics)")
	fs.Int(&cfg.MaxInFlight, "max-in-flight", "", 0, "reading requests served at once before others wait (default 8 a core)")
	fs.Int(&cfg.MaxQueued, "max-queued", "", 0, "reading requests that may wait for a place; past that they get 503 busy (default 4 times --max-in-flight; -1 for none)")
	fs.Duration(&cfg.QueueWait, "queue-wait", "", 0, "how long a reading request may wait for a place before 503 busy (default 300ms)")
	fs.String(&cfg.SecretKeyFile, "secret-key-file", "", "", "file of the keys that encrypt two-factor secrets, one ID:BASE64 a line, the current first (or the keys themselves in $"+envSecretKey+")")
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := newFlagSet("serve", "Serve civhub over HTTP. Migrations run at start-up. SIGTERM or Ctrl-C drains\nin-flight requests and running jobs, then exits.", stderr)
	serveFlags(fs, &cfg, "./civhub.db")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg.SecretKeys = os.Getenv(envSecretKey)
	m := &Main{Config: cfg, Logger: newLogger(cfg.LogFormat, stderr)}
	if err := m.Open(ctx); err != nil {
		m.Close(context.Background())
		return err
	}
	return serveUntilDone(ctx, m, stdout, nil)
}

// serveUntilDone runs m until ctx ends (a signal), printing its address, then shuts it down
// gracefully. afterStart, if set, runs once the server listens.
func serveUntilDone(ctx context.Context, m *Main, stdout io.Writer, afterStart func(addr string)) error {
	if err := m.Run(ctx); err != nil {
		m.Close(context.Background())
		return err
	}
	fmt.Fprintf(stdout, "civhub is serving at http://%s/\n", m.Addr())
	if afterStart != nil {
		afterStart(m.Addr())
	}
	<-ctx.Done()
	m.Logger.Info("shutting down", "timeout", m.Config.ShutdownTimeout)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), m.Config.ShutdownTimeout)
	defer cancel()
	return m.Close(shutdownCtx)
}

func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := newFlagSet("migrate", "Bring the database schema up to date and exit.", stderr)
	fs.String(&cfg.DatabaseURL, "db", "CIVHUB_DATABASE_URL", "./civhub.db", "SQLite file path, or postgres://user@host/db URL")
	fs.String(&cfg.LogFormat, "log-format", "", "text", "log format: text or json")
	if err := fs.Parse(args); err != nil {
		return err
	}
	m := &Main{Config: cfg, Logger: newLogger(cfg.LogFormat, stderr)}
	err := m.Open(ctx)
	return errors.Join(err, m.Close(context.Background()))
}

// alertText words a crisis alert's text message in locale: the crisis, the task it offers and the
// link that answers it, short enough for one segment where the names allow.
func alertText(catalog *i18n.Catalog, baseURL, locale string, a civhub.AlertMessage) string {
	l := catalog.Locale(locale)
	if l == nil {
		l = catalog.Locales()[0]
	}
	key := "sms.alert"
	if a.TaskTitle != "" {
		key = "sms.alert_task"
	}
	text := l.T(key, map[string]any{"Crisis": a.Crisis.Title, "Task": a.TaskTitle, "Link": strings.TrimSuffix(baseURL, "/") + a.Path})
	if a.Crisis.Drill {
		text = l.T("sms.drill") + " " + text
	}
	return text
}
