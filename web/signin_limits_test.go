package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"civhub/sqldb"
	"civhub/web/webtest"
)

// signInAccountLimit is how many wrong passwords an account takes from unknown devices in 15
// minutes, written out so that a change to it fails this test.
const signInAccountLimit = 10

// eachDatabase runs fn once per available database, each with a fresh server.
func eachDatabase(t *testing.T, fn func(t *testing.T, s *Server, db *sqldb.DB)) {
	t.Helper()
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			s, db := newTestServerOn(t, d, nil)
			fn(t, s, db)
		})
	}
}

// trySignIn posts the sign-in form and returns the status and the page.
func (b *browser) trySignIn(email, pw string) (*http.Response, *webtest.Doc) {
	b.t.Helper()
	return b.submit("/signin", "/signin", map[string]string{"email": email, "password": pw})
}

// TestStrangerCannotLockOutTheOwner: wrong passwords from browsers the account was never used in
// lock it for such browsers after the limit, while its owner signs in from a browser she used before.
// Every browser here comes from one address, as at a TechCamp.
func TestStrangerCannotLockOutTheOwner(t *testing.T) {
	eachDatabase(t, func(t *testing.T, s *Server, db *sqldb.DB) {
		createPerson(t, db, "amina@example.org", "argan-oil-cooperative-7", "")
		phone := newBrowser(t, s)
		phone.signIn("amina@example.org", "argan-oil-cooperative-7")
		phone.submit("/account", "/signout", nil)

		stranger := newBrowser(t, s)
		for i := 1; i <= signInAccountLimit; i++ {
			if resp, _ := stranger.trySignIn("amina@example.org", fmt.Sprintf("guess-%d", i)); resp.StatusCode != http.StatusUnauthorized {
				t.Fatalf("wrong password %d of %d: status %d, want 401", i, signInAccountLimit, resp.StatusCode)
			}
		}
		resp, doc := stranger.trySignIn("amina@example.org", "argan-oil-cooperative-7")
		if resp.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("the right password after %d wrong ones from an unknown browser: status %d, want 429", signInAccountLimit, resp.StatusCode)
		}
		wait, err := strconv.Atoi(resp.Header.Get("Retry-After"))
		if err != nil || wait < 60 || wait > 15*60 {
			t.Errorf("Retry-After %q, want up to 15 minutes in seconds", resp.Header.Get("Retry-After"))
		}
		if problem := doc.Text(".problem"); !strings.Contains(problem, "device you have signed in with before") ||
			!strings.Contains(problem, fmt.Sprintf("Try again in %d minutes", (wait+59)/60)) {
			t.Errorf("the page says %q: it must say when to try again and that a known device works", problem)
		}
		if resp, _ := phone.trySignIn("amina@example.org", "argan-oil-cooperative-7"); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("the owner on her phone: status %d, want 303 (signed in)", resp.StatusCode)
		}
	})
}

// TestSharedAddressDoesNotLockItselfOut signs forty people in correctly from one address.
func TestSharedAddressDoesNotLockItselfOut(t *testing.T) {
	eachDatabase(t, func(t *testing.T, s *Server, db *sqldb.DB) {
		createPerson(t, db, "sam@example.org", "techcamp-nairobi-1", "")
		for i := 1; i <= 40; i++ {
			b := newBrowser(t, s)
			if resp, doc := b.trySignIn("sam@example.org", "techcamp-nairobi-1"); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("correct sign-in %d from one address: status %d: %s", i, resp.StatusCode, doc.Text("main"))
			}
		}
	})
}

// tokenRequest asks the API for a token, with a device cookie when cookie is not empty.
func tokenRequest(s *Server, email, pw, cookie string) *http.Response {
	r := httptest.NewRequest(http.MethodPost, "/api/v1/auth/token",
		strings.NewReader(fmt.Sprintf(`{"email":%q,"password":%q}`, email, pw)))
	r.Header.Set("Content-Type", "application/json")
	if cookie != "" {
		r.Header.Set("Cookie", cookie)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w.Result()
}

// TestTokenEndpointLimits: the API's sign-in follows the page's rules, device cookie included.
func TestTokenEndpointLimits(t *testing.T) {
	eachDatabase(t, func(t *testing.T, s *Server, db *sqldb.DB) {
		createPerson(t, db, "priya@example.org", "android-sql-2026", "")
		first := tokenRequest(s, "priya@example.org", "android-sql-2026", "")
		if first.StatusCode != http.StatusCreated || len(first.Cookies()) != 1 || first.Cookies()[0].Name != s.deviceCookieName() {
			t.Fatalf("first token: status %d, cookies %v; want 201 with a device cookie", first.StatusCode, first.Cookies())
		}
		device := first.Cookies()[0].Name + "=" + first.Cookies()[0].Value
		for i := 1; i <= signInAccountLimit; i++ {
			if resp := tokenRequest(s, "priya@example.org", fmt.Sprintf("guess-%d", i), ""); resp.StatusCode != http.StatusUnauthorized {
				t.Fatalf("wrong password %d of %d: status %d, want 401", i, signInAccountLimit, resp.StatusCode)
			}
		}
		resp := tokenRequest(s, "priya@example.org", "android-sql-2026", "")
		body, _ := io.ReadAll(resp.Body)
		var p problem
		if err := json.Unmarshal(body, &p); err != nil || resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" ||
			p.Code != "too_many" || p.RequestID == "" {
			t.Fatalf("the right password after %d wrong ones: status %d, Retry-After %q, %s; want 429 with Retry-After and a problem",
				signInAccountLimit, resp.StatusCode, resp.Header.Get("Retry-After"), body)
		}
		if resp := tokenRequest(s, "priya@example.org", "android-sql-2026", device); resp.StatusCode != http.StatusCreated {
			t.Fatalf("with the device cookie: status %d, want 201", resp.StatusCode)
		}
		forged := strings.Replace(device, ".", ".0", 1)
		if resp := tokenRequest(s, "priya@example.org", "android-sql-2026", forged); resp.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("with a forged device cookie: status %d, want 429", resp.StatusCode)
		}
	})
}

// sessionRows counts the stored sessions.
func sessionRows(t *testing.T, db *sqldb.DB) int {
	t.Helper()
	var n int
	err := db.View(context.Background(), func(tx *sqldb.Tx) error {
		return tx.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM sessions`).Scan(&n)
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
