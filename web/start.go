package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"civhub"
	"civhub/i18n"
)

// commonSkills are the skills organizations ask for most, offered first on the volunteer's start;
// the rest of the taxonomy is one tap away.
var commonSkills = []string{"translation", "data_entry", "social_media", "graphic_design", "website_building",
	"mapping", "research", "writing", "spreadsheets", "training", "fundraising", "database_design"}

// firstLanguages are the languages offered first wherever a start asks for languages; the rest of
// commonLanguages are one tap away.
var firstLanguages = []string{"ar", "en", "es", "fr", "pt", "sw"}

// startLevel is the level a language chosen on the volunteer's start gets: the start asks only
// which languages one can work in; the full profile tells how well.
const startLevel = "fluent"

// firstMatches is how many matches the volunteer's start shows.
const firstMatches = 5

// nextPath is the local path a form or an address carries to continue to, or "" for none (the
// home page included).
func nextPath(next string) string {
	if p := civhub.LocalPath(next); p != "/" {
		return p
	}
	return ""
}

// withNext adds next to path as the ?next= to continue to, when there is one.
func withNext(path, next string) string {
	if next == "" {
		return path
	}
	return path + "?next=" + url.QueryEscape(next)
}

// volunteerStartPage asks a new volunteer for the essentials: skills, languages, hours and time zone.
type volunteerStartPage struct {
	authPage
	Skills        []Option     // the common skills
	MoreSkills    []skillGroup // the others, folded
	MoreChosen    bool         // one of the others is chosen: they start unfolded
	Languages     []Option     // the first languages
	MoreLanguages []Option     // the others, folded
	MoreLangsOpen bool
	TimeZones     []Option
	Skip          string // where "skip for now" goes: where they were going, the organization's start or their page
}

// volunteerChoices is what the volunteer's start shows as chosen.
type volunteerChoices struct {
	skills, languages []string
	timeZone          string
}

func (s *start) volunteerPage(r *http.Request, c volunteerChoices) *volunteerStartPage {
	l := requestInfoOf(r).locale
	p := &volunteerStartPage{authPage: *s.authPage(r, "account.start.volunteer.title")}
	p.Nav = "me"
	for _, id := range commonSkills {
		if sk, ok := s.taxonomy.Skill(id); ok {
			p.Skills = append(p.Skills, Option{id, sk.Name.In(l.Code), slices.Contains(c.skills, id)})
		}
	}
	for _, cat := range s.taxonomy.Categories() {
		g := skillGroup{Name: cat.Name.In(l.Code)}
		for _, sk := range s.taxonomy.SkillsIn(cat.ID) {
			if slices.Contains(commonSkills, sk.ID) {
				continue
			}
			chosen := slices.Contains(c.skills, sk.ID)
			g.Options = append(g.Options, Option{sk.ID, sk.Name.In(l.Code), chosen})
			if chosen {
				g.Chosen++
				p.MoreChosen = true
			}
		}
		if len(g.Options) > 0 {
			p.MoreSkills = append(p.MoreSkills, g)
		}
	}
	p.Languages, p.MoreLanguages, p.MoreLangsOpen = languageChoices(l, c.languages)
	p.TimeZones = zoneChoices(l, c.timeZone)
	p.Next = nextPath(r.FormValue("next"))
	p.Skip = "/me"
	if v := requestInfoOf(r).viewer; v != nil && v.Purpose.Organization && len(actorOf(r).ManagedOrganizations()) == 0 {
		p.Skip = startOrganization
	}
	if p.Next != "" {
		p.Skip = p.Next
	}
	return p
}

// languageChoices splits the languages to offer into those shown first and the folded rest, with
// those in chosen checked; open tells whether one of the rest is chosen.
func languageChoices(l *i18n.Locale, chosen []string) (first, rest []Option, open bool) {
	codes := slices.Clone(commonLanguages)
	for _, c := range chosen {
		if !slices.Contains(codes, c) {
			codes = append(codes, c)
		}
	}
	for _, code := range codes {
		o := Option{code, l.Language(code), slices.Contains(chosen, code)}
		if slices.Contains(firstLanguages, code) {
			first = append(first, o)
			continue
		}
		rest = append(rest, o)
		open = open || o.Selected
	}
	return first, rest, open
}

// zoneChoices is the time zone menu: none, then the common zones (and chosen, if it is another).
func zoneChoices(l *i18n.Locale, chosen string) []Option {
	out := []Option{{"", l.T("account.start.no_zone"), chosen == ""}}
	zones := commonTimeZones
	if chosen != "" && !slices.Contains(zones, chosen) {
		zones = append([]string{chosen}, zones...)
	}
	for _, z := range zones {
		out = append(out, Option{z, strings.ReplaceAll(z, "_", " "), z == chosen})
	}
	return out
}

func (s *start) volunteerForm(w http.ResponseWriter, r *http.Request) error {
	v, err := requireViewer(r)
	if err != nil {
		return err
	}
	prof, err := s.profiles.FindProfile(r.Context(), v.ID)
	if err != nil {
		return err
	}
	c := volunteerChoices{skills: prof.Skills, timeZone: prof.TimeZone}
	for _, ls := range prof.Languages {
		c.languages = append(c.languages, ls.Code)
	}
	if len(c.languages) == 0 {
		c.languages = []string{requestInfoOf(r).locale.Code}
	}
	if c.timeZone == "" {
		c.timeZone = guessZone(v, r.Header.Get("Accept-Language"))
	}
	p := s.volunteerPage(r, c)
	p.Form.Values = map[string]string{"hours_per_week": ""}
	if prof.HoursPerWeek > 0 {
		p.Form.Values["hours_per_week"] = strconv.Itoa(prof.HoursPerWeek)
	}
	return s.render(w, r, http.StatusOK, "volunteer_start", p)
}

// saveVolunteer stores the essentials over the volunteer's profile, keeping the rest of it (and the
// levels of languages they had already), then shows their first matches.
func (s *start) saveVolunteer(w http.ResponseWriter, r *http.Request) error {
	v, err := requireViewer(r)
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	prof, err := s.profiles.FindProfile(r.Context(), v.ID)
	if err != nil {
		return err
	}
	c := volunteerChoices{skills: distinct(r.PostForm["skills"]), languages: distinct(r.PostForm["languages"]), timeZone: r.PostFormValue("time_zone")}
	prof.Skills, prof.TimeZone = c.skills, c.timeZone
	prof.Languages = keepLevels(prof.Languages, c.languages)
	prof.HoursPerWeek = hoursPerWeek(r.PostFormValue("hours_per_week"))
	next := nextPath(r.PostFormValue("next"))
	if err := s.profiles.SaveProfile(r.Context(), prof); err != nil {
		p := s.volunteerPage(r, c)
		p.Form.Values = formValues(r, "hours_per_week")
		return s.renderForm(w, r, err, "volunteer_start", &p.authPage, p)
	}
	return s.redirectWith(w, r, withNext("/start/matches", next), "account.start.volunteer.saved")
}

// keepLevels returns the languages codes, each at the level had gives it, or at startLevel.
func keepLevels(had []civhub.LanguageSkill, codes []string) []civhub.LanguageSkill {
	var out []civhub.LanguageSkill
	for _, code := range codes {
		level := startLevel
		if i := slices.IndexFunc(had, func(ls civhub.LanguageSkill) bool { return ls.Code == code }); i >= 0 {
			level = had[i].Level
		}
		out = append(out, civhub.LanguageSkill{Code: code, Level: level})
	}
	return out
}

// hoursPerWeek reads the hours field: 0 when empty, -1 (refused by the profile's rules) when it is
// not a whole number.
func hoursPerWeek(typed string) int {
	typed = strings.TrimSpace(typed)
	if typed == "" {
		return 0
	}
	n, err := strconv.Atoi(typed)
	if err != nil {
		return -1
	}
	return n
}

// matchesPage shows a new volunteer the tasks that fit them best, and what to do next.
type matchesPage struct {
	Page
	Matches []recommendationView
	Next    string // where they were going before signing up, or ""
	// OfferOrganization is set for people who also came for an organization and run none yet.
	OfferOrganization bool
}

func (s *start) firstMatches(w http.ResponseWriter, r *http.Request) error {
	v, err := requireViewer(r)
	if err != nil {
		return err
	}
	l := requestInfoOf(r).locale
	p := &matchesPage{Page: s.page(r, l.T("account.start.matches.title")), Next: nextPath(r.URL.Query().Get("next"))}
	p.Nav = "me"
	p.OfferOrganization = v.Purpose.Organization && len(actorOf(r).ManagedOrganizations()) == 0
	if p.Matches, err = s.recommendations(r.Context(), l, v.ID); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "first_matches", p)
}

// recommendations returns the first of person's matches, with their reasons in l.
func (s *start) recommendations(ctx context.Context, l *i18n.Locale, person int64) ([]recommendationView, error) {
	recs, err := s.matching.recommend(ctx, person)
	if err != nil {
		return nil, err
	}
	var out []recommendationView
	for _, rec := range recs[:min(len(recs), firstMatches)] {
		rv := recommendationView{Task: rec.Task}
		for _, reason := range rec.Reasons {
			rv.Reasons = append(rv.Reasons, s.reasonText(l, reason))
		}
		out = append(out, rv)
	}
	return out, nil
}

// distinct returns values without repeats, in their order: a form posted by hand may repeat a box.
func distinct(values []string) []string {
	var out []string
	for _, v := range values {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}
