package web

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"civhub"
)

// Option is one choice of a menu, radio group or set of checkboxes.
type Option struct {
	Value, Label string
	Selected     bool
}

// commonLanguages are offered as checkboxes wherever people say which languages they work in.
var commonLanguages = []string{"ar", "en", "es", "fr", "pt", "sw", "zgh", "ha", "am", "so", "hi", "bn", "ur",
	"fa", "tr", "ru", "zh", "id", "de", "it"}

// orgFormPage creates or edits an organization.
type orgFormPage struct {
	authPage
	Org       *civhub.Organization
	New       bool
	Types     []Option
	Sizes     []Option
	Countries []Option
	Causes    []Option
	Languages []Option
	TimeZones []string
}

func (s *organizations) orgForm(r *http.Request, o *civhub.Organization, isNew bool) *orgFormPage {
	title := "org.edit.title"
	if isNew {
		title = "org.new.title"
	}
	l := requestInfoOf(r).locale
	p := &orgFormPage{authPage: *s.authPage(r, title), Org: o, New: isNew, TimeZones: commonTimeZones}
	p.Form.Values = map[string]string{"name": o.Name, "slug": o.Slug, "city": o.City, "time_zone": o.TimeZone, "website": o.Website}
	// Menus start with an empty choice, so that nothing is chosen for the person by accident.
	p.Types = []Option{{"", l.T("form.choose"), o.Type == ""}}
	for _, t := range civhub.OrganizationTypes {
		p.Types = append(p.Types, Option{t, l.T("org_type." + t), o.Type == t})
	}
	p.Sizes = []Option{{"", l.T("form.not_given"), o.Size == ""}}
	for _, z := range civhub.OrganizationSizes {
		p.Sizes = append(p.Sizes, Option{z, l.T("org_size." + z), o.Size == z})
	}
	p.Countries = []Option{{"", l.T("form.choose"), o.Country == ""}}
	for _, c := range l.Countries() {
		p.Countries = append(p.Countries, Option{c.Code, c.Name, o.Country == c.Code})
	}
	for _, c := range s.taxonomy.Causes() {
		p.Causes = append(p.Causes, Option{c.ID, c.Name.In(l.Code), slices.Contains(o.Causes, c.ID)})
	}
	langs := slices.Clone(commonLanguages)
	for _, code := range o.Languages {
		if !slices.Contains(langs, code) {
			langs = append(langs, code)
		}
	}
	for _, code := range langs {
		p.Languages = append(p.Languages, Option{code, l.Language(code), slices.Contains(o.Languages, code)})
	}
	return p
}

// readOrgForm copies a posted organization form into o (all but the slug, which is fixed once made).
func readOrgForm(r *http.Request, o *civhub.Organization) {
	o.Name = r.PostFormValue("name")
	o.Mission = strings.ReplaceAll(r.PostFormValue("mission"), "\r\n", "\n")
	o.Type = r.PostFormValue("type")
	o.Country = r.PostFormValue("country")
	o.City = r.PostFormValue("city")
	o.TimeZone = r.PostFormValue("time_zone")
	o.Causes = r.PostForm["causes"]
	o.Size = r.PostFormValue("size")
	o.Languages = r.PostForm["languages"]
	o.Website = strings.TrimSpace(r.PostFormValue("website"))
	o.Links = strings.Fields(r.PostFormValue("links"))
	o.AtRisk = r.PostFormValue("at_risk") == "on"
}

func (s *organizations) newOrgForm(w http.ResponseWriter, r *http.Request) error {
	if err := requireConfirmed(r, (*civhub.Actor).CanCreateOrganization); err != nil {
		return err
	}
	o := &civhub.Organization{Country: "", Languages: []string{requestInfoOf(r).locale.Code}}
	return s.render(w, r, http.StatusOK, "org_form", s.orgForm(r, o, true))
}

func (s *organizations) createOrg(w http.ResponseWriter, r *http.Request) error {
	if err := requireConfirmed(r, (*civhub.Actor).CanCreateOrganization); err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	o := &civhub.Organization{Slug: strings.ToLower(strings.TrimSpace(r.PostFormValue("slug")))}
	readOrgForm(r, o)
	if err := s.orgs.CreateOrganization(r.Context(), o, requestInfoOf(r).viewer.ID); err != nil {
		p := s.orgForm(r, o, true)
		return s.renderForm(w, r, err, "org_form", &p.authPage, p)
	}
	return s.redirectWith(w, r, "/orgs/"+o.Slug, "org.new.done")
}

// findVisibleOrg returns the organization of the request's {slug}, or ENOTFOUND when it does not
// exist or the actor may not see it: an at-risk organization's existence is not revealed.
func (s *kit) findVisibleOrg(r *http.Request) (*civhub.Organization, error) {
	return s.loadOrganization(r.Context(), actorOf(r), r.PathValue("slug"))
}

// loadOrganization reads the organization at slug as actor a may see it: the one loader of an
// organization that pages and the API share. ENOTFOUND when a may not see it, as when there is
// none, so that a hidden organization cannot be told from a free address.
func (s *kit) loadOrganization(ctx context.Context, a *civhub.Actor, slug string) (*civhub.Organization, error) {
	o, err := s.orgs.FindOrganizationBySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	if !a.CanViewOrganization(o) {
		return nil, civhub.E(civhub.ENOTFOUND, "err.org_not_found", "No such organization.")
	}
	return o, nil
}

// orgPage shows an organization.
type orgPage struct {
	Page
	Org       *civhub.Organization
	Country   string
	ShowCity  bool
	Causes    []string
	Languages []string
	Members   []civhub.Member // nil when the viewer may not see them
	CanEdit   bool
	CanManage bool
	CanVerify bool
	MyRole    string
	Needs     []*civhub.Need // the ones the viewer may see
	CanPost   bool
	CanTrain  bool               // the viewer may make the organization a trainer, or no longer one
	CSRF      string             // the form token, for the trainer button
	Uses      []*civhub.Adoption // the solutions it uses
}

func (s *organizations) org(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findVisibleOrg(r)
	if err != nil {
		return err
	}
	a, l := actorOf(r), requestInfoOf(r).locale
	p := &orgPage{Page: s.page(r, o.Name), Org: o, Country: l.Country(o.Country), ShowCity: a.CanSeeCity(o),
		CanEdit: a.CanEditOrganization(o), CanManage: a.CanManageMembers(o), CanVerify: a.CanRequestVerification(o),
		MyRole: a.RoleIn(o.ID), CanTrain: a.CanMakeTrainer()}
	if p.CanTrain {
		p.CSRF = s.csrfToken(r.Context())
	}
	p.Nav = "orgs"
	for _, id := range o.Causes {
		if c, ok := s.taxonomy.Cause(id); ok {
			p.Causes = append(p.Causes, c.Name.In(l.Code))
		}
	}
	for _, code := range o.Languages {
		p.Languages = append(p.Languages, l.Language(code))
	}
	if a.CanSeeMembers(o) {
		if p.Members, err = s.orgs.Members(r.Context(), o.ID); err != nil {
			return err
		}
	}
	needs, err := s.needs.OrganizationNeeds(r.Context(), o.ID)
	if err != nil {
		return err
	}
	for _, n := range needs {
		if a.CanViewNeed(o, n) {
			p.Needs = append(p.Needs, n)
		}
	}
	p.CanPost = a.CanManageNeeds(o)
	if p.Uses, err = s.solutions.OrganizationAdoptions(r.Context(), o.ID); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "org", p)
}

// findManagedOrg returns the visible organization of {slug} if check allows the actor, else
// EFORBIDDEN.
func (s *kit) findOrgFor(r *http.Request, check func(*civhub.Actor, *civhub.Organization) bool) (*civhub.Organization, error) {
	if _, err := requireViewer(r); err != nil {
		return nil, err
	}
	o, err := s.findVisibleOrg(r)
	if err != nil {
		return nil, err
	}
	if !check(actorOf(r), o) {
		return nil, civhub.ErrNotAllowed
	}
	return o, nil
}

func (s *organizations) editOrgForm(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findOrgFor(r, (*civhub.Actor).CanEditOrganization)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "org_form", s.orgForm(r, o, false))
}

func (s *organizations) updateOrg(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findOrgFor(r, (*civhub.Actor).CanEditOrganization)
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	readOrgForm(r, o)
	if err := s.orgs.UpdateOrganization(r.Context(), o, requestInfoOf(r).viewer.ID); err != nil {
		p := s.orgForm(r, o, false)
		return s.renderForm(w, r, err, "org_form", &p.authPage, p)
	}
	return s.redirectWith(w, r, "/orgs/"+o.Slug, "org.edit.done")
}

// orgsPage lists organizations.
type orgsPage struct {
	Page
	Orgs      []*civhub.Organization
	Countries []Option
	Types     []Option
	Filter    civhub.OrganizationFilter
	Next      string // the keyset of the next page, or ""
}

func (s *organizations) orgList(w http.ResponseWriter, r *http.Request) error {
	l := requestInfoOf(r).locale
	q := r.URL.Query()
	f := civhub.OrganizationFilter{Country: strings.ToUpper(q.Get("country")), Type: q.Get("type"), After: q.Get("after"), Limit: 30}
	if f.Country != "" && !civhub.IsCountry(f.Country) {
		f.Country = ""
	}
	if !slices.Contains(civhub.OrganizationTypes, f.Type) {
		f.Type = ""
	}
	list, err := s.orgs.FindOrganizations(r.Context(), civhub.OrganizationFilter{Country: f.Country, Type: f.Type, After: f.After, Limit: f.Limit + 1})
	if err != nil {
		return err
	}
	p := &orgsPage{Page: s.page(r, l.T("org.list.title")), Filter: f}
	p.Nav = "orgs"
	if len(list) > f.Limit {
		list = list[:f.Limit]
		p.Next = list[len(list)-1].Name
	}
	p.Orgs = list
	p.Countries = append(p.Countries, Option{"", l.T("org.list.any_country"), f.Country == ""})
	for _, c := range l.Countries() {
		p.Countries = append(p.Countries, Option{c.Code, c.Name, f.Country == c.Code})
	}
	p.Types = append(p.Types, Option{"", l.T("org.list.any_type"), f.Type == ""})
	for _, t := range civhub.OrganizationTypes {
		p.Types = append(p.Types, Option{t, l.T("org_type." + t), f.Type == t})
	}
	return s.render(w, r, http.StatusOK, "orgs", p)
}
