package web

import (
	"bytes"
	"context"
	"net/http"
	"regexp"
	"testing"
	"time"

	"civhub"
	"civhub/mfa"
	"civhub/sqldb"
	"civhub/web/webtest"
)

// twoFactorOn turns two-factor sign-in on for p and returns the secret.
func twoFactorOn(t *testing.T, s *Server, db *sqldb.DB, p *civhub.Person) string {
	t.Helper()
	k, err := mfa.NewKey("civhub", p.Email, "")
	if err != nil {
		t.Fatal(err)
	}
	code, _ := mfa.Code(k.Secret, time.Now())
	if _, err := s.identity.accounts.EnableTOTP(context.Background(), p.ID, k.Secret, code); err != nil {
		t.Fatal(err)
	}
	return k.Secret
}

func TestTwoFactorSetUpAndSignIn(t *testing.T) {
	s, db := newTestServerDB(t, nil)
	createPerson(t, db, "amina@example.org", "argan-cooperative-1", "")
	b := newBrowser(t, s)
	b.signIn("amina@example.org", "argan-cooperative-1")

	_, doc := b.get("/account/2fa")
	secret := doc.Text("code.key")
	if len(doc.All("img.qr")) != 1 || secret == "" {
		t.Fatal("the setup page shows no QR code or key")
	}
	t.Run("SecretSealedInTheSession", func(t *testing.T) {
		rows, err := db.Writer().Query(`SELECT data FROM sessions`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			var data []byte
			if err := rows.Scan(&data); err != nil {
				t.Fatal(err)
			}
			if n++; bytes.Contains(data, []byte(secret)) {
				t.Fatal("a session row holds the secret being set up, readable")
			}
		}
		if n == 0 {
			t.Fatal("no session rows to look at")
		}
	})
	t.Run("ErrWrongCodeKeepsTheKey", func(t *testing.T) {
		resp, doc := b.submit("/account/2fa", "/account/2fa", map[string]string{"code": "000000"})
		if resp.StatusCode != http.StatusUnauthorized || doc.Text("code.key") != secret {
			t.Fatalf("status %d, key %q; want 401 and the same key %q", resp.StatusCode, doc.Text("code.key"), secret)
		}
	})
	code, _ := mfa.Code(secret, time.Now())
	resp, doc := b.submit("/account/2fa", "/account/2fa", map[string]string{"code": code})
	codes := doc.All(".codes code")
	if resp.StatusCode != 200 || len(codes) != 10 {
		t.Fatalf("enabling: status %d, %d recovery codes shown", resp.StatusCode, len(codes))
	}
	recovery := webtest.Text(codes[0])

	fresh := newBrowser(t, s)
	resp, _ = fresh.submit("/signin", "/signin", map[string]string{"email": "amina@example.org", "password": "argan-cooperative-1"})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/signin/code" {
		t.Fatalf("password step: %d to %q, want the code step", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp, _ := fresh.get("/account"); resp.StatusCode == 200 {
		t.Fatal("the account page opened with the password alone")
	}
	t.Run("ErrReusedCode", func(t *testing.T) {
		resp, _ := fresh.submit("/signin/code", "/signin/code", map[string]string{"code": code})
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("the code used to turn two-factor on worked again: status %d", resp.StatusCode)
		}
	})
	t.Run("OKRecoveryCodeOnce", func(t *testing.T) {
		resp, _ := fresh.submit("/signin/code", "/signin/code", map[string]string{"code": recovery})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/account" {
			t.Fatalf("recovery code: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		other := newBrowser(t, s)
		other.submit("/signin", "/signin", map[string]string{"email": "amina@example.org", "password": "argan-cooperative-1"})
		if resp, _ := other.submit("/signin/code", "/signin/code", map[string]string{"code": recovery}); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("a used recovery code worked again: status %d", resp.StatusCode)
		}
	})
	t.Run("OKResetDoesNotBypass", func(t *testing.T) {
		if err := s.identity.accounts.RequestPasswordReset(context.Background(), "amina@example.org", civhub.Client{IPKey: "x"}); err != nil {
			t.Fatal(err)
		}
		token := latestToken(t, db, "amina@example.org", civhub.MailResetPassword)
		r := newBrowser(t, s)
		r.submit("/reset/"+token, "/reset/"+token, map[string]string{"password": "new-argan-password-2"})
		resp, _ := r.submit("/signin", "/signin", map[string]string{"email": "amina@example.org", "password": "new-argan-password-2"})
		if resp.Header.Get("Location") != "/signin/code" {
			t.Fatalf("after a reset, sign-in went to %q instead of asking for the code", resp.Header.Get("Location"))
		}
	})
}

func TestReauthenticate(t *testing.T) {
	s, db := newTestServerDB(t, nil)
	createPerson(t, db, "diego@example.org", "valparaiso-cerros-1", "")
	b := newBrowser(t, s)
	b.signIn("diego@example.org", "valparaiso-cerros-1")
	t.Run("ErrWrongPassword", func(t *testing.T) {
		resp, doc := b.submit("/account/confirm?next=/account/password", "/account/confirm", map[string]string{"password": "nope-nope-nope"})
		if resp.StatusCode != http.StatusUnauthorized || len(doc.All(".problem")) != 1 {
			t.Fatalf("status %d, want 401 with the problem shown", resp.StatusCode)
		}
	})
	t.Run("OK", func(t *testing.T) {
		resp, _ := b.submit("/account/confirm?next=/account/password", "/account/confirm", map[string]string{"password": "valparaiso-cerros-1"})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/account/password" {
			t.Fatalf("%d to %q, want back to /account/password", resp.StatusCode, resp.Header.Get("Location"))
		}
	})
}

func TestChangePasswordKeepsThisSession(t *testing.T) {
	s, db := newTestServerDB(t, nil)
	createPerson(t, db, "sam@example.org", "techcamp-nairobi-1", "")
	this, other := newBrowser(t, s), newBrowser(t, s)
	this.signIn("sam@example.org", "techcamp-nairobi-1")
	other.signIn("sam@example.org", "techcamp-nairobi-1")
	resp, _ := this.submit("/account/password", "/account/password", map[string]string{"password": "techcamp-kisumu-2"})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("change password: status %d", resp.StatusCode)
	}
	if resp, _ := this.get("/account"); resp.StatusCode != 200 {
		t.Fatal("the device that changed the password was signed out")
	}
	if resp, _ := other.get("/account"); resp.StatusCode == 200 {
		t.Fatal("another device stayed signed in after a password change")
	}
	if latestMailKind(t, db, "sam@example.org") != civhub.MailPasswordChanged {
		t.Fatal("no password-changed mail")
	}
}

func TestChangeEmail(t *testing.T) {
	s, db := newTestServerDB(t, nil)
	createPerson(t, db, "lena@example.org", "hackathon-weekend-1", "")
	createPerson(t, db, "taken@example.org", "someone-else-123", "")
	b := newBrowser(t, s)
	b.signIn("lena@example.org", "hackathon-weekend-1")
	if resp, doc := b.submit("/account/email", "/account/email", map[string]string{"email": "taken@example.org"}); resp.StatusCode != http.StatusBadRequest ||
		webtest.Attr(doc.One("#f-email"), "value") != "taken@example.org" {
		t.Fatalf("a taken address: status %d, want 400 with the address kept", resp.StatusCode)
	}
	if resp, _ := b.submit("/account/email", "/account/email", map[string]string{"email": "lena@rhok.example"}); resp.StatusCode != 200 {
		t.Fatalf("request: status %d", resp.StatusCode)
	}
	token := latestToken(t, db, "lena@rhok.example", civhub.MailChangeEmail)
	if resp, _ := b.submit("/account/email/"+token, "/account/email/"+token, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: status %d", resp.StatusCode)
	}
	_, doc := b.get("/account")
	if !regexp.MustCompile(`lena@rhok\.example`).MatchString(doc.Text(".facts")) {
		t.Fatalf("the account shows %q, want the new address", doc.Text(".facts"))
	}
	if latestMailKind(t, db, "lena@example.org") != civhub.MailEmailChanged {
		t.Fatal("the old address was not told")
	}
}

func latestMailKind(t *testing.T, db *sqldb.DB, to string) string {
	t.Helper()
	var kind string
	err := db.View(context.Background(), func(tx *sqldb.Tx) error {
		return tx.QueryRowContext(context.Background(), `SELECT kind FROM mail_queue WHERE to_address = $1 ORDER BY id DESC LIMIT 1`, to).Scan(&kind)
	})
	if err != nil {
		t.Fatal(err)
	}
	return kind
}
