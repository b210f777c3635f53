package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"civhub"
	"civhub/i18n"
)

// closingWithin are the deadline windows the directory offers, in days.
var closingWithin = []int{7, 30, 90}

// readResourceFilter reads a directory search from the query string, ignoring what it does not
// understand.
func readResourceFilter(q url.Values) civhub.ResourceFilter {
	get := func(k string) string { return strings.TrimSpace(q.Get(k)) }
	f := civhub.ResourceFilter{Query: get("q"), Kind: get("kind"), Country: strings.ToUpper(get("country")), Cause: get("cause"),
		OrgType: get("org_type"), Language: get("language"), After: get("after"), Limit: 20}
	if !slices.Contains(civhub.ResourceKinds, f.Kind) {
		f.Kind = ""
	}
	if !slices.Contains(civhub.OrganizationTypes, f.OrgType) {
		f.OrgType = ""
	}
	if !civhub.IsCountry(f.Country) {
		f.Country = ""
	}
	if n, err := strconv.ParseInt(get("min_amount"), 10, 64); err == nil && n > 0 {
		f.MinAmount = n
	}
	if d := closingDays(q); d > 0 {
		by := time.Now().UTC().Add(time.Duration(d) * 24 * time.Hour)
		f.ClosingBy = &by
	}
	if len(f.Query) > 200 {
		f.Query = f.Query[:200]
	}
	return f
}

// closingDays reads the deadline window of a directory search, or 0 for none.
func closingDays(q url.Values) int {
	if d, err := strconv.Atoi(q.Get("closing")); err == nil && slices.Contains(closingWithin, d) {
		return d
	}
	return 0
}

// resourcesPage is the directory: a search and a page of entries.
type resourcesPage struct {
	Page
	Filter    civhub.ResourceFilter
	Resources []resourceView
	Kinds     []Option
	Countries []Option
	Causes    []Option
	OrgTypes  []Option
	Languages []Option
	Closing   []Option
	NextURL   string
	CanSubmit bool
	MoreOpen  bool     // a filter under "more" is in use
	For       []Option // the viewer's organizations, to keep what one qualifies for
	Query     string   // the search's filters, for its feeds
}

// resourceView is a resource with what pages say about it in the viewer's language.
type resourceView struct {
	*civhub.Resource
	Amount    string // "USD 1,000 – 5,000", or ""
	Countries []string
	Causes    []string
	OrgTypes  []string
	Sizes     []string
	Languages []string
	DaysLeft  int // until the deadline; -1 when rolling or past
}

func (s *directory) viewResource(l *i18n.Locale, r *civhub.Resource) resourceView {
	v := resourceView{Resource: r, DaysLeft: -1}
	// Each number is isolated (LRI … PDI), so that a range keeps its order in right-to-left text.
	number := func(n int64) string { return "\u2066" + l.Number(n) + "\u2069" }
	if r.AmountMax > 0 {
		v.Amount = r.Currency + " " + number(r.AmountMax)
		if r.AmountMin > 0 && r.AmountMin < r.AmountMax {
			v.Amount = r.Currency + " " + number(r.AmountMin) + " – " + number(r.AmountMax)
		}
	}
	for _, c := range r.Countries {
		v.Countries = append(v.Countries, l.Country(c))
	}
	for _, c := range r.Causes {
		if x, ok := s.taxonomy.Cause(c); ok {
			v.Causes = append(v.Causes, x.Name.In(l.Code))
		}
	}
	for _, t := range r.OrgTypes {
		v.OrgTypes = append(v.OrgTypes, l.T("org_type."+t))
	}
	for _, z := range r.Sizes {
		v.Sizes = append(v.Sizes, l.T("org_size."+z))
	}
	for _, c := range r.Languages {
		v.Languages = append(v.Languages, l.Language(c))
	}
	if r.Deadline != nil {
		if left := time.Until(*r.Deadline); left >= 0 {
			v.DaysLeft = int(left.Hours() / 24)
		}
	}
	return v
}

func (s *directory) resourceList(w http.ResponseWriter, r *http.Request) error {
	l := requestInfoOf(r).locale
	q := r.URL.Query()
	f := readResourceFilter(q)
	if f.Cause != "" {
		if _, ok := s.taxonomy.Cause(f.Cause); !ok {
			f.Cause = ""
		}
	}
	var forOrgs []Option
	if v := requestInfoOf(r).viewer; v != nil {
		ms, err := s.orgs.Memberships(r.Context(), v.ID)
		if err != nil {
			return err
		}
		chosen := q.Get("for")
		forOrgs = append(forOrgs, Option{"", l.T("resource.list.for_any"), chosen == ""})
		for _, m := range ms {
			forOrgs = append(forOrgs, Option{m.Slug, m.Name, chosen == m.Slug})
			if chosen == m.Slug {
				if f.EligibleFor, err = s.orgs.FindOrganizationBySlug(r.Context(), m.Slug); err != nil {
					return err
				}
			}
		}
		if len(ms) == 0 {
			forOrgs = nil
		}
	}
	page, err := s.resources.SearchResources(r.Context(), f)
	if err != nil {
		return err
	}
	p := &resourcesPage{For: forOrgs, Page: s.page(r, l.T("resource.list.title")), Filter: f, CanSubmit: actorOf(r).CanSubmitResource()}
	p.Nav = "resources"
	for _, res := range page.Resources {
		p.Resources = append(p.Resources, s.viewResource(l, res))
	}
	p.Kinds = append(p.Kinds, Option{"", l.T("resource.list.any_kind"), f.Kind == ""})
	for _, k := range civhub.ResourceKinds {
		p.Kinds = append(p.Kinds, Option{k, l.T("resource_kind." + k), f.Kind == k})
	}
	p.Countries = append(p.Countries, Option{"", l.T("task.list.any_country"), f.Country == ""})
	for _, c := range l.Countries() {
		p.Countries = append(p.Countries, Option{c.Code, c.Name, f.Country == c.Code})
	}
	p.Causes = append(p.Causes, Option{"", l.T("task.list.any_cause"), f.Cause == ""})
	for _, c := range s.taxonomy.Causes() {
		p.Causes = append(p.Causes, Option{c.ID, c.Name.In(l.Code), f.Cause == c.ID})
	}
	p.OrgTypes = append(p.OrgTypes, Option{"", l.T("resource.list.any_org_type"), f.OrgType == ""})
	for _, t := range civhub.OrganizationTypes {
		p.OrgTypes = append(p.OrgTypes, Option{t, l.T("org_type." + t), f.OrgType == t})
	}
	p.Languages = append(p.Languages, Option{"", l.T("task.list.any_language"), f.Language == ""})
	for _, c := range commonLanguages {
		p.Languages = append(p.Languages, Option{c, l.Language(c), f.Language == c})
	}
	closing := closingDays(q)
	p.MoreOpen = f.Cause != "" || f.OrgType != "" || f.Language != "" || f.MinAmount > 0 || closing > 0
	p.Closing = append(p.Closing, Option{"", l.T("task.list.due_any"), closing == 0})
	for _, d := range closingWithin {
		p.Closing = append(p.Closing, Option{strconv.Itoa(d), l.T("task.list.due_within", map[string]any{"Days": d}), closing == d})
	}
	feedQuery := url.Values{}
	for k, vs := range q {
		if k != "after" && k != "for" && len(vs) > 0 && vs[0] != "" {
			feedQuery[k] = vs[:1]
		}
	}
	p.Query = feedQuery.Encode()
	feedQuery.Set("lang", l.Code)
	p.Feeds = []FeedLink{
		{Type: "application/atom+xml", Title: l.T("resource.list.title") + " (Atom)", Href: "/resources.atom?" + feedQuery.Encode()},
		{Type: "application/rss+xml", Title: l.T("resource.list.title") + " (RSS)", Href: "/resources.rss?" + feedQuery.Encode()},
	}
	if page.Next != "" {
		q.Set("after", page.Next)
		p.NextURL = "/resources?" + q.Encode()
	}
	return s.render(w, r, http.StatusOK, "resources", p)
}

// findVisibleResource returns resource {id}, or ENOTFOUND when the viewer may not see it.
func (s *directory) findVisibleResource(r *http.Request) (*civhub.Resource, error) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return s.loadResource(r.Context(), actorOf(r), id)
}

// loadResource reads directory entry id as actor a may see it: the one loader of an entry that
// pages and the API share. ENOTFOUND when a may not see it.
func (s *directory) loadResource(ctx context.Context, a *civhub.Actor, id int64) (*civhub.Resource, error) {
	res, err := s.resources.FindResource(ctx, id)
	if err != nil {
		return nil, err
	}
	if !a.CanViewResource(res) {
		return nil, civhub.E(civhub.ENOTFOUND, "err.resource_not_found", "There is no such entry.")
	}
	return res, nil
}

// resourcePage shows one entry, with what the viewer may do with it.
type resourcePage struct {
	authPage
	Resource    resourceView
	CanEdit     bool
	CanSuggest  bool
	CanReport   bool
	CanModerate bool
	Decisions   []string            // the moderator's possible decisions
	SaveFor     []civhub.Membership // the viewer's organizations, to save the entry to their tracker
}

func (s *directory) resource(w http.ResponseWriter, r *http.Request) error {
	res, err := s.findVisibleResource(r)
	if err != nil {
		return err
	}
	p, err := s.resourcePageFor(r, res)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "resource", p)
}

func (s *directory) resourcePageFor(r *http.Request, res *civhub.Resource) (*resourcePage, error) {
	a := actorOf(r)
	p := &resourcePage{authPage: *s.authPage(r, "resource.title"), CanEdit: a.CanEditResource(res), CanSuggest: a.CanSuggestChange(res),
		CanReport: a.SignedIn() && res.Status == civhub.ResourcePublished, CanModerate: a.CanModerate()}
	p.Title = res.Title
	p.Nav = "resources"
	p.Resource = s.viewResource(requestInfoOf(r).locale, res)
	if v := requestInfoOf(r).viewer; v != nil && res.Status == civhub.ResourcePublished {
		var err error
		if p.SaveFor, err = s.orgs.Memberships(r.Context(), v.ID); err != nil {
			return nil, err
		}
	}
	if p.CanModerate {
		for _, d := range []string{civhub.DecidePublish, civhub.DecideReturn, civhub.DecideReject, civhub.DecideRetire} {
			if civhub.CanDecideResource(res.Status, d) {
				p.Decisions = append(p.Decisions, d)
			}
		}
	}
	return p, nil
}

// resourceFormPage submits or edits an entry, or suggests a change to it.
type resourceFormPage struct {
	authPage
	Resource  *civhub.Resource
	New       bool
	Suggest   bool // the viewer may not edit it: the form sends a suggestion to the moderators
	Kinds     []Option
	Causes    []Option
	OrgTypes  []Option
	Sizes     []Option
	Languages []Option
}

func (s *directory) resourceForm(r *http.Request, res *civhub.Resource, isNew bool) *resourceFormPage {
	l := requestInfoOf(r).locale
	title := "resource.edit.title"
	if isNew {
		title = "resource.new.title"
	}
	p := &resourceFormPage{authPage: *s.authPage(r, title), Resource: res, New: isNew}
	p.Nav = "resources"
	amount := func(n int64) string {
		if n == 0 {
			return ""
		}
		return strconv.FormatInt(n, 10)
	}
	var countries []string
	for _, c := range res.Countries {
		countries = append(countries, l.Country(c))
	}
	p.Form.Values = map[string]string{"title": res.Title, "provider": res.Provider, "description": res.Description,
		"amount_min": amount(res.AmountMin), "amount_max": amount(res.AmountMax), "currency": res.Currency, "url": res.URL,
		"countries": strings.Join(countries, ", "), "tags": strings.Join(res.Tags, ", ")}
	if res.Deadline != nil {
		p.Form.Values["deadline"] = res.Deadline.Format(time.DateOnly)
	}
	p.Kinds = []Option{{"", l.T("form.choose"), res.Kind == ""}}
	for _, k := range civhub.ResourceKinds {
		p.Kinds = append(p.Kinds, Option{k, l.T("resource_kind." + k), res.Kind == k})
	}
	for _, c := range s.taxonomy.Causes() {
		p.Causes = append(p.Causes, Option{c.ID, c.Name.In(l.Code), slices.Contains(res.Causes, c.ID)})
	}
	for _, t := range civhub.OrganizationTypes {
		p.OrgTypes = append(p.OrgTypes, Option{t, l.T("org_type." + t), slices.Contains(res.OrgTypes, t)})
	}
	for _, z := range civhub.OrganizationSizes {
		p.Sizes = append(p.Sizes, Option{z, l.T("org_size." + z), slices.Contains(res.Sizes, z)})
	}
	langs := slices.Clone(commonLanguages)
	for _, c := range res.Languages {
		if !slices.Contains(langs, c) {
			langs = append(langs, c)
		}
	}
	for _, c := range langs {
		p.Languages = append(p.Languages, Option{c, l.Language(c), slices.Contains(res.Languages, c)})
	}
	return p
}

// readResourceForm copies a posted entry into res. Countries are typed as names in the viewer's
// language or as codes, separated by commas; what is not understood is reported by field.
func readResourceForm(r *http.Request, l *i18n.Locale, res *civhub.Resource) error {
	res.Kind = r.PostFormValue("kind")
	res.Title, res.Provider = r.PostFormValue("title"), r.PostFormValue("provider")
	res.Description = strings.ReplaceAll(r.PostFormValue("description"), "\r\n", "\n")
	res.Currency, res.URL = r.PostFormValue("currency"), r.PostFormValue("url")
	res.Causes, res.OrgTypes, res.Sizes, res.Languages = r.PostForm["causes"], r.PostForm["org_types"], r.PostForm["sizes"], r.PostForm["languages"]
	res.Tags = splitList(r.PostFormValue("tags"))
	var errs []error
	for _, f := range []struct {
		name string
		to   *int64
	}{{"amount_min", &res.AmountMin}, {"amount_max", &res.AmountMax}} {
		text := strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "").Replace(r.PostFormValue(f.name))
		*f.to = 0
		if text == "" {
			continue
		}
		if thousands.MatchString(text) { // 10,000 or 10.000: separators between groups of three
			text = strings.NewReplacer(",", "", ".", "").Replace(text)
		}
		n, err := strconv.ParseInt(text, 10, 64)
		if err != nil || n < 0 {
			errs = append(errs, civhub.FieldError(f.name, "err.amount_number", "Write the amount in whole numbers, like 5000."))
		}
		*f.to = n
	}
	res.Deadline = nil
	if d := strings.TrimSpace(r.PostFormValue("deadline")); d != "" {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			errs = append(errs, civhub.FieldError("deadline", "err.date_invalid", "Enter a date like 2026-12-31."))
		} else {
			end := t.Add(24*time.Hour - time.Second)
			res.Deadline = &end
		}
	}
	res.Countries = nil
	for _, name := range splitList(r.PostFormValue("countries")) {
		code, ok := countryCode(l, name)
		if !ok {
			errs = append(errs, civhub.FieldError("countries", "err.country_unknown", "Choose a country."))
			break
		}
		res.Countries = append(res.Countries, code)
	}
	return civhub.MergeFieldErrors(errs...)
}

// thousands matches a whole number written with separators between groups of three digits.
var thousands = regexp.MustCompile(`^\d{1,3}([.,]\d{3})+$`)

// splitList splits a typed list at commas (and the Arabic comma).
func splitList(s string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '،' || r == ';' }) {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// countryCode reads a country typed as its code or its name in the viewer's language.
func countryCode(l *i18n.Locale, s string) (string, bool) {
	if up := strings.ToUpper(s); civhub.IsCountry(up) {
		return up, true
	}
	for _, c := range l.Countries() {
		if strings.EqualFold(c.Name, s) {
			return c.Code, true
		}
	}
	return "", false
}

var resourceFormFields = []string{"title", "provider", "description", "amount_min", "amount_max", "currency", "deadline", "url", "countries", "tags"}

func (s *directory) newResourceForm(w http.ResponseWriter, r *http.Request) error {
	if err := requireConfirmed(r, (*civhub.Actor).CanSubmitResource); err != nil {
		return err
	}
	res := &civhub.Resource{Languages: []string{requestInfoOf(r).locale.Code}}
	return s.render(w, r, http.StatusOK, "resource_form", s.resourceForm(r, res, true))
}

func (s *directory) submitResource(w http.ResponseWriter, r *http.Request) error {
	if err := requireConfirmed(r, (*civhub.Actor).CanSubmitResource); err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	res := &civhub.Resource{}
	err := readResourceForm(r, requestInfoOf(r).locale, res)
	err = civhub.MergeFieldErrors(err, res.Validate(s.validCause))
	if err == nil {
		err = s.resources.SubmitResource(r.Context(), res, requestInfoOf(r).viewer.ID)
	}
	if err != nil {
		p := s.resourceForm(r, res, true)
		p.Form.Values = formValues(r, resourceFormFields...)
		return s.renderForm(w, r, err, "resource_form", &p.authPage, p)
	}
	return s.redirectWith(w, r, "/resources/"+strconv.FormatInt(res.ID, 10), "resource.new.done")
}

// findEditableResource returns resource {id} when the viewer may edit it, or suggest a change to
// it (suggest is then true).
func (s *directory) findEditableResource(r *http.Request) (res *civhub.Resource, suggest bool, err error) {
	if _, err := requireViewer(r); err != nil {
		return nil, false, err
	}
	if res, err = s.findVisibleResource(r); err != nil {
		return nil, false, err
	}
	a := actorOf(r)
	if a.CanSuggestChange(res) {
		return res, true, nil
	}
	if !a.CanEditResource(res) {
		return nil, false, civhub.ErrResourceNotYours
	}
	return res, false, nil
}

func (s *directory) editResourceForm(w http.ResponseWriter, r *http.Request) error {
	res, suggest, err := s.findEditableResource(r)
	if err != nil {
		return err
	}
	p := s.resourceForm(r, res, false)
	p.Suggest = suggest
	if suggest {
		p.Title = requestInfoOf(r).locale.T("resource.suggest.title")
	}
	return s.render(w, r, http.StatusOK, "resource_form", p)
}

func (s *directory) updateResource(w http.ResponseWriter, r *http.Request) error {
	res, suggest, err := s.findEditableResource(r)
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	err = readResourceForm(r, requestInfoOf(r).locale, res)
	err = civhub.MergeFieldErrors(err, res.Validate(s.validCause))
	done := "resource.edit.done"
	switch {
	case err == nil && suggest:
		err, done = s.suggestions.SuggestChange(r.Context(), res, r.PostFormValue("note"), requestInfoOf(r).viewer.ID), "resource.suggest.done"
	case err == nil:
		err = s.resources.UpdateResource(r.Context(), res, requestInfoOf(r).viewer.ID)
	}
	if err != nil {
		p := s.resourceForm(r, res, false)
		p.Suggest = suggest
		p.Form.Values = formValues(r, append(resourceFormFields, "note")...)
		return s.renderForm(w, r, err, "resource_form", &p.authPage, p)
	}
	return s.redirectWith(w, r, "/resources/"+strconv.FormatInt(res.ID, 10), done)
}

// validCause reports whether id is a cause of the taxonomy.
func (s *directory) validCause(id string) bool {
	_, ok := s.taxonomy.Cause(id)
	return ok
}
