package civhub

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// After an event a project can become a solution in the gallery: what problem it solves, who
// maintains it, how to use it. Organizations that use it say so (an adoption), which shows on the
// solution, on the challenge it answers (which it solves) and on the organization; adopting can
// open a need with tasks for volunteers to set it up and translate it.

// Solution is a project others can reuse.
type Solution struct {
	ID          int64     `json:"id"`
	Slug        string    `json:"slug"`
	ProjectID   int64     `json:"-"`
	EventSlug   string    `json:"event,omitempty"` // filled when read: where it was built
	ChallengeID int64     `json:"-"`
	Challenge   string    `json:"challenge,omitempty"` // the challenge's slug, filled when read
	Title       string    `json:"title"`
	Problem     string    `json:"problem"`    // Markdown: the problem it solves
	Maintainer  string    `json:"maintainer"` // who maintains it, in words
	HowToUse    string    `json:"how_to_use"` // Markdown
	Language    string    `json:"language"`   // of its interface and guides
	Licence     string    `json:"licence"`    // SPDX, from ProjectLicences
	Repository  string    `json:"repository,omitempty"`
	DemoURL     string    `json:"demo_url,omitempty"`
	CreatedBy   int64     `json:"-"`
	Adoptions   int       `json:"adoptions"` // filled when read
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Validate checks the solution's fields and names every field at fault.
func (s *Solution) Validate() error {
	s.Title, s.Problem, s.Maintainer, s.HowToUse = strings.TrimSpace(s.Title), strings.TrimSpace(s.Problem), strings.TrimSpace(s.Maintainer), strings.TrimSpace(s.HowToUse)
	s.Repository, s.DemoURL = strings.TrimSpace(s.Repository), strings.TrimSpace(s.DemoURL)
	var errs []error
	if n := utf8.RuneCountInString(s.Title); n < 2 || n > 140 {
		errs = append(errs, FieldError("title", "err.lesson_title", "Write a title of 2 to 140 characters."))
	}
	for _, p := range []struct {
		name string
		text string
	}{{"problem", s.Problem}, {"how_to_use", s.HowToUse}} {
		if n := utf8.RuneCountInString(p.text); n < 10 || n > 10000 {
			errs = append(errs, FieldError(p.name, "err.solution_text", "Write 10 to 10,000 characters."))
		}
	}
	if n := utf8.RuneCountInString(s.Maintainer); n < 2 || n > 140 {
		errs = append(errs, FieldError("maintainer", "err.solution_maintainer", "Say who maintains it, in 2 to 140 characters."))
	}
	if !isLanguage(s.Language) {
		errs = append(errs, FieldError("language", "err.language_unknown", "Choose languages from the list."))
	}
	if _, ok := FindProjectLicence(s.Licence); !ok {
		errs = append(errs, FieldError("licence", "err.licence_unknown", "Choose a licence from the list."))
	}
	for _, f := range []struct{ name, value string }{{"repository", s.Repository}, {"demo_url", s.DemoURL}} {
		if f.value != "" && !validWebURL(f.value) {
			errs = append(errs, FieldError(f.name, "err.url_invalid", "Give a web address starting with https://."))
		}
	}
	return MergeFieldErrors(errs...)
}

// Adoption is an organization's use of a solution.
type Adoption struct {
	ID             int64     `json:"-"`
	SolutionID     int64     `json:"-"`
	SolutionSlug   string    `json:"solution"` // filled when read
	SolutionTitle  string    `json:"solution_title"`
	OrganizationID int64     `json:"-"`
	OrgSlug        string    `json:"organization"` // filled when read
	OrgName        string    `json:"organization_name"`
	OrgHidden      bool      `json:"-"` // its organization is at risk or not verified: shown to its members only
	Note           string    `json:"note,omitempty"`
	NeedID         int64     `json:"need_id,omitempty"` // the need opened to set it up
	AdoptedAt      time.Time `json:"adopted_at"`
}

// AdoptionPlan is the need, with its tasks, an organization opens when it adopts a solution, for
// volunteers to set it up or translate it; a nil Need opens none.
type AdoptionPlan struct {
	Need  *Need
	Tasks []*Task
}

// SolutionFilter chooses solutions to list.
type SolutionFilter struct {
	Query     string
	Challenge int64
	Limit     int
}

// SolutionService keeps the gallery and who uses what.
type SolutionService interface {
	// PromoteProject makes a handed-in project a solution. Errors: ECONFLICT when it is one already
	// or was not handed in.
	PromoteProject(ctx context.Context, s *Solution, by int64) error
	// UpdateSolution saves a solution's fields.
	UpdateSolution(ctx context.Context, s *Solution, by int64) error
	// FindSolution returns the solution with slug.
	FindSolution(ctx context.Context, slug string) (*Solution, error)
	// ListSolutions lists solutions, the most adopted first.
	ListSolutions(ctx context.Context, f SolutionFilter) ([]*Solution, error)
	// ProjectSolution returns the solution a project became, or ENOTFOUND.
	ProjectSolution(ctx context.Context, project int64) (*Solution, error)
	// Adopt records that org uses a solution and, with plan, opens a need with tasks for
	// volunteers, in one transaction; the challenge it answers is solved. Errors: ECONFLICT when
	// org uses it already.
	Adopt(ctx context.Context, a *Adoption, plan AdoptionPlan, by int64) error
	// Adoptions lists who uses a solution, the first first.
	Adoptions(ctx context.Context, solution int64) ([]*Adoption, error)
	// OrganizationAdoptions lists the solutions an organization uses.
	OrganizationAdoptions(ctx context.Context, org int64) ([]*Adoption, error)
}

// CanEditSolution: the person who made it a solution, and moderators.
func (a *Actor) CanEditSolution(s *Solution) bool {
	return a.SignedIn() && (s.CreatedBy == a.ID() || a.IsModerator())
}

// CanAdopt: an organization's owners and admins say it uses a solution.
func (a *Actor) CanAdopt(o *Organization) bool {
	return a.SignedIn() && a.Person.Verified() && a.managesOrganization(o.ID)
}

// CanSeeAdoption: an adoption by an organization at risk or not verified yet is for its members
// and moderators; the others are public.
func (a *Actor) CanSeeAdoption(ad *Adoption) bool {
	return !ad.OrgHidden || a.RoleIn(ad.OrganizationID) != "" || a.IsModerator()
}
