package civhub

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// An event copies itself: any event that is not a draft is a kit from which an organizer in
// another city makes a new one. The new event takes the kit's agenda (each session at the same
// distance from the start), its checklist (without the progress), its kind, mode, language,
// summary and places, and remembers where it grew from (Event.KitOf). After an event its
// organizers write a report, which is the first thing the next organizer reads.

// ChecklistItem is one step of organizing an event: what to do, who does it, and how many weeks
// before the event it is due. A negative WeeksBefore is due after the event ("1 week after: write
// the report").
type ChecklistItem struct {
	ID          int64      `json:"id"`
	EventID     int64      `json:"-"`
	Position    int        `json:"position"`
	WeeksBefore int        `json:"weeks_before"`
	Role        string     `json:"role,omitempty"` // who does it, in words: "venue lead"
	Text        string     `json:"text"`
	DoneAt      *time.Time `json:"done_at,omitempty"`
	DoneBy      int64      `json:"-"`
	DoneByName  string     `json:"done_by,omitempty"` // filled when read
}

// WeeksAfter is how many weeks after the event a step that is due after it is due.
func (c *ChecklistItem) WeeksAfter() int { return -c.WeeksBefore }

// MaxChecklist bounds an event's checklist.
const MaxChecklist = 100

// Due returns when the step is due for event e.
func (c *ChecklistItem) Due(e *Event) time.Time { return e.Starts.AddDate(0, 0, -7*c.WeeksBefore) }

// Late reports whether the step is not done and its due date has passed.
func (c *ChecklistItem) Late(e *Event, now time.Time) bool {
	return c.DoneAt == nil && now.After(c.Due(e))
}

// Validate checks the step's fields and names every field at fault.
func (c *ChecklistItem) Validate() error {
	c.Text, c.Role = strings.TrimSpace(c.Text), strings.TrimSpace(c.Role)
	var errs []error
	if n := utf8.RuneCountInString(c.Text); n < 2 || n > 300 {
		errs = append(errs, FieldError("text", "err.checklist_text", "Write the step in 2 to 300 characters."))
	}
	if utf8.RuneCountInString(c.Role) > 100 {
		errs = append(errs, FieldError("role", "err.session_field", "Keep it under 100 characters."))
	}
	if c.WeeksBefore < -8 || c.WeeksBefore > 52 {
		errs = append(errs, FieldError("weeks_before", "err.checklist_weeks", "Give a number of weeks from 52 before the event to 8 after it."))
	}
	return MergeFieldErrors(errs...)
}

// ChecklistDone counts the steps of list that are done.
func ChecklistDone(list []*ChecklistItem) int {
	n := 0
	for _, c := range list {
		if c.DoneAt != nil {
			n++
		}
	}
	return n
}

// EventReport is what an event's organizers tell the next ones: who came (counted from the
// registrations), the needs heard, the solutions started, the follow-ups, and what to do
// differently. It is public once written.
type EventReport struct {
	EventID     int64     `json:"-"`
	Registered  int       `json:"registered"` // people who had a place at the end (attended or not)
	Attended    int       `json:"attended"`
	NoShows     int       `json:"no_shows"`
	NeedsHeard  string    `json:"needs_heard"` // Markdown, each
	Solutions   string    `json:"solutions"`
	FollowUps   string    `json:"follow_ups"`
	Differently string    `json:"differently"`
	WrittenBy   int64     `json:"-"`
	WriterName  string    `json:"written_by"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Validate checks the report's parts: at least one is written, and each is at most 10,000 characters.
func (r *EventReport) Validate() error {
	parts := []struct {
		name string
		text *string
	}{{"needs_heard", &r.NeedsHeard}, {"solutions", &r.Solutions}, {"follow_ups", &r.FollowUps}, {"differently", &r.Differently}}
	var errs []error
	written := false
	for _, p := range parts {
		*p.text = strings.TrimSpace(*p.text)
		written = written || *p.text != ""
		if utf8.RuneCountInString(*p.text) > 10000 {
			errs = append(errs, FieldError(p.name, "err.description_length", "A description may be at most 10,000 characters."))
		}
	}
	if !written {
		errs = append(errs, FieldError("needs_heard", "err.report_empty", "Write at least one part of the report."))
	}
	return MergeFieldErrors(errs...)
}

// EventKitService keeps what makes an event a kit for the next: its checklist, its report, and its
// lineage. A new event is made from a kit by EventService.CreateEvent with Event.KitOf set.
type EventKitService interface {
	// Lineage returns the event e grew out of (nil for an original, or one its viewer may not see:
	// a draft) and the events that grew out of e that are not drafts, the soonest first.
	Lineage(ctx context.Context, e *Event) (parent *Event, children []*Event, err error)
	// Checklist lists an event's steps, the earliest due first.
	Checklist(ctx context.Context, event int64) ([]*ChecklistItem, error)
	// AddChecklistItems adds steps to an event's checklist. Errors: EINVALID; ECONFLICT past MaxChecklist.
	AddChecklistItems(ctx context.Context, event int64, items []*ChecklistItem, by int64) error
	// MarkChecklistItem marks a step done, or not done.
	MarkChecklistItem(ctx context.Context, event, item int64, done bool, by int64) error
	// DeleteChecklistItem removes a step.
	DeleteChecklistItem(ctx context.Context, event, item int64, by int64) error
	// Report returns an event's report, with attendance counted now. Errors: ENOTFOUND when none is written.
	Report(ctx context.Context, event int64) (*EventReport, error)
	// SaveReport writes or rewrites an event's report. Errors: ECONFLICT before the event starts.
	SaveReport(ctx context.Context, r *EventReport, by int64) error
	// CancelEvent cancels an event that has not ended and tells everyone with a place, an offer or a
	// place on the waitlist. Errors: ECONFLICT when it is over or cancelled already.
	CancelEvent(ctx context.Context, event int64, by int64) (told int, err error)
}

// CanUseKit: anyone who creates events makes one from any event they can see that is not a draft.
func (a *Actor) CanUseKit(e *Event) bool { return a.CanCreateEvents() && e.Status != EventDraft }
