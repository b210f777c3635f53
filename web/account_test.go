package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"civhub/sqldb"
	"civhub/web/webtest"
)

// eachServer runs fn as a subtest once per available database, with a fresh server on it.
func eachServer(t *testing.T, fn func(t *testing.T, s *Server, db *sqldb.DB)) {
	t.Helper()
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			s, db := newTestServerOn(t, d, nil)
			fn(t, s, db)
		})
	}
}

// apiStatus sends GET path to the API with a bearer token and returns the status.
func apiStatus(t *testing.T, s *Server, path, token string) int {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, path, nil)
	r.Header.Set("Authorization", "Bearer "+token)
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w.Code
}

// TestAccountPageListsAPITokens checks that the account page shows every way into the account,
// API tokens included, and that each can be revoked from there.
func TestAccountPageListsAPITokens(t *testing.T) {
	eachServer(t, func(t *testing.T, s *Server, db *sqldb.DB) {
		ctx := context.Background()
		p := createPerson(t, db, "priya@example.org", "android-sql-123", "")
		b := newBrowser(t, s)
		b.signIn("priya@example.org", "android-sql-123")
		_, doc := b.get("/account")
		if len(doc.All(".tokens li")) != 0 || !strings.Contains(doc.Text("main"), "no API tokens") {
			t.Fatalf("before any token: %q", doc.Text("main"))
		}
		raw, tok, err := s.tokens.CreateToken(ctx, p.ID, "hours spreadsheet")
		if err != nil {
			t.Fatal(err)
		}
		_, doc = b.get("/account")
		items := doc.All(".tokens li")
		if len(items) != 1 || !strings.Contains(webtest.Text(items[0]), "hours spreadsheet") {
			t.Fatalf("%d tokens listed, want the one made", len(items))
		}
		action := "/account/tokens/" + itoa(tok.ID) + "/revoke"
		resp, _ := b.submit("/account", action, nil)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/account" {
			t.Fatalf("revoke from the account page: %d to %q, want 303 back to /account", resp.StatusCode, resp.Header.Get("Location"))
		}
		if st := apiStatus(t, s, "/api/v1/me", raw); st != http.StatusUnauthorized {
			t.Fatalf("the revoked token still answers %d", st)
		}
	})
}

// TestPasswordChangeRevokesAPITokens checks that changing the password on the page ends the API
// tokens made before, as it ends the other sessions.
func TestPasswordChangeRevokesAPITokens(t *testing.T) {
	eachServer(t, func(t *testing.T, s *Server, db *sqldb.DB) {
		p := createPerson(t, db, "jean@example.org", "traducteur-lyon-5", "")
		raw, _, err := s.tokens.CreateToken(context.Background(), p.ID, "script")
		if err != nil {
			t.Fatal(err)
		}
		if st := apiStatus(t, s, "/api/v1/me", raw); st != http.StatusOK {
			t.Fatalf("the new token answers %d", st)
		}
		b := newBrowser(t, s)
		b.signIn("jean@example.org", "traducteur-lyon-5")
		resp, _ := b.submit("/account/password", "/account/password", map[string]string{"password": "brochure-arabe-2026"})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("change password: status %d", resp.StatusCode)
		}
		if st := apiStatus(t, s, "/api/v1/me", raw); st != http.StatusUnauthorized {
			t.Fatalf("a token made before the password changed answers %d, want 401", st)
		}
		_, doc := b.get("/account")
		if !strings.Contains(doc.Text(".flash"), "API tokens were revoked") {
			t.Errorf("the notice does not say the tokens were revoked: %q", doc.Text(".flash"))
		}
	})
}
