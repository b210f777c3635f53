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
	InheritedLangs   []string // its need's languages, else its organization's: filled for matching (see WorkLanguages)
	InCrisis         bool     // a task of an active crisis: filled for matching, which puts it first
	SourceLanguage   string   // translation tasks
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
	Full       bool   // only the tasks whose places are all taken, which the search leaves out otherwise
	Sort       string // "newest" (default) or "deadline"
	After      string // keyset cursor from the previous page
	Limit      int
}

// TaskPage is one page of a task search.
type TaskPage struct {
	Tasks []*Task
	Next  string // cursor of the next page; "" on the last
}

// NeedStore keeps an organization's needs and their tasks. Who may call what is decided by
// Actor's policy methods before the call.
type NeedStore interface {
	// CreateNeed stores n for its organization. Errors: EINVALID.
	CreateNeed(ctx context.Context, n *Need, by int64) error
	// CreateNeedWithTasks stores n and tasks for n's organization in one go: all of them or none.
	// Each task joins n whatever its NeedID says. Errors: EINVALID, ENOTFOUND.
	CreateNeedWithTasks(ctx context.Context, n *Need, tasks []*Task, by int64) error
	// UpdateNeed saves n's fields. Errors: EINVALID, ENOTFOUND.
	UpdateNeed(ctx context.Context, n *Need, by int64) error
	// FindNeed returns a need. Errors: ENOTFOUND.
	FindNeed(ctx context.Context, id int64) (*Need, error)
	// OrganizationNeeds lists an organization's needs, newest first.
	OrganizationNeeds(ctx context.Context, org int64) ([]*Need, error)
	// NeedsUnderWay lists up to limit of an organization's needs under way (see NeedUnderWay),
	// newest first; drafts only when drafts is set.
	NeedsUnderWay(ctx context.Context, org int64, drafts bool, limit int) ([]*Need, error)
	// CreateTask adds t to its need. Errors: EINVALID, ENOTFOUND.
	CreateTask(ctx context.Context, t *Task, by int64) error
	// UpdateTask saves t's fields. Errors: EINVALID, ENOTFOUND, ECONFLICT when fewer volunteers are
	// wanted than already hold slots.
	UpdateTask(ctx context.Context, t *Task, by int64) error
	// FindTask returns a task. Errors: ENOTFOUND.
	FindTask(ctx context.Context, id int64) (*Task, error)
	// NeedTasks lists a need's tasks.
	NeedTasks(ctx context.Context, need int64) ([]*Task, error)
	// FindPlacedTask returns a task with its need and organization, read together. Errors: ENOTFOUND.
	FindPlacedTask(ctx context.Context, id int64) (*PlacedTask, error)
}

// PlacedTask is a task with the need it belongs to and the organization that posted it: what a
// page or the API needs to decide who may see the task and to show it.
type PlacedTask struct {
	Task *Task
	Need *Need
	Org  *Organization
}

// TaskFinder finds the tasks open to volunteers.
type TaskFinder interface {
	// SearchTasks finds open tasks of open needs of verified organizations.
	SearchTasks(ctx context.Context, f TaskFilter) (*TaskPage, error)
	// CandidateTasks lists listed tasks that ask for one of skills or translate into one of
	// languages, newest first, for recommendations; other tasks in the languages only when skills
	// is empty.
	CandidateTasks(ctx context.Context, skills, languages []string, limit int) ([]*Task, error)
	// CrisisTasks lists the listed tasks of active crises, newest first: they go above every list
	// of tasks while a response needs them.
	CrisisTasks(ctx context.Context, limit int) ([]*Task, error)
}

// NeedService is everything storage does for needs, tasks and the work on them; each part of
// civhub asks for the smaller interface it uses.
type NeedService interface {
	NeedStore
	TaskFinder
	Workflow
	TaskConversation
	VolunteerMatcher
	PlaceAlerts
}
