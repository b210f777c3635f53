package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"civhub"
	"civhub/i18n"
	"civhub/jobs"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
	"civhub/taxonomy"
	"civhub/web/webtest"
)

// downDB is a database that does not answer, for the readiness probe.
type downDB struct{}

func (downDB) Ping(ctx context.Context) error {
	return civhub.Errorf(civhub.EUNAVAILABLE, "The database is not reachable.")
}

// newTestServer returns a Server on a fresh SQLite database with every real service. A non-nil
// pinger replaces the database in the readiness probe.
func newTestServer(t testing.TB, pinger Pinger) *Server {
	t.Helper()
	s, _ := newTestServerDB(t, pinger)
	return s
}

// newTestServerDB is newTestServer that also returns the database.
func newTestServerDB(t testing.TB, pinger Pinger) (*Server, *sqldb.DB) {
	t.Helper()
	return newTestServerOn(t, sqldb.SQLite, pinger)
}

// newTestServerOn is newTestServerDB on a database of dialect d.
func newTestServerOn(t testing.TB, d sqldb.Dialect, pinger Pinger) (*Server, *sqldb.DB) {
	t.Helper()
	db := sqldbtest.Open(t, d)
	if err := jobs.Migrate(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	return newServerOn(t, db, pinger), db
}

// testCatalog loads the translations once for every test server. A catalog never changes once
// loaded, and in production every request shares one; loading it takes a quarter of a second under
// the race detector.
var testCatalog = sync.OnceValues(i18n.NewCatalog)

// newServerOn returns a Server with every real service on db, a database already migrated with the
// jobs' tables. Each of configure changes the configuration first.
func newServerOn(t testing.TB, db *sqldb.DB, pinger Pinger, configure ...func(*Config)) *Server {
	t.Helper()
	catalog, err := testCatalog()
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	runner, err := jobs.New(db, logger, jobs.Services{Housekeeping: sqldb.NewHousekeepingService(db)})
	if err != nil {
		t.Fatal(err)
	}
	if pinger == nil {
		pinger = db
	}
	notes := sqldb.NewNotificationService(db, runner)
	needs := newTestNeeds(t, db, notes)
	courses := sqldb.NewCourseService(db)
	courses.SetNotes(notes)
	needs.SetPrerequisites(courses)
	toolkits := sqldb.NewToolkitService(db, needs)
	toolkits.SetNotes(notes)
	events := sqldb.NewEventService(db)
	events.SetNotes(notes)
	eventKits := sqldb.NewEventKitService(db)
	eventKits.SetNotes(notes)
	challenges := sqldb.NewChallengeService(db)
	challenges.SetNotes(notes)
	tax, err := taxonomy.Load()
	if err != nil {
		t.Fatal(err)
	}
	hackathons := sqldb.NewHackathonService(db, func(id string) bool { _, ok := tax.Skill(id); return ok })
	hackathons.SetNotes(notes)
	resources := newTestResources(t, db, notes)
	crises := sqldb.NewCrisisService(db, needs, func(id string) bool { _, ok := tax.Skill(id); return ok })
	cfg := Config{
		Logger:         logger,
		Catalog:        catalog,
		DB:             pinger,
		Registry:       prometheus.NewRegistry(),
		Accounts:       sqldb.NewAccountService(db, runner),
		People:         sqldb.NewPersonService(db),
		Organizations:  sqldb.NewOrganizationService(db, runner),
		Verifications:  sqldb.NewOrganizationService(db, runner),
		Audit:          sqldb.NewAuditService(db),
		Profiles:       newTestProfiles(t, db),
		Tokens:         sqldb.NewTokenService(db),
		Data:           sqldb.NewDataService(db, newTestProfiles(t, db), sqldb.NewOrganizationService(db, runner)),
		Needs:          needs,
		Hours:          needs,
		Notes:          notes,
		Resources:      resources,
		Radar:          resources,
		Calendars:      resources,
		Suggestions:    resources,
		Sessions:       sqldb.NewSessionStore(db),
		Mail:           sqldb.NewMailQueue(db),
		IPSecret:       []byte("test secret"),
		UnsubscribeKey: testUnsubscribeKey,
		CookieKey:      []byte("a test key for cookies"),
		Generations:    db,
		Courses:        courses,
		Toolkits:       toolkits,
		Events:         events,
		EventKits:      eventKits,
		Challenges:     challenges,
		Hackathons:     hackathons,
		Solutions:      sqldb.NewSolutionService(db, needs, challenges),
		Phones:         sqldb.NewPhoneService(db),
		Standby:        sqldb.NewStandbyService(db, func(id string) bool { _, ok := tax.Skill(id); return ok }),
		SMSLog:         sqldb.NewPhoneService(db),
		Crises:         crises,
		Alerts:         crises,
		SMSInbox:       sqldb.NewSMSInbox(db, needs, SMSReplyWords(catalog, "http://civhub.test")),
		SMSOutbox:      sqldb.NewPhoneService(db),
		AndroidKey:     testAndroidKey,
		TwilioToken:    testTwilioToken,
	}
	for _, c := range configure {
		c(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// testAndroidKey signs the test server's SMS Gateway for Android webhooks.
const testAndroidKey = "a test webhook key"

// testTwilioToken signs the test server's Twilio webhooks.
const testTwilioToken = "a test twilio auth token"

func get(t testing.TB, h http.Handler, path string, header ...string) *http.Response {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Result()
}

// TestPagesInEveryLocale renders every page in every language and checks the document's language
// and direction, its title and that no message ID leaked through untranslated.
func TestPagesInEveryLocale(t *testing.T) {
	s := newTestServer(t, nil)
	wantDir := map[string]string{"en": "ltr", "es": "ltr", "fr": "ltr", "ar": "rtl"}
	for _, path := range []string{"/", "/about", "/no-such-page"} {
		for _, code := range civhub.Locales {
			t.Run(code+path, func(t *testing.T) {
				resp := get(t, s, path, "Accept-Language", code)
				body, _ := io.ReadAll(resp.Body)
				doc := webtest.Parse(t, bytes.NewReader(body))
				h := doc.One("html")
				if got := webtest.Attr(h, "lang"); got != code {
					t.Errorf("lang = %q, want %q", got, code)
				}
				if got := webtest.Attr(h, "dir"); got != wantDir[code] {
					t.Errorf("dir = %q, want %q", got, wantDir[code])
				}
				if doc.Text("title") == "" || doc.Text("h1") == "" {
					t.Error("empty title or heading")
				}
				if untranslated := messageIDPattern.FindString(webtest.Text(doc.One("body"))); untranslated != "" {
					t.Errorf("untranslated message ID %q on the page", untranslated)
				}
				if len(doc.All("main#main")) != 1 || len(doc.All(`a.skip[href="#main"]`)) != 1 {
					t.Error("missing the main landmark or the skip link")
				}
			})
		}
	}
}

func TestStatusCodes(t *testing.T) {
	s := newTestServer(t, nil)
	for _, tc := range []struct {
		path string
		want int
	}{
		{"/", 200}, {"/about", 200}, {"/healthz", 200}, {"/readyz", 200}, {"/metrics", 404},
		{"/api/openapi.json", 200}, {"/api/v1/meta", 200},
		{"/missing", 404}, {"/static/app.css", 404}, {"/api/v1/missing", 404},
	} {
		if resp := get(t, s, tc.path); resp.StatusCode != tc.want {
			t.Errorf("GET %s = %d, want %d", tc.path, resp.StatusCode, tc.want)
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	s := newTestServer(t, nil)
	resp := get(t, s, "/")
	for name, want := range map[string]string{
		"X-Content-Type-Options": "nosniff",
		"Referrer-Policy":        "same-origin",
		"X-Frame-Options":        "DENY",
	} {
		if got := resp.Header.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	csp := resp.Header.Get("Content-Security-Policy")
	for _, part := range []string{"frame-ancestors 'none'", "script-src 'self'", "default-src 'none'"} {
		if !strings.Contains(csp, part) {
			t.Errorf("CSP %q lacks %q", csp, part)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP allows inline code: %q", csp)
	}
	if resp.Header.Get("Strict-Transport-Security") != "" {
		t.Error("HSTS sent over plain HTTP without a trusted proxy")
	}
	if len(resp.Header.Get("X-Request-ID")) < 16 {
		t.Error("no request ID")
	}
	// Behind a trusted TLS proxy, HSTS is on.
	s.behindProxy = true
	if get(t, s, "/", "X-Forwarded-Proto", "https").Header.Get("Strict-Transport-Security") == "" {
		t.Error("no HSTS behind a TLS proxy")
	}
	s.behindProxy = false
	if get(t, s, "/", "X-Forwarded-Proto", "https").Header.Get("Strict-Transport-Security") != "" {
		t.Error("HSTS trusted X-Forwarded-Proto without --behind-proxy")
	}
}

func TestErrorsAsJSON(t *testing.T) {
	s := newTestServer(t, nil)
	resp := get(t, s, "/missing", "Accept", "application/json")
	if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("Content-Type = %q, want a problem document", ct)
	}
	var p problem
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
		t.Fatal(err)
	}
	if p.Status != 404 || p.Code != civhub.ENOTFOUND || p.RequestID == "" {
		t.Fatalf("problem = %+v", p)
	}
}

func TestReadyzWhenDatabaseDown(t *testing.T) {
	s := newTestServer(t, downDB{})
	resp := get(t, s, "/readyz")
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("readyz = %d (Retry-After %q), want 503 with Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if get(t, s, "/healthz").StatusCode != 200 {
		t.Fatal("healthz should not depend on the database")
	}
}

func postForm(s http.Handler, path string, form url.Values, header ...string) *http.Response {
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w.Result()
}

func TestLanguageSwitcher(t *testing.T) {
	s := newTestServer(t, nil)
	t.Run("OK", func(t *testing.T) {
		resp := postForm(s, "/lang", url.Values{"lang": {"ar"}, "next": {"/about"}}, "Sec-Fetch-Site", "same-origin")
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/about" {
			t.Fatalf("status %d, Location %q; want 303 to /about", resp.StatusCode, resp.Header.Get("Location"))
		}
		cookies := resp.Cookies()
		if len(cookies) != 1 || cookies[0].Value != "ar" || !cookies[0].HttpOnly {
			t.Fatalf("cookies = %v, want an HttpOnly lang=ar", cookies)
		}
		// The cookie beats Accept-Language.
		r := httptest.NewRequest(http.MethodGet, "/about", nil)
		r.Header.Set("Accept-Language", "fr")
		r.AddCookie(cookies[0])
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if webtest.Attr(webtest.Parse(t, w.Body).One("html"), "lang") != "ar" {
			t.Fatal("the chosen language did not win over Accept-Language")
		}
	})
	t.Run("ErrUnknownLanguage", func(t *testing.T) {
		if resp := postForm(s, "/lang", url.Values{"lang": {"xx"}}); resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("status = %d, want 400", resp.StatusCode)
		}
	})
	t.Run("ErrOffsiteRedirect", func(t *testing.T) {
		for _, next := range []string{"https://evil.example/", "//evil.example/", "/\\evil.example", "about", "/\t/evil.example", "/\n/evil.example"} {
			resp := postForm(s, "/lang", url.Values{"lang": {"fr"}, "next": {next}})
			if loc := resp.Header.Get("Location"); loc != "/" {
				t.Errorf("next=%q redirected to %q, want /", next, loc)
			}
		}
	})
	t.Run("ErrCrossOrigin", func(t *testing.T) {
		resp := postForm(s, "/lang", url.Values{"lang": {"fr"}}, "Sec-Fetch-Site", "cross-site")
		if resp.StatusCode != http.StatusForbidden || len(resp.Cookies()) != 0 {
			t.Fatalf("cross-site POST: status %d, cookies %v; want 403 and no cookie", resp.StatusCode, resp.Cookies())
		}
	})
}

func TestStaticFiles(t *testing.T) {
	s := newTestServer(t, nil)
	u := s.static.URL("app.css")
	if !strings.HasPrefix(u, "/static/app.") || u == "/static/app.css" {
		t.Fatalf("URL = %q, want a content-hashed name", u)
	}
	resp := get(t, s, u, "Accept-Encoding", "gzip")
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") {
		t.Fatalf("status %d, Cache-Control %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding = %q, want gzip", resp.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	css, _ := io.ReadAll(zr)
	if !bytes.Contains(css, []byte("--accent")) {
		t.Fatal("the served CSS is not app.css")
	}
}

func TestCompression(t *testing.T) {
	s := newTestServer(t, nil)
	for _, tc := range []struct{ accept, want string }{
		{"gzip, deflate, br", "br"}, {"gzip", "gzip"}, {"br;q=0, gzip", "gzip"}, {"", ""}, {"identity", ""},
	} {
		if got := get(t, s, "/", "Accept-Encoding", tc.accept).Header.Get("Content-Encoding"); got != tc.want {
			t.Errorf("Accept-Encoding %q: Content-Encoding = %q, want %q", tc.accept, got, tc.want)
		}
	}
}

// TestFirstVisitBudget keeps the home page and its stylesheet within 14 KB compressed, the size of
// a first round trip on a slow network.
func TestFirstVisitBudget(t *testing.T) {
	s := newTestServer(t, nil)
	for _, code := range civhub.Locales {
		total := 0
		for _, path := range []string{"/", s.static.URL("app.css"), s.static.URL("icon.svg")} {
			resp := get(t, s, path, "Accept-Encoding", "gzip", "Accept-Language", code)
			body, _ := io.ReadAll(resp.Body)
			total += len(body)
		}
		if total > 14*1024 {
			t.Errorf("%s: first visit is %d bytes compressed, over the 14 KB budget", code, total)
		}
		t.Logf("%s: first visit %d bytes gzip", code, total)
	}
}

func TestPanicBecomes500(t *testing.T) {
	s := newTestServer(t, nil)
	h := s.middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { panic("boom") }))
	resp := get(t, h, "/")
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 500 || bytes.Contains(body, []byte("boom")) {
		t.Fatalf("status %d; the page must not show the panic value", resp.StatusCode)
	}
}

func newTestProfiles(t testing.TB, db *sqldb.DB) *sqldb.ProfileService {
	t.Helper()
	tax, err := taxonomy.Load()
	if err != nil {
		t.Fatal(err)
	}
	return sqldb.NewProfileService(db,
		func(id string) bool { _, ok := tax.Skill(id); return ok },
		func(id string) bool { _, ok := tax.Cause(id); return ok })
}

// testUnsubscribeKey signs the unsubscribe links of the test servers.
var testUnsubscribeKey = []byte("test unsubscribe key")

func newTestResources(t testing.TB, db *sqldb.DB, notes *sqldb.NotificationService) *sqldb.ResourceService {
	t.Helper()
	tax, err := taxonomy.Load()
	if err != nil {
		t.Fatal(err)
	}
	return sqldb.NewResourceService(db, func(id string) bool { _, ok := tax.Cause(id); return ok }, notes)
}

func newTestNeeds(t testing.TB, db *sqldb.DB, notes *sqldb.NotificationService) *sqldb.NeedService {
	t.Helper()
	tax, err := taxonomy.Load()
	if err != nil {
		t.Fatal(err)
	}
	return sqldb.NewNeedService(db, func(id string) bool { _, ok := tax.Skill(id); return ok }, notes)
}
