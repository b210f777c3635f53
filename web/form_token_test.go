package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"civhub"
	"civhub/sqldb"
	"civhub/web/webtest"
)

// TestAnonymousVisitsStoreNoSession opens every page of the authorization matrix as a visitor
// without cookies, and counts the stored sessions before and after.
func TestAnonymousVisitsStoreNoSession(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			f := newFixture(t, d)
			before := sessionRows(t, f.db)
			seen := map[string]bool{}
			for _, row := range matrix {
				method, _, _ := strings.Cut(row.pattern, " ")
				path := row.path(f)
				if (method != http.MethodGet && method != "/") || strings.HasPrefix(path, "/api/") || seen[path] {
					continue
				}
				seen[path] = true
				w := httptest.NewRecorder()
				f.s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
				for _, c := range w.Result().Cookies() {
					if c.Name == f.s.sessions.Cookie.Name {
						t.Errorf("GET %s set a session cookie", path)
					}
				}
			}
			if len(seen) < 40 {
				t.Fatalf("only %d pages visited", len(seen))
			}
			if after := sessionRows(t, f.db); after != before {
				t.Fatalf("%d sessions before %d anonymous visits, %d after", before, len(seen), after)
			}
		})
	}
}

// TestAnonymousFormsWork fills in every form a visitor who is not signed in can send, end to end,
// with no session stored until the sign-in; a missing token, a wrong one and another browser's are
// refused.
func TestAnonymousFormsWork(t *testing.T) {
	eachDatabase(t, func(t *testing.T, s *Server, db *sqldb.DB) {
		createPerson(t, db, "jean@example.org", "traducteur-lyon-5", "")
		b := newBrowser(t, s)
		for _, tc := range []struct {
			page, action string
			fields       map[string]string
			want         int
		}{
			{"/signup", "/signup", map[string]string{"display_name": "Lena", "email": "lena@example.org", "password": "hackathon-weekend-3"}, 200},
			{"/reset", "/reset", map[string]string{"email": "jean@example.org"}, 200},
			{"/signin", "/signin", map[string]string{"email": "jean@example.org", "password": "wrong-password-1"}, 401},
		} {
			if resp, doc := b.submit(tc.page, tc.action, tc.fields); resp.StatusCode != tc.want {
				t.Fatalf("POST %s: status %d, want %d: %s", tc.action, resp.StatusCode, tc.want, doc.Text("main"))
			}
		}
		if n := sessionRows(t, db); n != 0 {
			t.Fatalf("%d sessions stored before anyone signed in", n)
		}
		verify := "/verify/" + latestToken(t, db, "lena@example.org", civhub.MailVerifyEmail)
		if resp, _ := b.submit(verify, verify, nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("verify: status %d, want 303", resp.StatusCode)
		}
		reset := "/reset/" + latestToken(t, db, "jean@example.org", civhub.MailResetPassword)
		if resp, doc := b.submit(reset, reset, map[string]string{"password": "traduction-lyon-2027"}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("reset: status %d, want 303: %s", resp.StatusCode, doc.Text("main"))
		}
		b.signIn("jean@example.org", "traduction-lyon-2027")
		if n := sessionRows(t, db); n == 0 {
			t.Fatal("no session after signing in")
		}
	})
}

// TestAnonymousFormsRefuseBadTokens posts each anonymous form with its token missing, wrong, or
// taken from another browser: every one is refused with 403.
func TestAnonymousFormsRefuseBadTokens(t *testing.T) {
	s, db := newTestServerDB(t, nil)
	createPerson(t, db, "kofi@example.org", "moderation-789", "")
	b, other := newBrowser(t, s), newBrowser(t, s)
	// A reset link shows its form only while it works.
	if resp, doc := newBrowser(t, s).submit("/reset", "/reset", map[string]string{"email": "kofi@example.org"}); resp.StatusCode != http.StatusOK {
		t.Fatalf("reset request: %d: %s", resp.StatusCode, doc.Text("main"))
	}
	reset := "/reset/" + latestToken(t, db, "kofi@example.org", civhub.MailResetPassword)
	for _, action := range []string{"/signup", "/signin", "/reset", reset, "/verify/some-token"} {
		_, doc := b.get(action)
		token := hiddenToken(t, doc, action)
		_, otherDoc := other.get(action)
		othersToken := hiddenToken(t, otherDoc, action)
		if token == othersToken {
			t.Fatalf("%s: two browsers were given the same token", action)
		}
		fields := url.Values{"email": {"kofi@example.org"}, "password": {"moderation-789"}, "display_name": {"Kofi"}}
		for name, value := range map[string]string{"missing": "", "wrong": strings.Repeat("0", len(token)),
			"another browser's": othersToken, "a prefix of the right one": token[:len(token)-1]} {
			form := url.Values{}
			for k, v := range fields {
				form[k] = v
			}
			if value != "" {
				form.Set("csrf_token", value)
			}
			if resp, _ := b.post(action, form); resp.StatusCode != http.StatusForbidden {
				t.Errorf("POST %s with the token %s: status %d, want 403", action, name, resp.StatusCode)
			}
		}
	}
	if n := sessionRows(t, db); n != 0 {
		t.Fatalf("%d sessions stored by refused forms", n)
	}
}

// hiddenToken returns the csrf_token field of the form posting to action.
func hiddenToken(t *testing.T, doc *webtest.Doc, action string) string {
	t.Helper()
	fields := doc.All(`form[action="` + action + `"] input[name=csrf_token]`)
	if len(fields) != 1 || len(webtest.Attr(fields[0], "value")) < 32 {
		t.Fatalf("the form posting to %s has no token", action)
	}
	return webtest.Attr(fields[0], "value")
}
