package web

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"civhub"
)

var errTeamNotFound = civhub.E(civhub.ENOTFOUND, "err.team_not_found", "There is no such team.")

// hackathonEvent reads the event of the path as the viewer may see it, with the viewer's
// registration (nil when they have none).
func (s *hackathons) hackathonEvent(r *http.Request) (*civhub.Event, *civhub.Registration, error) {
	e, err := visibleEvent(r, s.events)
	if err != nil {
		return nil, nil, err
	}
	a := actorOf(r)
	var mine *civhub.Registration
	if a.SignedIn() {
		mine, err = s.events.Registration(r.Context(), e.ID, a.ID())
		if civhub.ErrorCode(err) == civhub.ENOTFOUND {
			mine, err = nil, nil
		}
	}
	return e, mine, err
}

// teamOf reads the team of the path, which must be e's.
func (s *hackathons) teamOf(r *http.Request, e *civhub.Event) (*civhub.Team, error) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	t, err := s.hack.FindTeam(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if t.EventID != e.ID {
		return nil, errTeamNotFound
	}
	return t, nil
}

// eventChallenges lists the challenges e takes that the viewer may see.
func (s *hackathons) eventChallenges(r *http.Request, e *civhub.Event) ([]*civhub.Challenge, error) {
	all, err := s.challenges.EventChallenges(r.Context(), e.ID)
	if err != nil {
		return nil, err
	}
	var out []*civhub.Challenge
	for _, c := range all {
		if actorOf(r).CanViewChallenge(c) {
			out = append(out, c)
		}
	}
	return out, nil
}

// skillNames names every skill of the taxonomy in the viewer's language, by ID.
func (s *hackathons) skillNames(r *http.Request) map[string]string {
	l := requestInfoOf(r).locale
	out := map[string]string{}
	for _, sk := range s.taxonomy.Skills() {
		out[sk.ID] = sk.Name.In(l.Code)
	}
	return out
}

// skillOptions offers every skill of the taxonomy, chosen ticked.
func (s *kit) skillOptions(r *http.Request, chosen []string) []Option {
	l := requestInfoOf(r).locale
	var out []Option
	for _, sk := range s.taxonomy.Skills() {
		out = append(out, Option{sk.ID, sk.Name.In(l.Code), slices.Contains(chosen, sk.ID)})
	}
	return out
}

// challengeOptions offers an event's challenges, and none.
func challengeOptions(r *http.Request, list []*civhub.Challenge, chosen int64) []Option {
	out := []Option{{"", requestInfoOf(r).locale.T("team.field.no_challenge"), chosen == 0}}
	for _, c := range list {
		out = append(out, Option{strconv.FormatInt(c.ID, 10), c.Title, c.ID == chosen})
	}
	return out
}

// teamsPage is an event's teams, its projects and, once published, its results.
type teamsPage struct {
	authPage
	Event         *civhub.Event
	Mine          *civhub.Registration
	MyTeam        *civhub.Team
	Teams         []*civhub.Team
	Projects      []*civhub.Project
	Results       []*civhub.Result
	Criteria      []*civhub.Criterion
	Challenges    map[int64]*civhub.Challenge
	CanJoin       bool
	CanManage     bool
	IsJudge       bool
	Skills        map[string]string
	ChallengeOpts []Option
	SkillOpts     []Option
	Max           int
}

var teamFields = []string{"name", "challenge"}

func (s *hackathons) teamsPageFor(r *http.Request, e *civhub.Event, mine *civhub.Registration) (*teamsPage, error) {
	a, ctx := actorOf(r), r.Context()
	p := &teamsPage{authPage: *s.formsPage(r, "team.list.title"), Event: e, Mine: mine, CanJoin: a.CanJoinTeams(e, mine, time.Now()),
		CanManage: a.CanManageEvent(e), Skills: s.skillNames(r), Challenges: map[int64]*civhub.Challenge{}, Max: civhub.MaxTeamSize}
	p.Nav = "events"
	var err error
	if p.Teams, err = s.hack.Teams(ctx, e.ID); err != nil {
		return nil, err
	}
	for _, t := range p.Teams {
		if role := t.RoleOf(a.ID()); role != "" && role != civhub.TeamRoleMentor {
			p.MyTeam = t
		}
	}
	list, err := s.eventChallenges(r, e)
	if err != nil {
		return nil, err
	}
	for _, c := range list {
		p.Challenges[c.ID] = c
	}
	p.ChallengeOpts, p.SkillOpts = challengeOptions(r, list, 0), s.skillOptions(r, nil)
	projects, err := s.hack.Projects(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	for _, pr := range projects {
		if pr.SubmittedAt != nil {
			p.Projects = append(p.Projects, pr)
		}
	}
	if a.SignedIn() {
		judges, err := s.hack.Judges(ctx, e.ID)
		if err != nil {
			return nil, err
		}
		p.IsJudge = slices.ContainsFunc(judges, func(j civhub.Judge) bool { return j.PersonID == a.ID() })
	}
	if e.ResultsAt != nil {
		if p.Results, err = s.hack.Results(ctx, e.ID); err != nil {
			return nil, err
		}
		if p.Criteria, err = s.hack.Criteria(ctx, e.ID); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func (s *hackathons) teams(w http.ResponseWriter, r *http.Request) error {
	e, mine, err := s.hackathonEvent(r)
	if err != nil {
		return err
	}
	p, err := s.teamsPageFor(r, e, mine)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "teams", p)
}

// joining loads the event of the path for a signed-in viewer, reads the posted form, and refuses
// those who may not form teams there.
func (s *hackathons) joining(w http.ResponseWriter, r *http.Request) (*civhub.Event, *civhub.Registration, error) {
	if _, err := requireViewer(r); err != nil {
		return nil, nil, err
	}
	e, mine, err := s.hackathonEvent(r)
	if err != nil {
		return nil, nil, err
	}
	if err := s.parseForm(w, r); err != nil {
		return nil, nil, err
	}
	if !actorOf(r).CanJoinTeams(e, mine, time.Now()) {
		return nil, nil, civhub.E(civhub.ECONFLICT, "err.team_no_place", "Teams are for people with a place at the event: register first.")
	}
	return e, mine, nil
}

// readTeam copies the posted team fields into t.
func readTeam(r *http.Request, t *civhub.Team) {
	t.Name, t.LookingFor = r.PostFormValue("name"), r.PostForm["looking_for"]
	t.ChallengeID, _ = strconv.ParseInt(r.PostFormValue("challenge"), 10, 64)
}

func (s *hackathons) createTeam(w http.ResponseWriter, r *http.Request) error {
	e, mine, err := s.joining(w, r)
	if err != nil {
		return err
	}
	t := &civhub.Team{EventID: e.ID}
	readTeam(r, t)
	if err := s.hack.CreateTeam(r.Context(), t, requestInfoOf(r).viewer.ID); err != nil {
		p, perr := s.teamsPageFor(r, e, mine)
		if perr != nil {
			return perr
		}
		p.Form.Values = formValues(r, teamFields...)
		list, _ := s.eventChallenges(r, e)
		p.ChallengeOpts, p.SkillOpts = challengeOptions(r, list, t.ChallengeID), s.skillOptions(r, t.LookingFor)
		return s.renderForm(w, r, err, "teams", &p.authPage, p)
	}
	return s.redirectWith(w, r, "/events/"+e.Slug+"/teams/"+strconv.FormatInt(t.ID, 10), "team.created")
}

func (s *hackathons) looking(w http.ResponseWriter, r *http.Request) error {
	e, _, err := s.joining(w, r)
	if err != nil {
		return err
	}
	on := r.PostFormValue("looking") == "yes"
	if err := s.hack.SetLooking(r.Context(), e.ID, requestInfoOf(r).viewer.ID, on); err != nil {
		return err
	}
	notice := "team.looking.off"
	if on {
		notice = "team.looking.on"
	}
	return s.redirectWith(w, r, "/events/"+e.Slug+"/teams", notice)
}

// teamPage is one team: its members, its challenge, its project, suggestions for it.
type teamPage struct {
	authPage
	Event         *civhub.Event
	Team          *civhub.Team
	Challenge     *civhub.Challenge
	Project       *civhub.Project
	MyRole        string
	CanJoin       bool // the viewer may join it: a place, in no other team, and it is not full
	Member        bool // the viewer is one of its members (mentors aside): they edit it
	Full          bool
	Suggestions   []civhub.MemberSuggestion
	Skills        map[string]string
	ChallengeOpts []Option
	SkillOpts     []Option
	Licences      []Option
	Locked        bool             // results are published: the project no longer changes
	Solution      *civhub.Solution // what the project became
	CanPromote    bool
	CanAddShot    bool // a member may add a screenshot: the project is saved, open, and has room
}

var projectFields = []string{"title", "description", "repository", "demo_url"}

func (s *hackathons) teamPageFor(r *http.Request, e *civhub.Event, mine *civhub.Registration, t *civhub.Team) (*teamPage, error) {
	a, ctx, l := actorOf(r), r.Context(), requestInfoOf(r).locale
	p := &teamPage{authPage: *s.formsPage(r, "team.title"), Event: e, Team: t, MyRole: t.RoleOf(a.ID()), Skills: s.skillNames(r),
		Full: t.Size() >= civhub.MaxTeamSize, Locked: e.ResultsAt != nil}
	p.Title, p.Nav = t.Name, "events"
	p.Member = p.MyRole == civhub.TeamRoleLead || p.MyRole == civhub.TeamRoleMember
	list, err := s.eventChallenges(r, e)
	if err != nil {
		return nil, err
	}
	for _, c := range list {
		if c.ID == t.ChallengeID {
			p.Challenge = c
		}
	}
	p.ChallengeOpts, p.SkillOpts = challengeOptions(r, list, t.ChallengeID), s.skillOptions(r, t.LookingFor)
	teams, err := s.hack.Teams(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	inOther := slices.ContainsFunc(teams, func(o *civhub.Team) bool {
		role := o.RoleOf(a.ID())
		return o.ID != t.ID && role != "" && role != civhub.TeamRoleMentor
	})
	p.CanJoin = a.CanJoinTeams(e, mine, time.Now()) && p.MyRole == "" && !inOther
	projects, err := s.hack.Projects(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	for _, pr := range projects {
		if pr.TeamID == t.ID && a.CanSeeProject(e, pr, p.MyRole) {
			p.Project = pr
		}
	}
	if p.Project != nil && p.Project.SubmittedAt != nil {
		so, err := s.solutions.ProjectSolution(ctx, p.Project.ID)
		switch {
		case err == nil:
			p.Solution = so
		case civhub.ErrorCode(err) != civhub.ENOTFOUND:
			return nil, err
		default:
			p.CanPromote = p.Member || a.CanManageEvent(e)
		}
	}
	p.CanAddShot = p.Member && !p.Locked && p.Project != nil && len(p.Project.Screenshots) < civhub.MaxScreenshots
	chosen := "MIT"
	if p.Project != nil {
		chosen = p.Project.Licence
		p.Form.Values = map[string]string{"title": p.Project.Title, "description": p.Project.Description, "repository": p.Project.Repository,
			"demo_url": p.Project.DemoURL}
	}
	for _, lic := range civhub.ProjectLicences {
		label := lic.Name + " (" + lic.ID + ")"
		if !lic.Open {
			label = l.T("team.project.not_open")
		}
		p.Licences = append(p.Licences, Option{lic.ID, label, lic.ID == chosen})
	}
	if p.Member && !p.Full {
		candidates, err := s.hack.Looking(ctx, e.ID)
		if err != nil {
			return nil, err
		}
		var have []string
		for _, m := range t.Members {
			if pr, err := s.profileSkills(r, m.PersonID); err == nil {
				have = append(have, pr...)
			}
		}
		var lacks []string
		for _, sk := range t.LookingFor {
			if !slices.Contains(have, sk) {
				lacks = append(lacks, sk)
			}
		}
		var languages []string
		if p.Challenge != nil {
			languages = p.Challenge.Languages
		}
		p.Suggestions = civhub.SuggestMembers(lacks, languages, l.Zone(), e.Mode != civhub.ModeInPerson, candidates, time.Now())
	}
	return p, nil
}

// profileSkills are the skills on a person's profile that people signed in may see.
func (s *hackathons) profileSkills(r *http.Request, person int64) ([]string, error) {
	pr, err := s.profiles.FindProfile(r.Context(), person)
	if err != nil {
		return nil, err
	}
	if !actorOf(r).CanSeeProfilePart(person, pr.VisibilityOf(civhub.PartSkills), false) {
		return nil, nil
	}
	return pr.Skills, nil
}

func (s *hackathons) team(w http.ResponseWriter, r *http.Request) error {
	e, mine, err := s.hackathonEvent(r)
	if err != nil {
		return err
	}
	t, err := s.teamOf(r, e)
	if err != nil {
		return err
	}
	p, err := s.teamPageFor(r, e, mine, t)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "team", p)
}

// teamAction loads the event and team of the path for a signed-in viewer and reads the form.
func (s *hackathons) teamAction(w http.ResponseWriter, r *http.Request, memberOnly bool) (*civhub.Event, *civhub.Registration, *civhub.Team, error) {
	return s.teamActionWith(w, r, memberOnly, s.parseLongForm)
}

// teamActionWith is teamAction for a form that parse reads.
func (s *hackathons) teamActionWith(w http.ResponseWriter, r *http.Request, memberOnly bool, parse func(http.ResponseWriter, *http.Request) error) (*civhub.Event, *civhub.Registration, *civhub.Team, error) {
	if _, err := requireViewer(r); err != nil {
		return nil, nil, nil, err
	}
	e, mine, err := s.hackathonEvent(r)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := parse(w, r); err != nil {
		return nil, nil, nil, err
	}
	t, err := s.teamOf(r, e)
	if err != nil {
		return nil, nil, nil, err
	}
	if role := t.RoleOf(actorOf(r).ID()); memberOnly && role != civhub.TeamRoleLead && role != civhub.TeamRoleMember {
		return nil, nil, nil, civhub.E(civhub.EFORBIDDEN, "err.team_members_only", "Only the team's members do this.")
	}
	return e, mine, t, nil
}

// teamFailed shows the team's page again with err and the form as typed.
func (s *hackathons) teamFailed(w http.ResponseWriter, r *http.Request, e *civhub.Event, mine *civhub.Registration, t *civhub.Team, err error, fields ...string) error {
	fresh, ferr := s.hack.FindTeam(r.Context(), t.ID)
	if ferr != nil {
		return ferr
	}
	p, perr := s.teamPageFor(r, e, mine, fresh)
	if perr != nil {
		return perr
	}
	if len(fields) > 0 {
		if p.Form.Values == nil {
			p.Form.Values = map[string]string{}
		}
		maps.Copy(p.Form.Values, formValues(r, fields...))
	}
	return s.renderForm(w, r, err, "team", &p.authPage, p)
}

func (s *hackathons) teamPath(e *civhub.Event, t *civhub.Team) string {
	return "/events/" + e.Slug + "/teams/" + strconv.FormatInt(t.ID, 10)
}

func (s *hackathons) editTeam(w http.ResponseWriter, r *http.Request) error {
	e, mine, t, err := s.teamAction(w, r, true)
	if err != nil {
		return err
	}
	readTeam(r, t)
	if err := s.hack.UpdateTeam(r.Context(), t, requestInfoOf(r).viewer.ID); err != nil {
		return s.teamFailed(w, r, e, mine, t, err, teamFields...)
	}
	return s.redirectWith(w, r, s.teamPath(e, t), "team.saved")
}

func (s *hackathons) join(w http.ResponseWriter, r *http.Request) error {
	e, mine, t, err := s.teamAction(w, r, false)
	if err != nil {
		return err
	}
	role := civhub.TeamRoleMember
	if r.PostFormValue("role") == civhub.TeamRoleMentor {
		role = civhub.TeamRoleMentor
	}
	if err := s.hack.JoinTeam(r.Context(), t.ID, requestInfoOf(r).viewer.ID, role); err != nil {
		return s.teamFailed(w, r, e, mine, t, err)
	}
	return s.redirectWith(w, r, s.teamPath(e, t), "team.joined")
}

func (s *hackathons) leave(w http.ResponseWriter, r *http.Request) error {
	e, mine, t, err := s.teamAction(w, r, false)
	if err != nil {
		return err
	}
	if err := s.hack.LeaveTeam(r.Context(), t.ID, requestInfoOf(r).viewer.ID); err != nil {
		return s.teamFailed(w, r, e, mine, t, err)
	}
	return s.redirectWith(w, r, "/events/"+e.Slug+"/teams", "team.left")
}

func (s *hackathons) invite(w http.ResponseWriter, r *http.Request) error {
	e, mine, t, err := s.teamAction(w, r, true)
	if err != nil {
		return err
	}
	person, _ := strconv.ParseInt(r.PostFormValue("person"), 10, 64)
	if err := s.hack.InviteToTeam(r.Context(), t.ID, person, requestInfoOf(r).viewer.ID); err != nil {
		return s.teamFailed(w, r, e, mine, t, err)
	}
	return s.redirectWith(w, r, s.teamPath(e, t), "team.invited")
}

func (s *hackathons) saveProject(w http.ResponseWriter, r *http.Request) error {
	e, mine, t, err := s.teamAction(w, r, true)
	if err != nil {
		return err
	}
	pr := &civhub.Project{TeamID: t.ID, Title: r.PostFormValue("title"), Description: longText(r, "description"),
		Repository: r.PostFormValue("repository"), DemoURL: r.PostFormValue("demo_url"), Licence: r.PostFormValue("licence")}
	submit := r.PostFormValue("submit") == "yes"
	if err := s.hack.SaveProject(r.Context(), pr, submit, requestInfoOf(r).viewer.ID); err != nil {
		return s.teamFailed(w, r, e, mine, t, err, projectFields...)
	}
	notice := "team.project.saved"
	if submit {
		notice = "team.project.submitted"
	}
	return s.redirectWith(w, r, s.teamPath(e, t), notice)
}

// judgingPage is where organizers set the judging up and judges score.
type judgingPage struct {
	authPage
	Event      *civhub.Event
	CanManage  bool
	IsJudge    bool
	Criteria   []*civhub.Criterion
	Judges     []civhub.Judge
	Rows       []judgingRow
	Results    []*civhub.Result
	Challenges map[int64]*civhub.Challenge
}

// judgingRow is a handed-in project as the viewer judges it.
type judgingRow struct {
	Project  *civhub.Project
	Conflict civhub.Conflict
	Fields   []scoreField
	Scored   bool
}

// scoreField is one criterion's score of a project.
type scoreField struct {
	Name, Label string
	Options     []Option
}

func (s *hackathons) judgingPageFor(r *http.Request, e *civhub.Event) (*judgingPage, error) {
	a, ctx, l := actorOf(r), r.Context(), requestInfoOf(r).locale
	p := &judgingPage{authPage: *s.authPage(r, "judging.title"), Event: e, CanManage: a.CanManageEvent(e), Challenges: map[int64]*civhub.Challenge{}}
	p.Nav = "events"
	var err error
	if p.Judges, err = s.hack.Judges(ctx, e.ID); err != nil {
		return nil, err
	}
	p.IsJudge = slices.ContainsFunc(p.Judges, func(j civhub.Judge) bool { return j.PersonID == a.ID() })
	if !p.CanManage && !p.IsJudge {
		return nil, civhub.E(civhub.EFORBIDDEN, "err.judges_only", "Judging is for the event's organizers and judges.")
	}
	if p.Criteria, err = s.hack.Criteria(ctx, e.ID); err != nil {
		return nil, err
	}
	list, err := s.eventChallenges(r, e)
	if err != nil {
		return nil, err
	}
	for _, c := range list {
		p.Challenges[c.ID] = c
	}
	p.Form.Values = map[string]string{}
	names := make([]string, len(p.Criteria))
	for i, c := range p.Criteria {
		names[i] = c.Name
	}
	p.Form.Values["criteria"] = strings.Join(names, "\n")
	projects, err := s.hack.Projects(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	conflicts, err := s.hack.Conflicts(ctx, e.ID, a.ID())
	if err != nil {
		return nil, err
	}
	mine, err := s.hack.Scores(ctx, e.ID, a.ID())
	if err != nil {
		return nil, err
	}
	for _, pr := range projects {
		if pr.SubmittedAt == nil {
			continue
		}
		row := judgingRow{Project: pr, Conflict: conflicts[pr.ID]}
		for _, c := range p.Criteria {
			given := 0
			for _, sc := range mine {
				if sc.ProjectID == pr.ID && sc.CriterionID == c.ID {
					given, row.Scored = sc.Value, true
				}
			}
			f := scoreField{Name: "c" + strconv.FormatInt(c.ID, 10), Label: c.Name, Options: []Option{{"", l.T("judging.choose"), given == 0}}}
			for v := 1; v <= 5; v++ {
				f.Options = append(f.Options, Option{strconv.Itoa(v), strconv.Itoa(v), v == given})
			}
			row.Fields = append(row.Fields, f)
		}
		p.Rows = append(p.Rows, row)
	}
	if p.CanManage {
		if p.Results, err = s.hack.Results(ctx, e.ID); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func (s *hackathons) judging(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireViewer(r); err != nil {
		return err
	}
	e, _, err := s.hackathonEvent(r)
	if err != nil {
		return err
	}
	p, err := s.judgingPageFor(r, e)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "judging", p)
}

// organizing loads the event of the path for its organizers and reads the posted form.
func (s *hackathons) organizing(w http.ResponseWriter, r *http.Request) (*civhub.Event, error) {
	if _, err := requireViewer(r); err != nil {
		return nil, err
	}
	e, _, err := s.hackathonEvent(r)
	if err != nil {
		return nil, err
	}
	if !actorOf(r).CanManageEvent(e) {
		return nil, civhub.ErrNotAllowed
	}
	return e, s.parseForm(w, r)
}

// judgingFailed shows the judging page again with err.
func (s *hackathons) judgingFailed(w http.ResponseWriter, r *http.Request, e *civhub.Event, err error, fields ...string) error {
	p, perr := s.judgingPageFor(r, e)
	if perr != nil {
		return perr
	}
	for k, v := range formValues(r, fields...) {
		p.Form.Values[k] = v
	}
	return s.renderForm(w, r, err, "judging", &p.authPage, p)
}

func (s *hackathons) setCriteria(w http.ResponseWriter, r *http.Request) error {
	e, err := s.organizing(w, r)
	if err != nil {
		return err
	}
	names := strings.Split(strings.ReplaceAll(r.PostFormValue("criteria"), "\r\n", "\n"), "\n")
	if err := s.hack.SetCriteria(r.Context(), e.ID, names, requestInfoOf(r).viewer.ID); err != nil {
		return s.judgingFailed(w, r, e, err, "criteria")
	}
	return s.redirectWith(w, r, "/events/"+e.Slug+"/judging", "judging.criteria_saved")
}

func (s *hackathons) addJudge(w http.ResponseWriter, r *http.Request) error {
	e, err := s.organizing(w, r)
	if err != nil {
		return err
	}
	email := strings.ToLower(strings.TrimSpace(r.PostFormValue("email")))
	var judge *civhub.Person
	if email != "" && len(email) <= 254 {
		found, err := s.people.FindPeople(r.Context(), civhub.PersonFilter{Query: email, Limit: 5})
		if err != nil {
			return err
		}
		for _, p := range found {
			if strings.EqualFold(p.Email, email) {
				judge = p
			}
		}
	}
	if judge == nil {
		return s.judgingFailed(w, r, e, civhub.FieldError("email", "err.judge_unknown", "Nobody on civhub has this address: ask them to sign up first."), "email")
	}
	if err := s.hack.AddJudge(r.Context(), e.ID, judge.ID, requestInfoOf(r).viewer.ID); err != nil {
		return err
	}
	return s.redirectWith(w, r, "/events/"+e.Slug+"/judging", "judging.judge_added")
}

func (s *hackathons) removeJudge(w http.ResponseWriter, r *http.Request) error {
	e, err := s.organizing(w, r)
	if err != nil {
		return err
	}
	if err := s.hack.RemoveJudge(r.Context(), e.ID, personParam(r), requestInfoOf(r).viewer.ID); err != nil {
		return err
	}
	return s.redirectWith(w, r, "/events/"+e.Slug+"/judging", "judging.judge_removed")
}

// projectOf reads the project of the path, which must be e's.
func (s *hackathons) projectOf(r *http.Request, e *civhub.Event) (*civhub.Project, error) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	p, err := s.hack.FindProject(r.Context(), id)
	if err == nil && p.EventID != e.ID {
		err = civhub.E(civhub.ENOTFOUND, "err.project_not_found", "There is no such project.")
	}
	return p, err
}

func (s *hackathons) score(w http.ResponseWriter, r *http.Request) error {
	v, err := requireViewer(r)
	if err != nil {
		return err
	}
	e, _, err := s.hackathonEvent(r)
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	pr, err := s.projectOf(r, e)
	if err != nil {
		return err
	}
	// The rule of conflicts, asked here and again by the statement that writes the scores.
	t, err := s.hack.FindTeam(r.Context(), pr.TeamID)
	if err != nil {
		return err
	}
	var challengeOrg int64
	if pr.ChallengeID != 0 {
		taken, err := s.challenges.EventChallenges(r.Context(), e.ID)
		if err != nil {
			return err
		}
		for _, c := range taken {
			if c.ID == pr.ChallengeID {
				challengeOrg = c.OrganizationID
			}
		}
	}
	ms, err := s.orgs.Memberships(r.Context(), v.ID)
	if err != nil {
		return err
	}
	orgs := make([]int64, len(ms))
	for i, m := range ms {
		orgs[i] = m.OrganizationID
	}
	if c := civhub.MayJudge(v.ID, t, challengeOrg, orgs); c != "" {
		return civhub.E(civhub.EFORBIDDEN, "err.judge_conflict", "You may not score this project: you are in its team or belong to the organization whose challenge it answers.")
	}
	criteria, err := s.hack.Criteria(r.Context(), e.ID)
	if err != nil {
		return err
	}
	scores := map[int64]int{}
	for _, c := range criteria {
		if n, err := strconv.Atoi(r.PostFormValue("c" + strconv.FormatInt(c.ID, 10))); err == nil {
			scores[c.ID] = n
		}
	}
	if err := s.hack.ScoreProject(r.Context(), pr.ID, v.ID, scores); err != nil {
		return s.judgingFailed(w, r, e, err)
	}
	return s.redirectWith(w, r, "/events/"+e.Slug+"/judging", "judging.scored")
}

func (s *hackathons) award(w http.ResponseWriter, r *http.Request) error {
	e, err := s.organizing(w, r)
	if err != nil {
		return err
	}
	pr, err := s.projectOf(r, e)
	if err != nil {
		return err
	}
	if err := s.hack.Award(r.Context(), pr.ID, r.PostFormValue("award"), requestInfoOf(r).viewer.ID); err != nil {
		return s.judgingFailed(w, r, e, err)
	}
	return s.redirectWith(w, r, "/events/"+e.Slug+"/judging", "judging.awarded")
}

func (s *hackathons) publishResults(w http.ResponseWriter, r *http.Request) error {
	e, err := s.organizing(w, r)
	if err != nil {
		return err
	}
	if err := s.hack.PublishResults(r.Context(), e.ID, requestInfoOf(r).viewer.ID); err != nil {
		return err
	}
	return s.redirectWith(w, r, "/events/"+e.Slug+"/teams", "judging.published")
}
