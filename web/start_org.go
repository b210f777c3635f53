package web

import (
	"crypto/rand"
	"net/http"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"civhub"
)

// orgStartPage creates a newcomer's organization with the few facts volunteers need first.
type orgStartPage struct {
	authPage
	Types         []Option
	Countries     []Option
	Languages     []Option
	MoreLanguages []Option
	MoreLangsOpen bool
	TimeZones     []Option
	AtRisk        bool
	// OfferVolunteer is set for people who also came to volunteer and have told nothing yet.
	OfferVolunteer bool
}

func (s *start) orgPage(r *http.Request, o *civhub.Organization) *orgStartPage {
	l := requestInfoOf(r).locale
	p := &orgStartPage{authPage: *s.authPage(r, "account.start.org.title"), AtRisk: o.AtRisk}
	p.Nav = "me"
	p.Form.Values = map[string]string{"name": o.Name}
	p.Types = []Option{{"", l.T("form.choose"), o.Type == ""}}
	for _, t := range civhub.OrganizationTypes {
		p.Types = append(p.Types, Option{t, l.T("org_type." + t), o.Type == t})
	}
	p.Countries = []Option{{"", l.T("form.choose"), o.Country == ""}}
	for _, c := range l.Countries() {
		p.Countries = append(p.Countries, Option{c.Code, c.Name, o.Country == c.Code})
	}
	p.Languages, p.MoreLanguages, p.MoreLangsOpen = languageChoices(l, o.Languages)
	p.TimeZones = zoneChoices(l, o.TimeZone)
	return p
}

// organizationForm presets what the person told civhub already: the language they use it in and
// those of their profile, their time zone (their profile's, else their browser's region's) and the
// country of that zone or of their profile.
func (s *start) organizationForm(w http.ResponseWriter, r *http.Request) error {
	if err := requireConfirmed(r, (*civhub.Actor).CanCreateOrganization); err != nil {
		return err
	}
	v := requestInfoOf(r).viewer
	prof, err := s.profiles.FindProfile(r.Context(), v.ID)
	if err != nil {
		return err
	}
	o := &civhub.Organization{Languages: []string{requestInfoOf(r).locale.Code}, TimeZone: guessZone(v, r.Header.Get("Accept-Language"))}
	for _, ls := range prof.Languages {
		if !slices.Contains(o.Languages, ls.Code) {
			o.Languages = append(o.Languages, ls.Code)
		}
	}
	o.Country = prof.Country
	if o.Country == "" {
		o.Country = zoneCountry[o.TimeZone]
	}
	p := s.orgPage(r, o)
	p.Next = nextPath(r.URL.Query().Get("next"))
	p.OfferVolunteer = v.Purpose.Volunteer && prof.Empty()
	return s.render(w, r, http.StatusOK, "organization_start", p)
}

// createOrganization makes the organization, with its person as owner, and goes straight on to its
// first need. Its web address comes from its name; an at-risk organization gets one nobody can guess.
func (s *start) createOrganization(w http.ResponseWriter, r *http.Request) error {
	if err := requireConfirmed(r, (*civhub.Actor).CanCreateOrganization); err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	o := &civhub.Organization{Name: r.PostFormValue("name"), Type: r.PostFormValue("type"), Country: r.PostFormValue("country"),
		TimeZone: r.PostFormValue("time_zone"), Languages: distinct(r.PostForm["languages"]), AtRisk: r.PostFormValue("at_risk") == "on"}
	err := s.createWithSlug(r, o)
	if err != nil {
		p := s.orgPage(r, o)
		p.Next = nextPath(r.PostFormValue("next"))
		return s.renderForm(w, r, err, "organization_start", &p.authPage, p)
	}
	return s.redirectWith(w, r, "/orgs/"+o.Slug+"/needs/new", "account.start.org.created")
}

// slugAttempts is how many web addresses createWithSlug tries before it gives up: the name's, then
// the name's with a random ending.
const slugAttempts = 4

// createWithSlug creates o under a web address made from its name, trying another when that one is
// taken. The database's unique index decides, so two people naming their groups alike at the same
// moment both succeed.
func (s *start) createWithSlug(r *http.Request, o *civhub.Organization) error {
	return withSlug(o.Name, func(slug string) error {
		o.Slug = slug
		return s.orgs.CreateOrganization(r.Context(), o, requestInfoOf(r).viewer.ID)
	})
}

// withSlug calls create with a web address made from name, then, while create answers that the
// address is taken, with the name's address and a random ending, slugAttempts times in all.
func withSlug(name string, create func(slug string) error) error {
	base := slugOf(name)
	var err error
	for i := range slugAttempts {
		slug := base
		if i > 0 || len(base) < 2 {
			slug = strings.Trim(base+"-"+strings.ToLower(rand.Text()[:5]), "-")
		}
		err = create(slug)
		if e := asError(err); e == nil || e.Fields["slug"] == "" {
			return err
		}
	}
	return err
}

// slugOf makes a web address out of a name: letters without their accents, digits and single
// dashes, at most 40 characters. Names in other scripts give "", and a random address is made.
func slugOf(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(strings.ToLower(name)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
	}
	slug := b.String()
	for len(slug) > 40 {
		i := strings.LastIndexByte(slug, '-')
		if i < 0 {
			slug = slug[:40]
			break
		}
		slug = slug[:i]
	}
	return slug
}
