package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"civhub"
	"civhub/mfa"
	"civhub/web/webtest"
)

func TestConfirmationLinkInWeb(t *testing.T) {
	s, db := newTestServerDB(t, nil)
	signUp := func(b *browser, email, next string, purpose ...string) string {
		t.Helper()
		form := url.Values{"display_name": {"Jean"}, "email": {email}, "password": {"traducteur-lyon-5"}, "purpose": purpose}
		_, doc := b.get("/signup?next=" + url.QueryEscape(next))
		form.Set("csrf_token", webtest.Attr(doc.One(`form[action="/signup"] input[name="csrf_token"]`), "value"))
		if next != "" && civhub.LocalPath(next) == next {
			if v := webtest.Attr(doc.One(`form[action="/signup"] input[name="next"]`), "value"); v != next {
				t.Fatalf("the sign-up form carries next %q, want %q", v, next)
			}
		}
		form.Set("next", next)
		if resp, doc := b.post("/signup", form); resp.StatusCode != http.StatusOK {
			t.Fatalf("sign up: %d %s", resp.StatusCode, doc.Text("main"))
		}
		return latestToken(t, db, email, civhub.MailVerifyEmail)
	}
	confirm := func(b *browser, token string) (*http.Response, *webtest.Doc) {
		t.Helper()
		return b.submit("/verify/"+token, "/verify/"+token, nil)
	}
	signedIn := func(b *browser) bool {
		t.Helper()
		resp, _ := b.get("/me")
		return resp.StatusCode == http.StatusOK
	}

	t.Run("ErrReplayed", func(t *testing.T) {
		b := newBrowser(t, s)
		token := signUp(b, "replay@example.org", "", "volunteer")
		if resp, _ := confirm(b, token); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("first press: status %d", resp.StatusCode)
		}
		other := newBrowser(t, s)
		other.setLanguage("fr")
		resp, doc := confirm(other, token)
		if resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("replayed link: status %d, want 400", resp.StatusCode)
		}
		checkPage(t, doc, "fr")
		if !strings.Contains(doc.Text("main"), "déjà servi") || len(doc.All(`form[action^="/verify/"]`)) != 0 ||
			len(doc.All(`main a[href="/signin"]`)) != 1 {
			t.Errorf("replayed link page: %q, want a clear message and a way to sign in", doc.Text("main"))
		}
		if signedIn(other) {
			t.Error("a replayed link signed someone in")
		}
	})
	t.Run("OKOldLinkConfirmsThenAsksToSignIn", func(t *testing.T) {
		b := newBrowser(t, s)
		token := signUp(b, "slow@example.org", "/tasks?q=mapa", "organization")
		db.Now = func() time.Time { return time.Now().UTC().Add(civhub.VerifySignInWindow + time.Minute) }
		t.Cleanup(func() { db.Now = func() time.Time { return time.Now().UTC() } })
		resp, _ := confirm(b, token)
		loc, _ := url.Parse(resp.Header.Get("Location"))
		if resp.StatusCode != http.StatusSeeOther || loc.Path != "/signin" ||
			loc.Query().Get("next") != "/start/organization?next="+url.QueryEscape("/tasks?q=mapa") {
			t.Fatalf("old link: status %d to %q, want sign-in on the way to the organization start", resp.StatusCode, loc)
		}
		if signedIn(b) {
			t.Error("a link older than an hour signed its person in")
		}
		_, doc := b.get(loc.String())
		if v := webtest.Attr(doc.One(`form[action="/signin"] input[name="next"]`), "value"); v != loc.Query().Get("next") {
			t.Errorf("the sign-in form continues to %q", v)
		}
	})
	t.Run("ErrExpired", func(t *testing.T) {
		b := newBrowser(t, s)
		token := signUp(b, "late@example.org", "", "volunteer")
		db.Now = func() time.Time { return time.Now().UTC().Add(civhub.VerifyEmailTokenLifetime + time.Minute) }
		t.Cleanup(func() { db.Now = func() time.Time { return time.Now().UTC() } })
		if resp, _ := confirm(b, token); resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("expired link: status %d, want 400", resp.StatusCode)
		}
	})
	t.Run("ErrOpenRedirect", func(t *testing.T) {
		for i, next := range []string{"//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"} {
			b := newBrowser(t, s)
			_, doc := b.get("/signup?next=" + url.QueryEscape(next))
			if n := len(doc.All(`form[action="/signup"] input[name="next"]`)); n != 0 {
				t.Errorf("next %q: the sign-up form carries it", next)
			}
			// Posted by hand, it is dropped all the same.
			token := signUp(b, string(rune('a'+i))+"-redirect@example.org", next)
			resp, _ := confirm(b, token)
			if loc := resp.Header.Get("Location"); loc != "/me" {
				t.Errorf("next %q: confirming goes to %q, want /me", next, loc)
			}
		}
	})
	t.Run("OKTwoFactorStillAsked", func(t *testing.T) {
		b := newBrowser(t, s)
		token := signUp(b, "careful@example.org", "", "organization")
		p, err := s.people.FindPersonByID(context.Background(), personID(t, db, "careful@example.org"))
		if err != nil {
			t.Fatal(err)
		}
		secret := twoFactorOn(t, s, db, p)
		resp, _ := confirm(b, token)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/signin/code" {
			t.Fatalf("confirm with two-factor on: status %d to %q, want the code step", resp.StatusCode, resp.Header.Get("Location"))
		}
		if signedIn(b) {
			t.Fatal("confirming signed in an account with two-factor without its code")
		}
		code, _ := mfa.Code(secret, time.Now().Add(30*time.Second))
		resp, _ = b.submit("/signin/code", "/signin/code", map[string]string{"code": code})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != startOrganization {
			t.Fatalf("code: status %d to %q, want the organization start", resp.StatusCode, resp.Header.Get("Location"))
		}
		if !signedIn(b) {
			t.Fatal("not signed in after the code")
		}
	})
	t.Run("OKBothStartWithVolunteering", func(t *testing.T) {
		b := newBrowser(t, s)
		token := signUp(b, "both@example.org", "", "volunteer", "organization")
		resp, _ := confirm(b, token)
		if loc := resp.Header.Get("Location"); loc != startVolunteer {
			t.Fatalf("confirm: to %q, want the volunteer start first", loc)
		}
		_, doc := b.get(startVolunteer)
		if len(doc.All(`main a[href="/start/organization"]`)) != 1 {
			t.Error("the volunteer start does not lead on to the organization start")
		}
		_, doc = b.get("/start/matches")
		if len(doc.All(`.next-steps a[href="/start/organization"]`)) != 1 {
			t.Error("the first matches do not lead on to the organization start")
		}
		_, doc = b.get("/me")
		if len(doc.All(`main a[href="/start/organization"]`)) != 1 || len(doc.All(`main a[href="/start/volunteer"]`)) != 1 {
			t.Error("/me offers neither start to someone who skipped both")
		}
		_, doc = b.get(startOrganization)
		if len(doc.All(`main a[href="/start/volunteer"]`)) != 1 {
			t.Error("the organization start does not offer the volunteer start to someone who came for both")
		}
	})
}
