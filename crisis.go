package civhub

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// StandbyPledge is a volunteer's promise to be woken when a crisis strikes where, and in what, they
// can help: the standby roster is everyone's pledges that are not paused.
type StandbyPledge struct {
	PersonID       int64      `json:"-"`
	Countries      []string   `json:"countries"` // ISO 3166-1 alpha-2: where they can help on the ground or know well
	Anywhere       bool       `json:"anywhere"`  // they help from afar wherever a crisis strikes (translation, mapping, checking reports)
	Regions        string     `json:"regions,omitempty"`
	Skills         []string   `json:"skills"`     // taxonomy IDs
	Languages      []string   `json:"languages"`  // language codes
	Channels       []string   `json:"channels"`   // ChannelSMS, ChannelEmail: what may wake them
	QuietFrom      int        `json:"quiet_from"` // minutes after midnight in their time zone; equal to QuietTo: none
	QuietTo        int        `json:"quiet_to"`
	FirstWeekHours int        `json:"first_week_hours"`
	PausedAt       *time.Time `json:"paused_at,omitempty"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

// StandbyChannels are the channels an alert may take, in the order they are tried.
var StandbyChannels = []string{ChannelSMS, ChannelEmail}

// Active reports whether the pledge is on the roster.
func (p *StandbyPledge) Active() bool { return p != nil && p.PausedAt == nil }

// Validate cleans the pledge and names every field at fault; validSkill checks skill IDs against
// the taxonomy.
func (p *StandbyPledge) Validate(validSkill func(string) bool) error {
	p.Regions = strings.Join(strings.Fields(p.Regions), " ")
	var errs []error
	p.Countries = compactSorted(p.Countries, strings.ToUpper)
	for _, c := range p.Countries {
		if !IsCountry(c) {
			errs = append(errs, FieldError("countries", "err.country_unknown", "Choose a country."))
			break
		}
	}
	if len(p.Countries) > 10 {
		errs = append(errs, FieldError("countries", "err.standby_countries", "Choose at most 10 countries, or help from anywhere."))
	}
	if len(p.Countries) == 0 && !p.Anywhere {
		errs = append(errs, FieldError("countries", "err.standby_where", "Say where you can help: choose a country, or help from anywhere."))
	}
	if utf8.RuneCountInString(p.Regions) > 200 {
		errs = append(errs, FieldError("regions", "err.standby_regions", "Keep the regions under 200 characters."))
	}
	errs = append(errs, checkSkillsAndLanguages(&p.Skills, &p.Languages, validSkill)...)
	p.Channels = compactSorted(p.Channels, nil)
	if len(p.Channels) == 0 || slices.ContainsFunc(p.Channels, func(c string) bool { return !slices.Contains(StandbyChannels, c) }) {
		errs = append(errs, FieldError("channels", "err.standby_channels", "Choose how an alert may reach you: by SMS, by email, or both."))
	}
	if p.QuietFrom < 0 || p.QuietFrom >= 24*60 || p.QuietTo < 0 || p.QuietTo >= 24*60 {
		errs = append(errs, FieldError("quiet_from", "err.standby_quiet", "Give quiet hours as times of day, such as 22:00 and 07:00."))
	}
	if p.FirstWeekHours < 1 || p.FirstWeekHours > 80 {
		errs = append(errs, FieldError("first_week_hours", "err.standby_hours", "Give the hours you could help in a crisis's first week: 1 to 80."))
	}
	return MergeFieldErrors(errs...)
}

// compactSorted is list normalized (without blanks and repeats, each through to) and sorted.
func compactSorted(list []string, to func(string) string) []string {
	out := normalize(list, to)
	slices.Sort(out)
	return out
}

// checkSkillsAndLanguages cleans and sorts a list of skills (at most 30, from the taxonomy) and
// one of languages (at most 20), and names what is wrong with them.
func checkSkillsAndLanguages(skills, languages *[]string, validSkill func(string) bool) []error {
	errs := []error{checkList("skills", skills, 30, validSkill, "err.skill_unknown", "Choose skills from the list."),
		checkList("languages", languages, 20, isLanguage, "err.language_unknown", "Choose languages from the list.")}
	slices.Sort(*skills)
	slices.Sort(*languages)
	return errs
}

// InQuietHours reports whether t falls in the pledge's quiet hours, read in zone (a pledge whose
// quiet hours start and end at the same minute has none). Quiet hours may span midnight.
func (p *StandbyPledge) InQuietHours(t time.Time, zone string) bool {
	if p.QuietFrom == p.QuietTo {
		return false
	}
	local := t.In(Location(zone))
	m := local.Hour()*60 + local.Minute()
	if p.QuietFrom < p.QuietTo {
		return m >= p.QuietFrom && m < p.QuietTo
	}
	return m >= p.QuietFrom || m < p.QuietTo
}

// Matches is the one rule of who a crisis alerts: a pledge on the roster, for a country the crisis
// strikes or from anywhere, and, when the crisis names skills or languages, with one of them.
func (p *StandbyPledge) Matches(c *Crisis) bool {
	if !p.Active() {
		return false
	}
	if !p.Anywhere && !slices.ContainsFunc(c.Countries, func(country string) bool { return slices.Contains(p.Countries, country) }) {
		return false
	}
	if len(c.Skills) == 0 && len(c.Languages) == 0 {
		return true
	}
	return slices.ContainsFunc(c.Skills, func(s string) bool { return slices.Contains(p.Skills, s) }) ||
		slices.ContainsFunc(c.Languages, func(l string) bool { return slices.Contains(p.Languages, l) })
}

// StandbyService keeps the standby roster.
type StandbyService interface {
	// Pledge returns person's pledge. Errors: ENOTFOUND when they never joined the roster.
	Pledge(ctx context.Context, person int64) (*StandbyPledge, error)
	// SavePledge validates and stores p, which joins the roster unless paused. Errors: EINVALID,
	// with channels at fault when SMS is chosen without a verified number that takes messages.
	SavePledge(ctx context.Context, p *StandbyPledge) error
	// PausePledge takes person off the roster, or puts them back on it, keeping what they pledged.
	PausePledge(ctx context.Context, person int64, paused bool) error
	// LeaveRoster deletes person's pledge.
	LeaveRoster(ctx context.Context, person int64) error
	// RosterSize counts the pledges on the roster (not paused).
	RosterSize(ctx context.Context) (int, error)
}

// Incident kinds a crisis is activated from.
var IncidentKinds = []string{"earthquake", "flood", "storm", "wildfire", "epidemic", "displacement", "conflict", "election_violence", "other_emergency"}

// CrisisTaskTemplate is an urgent task a crisis asks its partner organizations to publish: they
// choose the ones they need and publish them in one step, written in their language.
type CrisisTaskTemplate struct {
	ID     string
	Type   string   // a task type
	Skills []string // taxonomy IDs
	Hours  int
	Kinds  []string // the incidents it is offered for first; nil for all
}

// CrisisTaskTemplates are the urgent tasks crises start from.
var CrisisTaskTemplates = []CrisisTaskTemplate{
	{ID: "map_area", Type: "mapping", Skills: []string{"mapping", "openstreetmap_editing"}, Hours: 3,
		Kinds: []string{"earthquake", "flood", "storm", "wildfire", "displacement"}},
	{ID: "translate_health", Type: TaskTranslation, Skills: []string{"translation"}, Hours: 2},
	{ID: "verify_reports", Type: "fact_checking", Skills: []string{"fact_checking", "research"}, Hours: 3},
	{ID: "info_line", Type: "other_work", Skills: []string{"sms_systems"}, Hours: 6},
	{ID: "shelter_list", Type: "data_entry", Skills: []string{"data_entry", "spreadsheets"}, Hours: 2,
		Kinds: []string{"earthquake", "flood", "storm", "wildfire", "displacement", "conflict"}},
}

// FindCrisisTemplate returns the template with id.
func FindCrisisTemplate(id string) (CrisisTaskTemplate, bool) {
	for _, t := range CrisisTaskTemplates {
		if t.ID == id {
			return t, true
		}
	}
	return CrisisTaskTemplate{}, false
}

// TemplatesFor lists the templates offered for an incident kind, in order.
func TemplatesFor(kind string) []string {
	var out []string
	for _, t := range CrisisTaskTemplates {
		if t.Kinds == nil || slices.Contains(t.Kinds, kind) {
			out = append(out, t.ID)
		}
	}
	return out
}

// Crisis statuses.
const (
	CrisisActive    = "active"
	CrisisStoodDown = "stood_down"
)

// Crisis is a response coordinators activate when disaster strikes, or practise as a drill.
type Crisis struct {
	ID          int64      `json:"-"`
	Slug        string     `json:"slug"`
	Kind        string     `json:"kind"` // one of IncidentKinds
	Title       string     `json:"title"`
	Summary     string     `json:"summary,omitempty"`
	Countries   []string   `json:"countries"`
	Regions     string     `json:"regions,omitempty"`
	Languages   []string   `json:"languages"`
	Skills      []string   `json:"skills"`
	Templates   []string   `json:"task_templates"` // what partners are asked to publish
	Partners    []Partner  `json:"partners"`       // filled when read
	Drill       bool       `json:"drill"`          // an exercise
	LifeSafety  bool       `json:"life_safety"`    // alerts ignore quiet hours (never for a drill)
	Status      string     `json:"status"`
	ActivatedBy int64      `json:"-"`
	ActivatedAt time.Time  `json:"activated_at"`
	StoodDownAt *time.Time `json:"stood_down_at,omitempty"`
	Lessons     string     `json:"lessons,omitempty"` // the after-action report's own words, in Markdown
}

// Partner is an organization that publishes a crisis's tasks.
type Partner struct {
	OrganizationID int64  `json:"-"`
	Slug           string `json:"slug"`
	Name           string `json:"name"`
	AtRisk         bool   `json:"-"` // named only to those who may see it (CanSeeCrisisWork)
}

// Validate cleans the crisis and names every field at fault.
func (c *Crisis) Validate(validSkill func(string) bool) error {
	c.Title, c.Summary, c.Slug = strings.TrimSpace(c.Title), strings.TrimSpace(c.Summary), strings.TrimSpace(c.Slug)
	c.Regions = strings.Join(strings.Fields(c.Regions), " ")
	var errs []error
	if !slices.Contains(IncidentKinds, c.Kind) {
		errs = append(errs, FieldError("kind", "err.incident_kind", "Choose what happened."))
	}
	if n := utf8.RuneCountInString(c.Title); n < 3 || n > 120 {
		errs = append(errs, FieldError("title", "err.crisis_title", "Give the crisis a name of 3 to 120 characters, such as “Earthquake, Al Haouz”."))
	}
	if utf8.RuneCountInString(c.Summary) > 4000 {
		errs = append(errs, FieldError("summary", "err.description_length", "A description may be at most 10,000 characters."))
	}
	if len(c.Slug) > 60 || !slugPattern.MatchString(c.Slug) {
		errs = append(errs, FieldError("title", "err.crisis_title", "Give the crisis a name of 3 to 120 characters, such as “Earthquake, Al Haouz”."))
	}
	c.Countries = compactSorted(c.Countries, strings.ToUpper)
	if len(c.Countries) == 0 || len(c.Countries) > 10 || slices.ContainsFunc(c.Countries, func(s string) bool { return !IsCountry(s) }) {
		errs = append(errs, FieldError("countries", "err.crisis_countries", "Choose the countries it strikes: 1 to 10."))
	}
	if utf8.RuneCountInString(c.Regions) > 200 {
		errs = append(errs, FieldError("regions", "err.standby_regions", "Keep the regions under 200 characters."))
	}
	errs = append(errs, checkSkillsAndLanguages(&c.Skills, &c.Languages, validSkill)...)
	c.Templates = compactSorted(c.Templates, nil)
	if slices.ContainsFunc(c.Templates, func(s string) bool { _, ok := FindCrisisTemplate(s); return !ok }) {
		errs = append(errs, FieldError("templates", "err.crisis_template", "Choose tasks from the list."))
	}
	if c.Drill {
		c.LifeSafety = false // a drill never wakes anyone at night
	}
	return MergeFieldErrors(errs...)
}

// CanCoordinateCrises: moderators and administrators activate crises, drills and stand-downs.
func (a *Actor) CanCoordinateCrises() bool { return a.IsModerator() }

// CanSeeCrisisWork: the board names an organization of a crisis, and its tasks, to everyone unless
// it is at risk; then to its members and moderators only (the others see the numbers).
func (a *Actor) CanSeeCrisisWork(org int64, atRisk bool) bool {
	return !atRisk || a.RoleIn(org) != "" || a.IsModerator()
}

// CrisisTask is a task of a crisis as the situation board counts it.
type CrisisTask struct {
	ID        int64
	Title     string
	OrgID     int64
	OrgName   string
	AtRisk    bool     // its organization is in at-risk mode
	Skills    []string // its main skill
	Languages []string // the language it translates into; none for other tasks
	Stage     string   // open, claimed, submitted, done: its furthest volunteer
	Working   []int64  // the volunteers on it now
}

// Task stages on the situation board.
const (
	BoardOpen      = "open"
	BoardClaimed   = "claimed"
	BoardSubmitted = "submitted"
	BoardDone      = "done"
	BoardClosed    = "closed" // closed with nobody on it: at stand-down, or by its organization
)

// TaskStage is the board's stage of a task, from its status and its volunteers' statuses.
func TaskStage(taskStatus string, assignments []string) string {
	stage := BoardOpen
	rank := map[string]int{BoardOpen: 0, BoardClaimed: 1, BoardSubmitted: 2, BoardDone: 3}
	for _, st := range assignments {
		s := BoardOpen
		switch {
		case IsCompleted(st):
			s = BoardDone
		case st == AssignSubmitted:
			s = BoardSubmitted
		case IsWorking(st):
			s = BoardClaimed
		}
		if rank[s] > rank[stage] {
			stage = s
		}
	}
	if taskStatus == TaskClosed && stage != BoardDone {
		if len(assignments) > 0 {
			return BoardDone
		}
		return BoardClosed
	}
	return stage
}

// Situation is a crisis at a glance: its tasks by stage, who works on them, and what is lacking.
type Situation struct {
	Stages     map[string]int  `json:"tasks"` // by stage
	Volunteers int             `json:"volunteers_active"`
	Standby    int             `json:"standby_matching"` // volunteers on the roster who match it
	Alerts     AlertCounts     `json:"alerts"`
	Skills     []SituationLine `json:"skills"`
	Languages  []SituationLine `json:"languages"`
	Tasks      []CrisisTask    `json:"-"`
	At         time.Time       `json:"at"`
}

// SituationLine counts the open tasks that need a skill or language and the volunteers working
// with it; a line with open tasks and nobody working is a gap.
type SituationLine struct {
	ID      string `json:"id"`
	Open    int    `json:"tasks_open"`
	Working int    `json:"volunteers_working"`
	Gap     bool   `json:"gap"`
}

// BuildSituation counts a crisis's tasks: wanted names the skills and languages the crisis asks
// for, which are shown even before any task needs them.
func BuildSituation(tasks []CrisisTask, wantSkills, wantLanguages []string) *Situation {
	s := &Situation{Stages: map[string]int{BoardOpen: 0, BoardClaimed: 0, BoardSubmitted: 0, BoardDone: 0, BoardClosed: 0}, Tasks: tasks}
	volunteers := map[int64]bool{}
	type tally struct {
		open    int
		working map[int64]bool
	}
	count := func(lines map[string]*tally, ids []string, t CrisisTask) {
		for _, id := range ids {
			l := lines[id]
			if l == nil {
				l = &tally{working: map[int64]bool{}}
				lines[id] = l
			}
			if t.Stage == BoardOpen {
				l.open++
			}
			for _, v := range t.Working {
				l.working[v] = true
			}
		}
	}
	skills, languages := map[string]*tally{}, map[string]*tally{}
	count(skills, wantSkills, CrisisTask{Stage: BoardDone})
	count(languages, wantLanguages, CrisisTask{Stage: BoardDone})
	for _, t := range tasks {
		s.Stages[t.Stage]++
		for _, v := range t.Working {
			volunteers[v] = true
		}
		count(skills, t.Skills, t)
		count(languages, t.Languages, t)
	}
	s.Volunteers = len(volunteers)
	lines := func(m map[string]*tally) []SituationLine {
		var out []SituationLine
		for id, l := range m {
			out = append(out, SituationLine{ID: id, Open: l.open, Working: len(l.working), Gap: l.open > 0 && len(l.working) == 0})
		}
		slices.SortFunc(out, func(a, b SituationLine) int {
			if a.Gap != b.Gap { // gaps first
				if a.Gap {
					return -1
				}
				return 1
			}
			return strings.Compare(a.ID, b.ID)
		})
		return out
	}
	s.Skills, s.Languages = lines(skills), lines(languages)
	return s
}

// AfterAction is a crisis's after-action report: what was asked, what was done and how fast, who
// helped, and the lessons in the coordinators' words.
type AfterAction struct {
	Asked         int           `json:"tasks_asked"`
	Done          int           `json:"tasks_done"`
	Volunteers    int           `json:"volunteers"` // who took part, done or not
	Organizations int           `json:"organizations"`
	FirstClaim    time.Duration `json:"first_claim_ns"` // from activation to the first volunteer on a task; 0 when none
	Lasted        time.Duration `json:"lasted_ns"`      // from activation to stand-down
	Lessons       string        `json:"lessons"`
}

// CrisisService keeps crises.
type CrisisService interface {
	// ActivateCrisis starts c, with partners (organization IDs). Errors: EINVALID; ECONFLICT for a
	// slug in use.
	ActivateCrisis(ctx context.Context, c *Crisis, partners []int64, by int64) error
	// FindCrisis returns the crisis with slug, with its partners.
	FindCrisis(ctx context.Context, slug string) (*Crisis, error)
	// ListCrises lists active crises first, then the newest stood down, at most limit.
	ListCrises(ctx context.Context, limit int) ([]*Crisis, error)
	// PublishCrisisTasks publishes, for a partner organization, a need with urgent tasks from the
	// templates named: one for each, and for a translation one for each of the crisis's languages
	// other than lang, the language the organization writes in. text makes a task's title and
	// description in lang (target is the language of a translation, "" for other tasks). Errors:
	// EFORBIDDEN for an organization that is not a partner; ECONFLICT once the crisis stood down.
	PublishCrisisTasks(ctx context.Context, crisis, org int64, templates []string, lang string, text func(template, target string) (title, description string), by int64) (*Need, error)
	// Situation counts the crisis's tasks and volunteers, and the standby volunteers who match it.
	Situation(ctx context.Context, crisis int64) (*Situation, error)
	// StandDown ends a crisis with the lessons learned. Errors: ECONFLICT when it stood down already.
	StandDown(ctx context.Context, crisis int64, lessons string, by int64) error
	// AfterAction returns the after-action report of a crisis that stood down.
	AfterAction(ctx context.Context, crisis int64) (*AfterAction, error)
}
