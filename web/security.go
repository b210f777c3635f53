package web

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"civhub"
	"civhub/mfa"
)

// Session keys of the two-step sign-in and of two-factor setup.
const (
	sessionPending     = "pending_person" // passed the password, owes a second factor
	sessionPendingAt   = "pending_at"     // when (Unix seconds); the second step must follow soon
	sessionPendingNext = "pending_next"
	sessionTOTPSetup   = "totp_setup" // the secret shown while setting up an authenticator app
)

// Time limits of the sensitive steps.
const (
	secondFactorWindow = 10 * time.Minute // between password and code
	recentAuthWindow   = 10 * time.Minute // re-authentication before a security change lasts this long
)

// completeSignIn signs p in after every factor was checked, and goes to next.
func (s *identity) completeSignIn(w http.ResponseWriter, r *http.Request, p *civhub.Person, next string) error {
	if err := s.signIn(w, r, p); err != nil {
		return err
	}
	if err := s.accounts.RecordSignIn(r.Context(), p.ID, s.client(r)); err != nil {
		return err
	}
	http.SetCookie(w, s.deviceCookie(r.Header, p.ID))
	if next == "/" || next == "" {
		next = "/account"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// startSecondFactor remembers that p passed the password and asks for a code.
func (s *identity) startSecondFactor(w http.ResponseWriter, r *http.Request, p *civhub.Person, next string) error {
	ctx := r.Context()
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.sessions.Put(ctx, sessionPending, p.ID)
	s.sessions.Put(ctx, sessionPendingAt, time.Now().Unix())
	s.sessions.Put(ctx, sessionPendingNext, next)
	http.Redirect(w, r, "/signin/code", http.StatusSeeOther)
	return nil
}

// pendingPerson returns who owes a second factor, or 0 when nobody does or it is too late.
func (s *identity) pendingPerson(r *http.Request) int64 {
	ctx := r.Context()
	id := s.sessions.GetInt64(ctx, sessionPending)
	if id == 0 || time.Since(time.Unix(s.sessions.GetInt64(ctx, sessionPendingAt), 0)) > secondFactorWindow {
		return 0
	}
	return id
}

func (s *identity) secondFactorForm(w http.ResponseWriter, r *http.Request) error {
	if s.pendingPerson(r) == 0 {
		http.Redirect(w, r, "/signin", http.StatusSeeOther)
		return nil
	}
	return s.render(w, r, http.StatusOK, "code", s.authPage(r, "auth.code.title"))
}

func (s *identity) secondFactorSubmit(w http.ResponseWriter, r *http.Request) error {
	p := s.authPage(r, "auth.code.title")
	id := s.pendingPerson(r)
	if id == 0 {
		return s.redirectWith(w, r, "/signin", "auth.code.expired")
	}
	if err := s.parseForm(w, r); err != nil {
		return s.renderForm(w, r, err, "code", p)
	}
	if err := s.accounts.VerifySecondFactor(r.Context(), id, r.PostFormValue("code"), s.client(r)); err != nil {
		return s.renderForm(w, r, err, "code", p)
	}
	person, err := s.people.FindPersonByID(r.Context(), id)
	if err != nil {
		return err
	}
	next := s.sessions.GetString(r.Context(), sessionPendingNext)
	for _, k := range []string{sessionPending, sessionPendingAt, sessionPendingNext} {
		s.sessions.Remove(r.Context(), k)
	}
	return s.completeSignIn(w, r, person, localPath(next))
}

// recentAuth reports whether the viewer proved who they are in the last few minutes. If not, it
// sends them to confirm their password first, and back here afterwards.
func (s *kit) recentAuth(w http.ResponseWriter, r *http.Request) bool {
	at := time.Unix(s.sessions.GetInt64(r.Context(), sessionAuthAt), 0)
	if time.Since(at) <= recentAuthWindow {
		return true
	}
	next := r.URL.Path
	if r.Method != http.MethodGet {
		next = r.Header.Get("Referer")
		if u, err := url.Parse(next); err == nil {
			next = u.Path
		}
	}
	http.Redirect(w, r, "/account/confirm?next="+url.QueryEscape(localPath(next)), http.StatusSeeOther)
	return false
}

// sensitivePost opens a posted security change: it needs the signed-in person, a valid form and a
// recent proof of identity. Without the proof the person is sent to give it and ok is false with a
// nil error: the response is written.
func (s *kit) sensitivePost(w http.ResponseWriter, r *http.Request) (v *civhub.Person, ok bool, err error) {
	if v, err = requireViewer(r); err != nil {
		return nil, false, err
	}
	if err := s.parseForm(w, r); err != nil {
		return nil, false, err
	}
	return v, s.recentAuth(w, r), nil
}

// sensitiveGet is sensitivePost for a page that shows a security setting.
func (s *kit) sensitiveGet(w http.ResponseWriter, r *http.Request) (ok bool, err error) {
	if _, err := requireViewer(r); err != nil {
		return false, err
	}
	return s.recentAuth(w, r), nil
}

func (s *identity) confirmForm(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireViewer(r); err != nil {
		return err
	}
	p := s.authPage(r, "account.confirm.title")
	p.Lead, p.Next = "account.confirm.lead", localPath(r.URL.Query().Get("next"))
	return s.render(w, r, http.StatusOK, "confirm", p)
}

func (s *identity) confirmSubmit(w http.ResponseWriter, r *http.Request) error {
	v, err := requireViewer(r)
	if err != nil {
		return err
	}
	p := s.authPage(r, "account.confirm.title")
	p.Lead = "account.confirm.lead"
	if err := s.parseForm(w, r); err != nil {
		return s.renderForm(w, r, err, "confirm", p)
	}
	p.Next = localPath(r.PostFormValue("next"))
	if err := s.accounts.CheckPassword(r.Context(), v.ID, r.PostFormValue("password"), s.client(r)); err != nil {
		return s.renderForm(w, r, err, "confirm", p)
	}
	s.sessions.Put(r.Context(), sessionAuthAt, time.Now().Unix())
	http.Redirect(w, r, p.Next, http.StatusSeeOther)
	return nil
}

// twoFactorPage sets up, shows or turns off two-factor sign-in.
type twoFactorPage struct {
	authPage
	Key           *mfa.Key     // while setting up
	QR            template.URL // while setting up: Key's QR code as a data: URL (see qrImage)
	RecoveryCodes []string     // shown once, right after they are made
}

// pngDataURL starts the data: URLs of the QR codes that mfa.NewKey makes.
const pngDataURL = "data:image/png;base64,"

// qrImage lets the QR code's data: URL into an img element's src. html/template replaces every
// data: URL with "#ZgotmplZ", because one built from outside input could hold a document or a
// script; this one holds a PNG that mfa.NewKey encoded, and is checked to hold nothing else.
func qrImage(dataURL string) (template.URL, error) {
	encoded, ok := strings.CutPrefix(dataURL, pngDataURL)
	if !ok {
		return "", fmt.Errorf("qr code: not a PNG data: URL")
	}
	raw, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		return "", fmt.Errorf("qr code: %w", err)
	}
	if !bytes.HasPrefix(raw, []byte("\x89PNG\r\n\x1a\n")) {
		return "", fmt.Errorf("qr code: not a PNG image")
	}
	return template.URL(dataURL), nil
}

func (s *identity) twoFactor(w http.ResponseWriter, r *http.Request) error {
	if ok, err := s.sensitiveGet(w, r); !ok {
		return err
	}
	return s.renderTwoFactor(w, r, nil, nil)
}

// renderTwoFactor shows the two-factor page: the setup (keeping the secret of this setup in the
// session, sealed, so that reloading does not change it), a problem with the code typed, or the new
// recovery codes.
func (s *identity) renderTwoFactor(w http.ResponseWriter, r *http.Request, problem error, codes []string) error {
	v := requestInfoOf(r).viewer
	p := &twoFactorPage{authPage: *s.authPage(r, "account.two_factor.title"), RecoveryCodes: codes}
	if v.TOTPEnabledAt == nil {
		pending, err := s.setupSecret(r, v.ID)
		if err != nil {
			return err
		}
		if p.Key, err = mfa.NewKey("civhub", v.Email, pending); err != nil {
			return err
		}
		if p.QR, err = qrImage(p.Key.QR); err != nil {
			return err
		}
		sealed, err := s.accounts.SealSetupSecret(r.Context(), v.ID, p.Key.Secret)
		if err != nil {
			return err
		}
		s.sessions.Put(r.Context(), sessionTOTPSetup, sealed)
	}
	if problem != nil {
		return s.renderForm(w, r, problem, "two_factor", &p.authPage, p)
	}
	return s.render(w, r, http.StatusOK, "two_factor", p)
}

// setupSecret returns the secret of the two-factor set-up in progress in this session, or "" when
// there is none: it waits there sealed, so that the session row does not hold it readable.
func (s *identity) setupSecret(r *http.Request, person int64) (string, error) {
	return s.accounts.OpenSetupSecret(r.Context(), person, s.sessions.GetString(r.Context(), sessionTOTPSetup))
}

func (s *identity) enableTwoFactor(w http.ResponseWriter, r *http.Request) error {
	v, ok, err := s.sensitivePost(w, r)
	if !ok {
		return err
	}
	pending, err := s.setupSecret(r, v.ID)
	if err != nil {
		return err
	}
	codes, err := s.accounts.EnableTOTP(r.Context(), v.ID, pending, r.PostFormValue("code"))
	if err != nil {
		return s.renderTwoFactor(w, r, err, nil)
	}
	s.sessions.Remove(r.Context(), sessionTOTPSetup)
	now := time.Now()
	v.TOTPEnabledAt = &now
	return s.renderTwoFactor(w, r, nil, codes)
}

func (s *identity) disableTwoFactor(w http.ResponseWriter, r *http.Request) error {
	v, ok, err := s.sensitivePost(w, r)
	if !ok {
		return err
	}
	if err := s.accounts.DisableTOTP(r.Context(), v.ID); err != nil {
		return err
	}
	return s.redirectWith(w, r, "/account", "account.two_factor.turned_off")
}

func (s *identity) renewRecoveryCodes(w http.ResponseWriter, r *http.Request) error {
	v, ok, err := s.sensitivePost(w, r)
	if !ok {
		return err
	}
	codes, err := s.accounts.NewRecoveryCodes(r.Context(), v.ID)
	if err != nil {
		return err
	}
	return s.renderTwoFactor(w, r, nil, codes)
}

func (s *identity) passwordForm(w http.ResponseWriter, r *http.Request) error {
	if ok, err := s.sensitiveGet(w, r); !ok {
		return err
	}
	return s.render(w, r, http.StatusOK, "password", s.authPage(r, "account.password.title"))
}

func (s *identity) passwordSubmit(w http.ResponseWriter, r *http.Request) error {
	v, err := requireViewer(r)
	if err != nil {
		return err
	}
	p := s.authPage(r, "account.password.title")
	if err := s.parseForm(w, r); err != nil {
		return s.renderForm(w, r, err, "password", p)
	}
	if !s.recentAuth(w, r) {
		return nil
	}
	if err := s.accounts.ChangePassword(r.Context(), v.ID, r.PostFormValue("password"), s.sessions.Token(r.Context())); err != nil {
		return s.renderForm(w, r, err, "password", p)
	}
	return s.redirectWith(w, r, "/account", "account.password.done")
}

func (s *identity) emailForm(w http.ResponseWriter, r *http.Request) error {
	if ok, err := s.sensitiveGet(w, r); !ok {
		return err
	}
	p := s.authPage(r, "account.email.title")
	p.Lead = "account.email.lead"
	return s.render(w, r, http.StatusOK, "email", p)
}

func (s *identity) emailSubmit(w http.ResponseWriter, r *http.Request) error {
	v, err := requireViewer(r)
	if err != nil {
		return err
	}
	p := s.authPage(r, "account.email.title")
	p.Lead = "account.email.lead"
	if err := s.parseForm(w, r); err != nil {
		return s.renderForm(w, r, err, "email", p)
	}
	if !s.recentAuth(w, r) {
		return nil
	}
	p.Form.Values = formValues(r, "email")
	if err := s.accounts.RequestEmailChange(r.Context(), v.ID, r.PostFormValue("email"), s.client(r)); err != nil {
		return s.renderForm(w, r, err, "email", p)
	}
	n := s.authPage(r, "auth.check_email.title")
	n.Lead, n.Email = "auth.check_email.body", r.PostFormValue("email")
	return s.render(w, r, http.StatusOK, "notice", n)
}

func (s *identity) emailConfirmForm(w http.ResponseWriter, r *http.Request) error {
	return s.emailLink(w, r, emailChangedLink, nil)
}

func (s *identity) emailConfirmSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.emailLink(w, r, emailChangedLink, func(token string) error {
		_, err := s.accounts.ConfirmEmailChange(r.Context(), token)
		return err
	})
}
