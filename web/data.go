package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"civhub"
	"civhub/i18n"
)

// tokensPage lists the viewer's personal API tokens and makes new ones.
type tokensPage struct {
	authPage
	Tokens   []*civhub.APIToken
	NewToken string // shown once, right after it is made
}

func (s *account) tokensPage(r *http.Request, v *civhub.Person) (*tokensPage, error) {
	p := &tokensPage{authPage: *s.authPage(r, "account.tokens.title")}
	p.Nav = "account"
	var err error
	p.Tokens, err = s.tokens.Tokens(r.Context(), v.ID)
	return p, err
}

func (s *account) apiTokensPage(w http.ResponseWriter, r *http.Request) error {
	v, err := requireViewer(r)
	if err != nil {
		return err
	}
	p, err := s.tokensPage(r, v)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "tokens", p)
}

func (s *account) createAPIToken(w http.ResponseWriter, r *http.Request) error {
	v, ok, err := s.sensitivePost(w, r)
	if !ok {
		return err
	}
	raw, _, err := s.tokens.CreateToken(r.Context(), v.ID, r.PostFormValue("name"))
	p, perr := s.tokensPage(r, v)
	if perr != nil {
		return perr
	}
	if err != nil {
		p.Form.Values = formValues(r, "name")
		return s.renderForm(w, r, err, "tokens", &p.authPage, p)
	}
	p.NewToken = raw
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, http.StatusOK, "tokens", p)
}

func (s *account) revokeAPIToken(w http.ResponseWriter, r *http.Request) error {
	v, err := requireViewer(r)
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err := s.tokens.RevokeToken(r.Context(), v.ID, id); err != nil {
		return err
	}
	// The account page lists tokens beside sessions and sends its revocations back to itself.
	back := "/account/tokens"
	if r.PostFormValue("next") == "/account" {
		back = "/account"
	}
	return s.redirectWith(w, r, back, "account.tokens.revoked")
}

// writeJSONDownload sends v as a JSON file named name.
func writeJSONDownload(w http.ResponseWriter, name string, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func (s *account) exportAccount(w http.ResponseWriter, r *http.Request) error {
	v, err := requireViewer(r)
	if err != nil {
		return err
	}
	if !s.recentAuth(w, r) {
		return nil
	}
	x, err := s.data.ExportPerson(r.Context(), v.ID)
	if err != nil {
		return err
	}
	readableAudit(requestInfoOf(r).locale, x.AuditLog)
	return writeJSONDownload(w, "civhub-account.json", x)
}

// readableAudit writes the details of an export's audit entries as sentences in l, as the audit
// log page shows them: an export is for people to read, and a detail is stored as a message ID
// with its arguments.
func readableAudit(l *i18n.Locale, log []civhub.AuditEntry) {
	for i := range log {
		log[i].Detail = auditDetailText(l, log[i].Detail)
	}
}

// deletePage confirms the deletion of an account or an organization.
type deletePage struct {
	authPage
	Org *civhub.Organization // nil for the account
}

func (s *account) deleteAccountForm(w http.ResponseWriter, r *http.Request) error {
	if ok, err := s.sensitiveGet(w, r); !ok {
		return err
	}
	p := &deletePage{authPage: *s.authPage(r, "account.delete.title")}
	return s.render(w, r, http.StatusOK, "delete", p)
}

func (s *account) deleteAccount(w http.ResponseWriter, r *http.Request) error {
	v, ok, err := s.sensitivePost(w, r)
	if !ok {
		return err
	}
	p := &deletePage{authPage: *s.authPage(r, "account.delete.title")}
	if r.PostFormValue("confirm") != "on" {
		return s.renderForm(w, r, civhub.FieldError("confirm", "err.confirm_needed", "Tick the box to confirm."), "delete", &p.authPage, p)
	}
	if err := s.data.DeletePerson(r.Context(), v.ID); err != nil {
		return s.renderForm(w, r, err, "delete", &p.authPage, p)
	}
	if err := s.sessions.Destroy(r.Context()); err != nil {
		return err
	}
	n := s.authPage(r, "account.delete.done_title")
	n.Lead = "account.delete.done"
	requestInfoOf(r).viewer = nil
	n.Viewer = nil
	return s.render(w, r, http.StatusOK, "notice", n)
}

func (s *account) exportOrg(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findOrgFor(r, (*civhub.Actor).CanDeleteOrganization)
	if err != nil {
		return err
	}
	if !s.recentAuth(w, r) {
		return nil
	}
	x, err := s.data.ExportOrganization(r.Context(), o.ID)
	if err != nil {
		return err
	}
	readableAudit(requestInfoOf(r).locale, x.AuditLog)
	return writeJSONDownload(w, "civhub-"+o.Slug+".json", x)
}

func (s *account) deleteOrgForm(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findOrgFor(r, (*civhub.Actor).CanDeleteOrganization)
	if err != nil {
		return err
	}
	if !s.recentAuth(w, r) {
		return nil
	}
	p := &deletePage{authPage: *s.authPage(r, "org.delete.title"), Org: o}
	return s.render(w, r, http.StatusOK, "delete", p)
}

func (s *account) deleteOrg(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findOrgFor(r, (*civhub.Actor).CanDeleteOrganization)
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	if !s.recentAuth(w, r) {
		return nil
	}
	p := &deletePage{authPage: *s.authPage(r, "org.delete.title"), Org: o}
	if strings.TrimSpace(r.PostFormValue("slug")) != o.Slug {
		p.Form.Values = formValues(r, "slug")
		return s.renderForm(w, r, civhub.FieldError("slug", "err.slug_mismatch", "Type the organization's web address exactly."), "delete", &p.authPage, p)
	}
	if err := s.data.DeleteOrganization(r.Context(), o.ID, requestInfoOf(r).viewer.ID); err != nil {
		return err
	}
	return s.redirectWith(w, r, "/account", "org.delete.done")
}
