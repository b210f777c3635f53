package civhub

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Need statuses.
const (
	NeedDraft      = "draft"
	NeedOpen       = "open"
	NeedInProgress = "in_progress"
	NeedCompleted  = "completed"
	NeedArchived   = "archived"
)

// NeedStatuses lists the need statuses in their usual order.
var NeedStatuses = []string{NeedDraft, NeedOpen, NeedInProgress, NeedCompleted, NeedArchived}

// NeedUnderWay reports whether a need of that status is still being prepared or worked on: a draft,
// open or in progress.
func NeedUnderWay(status string) bool {
	return status == NeedDraft || status == NeedOpen || status == NeedInProgress
}

// Need is an organization's problem in its own words. It breaks into tasks that volunteers take on.
type Need struct {
	ID             int64
	OrganizationID int64
	OrgSlug        string // filled when read
	OrgName        string
	Title          string
	Description    string // Markdown
	Causes         []string
	Languages      []string
	Remote         bool
	Country        string // for on-site work
	City           string
	Status         string
	CreatedBy      int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Validate checks the need's fields and names every field at fault.
func (n *Need) Validate() error {
	n.Title, n.Description, n.City = strings.TrimSpace(n.Title), strings.TrimSpace(n.Description), strings.TrimSpace(n.City)
	n.Country = strings.ToUpper(strings.TrimSpace(n.Country))
	var errs []error
	if c := utf8.RuneCountInString(n.Title); c < 5 || c > 140 {
		errs = append(errs, FieldError("title", "err.title_length", "Write a title of 5 to 140 characters."))
	}
	if utf8.RuneCountInString(n.Description) > 10000 {
		errs = append(errs, FieldError("description", "err.description_length", "A description may be at most 10,000 characters."))
	}
	if !slices.Contains(NeedStatuses, n.Status) {
		errs = append(errs, FieldError("status", "err.status_unknown", "Choose one of the statuses."))
	}
	if !n.Remote && !IsCountry(n.Country) {
		errs = append(errs, FieldError("country", "err.country_needed_onsite", "Work on site needs a country."))
	}
	if n.Country != "" && !IsCountry(n.Country) {
		errs = append(errs, FieldError("country", "err.country_unknown", "Choose a country."))
	}
	errs = append(errs,
		checkList("causes", &n.Causes, 17, IsCause, "err.cause_unknown", "Choose causes from the list."),
		checkList("languages", &n.Languages, 20, isLanguage, "err.language_unknown", "Choose languages from the list."))
	return MergeFieldErrors(errs...)
}
