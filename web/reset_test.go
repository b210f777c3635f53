package web

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"civhub"
	"civhub/sqldb"
	"civhub/web/webtest"
)

// TestResetLinkUsedOrExpired checks that a reset link that no longer works says so when it is
// opened, and offers to send a new one, instead of showing a form whose answer would be refused.
func TestResetLinkUsedOrExpired(t *testing.T) {
	eachServer(t, func(t *testing.T, s *Server, db *sqldb.DB) {
		ctx := context.Background()
		createPerson(t, db, "jean@example.org", "traducteur-lyon-5", "")
		link := func() string {
			t.Helper()
			if err := s.identity.accounts.RequestPasswordReset(ctx, "jean@example.org", civhub.Client{}); err != nil {
				t.Fatal(err)
			}
			return "/reset/" + latestToken(t, db, "jean@example.org", civhub.MailResetPassword)
		}
		wantGone := func(t *testing.T, resp *http.Response, doc *webtest.Doc) {
			t.Helper()
			if resp.StatusCode != http.StatusBadRequest || doc.Text("h1") != "This link does not work any more" {
				t.Fatalf("status %d, heading %q; want 400 and a page saying the link does not work", resp.StatusCode, doc.Text("h1"))
			}
			if len(doc.All(`form[action="/reset"] input[name="email"]`)) != 1 || len(doc.All(`input[name="password"]`)) != 0 {
				t.Fatal("the page does not offer a new link, or still asks for a password")
			}
		}

		b := newBrowser(t, s)
		fresh := link()
		if resp, doc := b.get(fresh); resp.StatusCode != http.StatusOK || len(doc.All(`input[name="password"]`)) != 1 {
			t.Fatalf("a fresh link: status %d, want the password form", resp.StatusCode)
		}
		t.Run("ErrUsed", func(t *testing.T) {
			if resp, _ := b.submit(fresh, fresh, map[string]string{"password": "brochure-arabe-2026"}); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("reset: status %d", resp.StatusCode)
			}
			resp, doc := b.get(fresh)
			wantGone(t, resp, doc)
			resp, doc = postReset(b, fresh)
			wantGone(t, resp, doc)
		})
		t.Run("ErrExpired", func(t *testing.T) {
			old := link()
			db.Now = func() time.Time { return time.Now().UTC().Add(civhub.ResetPasswordTokenLifetime + time.Minute) }
			defer func() { db.Now = func() time.Time { return time.Now().UTC() } }()
			resp, doc := b.get(old)
			wantGone(t, resp, doc)
			resp, doc = postReset(b, old)
			wantGone(t, resp, doc)
		})
		t.Run("ErrUnknown", func(t *testing.T) {
			resp, doc := b.get("/reset/not-a-token")
			wantGone(t, resp, doc)
		})
	})
}

// postReset posts a new password to a reset link, with the form token of the session.
func postReset(b *browser, link string) (*http.Response, *webtest.Doc) {
	b.t.Helper()
	_, doc := b.get("/reset")
	token := webtest.Attr(doc.One(`form[action="/reset"] input[name="csrf_token"]`), "value")
	return b.post(link, url.Values{"csrf_token": {token}, "password": {"brochure-arabe-2026"}})
}
