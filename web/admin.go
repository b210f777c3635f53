package web

import (
	"net/http"
	"strconv"

	"civhub"
	"civhub/i18n"
)

// verificationPage lets an organization ask to be verified, and shows the last decision.
type verificationPage struct {
	authPage
	Org    *civhub.Organization
	Latest *civhub.VerificationRequest // nil before the first request
	CanAsk bool
}

// requireModerator returns the signed-in moderator, or EUNAUTHORIZED / EFORBIDDEN.
func requireModerator(r *http.Request) error {
	if _, err := requireViewer(r); err != nil {
		return err
	}
	if !actorOf(r).CanModerate() {
		return civhub.ErrModeratorsOnly
	}
	return nil
}

// verificationQueuePage lists the requests waiting for a moderator.
type verificationQueuePage struct {
	authPage
	Requests []*civhub.VerificationRequest
}

// adminPeoplePage is the admin console's list of people.
type adminPeoplePage struct {
	authPage
	People []*civhub.Person
	Query  string
	Next   int64
	Roles  []Option
}

func (s *Server) adminPeople(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireAdmin(r); err != nil {
		return err
	}
	p, err := s.adminPeoplePage(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "admin_people", p)
}

func (s *Server) adminPeoplePage(r *http.Request) (*adminPeoplePage, error) {
	l := requestInfoOf(r).locale
	q := r.URL.Query()
	after, _ := strconv.ParseInt(q.Get("after"), 10, 64)
	p := &adminPeoplePage{authPage: *s.authPage(r, "admin.people.title"), Query: q.Get("q")}
	p.Nav = "admin"
	const pageSize = 50
	list, err := s.people.FindPeople(r.Context(), civhub.PersonFilter{Query: p.Query, After: after, Limit: pageSize + 1})
	if err != nil {
		return nil, err
	}
	if len(list) > pageSize {
		list = list[:pageSize]
		p.Next = list[len(list)-1].ID
	}
	p.People = list
	for _, role := range []string{civhub.RoleNone, civhub.RoleModerator, civhub.RoleAdmin} {
		p.Roles = append(p.Roles, Option{Value: role, Label: l.T("site_role." + cmpOr(role, "none"))})
	}
	return p, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// adminPersonAction runs one admin change to person {person}, then goes back to the list with the
// notice act names for what it did.
func (s *Server) adminPersonAction(w http.ResponseWriter, r *http.Request, act func(person, by int64) (notice string, err error)) error {
	admin, err := requireAdmin(r)
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	notice, err := act(personParam(r), admin.ID)
	if err != nil {
		p, perr := s.adminPeoplePage(r)
		if perr != nil {
			return perr
		}
		return s.renderForm(w, r, err, "admin_people", &p.authPage, p)
	}
	return s.redirectWith(w, r, "/admin/people", notice)
}

func (s *Server) setSiteRole(w http.ResponseWriter, r *http.Request) error {
	return s.adminPersonAction(w, r, func(person, by int64) (string, error) {
		return "admin.people.role_changed", s.people.SetSiteRole(r.Context(), person, r.PostFormValue("site_role"), by)
	})
}

func (s *Server) setDisabled(w http.ResponseWriter, r *http.Request) error {
	return s.adminPersonAction(w, r, func(person, by int64) (string, error) {
		if r.PostFormValue("disabled") == "true" {
			return "admin.people.now_disabled", s.people.SetDisabled(r.Context(), person, true, by)
		}
		return "admin.people.now_enabled", s.people.SetDisabled(r.Context(), person, false, by)
	})
}

// auditPage shows the audit log: all of it to admins, one organization's to its owners.
type auditPage struct {
	Page
	Org     *civhub.Organization // nil for the whole log
	Entries []civhub.AuditEntry
	Next    int64
}

// Detail is entry e's detail in the viewer's language (see auditDetailText).
func (p *auditPage) Detail(e civhub.AuditEntry) string { return auditDetailText(p.L, e.Detail) }

// auditDetailText is an audit entry's detail as text in l. Details stored as text (names and titles
// people wrote, and the English details stored before details were translated) are shown as they
// are.
func auditDetailText(l *i18n.Locale, detail string) string {
	d, ok := civhub.ParseAuditDetail(detail)
	if !ok {
		return detail
	}
	args := make(map[string]any, len(d.Args)+len(d.Terms)+1)
	for name, v := range d.Args {
		args[name] = v
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			args[name] = l.Number(n)
		}
	}
	if m, err := strconv.Atoi(d.Args["Minutes"]); err == nil {
		args["Amount"] = l.T("hours.amount", map[string]any{"H": m / 60, "M": m % 60})
	}
	for name, id := range d.Terms {
		args[name] = l.T(id)
	}
	return l.T(d.Key, args)
}

func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireViewer(r); err != nil {
		return err
	}
	var o *civhub.Organization
	if r.PathValue("slug") != "" {
		var err error
		if o, err = s.findVisibleOrg(r); err != nil {
			return err
		}
	}
	var orgID int64
	if o != nil {
		orgID = o.ID
	}
	if !actorOf(r).CanSeeAuditLog(orgID) {
		return civhub.ErrNotAllowed
	}
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	const pageSize = 100
	entries, err := s.audit.AuditLog(r.Context(), civhub.AuditFilter{OrganizationID: orgID, Before: before, Limit: pageSize + 1})
	if err != nil {
		return err
	}
	p := &auditPage{Page: s.page(r, requestInfoOf(r).locale.T("audit.title")), Org: o}
	if len(entries) > pageSize {
		entries = entries[:pageSize]
		p.Next = entries[len(entries)-1].ID
	}
	p.Entries = entries
	return s.render(w, r, http.StatusOK, "audit", p)
}

// adminPage is the admin console's start page.
func (s *Server) adminHome(w http.ResponseWriter, r *http.Request) error {
	if err := requireModerator(r); err != nil {
		return err
	}
	p := s.page(r, requestInfoOf(r).locale.T("admin.title"))
	p.Nav = "admin"
	return s.render(w, r, http.StatusOK, "admin", &p)
}

func (s *Server) outbox(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireAdmin(r); err != nil {
		return err
	}
	p := &outboxPage{Page: s.page(r, requestInfoOf(r).locale.T("outbox.title"))}
	var err error
	if p.Mail, err = s.mail.Outbox(r.Context(), 100); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "outbox", p)
}
