package web

import (
	"net/http"

	"civhub"
)

// accountPage shows the signed-in person their account and every way into it: the devices signed
// in and the API tokens.
type accountPage struct {
	Page
	Sessions []civhub.Session
	Tokens   []*civhub.APIToken
	CSRF     string
}

// requireViewer returns the signed-in person, or EUNAUTHORIZED (which sends a browser to sign in).
func requireViewer(r *http.Request) (*civhub.Person, error) {
	if v := requestInfoOf(r).viewer; v != nil {
		return v, nil
	}
	return nil, civhub.E(civhub.EUNAUTHORIZED, "err.signin_needed", "Please sign in first.")
}

// requireConfirmed returns EUNAUTHORIZED to someone not signed in, and ErrEmailUnconfirmed when may
// refuses the signed-in person (what it guards needs a confirmed email address).
func requireConfirmed(r *http.Request, may func(*civhub.Actor) bool) error {
	if _, err := requireViewer(r); err != nil {
		return err
	}
	if !may(actorOf(r)) {
		return civhub.ErrEmailUnconfirmed
	}
	return nil
}

func (s *account) accountPage(w http.ResponseWriter, r *http.Request) error {
	v, err := requireViewer(r)
	if err != nil {
		return err
	}
	p := &accountPage{Page: s.page(r, requestInfoOf(r).locale.T("account.title")), CSRF: s.csrfToken(r.Context())}
	p.Nav = "account"
	if p.Sessions, err = s.sessionStore.PersonSessions(r.Context(), v.ID, s.sessions.Token(r.Context())); err != nil {
		return err
	}
	if p.Tokens, err = s.tokens.Tokens(r.Context(), v.ID); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "account", p)
}

func (s *account) revokeSession(w http.ResponseWriter, r *http.Request) error {
	v, err := requireViewer(r)
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	if err := s.sessionStore.Revoke(r.Context(), v.ID, r.PostFormValue("session")); err != nil {
		return err
	}
	return s.redirectWith(w, r, "/account", "account.sessions.revoked")
}

// outboxPage lists the mail kept while no SMTP server is configured.
type outboxPage struct {
	Page
	Mail []*civhub.QueuedMail
}

// requireAdmin returns the signed-in admin, or EUNAUTHORIZED / EFORBIDDEN.
func requireAdmin(r *http.Request) (*civhub.Person, error) {
	v, err := requireViewer(r)
	if err != nil {
		return nil, err
	}
	if v.SiteRole != civhub.RoleAdmin {
		return nil, civhub.ErrAdminsOnly
	}
	return v, nil
}
