package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"civhub"
	"civhub/i18n"
)

// commonTimeZones are suggested in the time zone field; any IANA zone is accepted.
var commonTimeZones = []string{"Africa/Casablanca", "Africa/Algiers", "Africa/Tunis", "Africa/Cairo", "Africa/Lagos",
	"Africa/Nairobi", "Africa/Johannesburg", "Africa/Khartoum", "Asia/Beirut", "Asia/Amman", "Asia/Riyadh", "Asia/Dubai",
	"Asia/Tehran", "Asia/Karachi", "Asia/Kolkata", "Asia/Dhaka", "Asia/Jakarta", "Asia/Manila", "Europe/London",
	"Europe/Paris", "Europe/Madrid", "Europe/Berlin", "Europe/Istanbul", "America/Santiago", "America/Bogota",
	"America/Lima", "America/Mexico_City", "America/Sao_Paulo", "America/Buenos_Aires", "America/New_York",
	"America/Chicago", "America/Los_Angeles", "Pacific/Auckland", "UTC"}

// skillGroup is a category of skills with its checkboxes.
type skillGroup struct {
	Name    string
	Options []Option
	Chosen  int64 // how many are checked; the group opens when any is
}

// languageRow is one language of the profile form with its level menu.
type languageRow struct {
	Code, Name string
	Levels     []Option
}

// partVisibility is one profile part's "who may see this" menu.
type partVisibility struct {
	L       *i18n.Locale
	Part    string
	Options []Option
}

// profileFormPage edits the viewer's volunteer profile.
type profileFormPage struct {
	authPage
	Profile    *civhub.Profile
	Skills     []skillGroup
	Languages  []languageRow
	Causes     []Option
	Countries  []Option
	TimeZones  []string
	Visibility map[string]partVisibility

	LanguagesChosen int64 // how many languages have a level
}

func (s *account) profileForm(r *http.Request, p *civhub.Profile) *profileFormPage {
	l := requestInfoOf(r).locale
	f := &profileFormPage{authPage: *s.authPage(r, "profile.edit.title"), Profile: p, TimeZones: commonTimeZones,
		Visibility: map[string]partVisibility{}}
	f.Nav = "account"
	f.Form.Values = map[string]string{"time_zone": p.TimeZone, "city": p.City, "bio": p.Bio,
		"links": strings.Join(p.Links, "\n"), "hours_per_week": ""}
	if p.HoursPerWeek > 0 {
		f.Form.Values["hours_per_week"] = strconv.Itoa(p.HoursPerWeek)
	}
	for _, c := range s.taxonomy.Categories() {
		g := skillGroup{Name: c.Name.In(l.Code)}
		for _, sk := range s.taxonomy.SkillsIn(c.ID) {
			chosen := slices.Contains(p.Skills, sk.ID)
			g.Options = append(g.Options, Option{sk.ID, sk.Name.In(l.Code), chosen})
			if chosen {
				g.Chosen++
			}
		}
		f.Skills = append(f.Skills, g)
	}
	codes := slices.Clone(commonLanguages)
	levels := map[string]string{}
	f.LanguagesChosen = int64(len(p.Languages))
	for _, ls := range p.Languages {
		levels[ls.Code] = ls.Level
		if !slices.Contains(codes, ls.Code) {
			codes = append(codes, ls.Code)
		}
	}
	for _, code := range codes {
		row := languageRow{Code: code, Name: l.Language(code), Levels: []Option{{"", l.T("profile.level.none"), levels[code] == ""}}}
		for _, lv := range civhub.LanguageLevels {
			row.Levels = append(row.Levels, Option{lv, l.T("profile.level." + lv), levels[code] == lv})
		}
		f.Languages = append(f.Languages, row)
	}
	for _, c := range s.taxonomy.Causes() {
		f.Causes = append(f.Causes, Option{c.ID, c.Name.In(l.Code), slices.Contains(p.Causes, c.ID)})
	}
	f.Countries = append(f.Countries, Option{"", l.T("form.not_given"), p.Country == ""})
	for _, c := range l.Countries() {
		f.Countries = append(f.Countries, Option{c.Code, c.Name, p.Country == c.Code})
	}
	for _, part := range civhub.ProfileParts {
		pv := partVisibility{L: l, Part: part}
		for _, v := range civhub.Visibilities {
			pv.Options = append(pv.Options, Option{string(v), l.T("visibility." + string(v)), p.VisibilityOf(part) == v})
		}
		f.Visibility[part] = pv
	}
	return f
}

// readProfileForm copies a posted profile form into p.
func readProfileForm(r *http.Request, p *civhub.Profile) {
	p.Skills = r.PostForm["skills"]
	p.Causes = r.PostForm["causes"]
	p.Languages = nil
	for _, code := range r.PostForm["language_codes"] {
		if level := r.PostFormValue("level_" + code); level != "" {
			p.Languages = append(p.Languages, civhub.LanguageSkill{Code: code, Level: level})
		}
	}
	p.TimeZone = r.PostFormValue("time_zone")
	p.HoursPerWeek = -1
	if h := strings.TrimSpace(r.PostFormValue("hours_per_week")); h == "" {
		p.HoursPerWeek = 0
	} else if n, err := strconv.Atoi(h); err == nil {
		p.HoursPerWeek = n
	}
	p.Country = r.PostFormValue("country")
	p.City = r.PostFormValue("city")
	p.Bio = strings.ReplaceAll(r.PostFormValue("bio"), "\r\n", "\n")
	p.Links = strings.Fields(r.PostFormValue("links"))
	p.Visibility = map[string]civhub.Visibility{}
	for _, part := range civhub.ProfileParts {
		if v := r.PostFormValue("visibility_" + part); v != "" {
			p.Visibility[part] = civhub.Visibility(v)
		}
	}
}

func (s *account) editProfile(w http.ResponseWriter, r *http.Request) error {
	v, err := requireViewer(r)
	if err != nil {
		return err
	}
	p, err := s.profiles.FindProfile(r.Context(), v.ID)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "profile_form", s.profileForm(r, p))
}

func (s *account) saveProfile(w http.ResponseWriter, r *http.Request) error {
	v, err := requireViewer(r)
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	p := &civhub.Profile{PersonID: v.ID}
	readProfileForm(r, p)
	if err := s.profiles.SaveProfile(r.Context(), p); err != nil {
		f := s.profileForm(r, p)
		f.Form.Values["hours_per_week"] = r.PostFormValue("hours_per_week")
		return s.renderForm(w, r, err, "profile_form", &f.authPage, f)
	}
	return s.redirectWith(w, r, "/people/"+strconv.FormatInt(v.ID, 10), "profile.edit.done")
}

// profilePage shows a volunteer's profile, each part only to those its visibility allows.
type profilePage struct {
	Page
	Person    *civhub.Person
	Profile   *civhub.Profile
	Show      map[string]bool // by part
	Skills    []string
	Languages []string
	Causes    []string
	Country   string
	Own       bool
	// Record is the volunteer's confirmed work that the viewer may see, or nil when the profile's
	// visibility hides it from them.
	Record      *civhub.Contribution
	RecordHours string            // its confirmed hours, formatted
	Endorsed    map[string]string // skill names of its endorsements, by ID
}

func (s *account) profile(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("person"), 10, 64)
	if err != nil {
		return civhub.E(civhub.ENOTFOUND, "err.person_not_found", "No such person.")
	}
	person, err := s.people.FindPersonByID(r.Context(), id)
	if err != nil || person.DisabledAt != nil {
		return civhub.E(civhub.ENOTFOUND, "err.person_not_found", "No such person.")
	}
	prof, err := s.profiles.FindProfile(r.Context(), id)
	if err != nil {
		return err
	}
	a, l := actorOf(r), requestInfoOf(r).locale
	partner := false
	if a.SignedIn() && a.ID() != id {
		if partner, err = s.profiles.SharesOrganization(r.Context(), a.ID(), id); err != nil {
			return err
		}
	}
	p := &profilePage{Page: s.page(r, person.DisplayName), Person: person, Profile: prof, Show: map[string]bool{},
		Own: a.ID() == id, Country: l.Country(prof.Country)}
	for _, part := range civhub.ProfileParts {
		p.Show[part] = a.CanSeeProfilePart(id, prof.VisibilityOf(part), partner)
	}
	for _, sk := range prof.Skills {
		if x, ok := s.taxonomy.Skill(sk); ok {
			p.Skills = append(p.Skills, x.Name.In(l.Code))
		}
	}
	for _, ls := range prof.Languages {
		p.Languages = append(p.Languages, l.Language(ls.Code)+" ("+l.T("profile.level."+ls.Level)+")")
	}
	for _, c := range prof.Causes {
		if x, ok := s.taxonomy.Cause(c); ok {
			p.Causes = append(p.Causes, x.Name.In(l.Code))
		}
	}
	if p.Show[civhub.PartRecord] {
		if err := s.fillRecord(r, p, a); err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, "profile", p)
}

// fillRecord adds to p the volunteer's confirmed work that a may see: all of it on their own
// profile, else the work for the organizations a may know about.
func (s *account) fillRecord(r *http.Request, p *profilePage, a *civhub.Actor) error {
	c, err := s.hours.Contribution(r.Context(), p.Person.ID)
	if err != nil {
		return err
	}
	if !p.Own {
		c = c.SeenBy(a)
	}
	if c.Empty() {
		return nil
	}
	l := requestInfoOf(r).locale
	p.Record, p.RecordHours, p.Endorsed = c, l.Hours(c.ConfirmedMinutes), map[string]string{}
	for _, e := range c.Endorsements {
		if sk, ok := s.taxonomy.Skill(e.SkillID); ok {
			p.Endorsed[e.SkillID] = sk.Name.In(l.Code)
		}
	}
	return nil
}
