package web

import (
	"crypto/rand"
	"encoding/json"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"civhub"
)

// crisesPage lists crises: those under way, then those stood down.
type crisesPage struct {
	Page
	Crises        []*civhub.Crisis
	CanCoordinate bool
}

func (s *crisis) crisisList(w http.ResponseWriter, r *http.Request) error {
	list, err := s.crises.ListCrises(r.Context(), 50)
	if err != nil {
		return err
	}
	p := &crisesPage{Page: s.page(r, requestInfoOf(r).locale.T("crisis.list.title")), Crises: list, CanCoordinate: actorOf(r).CanCoordinateCrises()}
	p.Nav = "crises"
	return s.render(w, r, http.StatusOK, "crises", p)
}

// crisisFormPage activates a crisis or a drill.
type crisisFormPage struct {
	authPage
	Kinds     []Option
	Countries []countryChoice
	Languages []Option
	More      []Option
	Skills    []Option
	Templates []Option
	Drill     bool
	Life      bool
	Alert     bool // alert the matching standby volunteers once activated
}

var crisisFields = []string{"title", "summary", "regions", "partners"}

func (s *crisis) crisisForm(r *http.Request, c *civhub.Crisis, alert bool) *crisisFormPage {
	l := requestInfoOf(r).locale
	p := &crisisFormPage{authPage: *s.authPage(r, "crisis.new.title"), Drill: c.Drill, Life: c.LifeSafety, Alert: alert}
	p.Nav = "crises"
	for _, k := range civhub.IncidentKinds {
		p.Kinds = append(p.Kinds, Option{k, l.T("incident." + k), c.Kind == k})
	}
	p.Countries = countryChoices(l, c.Countries)
	p.Languages, p.More, _ = languageChoices(l, c.Languages)
	p.Skills = s.skillOptions(r, c.Skills)
	for _, t := range civhub.CrisisTaskTemplates {
		p.Templates = append(p.Templates, Option{t.ID, l.T("crisis.template." + t.ID), slices.Contains(c.Templates, t.ID)})
	}
	return p
}

func (s *crisis) newCrisisForm(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireViewer(r); err != nil {
		return err
	}
	if !actorOf(r).CanCoordinateCrises() {
		return errNotCoordinator
	}
	c := &civhub.Crisis{Kind: "earthquake", Drill: r.URL.Query().Get("drill") == "1", Templates: civhub.TemplatesFor("earthquake")}
	return s.render(w, r, http.StatusOK, "crisis_form", s.crisisForm(r, c, true))
}

var errNotCoordinator = civhub.E(civhub.EFORBIDDEN, "err.not_coordinator", "Only crisis coordinators do this: moderators and administrators.")

// coordinating reads a coordinator's posted form: the signed-in viewer, refused unless they
// coordinate crises.
func (s *crisis) coordinating(w http.ResponseWriter, r *http.Request) (*civhub.Person, error) {
	v, err := requireViewer(r)
	if err != nil {
		return nil, err
	}
	if err := s.parseLongForm(w, r); err != nil {
		return nil, err
	}
	if !actorOf(r).CanCoordinateCrises() {
		return nil, errNotCoordinator
	}
	return v, nil
}

// coordinatingCrisis is coordinating for a form posted on a crisis's board, with the crisis.
func (s *crisis) coordinatingCrisis(w http.ResponseWriter, r *http.Request) (*civhub.Person, *civhub.Crisis, error) {
	v, err := s.coordinating(w, r)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.loadCrisis(r)
	return v, c, err
}

func (s *crisis) activateCrisis(w http.ResponseWriter, r *http.Request) error {
	v, err := s.coordinating(w, r)
	if err != nil {
		return err
	}
	c := &civhub.Crisis{Kind: r.PostFormValue("kind"), Title: r.PostFormValue("title"), Summary: longText(r, "summary"),
		Regions: r.PostFormValue("regions"), Languages: r.PostForm["languages"], Skills: r.PostForm["skills"], Templates: r.PostForm["templates"],
		Drill: r.PostFormValue("drill") == "yes", LifeSafety: r.PostFormValue("life_safety") == "yes"}
	// The address comes from the name; a name in another script gives the kind, the day and a
	// few random letters, since another name in that script would give the same.
	if c.Slug = slugOf(c.Title); c.Slug == "" && slices.Contains(civhub.IncidentKinds, c.Kind) {
		c.Slug = strings.ReplaceAll(c.Kind, "_", "-") + "-" + time.Now().UTC().Format("2006-01-02") + "-" + strings.ToLower(rand.Text()[:4])
	}
	if c.Drill && c.Slug != "" {
		c.Slug = "drill-" + c.Slug
	}
	for _, name := range countryFields {
		c.Countries = append(c.Countries, r.PostFormValue(name))
	}
	var partners []int64
	var unknown []string
	named := strings.FieldsFunc(r.PostFormValue("partners"), func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' })
	if len(named) > 50 {
		named, unknown = nil, []string{"…"}
	}
	for _, slug := range named {
		slug = strings.Trim(strings.TrimSpace(slug), "/")
		slug = slug[strings.LastIndexByte(slug, '/')+1:] // an organization's address works too
		if len(slug) > 80 {
			unknown = append(unknown, slug)
			continue
		}
		o, err := s.orgs.FindOrganizationBySlug(r.Context(), slug)
		if err != nil || o.Verification != civhub.Verified {
			if err != nil && civhub.ErrorCode(err) != civhub.ENOTFOUND {
				return err
			}
			unknown = append(unknown, slug)
			continue
		}
		partners = append(partners, o.ID)
	}
	if len(unknown) > 0 {
		err = civhub.MergeFieldErrors(c.Validate(func(id string) bool { _, ok := s.taxonomy.Skill(id); return ok }),
			civhub.FieldError("partners", "err.crisis_partner_unknown", "Give the addresses of verified organizations, separated by commas."))
	} else {
		err = s.crises.ActivateCrisis(r.Context(), c, partners, v.ID)
	}
	alert := r.PostFormValue("alert") == "yes"
	if err != nil {
		p := s.crisisForm(r, c, alert)
		p.Form.Values = formValues(r, crisisFields...)
		return s.renderForm(w, r, err, "crisis_form", &p.authPage, p)
	}
	notice := "crisis.activated"
	if c.Drill {
		notice = "crisis.drill_started"
	}
	if alert {
		n, err := s.alerts.AlertRoster(r.Context(), c.ID, v.ID)
		if err != nil {
			return err
		}
		notice = alertedNotice(notice, n)
	}
	return s.redirectWith(w, r, "/crises/"+c.Slug, notice)
}

// alertedNotice is the notice after n alerts were queued, on activating a crisis or a drill or
// later ("" for activated).
func alertedNotice(activated string, n int) string {
	switch {
	case activated == "crisis.activated" && n == 0:
		return "crisis.activated_nobody"
	case activated == "crisis.activated":
		return "crisis.activated_alerted"
	case activated != "" && n == 0:
		return "crisis.drill_started_nobody"
	case activated != "":
		return "crisis.drill_started_alerted"
	case n == 0:
		return "crisis.alerted_nobody"
	}
	return "crisis.alerted"
}

// alertRoster alerts the standby volunteers who match the crisis and were not alerted yet.
func (s *crisis) alertRoster(w http.ResponseWriter, r *http.Request) error {
	v, c, err := s.coordinatingCrisis(w, r)
	if err != nil {
		return err
	}
	n, err := s.alerts.AlertRoster(r.Context(), c.ID, v.ID)
	if err != nil {
		return s.boardFailed(w, r, c, err)
	}
	return s.redirectWith(w, r, "/crises/"+c.Slug+"#alerts-h", alertedNotice("", n))
}

// boardPage is a crisis's situation board.
type boardPage struct {
	authPage
	C             *civhub.Crisis
	S             *civhub.Situation
	Partners      []civhub.Partner    // those the viewer may see named
	Tasks         []civhub.CrisisTask // likewise
	Hidden        int                 // tasks of organizations the viewer may not see named
	Skills        map[string]string
	MyOrgs        []Option // the partner organizations the viewer runs, which publish its tasks
	Templates     []Option
	Writing       []Option // the language the tasks are written in
	CanCoordinate bool
	Report        *civhub.AfterAction
	FirstMinutes  int // from activation to the first volunteer on a task, rounded up; 0 for none
	LastedHours   int // from activation to stand-down, rounded up
}

func (s *crisis) loadCrisis(r *http.Request) (*civhub.Crisis, error) {
	slug := r.PathValue("slug")
	if len(slug) > 80 {
		return nil, civhub.E(civhub.ENOTFOUND, "err.crisis_not_found", "There is no such crisis.")
	}
	return s.crises.FindCrisis(r.Context(), slug)
}

func (s *crisis) boardFor(r *http.Request, c *civhub.Crisis) (*boardPage, error) {
	ctx, a, l := r.Context(), actorOf(r), requestInfoOf(r).locale
	sit, err := s.crises.Situation(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	p := &boardPage{authPage: *s.formsPage(r, "crisis.board.title"), C: c, S: sit, CanCoordinate: a.CanCoordinateCrises(), Skills: map[string]string{}}
	p.Title, p.Nav = c.Title, "crises"
	for _, sk := range s.taxonomy.Skills() {
		p.Skills[sk.ID] = sk.Name.In(l.Code)
	}
	for _, pa := range c.Partners {
		if a.CanSeeCrisisWork(pa.OrganizationID, pa.AtRisk) {
			p.Partners = append(p.Partners, pa)
		}
		if c.Status == civhub.CrisisActive && a.CanManageNeeds(&civhub.Organization{ID: pa.OrganizationID}) {
			p.MyOrgs = append(p.MyOrgs, Option{pa.Slug, pa.Name, len(p.MyOrgs) == 0})
		}
	}
	for _, t := range sit.Tasks {
		if a.CanSeeCrisisWork(t.OrgID, t.AtRisk) {
			p.Tasks = append(p.Tasks, t)
		} else {
			p.Hidden++
		}
	}
	if len(p.MyOrgs) > 0 {
		for _, id := range c.Templates {
			p.Templates = append(p.Templates, Option{id, l.T("crisis.template." + id), true})
		}
		for _, t := range civhub.CrisisTaskTemplates {
			if !slices.Contains(c.Templates, t.ID) {
				p.Templates = append(p.Templates, Option{t.ID, l.T("crisis.template." + t.ID), false})
			}
		}
		for _, code := range civhub.Locales { // the tasks' words come from civhub's own translations
			p.Writing = append(p.Writing, Option{code, l.Language(code), code == l.Code})
		}
	}
	if c.StoodDownAt != nil {
		if p.Report, err = s.crises.AfterAction(ctx, c.ID); err != nil {
			return nil, err
		}
		if p.Report.FirstClaim > 0 {
			p.FirstMinutes = int(math.Ceil(p.Report.FirstClaim.Minutes()))
		}
		p.LastedHours = max(1, int(math.Ceil(p.Report.Lasted.Hours())))
	}
	return p, nil
}

func (s *crisis) board(w http.ResponseWriter, r *http.Request) error {
	c, err := s.loadCrisis(r)
	if err != nil {
		return err
	}
	p, err := s.boardFor(r, c)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "board", p)
}

// situationJSON is the board as JSON, for others' dashboards: the numbers, never names.
func (s *crisis) situationJSON(w http.ResponseWriter, r *http.Request) error {
	c, err := s.loadCrisis(r)
	if err != nil {
		return err
	}
	sit, err := s.crises.Situation(r.Context(), c.ID)
	if err != nil {
		return err
	}
	body := struct {
		Crisis    string            `json:"crisis"`
		Kind      string            `json:"kind"`
		Drill     bool              `json:"drill"`
		Status    string            `json:"status"`
		Countries []string          `json:"countries"`
		Situation *civhub.Situation `json:"situation"`
	}{c.Slug, c.Kind, c.Drill, c.Status, c.Countries, sit}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	return json.NewEncoder(w).Encode(body)
}

// boardFailed shows the board again with err and the form as typed.
func (s *crisis) boardFailed(w http.ResponseWriter, r *http.Request, c *civhub.Crisis, err error, fields ...string) error {
	p, perr := s.boardFor(r, c)
	if perr != nil {
		return perr
	}
	p.Form.Values = formValues(r, fields...)
	return s.renderForm(w, r, err, "board", &p.authPage, p)
}

// publishTasks publishes, for a partner organization the viewer runs, the crisis's urgent tasks.
func (s *crisis) publishTasks(w http.ResponseWriter, r *http.Request) error {
	v, err := requireViewer(r)
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	c, err := s.loadCrisis(r)
	if err != nil {
		return err
	}
	var org *civhub.Partner
	for i, pa := range c.Partners {
		if pa.Slug == r.PostFormValue("organization") && actorOf(r).CanManageNeeds(&civhub.Organization{ID: pa.OrganizationID}) {
			org = &c.Partners[i]
		}
	}
	if org == nil {
		return civhub.E(civhub.EFORBIDDEN, "err.crisis_not_partner", "Only the crisis's partner organizations publish its tasks.")
	}
	lang := r.PostFormValue("language")
	if !civhub.IsLocale(lang) {
		return s.boardFailed(w, r, c, civhub.FieldError("language", "err.language_unknown", "Choose languages from the list."))
	}
	wl := s.catalog.Locale(lang) // the tasks are written in the organization's language
	text := func(tpl, target string) (string, string) {
		args := map[string]any{"Crisis": c.Title, "Language": wl.Language(target)}
		return excerpt(wl.T("crisis.task."+tpl+".title", args), 140), wl.T("crisis.task."+tpl+".body", args)
	}
	need, err := s.crises.PublishCrisisTasks(r.Context(), c.ID, org.OrganizationID, r.PostForm["templates"], lang, text, v.ID)
	if err != nil {
		return s.boardFailed(w, r, c, err)
	}
	return s.redirectWith(w, r, "/needs/"+strconv.FormatInt(need.ID, 10), "crisis.published")
}

// standDown ends the crisis with the coordinators' lessons.
func (s *crisis) standDown(w http.ResponseWriter, r *http.Request) error {
	v, c, err := s.coordinatingCrisis(w, r)
	if err != nil {
		return err
	}
	if err := s.crises.StandDown(r.Context(), c.ID, longText(r, "lessons"), v.ID); err != nil {
		return s.boardFailed(w, r, c, err, "lessons")
	}
	return s.redirectWith(w, r, "/crises/"+c.Slug+"#report-h", "crisis.stood_down")
}
