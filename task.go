package civhub

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// TaskTranslation is the type of translation tasks, which have a pair of languages. (The message
// format reserves the words "translation" and "other" as keys, hence "_work".)
const TaskTranslation = "translation_work"

// Task types, from the seed's kinds of remote work.
var TaskTypes = []string{"data_entry", "research", "fact_checking", TaskTranslation, "mapping", "social_media", "website",
	"mobile_app", "database_design", "training", "design", "writing", "other_work"}

// How volunteers join a task.
const (
	JoinClaim = "claim" // first come, first served: a claim holds a slot for a while (microtasks)
	JoinApply = "apply" // the organization chooses among applicants (skilled projects)
)

// Task urgencies.
const (
	UrgencyNormal = "normal"
	UrgencyUrgent = "urgent"
)

// Task statuses.
const (
	TaskDraft  = "draft"
	TaskOpen   = "open"
	TaskClosed = "closed" // done or cancelled: no new volunteers
)

// TaskStatuses lists a task's statuses.
var TaskStatuses = []string{TaskDraft, TaskOpen, TaskClosed}

// Task is a piece of a need that one or more volunteers do.
type Task struct {
	ID               int64
	NeedID           int64
	OrganizationID   int64
	NeedTitle        string   // filled when read
	NeedCauses       []string // the need's causes, filled when read
	OrgSlug          string
	OrgName          string
	OrgTimeZone      string // the organization's time zone, filled when read
	Title            string
	Description      string
	Type             string
	Skills           []string // skill IDs
	Languages        []string
	SourceLanguage   string // translation tasks
	TargetLanguage   string
	EstimatedHours   int
	Deadline         *time.Time
	VolunteersWanted int
	SlotsTaken       int
	Urgency          string
	JoinMode         string
	ClaimHours       int      // how long a claim holds a slot before it is released
	Courses          []string // training prerequisites: courses a volunteer must have finished to join (see Prerequisites)
	Remote           bool
	Country, City    string
	Status           string
	Listed           bool // open to volunteers now: open, its need open or in progress, its organization verified and not hidden
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// SlotsLeft returns how many more volunteers the task takes.
func (t *Task) SlotsLeft() int { return max(0, t.VolunteersWanted-t.SlotsTaken) }

// Validate checks the task's fields against the taxonomy (validSkill) and names every field at fault.
func (t *Task) Validate(validSkill func(string) bool) error {
	t.Title, t.Description = strings.TrimSpace(t.Title), strings.TrimSpace(t.Description)
	var errs []error
	if c := utf8.RuneCountInString(t.Title); c < 5 || c > 140 {
		errs = append(errs, FieldError("title", "err.title_length", "Write a title of 5 to 140 characters."))
	}
	if utf8.RuneCountInString(t.Description) > 10000 {
		errs = append(errs, FieldError("description", "err.description_length", "A description may be at most 10,000 characters."))
	}
	if !slices.Contains(TaskTypes, t.Type) {
		errs = append(errs, FieldError("type", "err.task_type_unknown", "Choose one of the kinds of task."))
	}
	errs = append(errs,
		checkList("skills", &t.Skills, 20, validSkill, "err.skill_unknown", "Choose skills from the list."),
		checkList("languages", &t.Languages, 20, isLanguage, "err.language_unknown", "Choose languages from the list."))
	if t.Type == TaskTranslation && (t.SourceLanguage == "" || t.TargetLanguage == "" || t.SourceLanguage == t.TargetLanguage) {
		errs = append(errs, FieldError("target_language", "err.language_pair", "A translation needs a language to translate from and a different one to translate into."))
	}
	if t.EstimatedHours < 1 || t.EstimatedHours > 500 {
		errs = append(errs, FieldError("estimated_hours", "err.estimated_hours", "Estimate between 1 and 500 hours."))
	}
	if t.VolunteersWanted < 1 || t.VolunteersWanted > 500 {
		errs = append(errs, FieldError("volunteers_wanted", "err.volunteers_wanted", "Ask for between 1 and 500 volunteers."))
	}
	if t.Urgency != UrgencyNormal && t.Urgency != UrgencyUrgent {
		errs = append(errs, FieldError("urgency", "err.urgency_unknown", "Choose normal or urgent."))
	}
	if t.JoinMode != JoinClaim && t.JoinMode != JoinApply {
		errs = append(errs, FieldError("join_mode", "err.join_mode_unknown", "Choose how volunteers join."))
	}
	if !slices.Contains(TaskStatuses, t.Status) {
		errs = append(errs, FieldError("status", "err.status_unknown", "Choose one of the statuses."))
	}
	if len(t.Courses) > 5 {
		errs = append(errs, FieldError("courses", "err.courses_many", "A task may require at most 5 courses."))
	}
	errs = append(errs, CheckTime("deadline", t.Deadline))
	if t.JoinMode == JoinClaim && (t.ClaimHours < 1 || t.ClaimHours > MaxClaimHours) {
		errs = append(errs, FieldError("claim_hours", "err.claim_hours", "A claim may hold a slot between 1 hour and 14 days."))
	}
	return MergeFieldErrors(errs...)
}

// MaxClaimHours is the longest a claim may hold a slot: 14 days.
const MaxClaimHours = 24 * 14

// Response promises, kept by a job. An organization answers an application within AnswerDays: it is
// reminded after AnswerNudgeDays, and an application still unanswered at AnswerDays is declined for
// it, the volunteer pointed to similar tasks. A volunteer on a task with no news (no step, message or
// hours) for QuietDays is asked how it goes; with still no news ReleaseAfterNudgeDays later, the
// place goes back to the organization.
const (
	AnswerNudgeDays       = 5
	AnswerDays            = 7
	QuietDays             = 14
	ReleaseAfterNudgeDays = 7
)

// Assignment statuses: where one volunteer stands with one task.
const (
	AssignClaimed    = "claimed"     // holds a slot until it expires
	AssignApplied    = "applied"     // waits for the organization; holds no slot
	AssignAccepted   = "accepted"    // the organization took them on
	AssignInProgress = "in_progress" // working
	AssignSubmitted  = "submitted"   // the deliverable waits for review
	AssignReturned   = "returned"    // sent back with feedback
	AssignApproved   = "approved"    // the work is approved
	AssignDone       = "done"        // finished, hours confirmed
	AssignWithdrawn  = "withdrawn"   // the volunteer stepped back
	AssignDeclined   = "declined"    // the organization said no to an application
	AssignCancelled  = "cancelled"   // the organization ended it
	AssignReleased   = "released"    // a stale claim gave its slot back
)

// Assignment is one volunteer's engagement with one task.
type Assignment struct {
	ID          int64
	TaskID      int64
	VolunteerID int64
	Volunteer   string // display name, filled when read
	Status      string
	Message     string // the volunteer's application or note
	Deliverable string // what the volunteer handed in: text and links
	Feedback    string // the organization's feedback when it returned the work
	ExpiresAt   *time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Workflow actions on an assignment.
const (
	ActClaim    = "claim"
	ActApply    = "apply"
	ActWithdraw = "withdraw"
	ActAccept   = "accept"
	ActDecline  = "decline"
	ActStart    = "start"
	ActSubmit   = "submit"
	ActReturn   = "return"
	ActApprove  = "approve"
	ActCancel   = "cancel"
	ActRelease  = "release"
)

// transitions is the workflow, in one place: for each action, the statuses it may start from and
// the status it leads to. Claim and apply start from no assignment ("").
var transitions = map[string]struct {
	from []string
	to   string
}{
	ActClaim:    {[]string{""}, AssignClaimed},
	ActApply:    {[]string{""}, AssignApplied},
	ActAccept:   {[]string{AssignApplied}, AssignAccepted},
	ActDecline:  {[]string{AssignApplied}, AssignDeclined},
	ActStart:    {[]string{AssignClaimed, AssignAccepted}, AssignInProgress},
	ActSubmit:   {[]string{AssignClaimed, AssignAccepted, AssignInProgress, AssignReturned}, AssignSubmitted},
	ActReturn:   {[]string{AssignSubmitted}, AssignReturned},
	ActApprove:  {[]string{AssignSubmitted}, AssignApproved},
	ActWithdraw: {[]string{AssignClaimed, AssignApplied, AssignAccepted, AssignInProgress, AssignReturned}, AssignWithdrawn},
	ActCancel:   {[]string{AssignClaimed, AssignApplied, AssignAccepted, AssignInProgress, AssignSubmitted, AssignReturned}, AssignCancelled},
	ActRelease:  {[]string{AssignClaimed, AssignAccepted, AssignInProgress, AssignReturned}, AssignReleased},
}

// Transition returns the status action leads to from status current, or ECONFLICT when the
// workflow does not allow it.
func Transition(current, action string) (string, error) {
	t, ok := transitions[action]
	if !ok || !slices.Contains(t.from, current) {
		return "", E(ECONFLICT, "err.transition", "This step is not possible now: the task has moved on. Reload the page.")
	}
	return t.to, nil
}

// FollowUp counts what KeepPromises did.
type FollowUp struct {
	AnswerNudges, Expired, QuietNudges, Released int
}

// TaskFilter narrows a search of open tasks. Empty fields match everything.
type TaskFilter struct {
	Query      string // full text, in any language
	Type       string
	Skill      string
	Language   string
	Remote     *bool
	Country    string
	Cause      string
	MaxHours   int // estimated effort at most
	UrgentOnly bool
	DeadlineBy *time.Time
	Sort       string // "newest" (default) or "deadline"
	After      string // keyset cursor from the previous page
	Limit      int
}

// TaskPage is one page of a task search.
type TaskPage struct {
	Tasks []*Task
	Next  string // cursor of the next page; "" on the last
}

// NeedService stores needs and their tasks and runs the volunteer workflow. Who may call what is
// decided by Actor's policy methods before the call.
type NeedService interface {
	// CreateNeed stores n for its organization. Errors: EINVALID.
	CreateNeed(ctx context.Context, n *Need, by int64) error
	// UpdateNeed saves n's fields. Errors: EINVALID, ENOTFOUND.
	UpdateNeed(ctx context.Context, n *Need, by int64) error
	// FindNeed returns a need. Errors: ENOTFOUND.
	FindNeed(ctx context.Context, id int64) (*Need, error)
	// OrganizationNeeds lists an organization's needs, newest first.
	OrganizationNeeds(ctx context.Context, org int64) ([]*Need, error)
	// CreateTask adds t to its need. Errors: EINVALID, ENOTFOUND.
	CreateTask(ctx context.Context, t *Task, by int64) error
	// UpdateTask saves t's fields. Errors: EINVALID, ENOTFOUND, ECONFLICT when fewer volunteers are
	// wanted than already hold slots.
	UpdateTask(ctx context.Context, t *Task, by int64) error
	// FindTask returns a task. Errors: ENOTFOUND.
	FindTask(ctx context.Context, id int64) (*Task, error)
	// NeedTasks lists a need's tasks.
	NeedTasks(ctx context.Context, need int64) ([]*Task, error)
	// SearchTasks finds open tasks of open needs of verified organizations.
	SearchTasks(ctx context.Context, f TaskFilter) (*TaskPage, error)
	// Assignments lists a task's assignments, oldest first.
	Assignments(ctx context.Context, task int64) ([]*Assignment, error)
	// VolunteerAssignment returns person's current assignment on task, or ENOTFOUND.
	VolunteerAssignment(ctx context.Context, task, person int64) (*Assignment, error)
	// CandidateTasks lists listed tasks that ask for one of skills or translate into one of
	// languages, newest first, for recommendations; other tasks in the languages only when skills
	// is empty.
	CandidateTasks(ctx context.Context, skills, languages []string, limit int) ([]*Task, error)
	// VolunteerAssignments lists person's engagements, newest first, each with its task.
	VolunteerAssignments(ctx context.Context, person int64) ([]*Assignment, []*Task, error)
	// ReleaseStaleClaims gives back the places of claims that expired with nothing handed in, and
	// returns how many it released.
	ReleaseStaleClaims(ctx context.Context) (int, error)
	// RemindExpiringClaims tells volunteers, once, that their claim runs out soon, and returns how
	// many it told.
	RemindExpiringClaims(ctx context.Context) (int, error)
	// KeepPromises nudges organizations about unanswered applications and volunteers about quiet
	// engagements, and closes those still unanswered or quiet after the nudge (see AnswerDays).
	KeepPromises(ctx context.Context) (FollowUp, error)
	// SuggestVolunteers returns up to n volunteers who suit the task, best first, with reasons.
	SuggestVolunteers(ctx context.Context, task int64, n int) ([]VolunteerMatch, error)
	// InviteVolunteer tells person that the organization of task invites them to it; ECONFLICT
	// when invited already, ETOOMANY past the organization's daily invitations.
	InviteVolunteer(ctx context.Context, task, person, by int64) error
	// MatchNewTasks suggests each task newly open to volunteers to those it suits best, and
	// returns how many tasks it matched.
	MatchNewTasks(ctx context.Context) (int, error)
	// Agreement returns the engagement agreement of an assignment, with both contacts once both
	// agreed; ENOTFOUND when there is none.
	Agreement(ctx context.Context, assignment int64) (*Agreement, error)
	// Agree records the volunteer's consent to the agreement; ECONFLICT when given already or the
	// engagement is over, ENOTFOUND unless by is the assignment's volunteer.
	Agree(ctx context.Context, assignment, by int64) error
	// Act applies a workflow action. Claim and apply name the task and the volunteer (by) and return
	// the new assignment; other actions name the assignment. Errors: ECONFLICT when the workflow
	// does not allow the step or the last slot was just taken, ENOTFOUND.
	Act(ctx context.Context, a ActRequest) (*Assignment, error)
	// PostTaskMessage adds m to its task's conversation and fills its ID and time. Errors: EINVALID,
	// ENOTFOUND, ETOOMANY when its author writes too much too fast.
	PostTaskMessage(ctx context.Context, m *TaskMessage) error
	// TaskMessages lists the latest messages of a task's conversation, oldest first.
	TaskMessages(ctx context.Context, task int64) ([]TaskMessage, error)
}

// TaskMessage is one message of a task's conversation between its organization and its volunteers.
type TaskMessage struct {
	ID       int64
	TaskID   int64
	AuthorID int64
	Author   string // filled when read
	// FromOrg marks a message written for the organization by one of its managers.
	FromOrg   bool
	Body      string
	CreatedAt time.Time
}

// CheckTaskMessage reports an empty or overlong message (the form field "body").
func CheckTaskMessage(body string) error {
	switch n := utf8.RuneCountInString(strings.TrimSpace(body)); {
	case n == 0:
		return FieldError("body", "err.message_needed", "Write a message.")
	case n > 5000:
		return FieldError("body", "err.message_length", "Write at most 5,000 characters.")
	}
	return nil
}

// ActRequest is one step of the workflow.
type ActRequest struct {
	Action       string
	TaskID       int64 // for claim and apply
	AssignmentID int64 // for every other action
	By           int64 // who acts; 0 for civhub itself (a stale claim released)
	// Message is the application (apply), the deliverable (submit) or the feedback (return).
	Message string
	// Agreement is what the organization proposes when it accepts an application.
	Agreement *Agreement
}

// stepMessages are the steps that need a message, with the message ID of its absence.
var stepMessages = map[string]string{ActSubmit: "err.deliverable_needed", ActReturn: "err.feedback_needed"}

// CheckMessage reports a missing or overlong message (the form field "message") for a step.
func CheckMessage(action, message string) error {
	missing, needed := stepMessages[action]
	n := utf8.RuneCountInString(strings.TrimSpace(message))
	switch {
	case needed && n == 0:
		return FieldError("message", missing, "Write what this step needs.")
	case n > 5000:
		return FieldError("message", "err.message_length", "Write at most 5,000 characters.")
	}
	return nil
}
