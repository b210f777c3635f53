package civhub

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Statuses of logged hours.
const (
	HoursPending   = "pending"
	HoursConfirmed = "confirmed"
	HoursRejected  = "rejected"
)

// HoursEntry is time a volunteer logged on a task; it counts once the organization confirms it.
type HoursEntry struct {
	ID           int64
	AssignmentID int64
	VolunteerID  int64
	Volunteer    string // filled when read
	TaskID       int64
	TaskTitle    string
	OrgID        int64
	OrgName      string
	Minutes      int
	Note         string
	Status       string
	CreatedAt    time.Time
	DecidedAt    *time.Time
}

// Endorsement is an organization vouching for a volunteer's skill, with its thanks.
type Endorsement struct {
	OrganizationID int64
	OrgName        string
	SkillID        string
	Thanks         string
	CreatedAt      time.Time
}

// Contribution is a volunteer's record: what organizations confirmed they did.
type Contribution struct {
	ConfirmedMinutes int
	TasksApproved    int
	Organizations    int
	Entries          []HoursEntry // confirmed hours, newest first
	Tasks            []*Task      // approved tasks, newest first
	Endorsements     []Endorsement
	Courses          []Completion // courses finished, most recent first
	// Orgs are the organizations the record names, by ID, to decide who may see each line.
	Orgs map[int64]*Organization
}

// SeenBy returns the part of c that a may see on the volunteer's public profile: the work done
// for organizations a may know the volunteer worked for (CanSeeWorkFor), with the totals counted
// from that work alone, so that the figures give away nothing of what is left out.
func (c *Contribution) SeenBy(a *Actor) *Contribution {
	shows := func(org int64) bool { o := c.Orgs[org]; return o != nil && a.CanSeeWorkFor(o) }
	out := &Contribution{Orgs: map[int64]*Organization{}}
	for _, e := range c.Entries {
		if shows(e.OrgID) {
			out.Entries = append(out.Entries, e)
			out.ConfirmedMinutes += e.Minutes
			out.Orgs[e.OrgID] = c.Orgs[e.OrgID]
		}
	}
	for _, t := range c.Tasks {
		if shows(t.OrganizationID) {
			out.Tasks = append(out.Tasks, t)
			out.Orgs[t.OrganizationID] = c.Orgs[t.OrganizationID]
		}
	}
	for _, e := range c.Endorsements {
		if shows(e.OrganizationID) {
			out.Endorsements = append(out.Endorsements, e)
		}
	}
	out.Courses = c.Courses // courses are nobody's organization: they show with the record
	out.TasksApproved, out.Organizations = len(out.Tasks), len(out.Orgs)
	return out
}

// Empty reports whether the record holds nothing to show.
func (c *Contribution) Empty() bool {
	return c.ConfirmedMinutes == 0 && len(c.Tasks) == 0 && len(c.Endorsements) == 0 && len(c.Courses) == 0
}

// CheckHours validates a logging of hours: between 15 minutes and 24 hours at a time, with a note
// of at most 500 characters.
func CheckHours(minutes int, note string) error {
	var errs []error
	if minutes < 15 || minutes > 24*60 {
		errs = append(errs, FieldError("hours", "err.hours_logged", "Log between a quarter of an hour and 24 hours at a time."))
	}
	if utf8.RuneCountInString(strings.TrimSpace(note)) > 500 {
		errs = append(errs, FieldError("note", "err.note_length", "Write at most 500 characters."))
	}
	return MergeFieldErrors(errs...)
}

// HoursService records volunteers' hours, the organizations' confirmations and endorsements, and
// the certificates they add up to.
type HoursService interface {
	CertificateService
	// LogHours records minutes on assignment by its volunteer. Errors: EINVALID, ENOTFOUND, ECONFLICT
	// when the engagement has not started or is over.
	LogHours(ctx context.Context, assignment int64, minutes int, note string, by int64) (*HoursEntry, error)
	// TaskHours lists the hours logged on a task, newest first.
	TaskHours(ctx context.Context, task int64) ([]HoursEntry, error)
	// DecideHours confirms or rejects pending hours id of task (checked, so that an ID of another
	// task finds nothing). Errors: ENOTFOUND, ECONFLICT when decided already.
	DecideHours(ctx context.Context, task, id int64, confirm bool, by int64) error
	// Endorse records that org vouches for skill of volunteer. Errors: EINVALID, ECONFLICT when the
	// volunteer never worked for the organization.
	Endorse(ctx context.Context, org, volunteer int64, skill, thanks string, by int64) error
	// Contribution returns a volunteer's record.
	Contribution(ctx context.Context, volunteer int64) (*Contribution, error)
}
