package civhub

import (
	"context"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// At a hackathon, people with a place form teams, a team works on one of the event's challenges
// and hands in a project, and judges, when the organizers want judging, score the projects on
// criteria. No judge scores a team they are in or mentor, nor a project answering a challenge of
// an organization they belong to.

// Team roles: members count towards the team's size; a mentor advises and does not.
const (
	TeamRoleLead   = "lead"
	TeamRoleMember = "member"
	TeamRoleMentor = "mentor"
)

// MaxTeamSize bounds the members of a team (mentors aside), and MaxMentors its mentors.
const (
	MaxTeamSize = 6
	MaxMentors  = 3
)

// Team is a group working together at an event.
type Team struct {
	ID          int64        `json:"id"`
	EventID     int64        `json:"-"`
	Name        string       `json:"name"`
	ChallengeID int64        `json:"challenge_id,omitempty"` // the challenge it works on, if chosen
	LookingFor  []string     `json:"looking_for"`            // skills it wants, from the taxonomy
	Members     []TeamMember `json:"members"`                // filled when read
	CreatedAt   time.Time    `json:"created_at"`
}

// TeamMember is one person of a team.
type TeamMember struct {
	PersonID int64  `json:"-"`
	Name     string `json:"name"`
	Role     string `json:"role"`
}

// Size counts the team's members, mentors aside.
func (t *Team) Size() int {
	n := 0
	for _, m := range t.Members {
		if m.Role != TeamRoleMentor {
			n++
		}
	}
	return n
}

// RoleOf returns person's role in the team, or "".
func (t *Team) RoleOf(person int64) string {
	for _, m := range t.Members {
		if m.PersonID == person {
			return m.Role
		}
	}
	return ""
}

// Validate checks the team's name and wanted skills.
func (t *Team) Validate(validSkill func(string) bool) error {
	t.Name = strings.TrimSpace(t.Name)
	var errs []error
	if n := utf8.RuneCountInString(t.Name); n < 2 || n > 60 {
		errs = append(errs, FieldError("name", "err.team_name", "Give the team a name of 2 to 60 characters."))
	}
	errs = append(errs, checkList("looking_for", &t.LookingFor, 10, validSkill, "err.skill_unknown", "Choose skills from the list."))
	return MergeFieldErrors(errs...)
}

// Project is what a team hands in.
type Project struct {
	ID          int64        `json:"id"`
	EventID     int64        `json:"-"`
	TeamID      int64        `json:"team_id"`
	TeamName    string       `json:"team"` // filled when read
	ChallengeID int64        `json:"challenge_id,omitempty"`
	Title       string       `json:"title"`
	Description string       `json:"description"` // Markdown
	Repository  string       `json:"repository,omitempty"`
	DemoURL     string       `json:"demo_url,omitempty"`
	Licence     string       `json:"licence"` // an SPDX identifier from ProjectLicences
	SubmittedAt *time.Time   `json:"submitted_at,omitempty"`
	UpdatedAt   time.Time    `json:"updated_at"`
	Screenshots []Screenshot `json:"screenshots,omitempty"` // in their places, filled when read
}

// Screenshot is a picture of a project, with the words a screen reader says for it.
type Screenshot struct {
	ID  int64  `json:"id"`
	Alt string `json:"alt"`
}

// MaxScreenshots bounds a project's screenshots.
const MaxScreenshots = 4

// CheckScreenshotAlt cleans the words that describe a screenshot and says what is wrong with them.
func CheckScreenshotAlt(alt string) (string, error) {
	alt = strings.Join(strings.Fields(alt), " ")
	if n := utf8.RuneCountInString(alt); n < 3 || n > 300 {
		return alt, FieldError("alt", "err.screenshot_alt", "Say in 3 to 300 characters what the screenshot shows, for people who cannot see it.")
	}
	return alt, nil
}

// Licence is a licence a project may choose, by its SPDX identifier.
type Licence struct {
	ID   string
	Name string
	Open bool // approved by the OSI or, for content, a Creative Commons licence that allows reuse
}

// ProjectLicences lists the licences projects choose from, open ones first.
var ProjectLicences = []Licence{
	{"MIT", "MIT License", true},
	{"Apache-2.0", "Apache License 2.0", true},
	{"GPL-3.0-or-later", "GNU General Public License v3.0 or later", true},
	{"AGPL-3.0-or-later", "GNU Affero General Public License v3.0 or later", true},
	{"LGPL-3.0-or-later", "GNU Lesser General Public License v3.0 or later", true},
	{"MPL-2.0", "Mozilla Public License 2.0", true},
	{"BSD-3-Clause", "BSD 3-Clause License", true},
	{"BSD-2-Clause", "BSD 2-Clause License", true},
	{"EUPL-1.2", "European Union Public License 1.2", true},
	{"ISC", "ISC License", true},
	{"CC-BY-4.0", "Creative Commons Attribution 4.0", true},
	{"CC-BY-SA-4.0", "Creative Commons Attribution Share Alike 4.0", true},
	{"CC0-1.0", "Creative Commons Zero v1.0 Universal", true},
	{"LicenseRef-Proprietary", "Not open: all rights reserved", false},
}

// FindProjectLicence returns the licence with SPDX identifier id.
func FindProjectLicence(id string) (Licence, bool) {
	i := slices.IndexFunc(ProjectLicences, func(l Licence) bool { return l.ID == id })
	if i < 0 {
		return Licence{}, false
	}
	return ProjectLicences[i], true
}

// Validate checks the project's fields and names every field at fault.
func (p *Project) Validate() error {
	p.Title, p.Description = strings.TrimSpace(p.Title), strings.TrimSpace(p.Description)
	p.Repository, p.DemoURL = strings.TrimSpace(p.Repository), strings.TrimSpace(p.DemoURL)
	var errs []error
	if n := utf8.RuneCountInString(p.Title); n < 2 || n > 140 {
		errs = append(errs, FieldError("title", "err.lesson_title", "Write a title of 2 to 140 characters."))
	}
	if utf8.RuneCountInString(p.Description) > 10000 {
		errs = append(errs, FieldError("description", "err.description_length", "A description may be at most 10,000 characters."))
	}
	for _, f := range []struct{ name, value string }{{"repository", p.Repository}, {"demo_url", p.DemoURL}} {
		if f.value != "" && !validWebURL(f.value) {
			errs = append(errs, FieldError(f.name, "err.url_invalid", "Give a web address starting with https://."))
		}
	}
	if _, ok := FindProjectLicence(p.Licence); !ok {
		errs = append(errs, FieldError("licence", "err.licence_unknown", "Choose a licence from the list."))
	}
	return MergeFieldErrors(errs...)
}

// Criterion is one thing judges score, 1 to 5.
type Criterion struct {
	ID       int64  `json:"id"`
	EventID  int64  `json:"-"`
	Position int    `json:"position"`
	Name     string `json:"name"`
}

// MaxCriteria bounds an event's judging criteria, and MaxJudges its judges.
const (
	MaxCriteria = 10
	MaxJudges   = 30
)

// Judge is a person who scores an event's projects.
type Judge struct {
	PersonID int64  `json:"-"`
	Name     string `json:"name"`
}

// Score is one judge's score of one project on one criterion.
type Score struct {
	ProjectID   int64 `json:"project_id"`
	JudgeID     int64 `json:"-"`
	CriterionID int64 `json:"criterion_id"`
	Value       int   `json:"score"` // 1 to 5
}

// Conflict says why a judge may not score a project, or "" when they may.
type Conflict string

// Conflicts of interest.
const (
	ConflictTeam         Conflict = "team"         // the judge is in the team or mentors it
	ConflictOrganization Conflict = "organization" // the judge belongs to the organization whose challenge the project answers
)

// MayJudge says whether judge may score a project of team answering a challenge of organization
// challengeOrg (0 for none), given the organizations judge belongs to: the one rule of conflicts,
// which the score's statement checks again.
func MayJudge(judge int64, team *Team, challengeOrg int64, judgeOrgs []int64) Conflict {
	if team.RoleOf(judge) != "" {
		return ConflictTeam
	}
	if challengeOrg != 0 && slices.Contains(judgeOrgs, challengeOrg) {
		return ConflictOrganization
	}
	return ""
}

// Result is a project's standing: its mean score per criterion and overall, and its awards.
type Result struct {
	Project *Project          `json:"project"`
	Means   map[int64]float64 `json:"means"` // by criterion ID
	Overall float64           `json:"overall"`
	Scores  int               `json:"scores"` // how many scores it has
	Awards  []string          `json:"awards"`
}

// Rank sorts results best first: by overall mean, then by the number of scores.
func Rank(results []*Result) {
	sort.SliceStable(results, func(i, j int) bool {
		if results[i].Overall != results[j].Overall {
			return results[i].Overall > results[j].Overall
		}
		return results[i].Scores > results[j].Scores
	})
}

// Candidate is a person at an event looking for a team, as team suggestions see them.
type Candidate struct {
	PersonID  int64
	Name      string
	Skills    []string // those the viewer may see
	Languages []string
	TimeZone  string
}

// MemberSuggestion is a candidate for a team with the reasons.
type MemberSuggestion struct {
	Candidate
	Score   int
	Skills  []string // the skills the team lacks that they bring
	Shared  []string // languages they share with the challenge
	ZoneGap int      // hours between their time zone and the team's, online; -1 when unknown
}

// SuggestMembers ranks candidates for team: each skill the team lacks that a candidate brings
// counts 3, each language of the challenge they speak 2, and, for an event online, a time zone
// within 3 hours of the team's 1. Candidates who bring nothing are left out.
func SuggestMembers(lacks, languages []string, teamZone string, online bool, candidates []Candidate, now time.Time) []MemberSuggestion {
	var out []MemberSuggestion
	for _, c := range candidates {
		s := MemberSuggestion{Candidate: c, ZoneGap: -1}
		for _, sk := range c.Skills {
			if slices.Contains(lacks, sk) {
				s.Skills = append(s.Skills, sk)
			}
		}
		for _, l := range c.Languages {
			if slices.Contains(languages, l) {
				s.Shared = append(s.Shared, l)
			}
		}
		s.Score = 3*len(s.Skills) + 2*len(s.Shared)
		if online && teamZone != "" && c.TimeZone != "" {
			s.ZoneGap = zoneGap(teamZone, c.TimeZone, now)
			if s.ZoneGap <= 3 {
				s.Score++
			}
		}
		if s.Score > 0 {
			out = append(out, s)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out
}

// zoneGap is the difference in whole hours between two time zones at now.
func zoneGap(a, b string, now time.Time) int {
	_, oa := now.In(Location(a)).Zone()
	_, ob := now.In(Location(b)).Zone()
	d := (oa - ob) / 3600
	if d < 0 {
		d = -d
	}
	return d
}

// HackathonService keeps an event's teams, projects and judging.
type HackathonService interface {
	// CreateTeam makes a team at an event with by as its lead. Errors: ECONFLICT when by has no
	// place at the event or is in a team there already.
	CreateTeam(ctx context.Context, t *Team, by int64) error
	// UpdateTeam saves the team's name, challenge and wanted skills.
	UpdateTeam(ctx context.Context, t *Team, by int64) error
	// JoinTeam adds person to a team as a member or a mentor. Errors: ECONFLICT when the team is
	// full, or person has no place at the event or is in another team there.
	JoinTeam(ctx context.Context, team, person int64, role string) error
	// LeaveTeam takes person out of a team; a team left empty is removed, with its project.
	LeaveTeam(ctx context.Context, team, person int64) error
	// Teams lists an event's teams with their members.
	Teams(ctx context.Context, event int64) ([]*Team, error)
	// FindTeam returns a team with its members.
	FindTeam(ctx context.Context, id int64) (*Team, error)
	// InviteToTeam asks person, who is looking for a team at its event, to join team: they are told.
	// Errors: ECONFLICT when they are not looking or are in a team already.
	InviteToTeam(ctx context.Context, team, person, by int64) error
	// SetLooking marks person, with a place at the event, as looking for a team, or not.
	SetLooking(ctx context.Context, event, person int64, looking bool) error
	// Looking lists the people at an event looking for a team who are in none, with their skills,
	// languages and time zone as the profile shows them to people signed in.
	Looking(ctx context.Context, event int64) ([]Candidate, error)
	// SaveProject writes the project of a team. submit hands it in. Errors: ECONFLICT after judging
	// closed (results published).
	SaveProject(ctx context.Context, p *Project, submit bool, by int64) error
	// AddScreenshot adds a screenshot (a PNG from upload.Image, and a small one for lists) to a team's project; only its members
	// add them. Errors: EINVALID for missing words (CheckScreenshotAlt); ECONFLICT when the project
	// has MaxScreenshots or results are published; ENOTFOUND before the project is saved.
	AddScreenshot(ctx context.Context, team int64, png, thumb []byte, alt string, by int64) (*Screenshot, error)
	// RemoveScreenshot takes a screenshot off a team's project; only its members do.
	RemoveScreenshot(ctx context.Context, team, id, by int64) error
	// ScreenshotImage returns the PNG of a screenshot of a project, or its small one.
	ScreenshotImage(ctx context.Context, project, id int64, small bool) ([]byte, error)
	// Projects lists an event's projects, the handed-in first.
	Projects(ctx context.Context, event int64) ([]*Project, error)
	// FindProject returns a project.
	FindProject(ctx context.Context, id int64) (*Project, error)
	// SetCriteria replaces an event's criteria while nobody has scored yet.
	SetCriteria(ctx context.Context, event int64, names []string, by int64) error
	// Criteria lists an event's criteria in order.
	Criteria(ctx context.Context, event int64) ([]*Criterion, error)
	// AddJudge makes person a judge of an event; RemoveJudge takes it back (their scores go).
	AddJudge(ctx context.Context, event, person int64, by int64) error
	RemoveJudge(ctx context.Context, event, person int64, by int64) error
	// Judges lists an event's judges.
	Judges(ctx context.Context, event int64) ([]Judge, error)
	// ScoreProject records judge's scores of a project, one per criterion. Errors: EFORBIDDEN for a
	// judge with a conflict (MayJudge) or no judge; ECONFLICT once results are published.
	ScoreProject(ctx context.Context, project, judge int64, scores map[int64]int) error
	// Scores lists judge's scores at an event.
	Scores(ctx context.Context, event, judge int64) ([]Score, error)
	// Conflicts returns, for each project of an event, why judge may not score it (absent when they may).
	Conflicts(ctx context.Context, event, judge int64) (map[int64]Conflict, error)
	// Results returns every handed-in project with its means, ranked, and its awards.
	Results(ctx context.Context, event int64) ([]*Result, error)
	// Award names an award for a project; PublishResults makes results public and closes scoring.
	Award(ctx context.Context, project int64, name string, by int64) error
	PublishResults(ctx context.Context, event int64, by int64) error
}

// CanSeeProject: a handed-in project is seen by all who see its event; one in the making, by its
// team (role is the viewer's role in it, "" for none) and the event's organizers.
func (a *Actor) CanSeeProject(e *Event, p *Project, role string) bool {
	return p.SubmittedAt != nil || role != "" || a.CanManageEvent(e)
}

// CanJoinTeams: people with a place at the event (or who attended), while it has not ended.
func (a *Actor) CanJoinTeams(e *Event, mine *Registration, now time.Time) bool {
	return a.SignedIn() && mine != nil && HoldsSeat(mine.Status) && now.Before(e.Ends) && e.Status == EventPublished
}
