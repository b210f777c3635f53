package web

import (
	"net/http"
	"net/url"
	"slices"

	"civhub"
)

// authPage is every sign-up, sign-in, verification and reset page: a heading, an optional lead
// paragraph and a form.
type authPage struct {
	Page
	Lead  string // message ID of the paragraph under the heading, or ""
	Form  Form
	Next  string // where to go after signing in
	Token string // the mailed token, for the verify and reset forms
	Email string // the address a notice is about
}

func (s *kit) authPage(r *http.Request, title string) *authPage {
	p := &authPage{Page: s.page(r, requestInfoOf(r).locale.T(title))}
	p.Form.CSRF = s.formToken(r)
	return p
}

// formsPage is authPage for a page whose forms are all for signed-in people: a visitor who is not
// signed in gets no form token, and so no form cookie, and the page is the same for every such
// visitor (the page cache keeps it).
func (s *kit) formsPage(r *http.Request, title string) *authPage {
	if requestInfoOf(r).viewer != nil {
		return s.authPage(r, title)
	}
	return &authPage{Page: s.page(r, requestInfoOf(r).locale.T(title))}
}

// renderForm shows a form again after err, with the status err's code calls for. data is the page
// to render when it is not p itself (a page that embeds an authPage).
func (s *kit) renderForm(w http.ResponseWriter, r *http.Request, err error, name string, p *authPage, data ...any) error {
	if !formFailed(&p.Form, err) {
		return err
	}
	var page any = p
	if len(data) > 0 {
		page = data[0]
	}
	if e := asError(err); e != nil && e.RetryAfter > 0 {
		w.Header().Set("Retry-After", retryAfterSeconds(e.RetryAfter))
	}
	return s.render(w, r, statusOf(civhub.ErrorCode(err)), name, page)
}

// signUpPage is the sign-up form: the account's fields, why the person came, and where they were
// going (kept with the confirmation link).
type signUpPage struct {
	authPage
	Purpose civhub.Purpose
}

func (s *identity) signUpPage(r *http.Request) *signUpPage {
	p := &signUpPage{authPage: *s.authPage(r, "auth.signup.title")}
	p.Nav = "signup"
	return p
}

func (s *identity) signUpForm(w http.ResponseWriter, r *http.Request) error {
	p := s.signUpPage(r)
	p.Next = nextPath(r.URL.Query().Get("next"))
	return s.render(w, r, http.StatusOK, "signup", p)
}

func (s *identity) signUp(w http.ResponseWriter, r *http.Request) error {
	p := s.signUpPage(r)
	if err := s.parseForm(w, r); err != nil {
		return s.renderForm(w, r, err, "signup", &p.authPage, p)
	}
	p.Form.Values = formValues(r, "display_name", "email")
	p.Next = nextPath(r.PostFormValue("next"))
	p.Purpose = purposeOf(r.PostForm["purpose"])
	in := civhub.SignUp{
		Email:       r.PostFormValue("email"),
		DisplayName: r.PostFormValue("display_name"),
		Password:    r.PostFormValue("password"),
		Locale:      requestInfoOf(r).locale.Code,
		Purpose:     p.Purpose,
		Next:        p.Next,
	}
	if err := s.accounts.SignUp(r.Context(), in, s.client(r)); err != nil {
		return s.renderForm(w, r, err, "signup", &p.authPage, p)
	}
	n := s.authPage(r, "auth.check_email.title")
	n.Lead, n.Email = "auth.check_email.body", in.Email
	return s.render(w, r, http.StatusOK, "notice", n)
}

// purposeOf reads the sign-up form's "purpose" checkboxes; values it does not know are ignored.
func purposeOf(values []string) civhub.Purpose {
	return civhub.Purpose{Volunteer: slices.Contains(values, "volunteer"), Organization: slices.Contains(values, "organization")}
}

func (s *identity) signInForm(w http.ResponseWriter, r *http.Request) error {
	if requestInfoOf(r).viewer != nil {
		http.Redirect(w, r, "/account", http.StatusSeeOther)
		return nil
	}
	p := s.authPage(r, "auth.signin.title")
	p.Next = localPath(r.URL.Query().Get("next"))
	return s.render(w, r, http.StatusOK, "signin", p)
}

func (s *identity) signInSubmit(w http.ResponseWriter, r *http.Request) error {
	p := s.authPage(r, "auth.signin.title")
	if err := s.parseForm(w, r); err != nil {
		return s.renderForm(w, r, err, "signin", p)
	}
	p.Form.Values = formValues(r, "email")
	p.Next = localPath(r.PostFormValue("next"))
	person, err := s.accounts.Authenticate(r.Context(), r.PostFormValue("email"), r.PostFormValue("password"), s.client(r))
	if err != nil {
		return s.renderForm(w, r, err, "signin", p)
	}
	if person.TOTPEnabledAt != nil {
		return s.startSecondFactor(w, r, person, p.Next)
	}
	return s.completeSignIn(w, r, person, p.Next)
}

func (s *identity) signOut(w http.ResponseWriter, r *http.Request) error {
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	if err := s.sessions.Destroy(r.Context()); err != nil {
		return err
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

// verifyForm shows a button rather than verifying on GET, so that mail scanners that open links do
// not use the token up.
func (s *identity) verifyForm(w http.ResponseWriter, r *http.Request) error {
	return s.emailLink(w, r, verifyLink, nil)
}

// verifySubmit confirms the address with the mailed token and, when the link may (see
// civhub.Confirmation), signs the person in and takes them to their first steps: the start for why
// they came, or where they were going. An account with two-factor sign-in still owes its code. A
// link too old to sign in confirms, then asks for the password on the way to the same place.
func (s *identity) verifySubmit(w http.ResponseWriter, r *http.Request) error {
	p := s.authPage(r, verifyLink.title)
	p.Lead, p.Token = verifyLink.lead, r.PathValue("token")
	if err := s.parseForm(w, r); err != nil {
		return s.renderForm(w, r, err, verifyLink.template, p)
	}
	c, err := s.accounts.VerifyEmail(r.Context(), p.Token)
	if civhub.ErrorCode(err) == civhub.EINVALID {
		p.Lead, p.Token = "account.start.link_gone", ""
		return s.render(w, r, http.StatusBadRequest, verifyLink.template, p)
	} else if err != nil {
		return err
	}
	next := firstSteps(c.Person.Purpose, c.Next)
	switch {
	case !c.SignIn:
		return s.redirectWith(w, r, "/signin?next="+url.QueryEscape(next), verifyLink.done)
	case c.Person.TOTPEnabledAt != nil:
		s.flash(r.Context(), "account.start.confirmed_code")
		return s.startSecondFactor(w, r, c.Person, next)
	}
	s.flash(r.Context(), "account.start.confirmed")
	return s.completeSignIn(w, r, c.Person, next)
}

// firstSteps is where a person goes once their address is confirmed: the start for why they came
// (volunteering first when they came for both), which then offers the way back to next, where they
// were going; or next itself, or their own page.
func firstSteps(p civhub.Purpose, next string) string {
	start := ""
	switch {
	case p.Volunteer:
		start = startVolunteer
	case p.Organization:
		start = startOrganization
	}
	switch {
	case start == "" && next == "":
		return "/me"
	case start == "":
		return next
	case next != "":
		return start + "?next=" + url.QueryEscape(next)
	}
	return start
}

// emailLinkPage describes the page behind a link civhub mailed: its title, lead and template,
// and where to go, with which notice, once its button is pressed.
type emailLinkPage struct {
	title, lead, template, next, done string
}

var (
	verifyLink       = emailLinkPage{"auth.verify.title", "auth.verify.body", "verify", "/signin", "auth.verify.done"}
	emailChangedLink = emailLinkPage{"account.email_confirm.title", "account.email_confirm.lead", "email_confirm", "/account", "account.email_confirm.done"}
)

// emailLink shows the page of a mailed link with a button rather than acting on GET, so that mail
// scanners that open links do not use the token up; with use (on POST), it uses the token.
func (s *identity) emailLink(w http.ResponseWriter, r *http.Request, l emailLinkPage, use func(token string) error) error {
	p := s.authPage(r, l.title)
	p.Lead, p.Token = l.lead, r.PathValue("token")
	if use == nil {
		return s.render(w, r, http.StatusOK, l.template, p)
	}
	if err := s.parseForm(w, r); err != nil {
		return s.renderForm(w, r, err, l.template, p)
	}
	if err := use(p.Token); err != nil {
		return s.renderForm(w, r, err, l.template, p)
	}
	return s.redirectWith(w, r, l.next, l.done)
}

func (s *identity) resetRequestForm(w http.ResponseWriter, r *http.Request) error {
	p := s.authPage(r, "auth.reset_request.title")
	p.Lead = "auth.reset_request.body"
	return s.render(w, r, http.StatusOK, "reset_request", p)
}

func (s *identity) resetRequestSubmit(w http.ResponseWriter, r *http.Request) error {
	p := s.authPage(r, "auth.reset_request.title")
	p.Lead = "auth.reset_request.body"
	if err := s.parseForm(w, r); err != nil {
		return s.renderForm(w, r, err, "reset_request", p)
	}
	p.Form.Values = formValues(r, "email")
	if err := s.accounts.RequestPasswordReset(r.Context(), r.PostFormValue("email"), s.client(r)); err != nil {
		return s.renderForm(w, r, err, "reset_request", p)
	}
	n := s.authPage(r, "auth.reset_sent.title")
	n.Lead, n.Email = "auth.reset_sent.body", r.PostFormValue("email")
	return s.render(w, r, http.StatusOK, "notice", n)
}

func (s *identity) resetForm(w http.ResponseWriter, r *http.Request) error {
	p := s.authPage(r, "auth.reset.title")
	p.Token = r.PathValue("token")
	if err := s.accounts.CheckResetLink(r.Context(), p.Token); err != nil {
		return s.renderResetLinkGone(w, r, err)
	}
	return s.render(w, r, http.StatusOK, "reset", p)
}

// renderResetLinkGone answers a used or expired reset link: instead of a form whose answer would be
// refused, a page that says so and asks for a new link.
func (s *identity) renderResetLinkGone(w http.ResponseWriter, r *http.Request, err error) error {
	if civhub.ErrorCode(err) != civhub.EINVALID {
		return err
	}
	p := s.authPage(r, "auth.reset_gone.title")
	p.Lead = "auth.reset_gone.body"
	return s.render(w, r, http.StatusBadRequest, "reset_request", p)
}

func (s *identity) resetSubmit(w http.ResponseWriter, r *http.Request) error {
	p := s.authPage(r, "auth.reset.title")
	p.Token = r.PathValue("token")
	if err := s.parseForm(w, r); err != nil {
		return s.renderForm(w, r, err, "reset", p)
	}
	if err := s.accounts.CheckResetLink(r.Context(), p.Token); err != nil {
		return s.renderResetLinkGone(w, r, err)
	}
	if _, err := s.accounts.ResetPassword(r.Context(), p.Token, r.PostFormValue("password")); err != nil {
		return s.renderForm(w, r, err, "reset", p)
	}
	// Every session of the person ended with the reset, this one included.
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		return err
	}
	s.sessions.Remove(r.Context(), sessionPerson)
	return s.redirectWith(w, r, "/signin", "auth.reset.done")
}
