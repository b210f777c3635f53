package civhub

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

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
	Message     string     // the volunteer's application or note
	Deliverable string     // what the volunteer handed in: text and links
	Feedback    string     // the organization's feedback the last time it returned the work
	ReturnedAt  *time.Time // when it gave that feedback; nil when unknown (work returned before this was kept)
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

// What waits for an organization's answer.
const (
	WaitApplication = "application" // a volunteer applied; answer by AnswerBy, or it is declined
	WaitReview      = "review"      // work was handed in for review
	WaitHours       = "hours"       // hours were logged for confirmation
)

// Waiting is one thing that waits for an organization's answer.
type Waiting struct {
	Kind           string // WaitApplication, WaitReview or WaitHours
	OrganizationID int64
	OrgSlug        string
	OrgName        string
	TaskID         int64
	TaskTitle      string
	Volunteer      string    // display name
	Minutes        int       // the hours logged, for WaitHours
	Since          time.Time // when it began to wait
}

// AnswerBy is when an application waiting since w.Since is declined unanswered (see AnswerDays);
// zero for what does not expire.
func (w Waiting) AnswerBy() time.Time {
	if w.Kind != WaitApplication {
		return time.Time{}
	}
	return w.Since.AddDate(0, 0, AnswerDays)
}

// FollowUp counts what KeepPromises did.
type FollowUp struct {
	AnswerNudges, Expired, QuietNudges, Released int
}

// Workflow runs the engagements of volunteers with tasks, and the jobs that keep them moving.
type Workflow interface {
	// Act applies a workflow action. Claim and apply name the task and the volunteer (by) and return
	// the new assignment; other actions name the assignment. Errors: ECONFLICT when the workflow
	// does not allow the step or the last slot was just taken, ENOTFOUND.
	Act(ctx context.Context, a ActRequest) (*Assignment, error)
	// Assignments lists a task's assignments, oldest first.
	Assignments(ctx context.Context, task int64) ([]*Assignment, error)
	// VolunteerAssignment returns person's current assignment on task, or ENOTFOUND.
	VolunteerAssignment(ctx context.Context, task, person int64) (*Assignment, error)
	// VolunteerAssignments lists person's engagements, newest first, each with its task.
	VolunteerAssignments(ctx context.Context, person int64) ([]*Assignment, []*Task, error)
	// Agreement returns the engagement agreement of an assignment, with both contacts once both
	// agreed; ENOTFOUND when there is none.
	Agreement(ctx context.Context, assignment int64) (*Agreement, error)
	// Agree records the volunteer's consent to the agreement; ECONFLICT when given already or the
	// engagement is over, ENOTFOUND unless by is the assignment's volunteer.
	Agree(ctx context.Context, assignment, by int64) error
	// ReleaseStaleClaims gives back the places of claims that expired with nothing handed in, and
	// returns how many it released.
	ReleaseStaleClaims(ctx context.Context) (int, error)
	// RemindExpiringClaims tells volunteers, once, that their claim runs out soon, and returns how
	// many it told.
	RemindExpiringClaims(ctx context.Context) (int, error)
	// KeepPromises nudges organizations about unanswered applications and volunteers about quiet
	// engagements, and closes those still unanswered or quiet after the nudge (see AnswerDays).
	KeepPromises(ctx context.Context) (FollowUp, error)
	// WaitingFor lists what waits for the answer of the organizations orgs — applications, work to
	// review, hours to confirm — oldest first (the application answered last is declined first), at
	// most limit.
	WaitingFor(ctx context.Context, orgs []int64, limit int) ([]Waiting, error)
}

// TaskConversation keeps the conversation on a task between its organization and its volunteers.
type TaskConversation interface {
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
