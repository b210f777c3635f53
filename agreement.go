package civhub

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Agreement is what an organization and a volunteer settle when an application is accepted: the
// scope of the work, the hours and deadline expected, and how soon the organization answers the
// volunteer's messages. Each side sees the other's contact details only once both agreed; until
// then they talk in the task's conversation.
type Agreement struct {
	AssignmentID      int64
	Scope             string
	Hours             int
	Deadline          *time.Time
	AnswerDays        int // the organization answers messages within this many days
	OrgAgreedBy       int64
	OrgAgreedAt       time.Time
	VolunteerAgreedAt *time.Time
	// Filled only once both agreed: whom each side may write to.
	OrgContact, VolunteerContact *Contact
}

// Contact is one side of an agreed engagement: a name and an email address.
type Contact struct {
	Name, Email string
}

// Agreed reports whether both sides agreed.
func (a *Agreement) Agreed() bool { return a != nil && a.VolunteerAgreedAt != nil }

// Validate checks what the organization proposes, as of now.
func (a *Agreement) Validate(now time.Time) error {
	a.Scope = strings.TrimSpace(a.Scope)
	var errs []error
	if c := utf8.RuneCountInString(a.Scope); c < 10 || c > 2000 {
		errs = append(errs, FieldError("scope", "err.scope_length", "Describe the work in 10 to 2,000 characters."))
	}
	if a.Hours < 1 || a.Hours > 500 {
		errs = append(errs, FieldError("hours", "err.agreed_hours", "Expect between 1 and 500 hours."))
	}
	if err := CheckTime("deadline", a.Deadline); err != nil {
		errs = append(errs, err)
	} else if a.Deadline != nil && a.Deadline.Before(now.Truncate(24*time.Hour)) {
		errs = append(errs, FieldError("deadline", "err.deadline_past", "Choose a deadline that has not passed."))
	}
	if a.AnswerDays < 1 || a.AnswerDays > 14 {
		errs = append(errs, FieldError("answer_days", "err.answer_days", "Promise an answer within 1 to 14 days."))
	}
	return MergeFieldErrors(errs...)
}
