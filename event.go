package civhub

import (
	"context"
	"crypto/rand"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Kinds of events.
const (
	EventTechCamp  = "techcamp"
	EventHackathon = "hackathon"
	EventWorkshop  = "workshop"
	EventMeetup    = "meetup"
)

// EventKinds lists the kinds, in the order pages offer them.
var EventKinds = []string{EventTechCamp, EventHackathon, EventWorkshop, EventMeetup}

// Where an event happens.
const (
	ModeInPerson = "in_person"
	ModeOnline   = "online"
	ModeHybrid   = "hybrid"
)

// EventModes lists the modes, in the order pages offer them.
var EventModes = []string{ModeInPerson, ModeOnline, ModeHybrid}

// Event statuses: a draft is seen by its organizers only; a published event takes registrations
// until it starts; a cancelled one tells its registered people.
const (
	EventDraft     = "draft"
	EventPublished = "published"
	EventCancelled = "cancelled"
)

// Event is a TechCamp, a hackathon, a workshop or a meetup. Its times are kept in UTC and shown in
// its time zone and the viewer's; its venue and online link are shown to registered people only.
type Event struct {
	ID             int64      `json:"id"`
	Slug           string     `json:"slug"`
	Kind           string     `json:"kind"`
	Mode           string     `json:"mode"`
	Title          string     `json:"title"`
	Summary        string     `json:"summary"` // Markdown
	Language       string     `json:"language"`
	TimeZone       string     `json:"time_zone"` // IANA
	Starts         time.Time  `json:"starts"`
	Ends           time.Time  `json:"ends"`
	Country        string     `json:"country,omitempty"`
	City           string     `json:"city,omitempty"`
	Venue          string     `json:"venue,omitempty"`      // registered people and organizers only
	OnlineURL      string     `json:"online_url,omitempty"` // registered people and organizers only
	Capacity       int        `json:"capacity"`             // 0: no limit
	SeatsTaken     int        `json:"seats_taken"`          // registered, offered and attended
	ConfirmHours   int        `json:"confirm_hours"`        // how long a promoted person has to confirm
	Status         string     `json:"status"`
	OrganizerID    int64      `json:"-"`
	CoOrganizers   []int64    `json:"-"`                         // people its organizers named to organize it with them
	OrganizationID int64      `json:"organization_id,omitempty"` // the organization it is held for: its managers co-organize
	KitOf          int64      `json:"kit_of,omitempty"`          // the event it was made from
	ResultsAt      *time.Time `json:"results_at,omitempty"`      // when a hackathon's results were published
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

// SeatsLeft returns how many places are free, or -1 when the event has no limit.
func (e *Event) SeatsLeft() int {
	if e.Capacity == 0 {
		return -1
	}
	return max(0, e.Capacity-e.SeatsTaken)
}

// Validate checks the event's fields and names every field at fault.
func (e *Event) Validate() error {
	e.Title, e.Summary = strings.TrimSpace(e.Title), strings.TrimSpace(e.Summary)
	e.City, e.Venue, e.OnlineURL = strings.TrimSpace(e.City), strings.TrimSpace(e.Venue), strings.TrimSpace(e.OnlineURL)
	if e.ConfirmHours == 0 {
		e.ConfirmHours = 48
	}
	var errs []error
	if len(e.Slug) < 2 || len(e.Slug) > 60 || !slugPattern.MatchString(e.Slug) {
		errs = append(errs, FieldError("slug", "err.slug_invalid", "A web address may use lower-case letters, digits and single dashes."))
	}
	if !slices.Contains(EventKinds, e.Kind) {
		errs = append(errs, FieldError("kind", "err.event_kind", "Choose the kind of event."))
	}
	if !slices.Contains(EventModes, e.Mode) {
		errs = append(errs, FieldError("mode", "err.event_mode", "Say whether it happens in person, online or both."))
	}
	if n := utf8.RuneCountInString(e.Title); n < 5 || n > 140 {
		errs = append(errs, FieldError("title", "err.title_length", "Write a title of 5 to 140 characters."))
	}
	if utf8.RuneCountInString(e.Summary) > 10000 {
		errs = append(errs, FieldError("summary", "err.description_length", "A description may be at most 10,000 characters."))
	}
	if !slices.Contains(CourseLanguages, e.Language) {
		errs = append(errs, FieldError("language", "err.event_language", "Choose the language the event is held in."))
	}
	if e.TimeZone = strings.TrimSpace(e.TimeZone); !ValidTimeZone(e.TimeZone) || e.TimeZone == "" {
		errs = append(errs, FieldError("time_zone", "err.time_zone_unknown", "Enter a time zone like Africa/Casablanca or America/Santiago."))
	}
	switch {
	case e.Starts.IsZero():
		errs = append(errs, FieldError("starts", "err.event_starts", "Say when it starts."))
	case !e.Ends.After(e.Starts) || e.Ends.Sub(e.Starts) > 31*24*time.Hour:
		errs = append(errs, FieldError("ends", "err.event_ends", "It ends after it starts, at most a month later."))
	}
	if e.Mode != ModeOnline && (e.City == "" || utf8.RuneCountInString(e.City) > 80) {
		errs = append(errs, FieldError("city", "err.event_city", "Say in which city it happens."))
	}
	if e.Country = strings.ToUpper(strings.TrimSpace(e.Country)); e.Country != "" && !IsCountry(e.Country) {
		errs = append(errs, FieldError("country", "err.country_unknown", "Choose a country."))
	}
	if utf8.RuneCountInString(e.Venue) > 300 {
		errs = append(errs, FieldError("venue", "err.event_venue", "Keep the venue under 300 characters."))
	}
	if e.Mode != ModeInPerson && !validWebURL(e.OnlineURL) {
		errs = append(errs, FieldError("online_url", "err.event_online_url", "Give the address people join online at, starting with https://."))
	}
	if e.Capacity < 0 || e.Capacity > 100000 {
		errs = append(errs, FieldError("capacity", "err.event_capacity", "Give the number of places, or 0 for no limit."))
	}
	if e.ConfirmHours < 1 || e.ConfirmHours > 14*24 {
		errs = append(errs, FieldError("confirm_hours", "err.event_confirm_hours", "Give between 1 hour and 14 days to confirm a place."))
	}
	return MergeFieldErrors(errs...)
}

// validWebURL reports whether s is an https (or http) address of at most 500 characters.
func validWebURL(s string) bool {
	return len(s) <= 500 && (strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")) && len(s) > len("https://") &&
		!strings.ContainsAny(s, " \t\n\"<>")
}

// Registration statuses. A person registers or, when the event is full, joins its waitlist; a
// place that opens is offered to the first person waiting, who confirms it within the event's
// ConfirmHours or goes back to the end of the waitlist.
const (
	RegRegistered = "registered"
	RegWaitlisted = "waitlisted"
	RegOffered    = "offered"
	RegCancelled  = "cancelled" // by the person or an organizer
	RegAttended   = "attended"  // checked in
	RegNoShow     = "no_show"   // registered, and did not come
)

// HoldsSeat reports whether a registration in status takes one of the event's places: an offered
// place is held until its deadline.
func HoldsSeat(status string) bool {
	return status == RegRegistered || status == RegOffered || status == RegAttended
}

// Registration is one person's place (or wait for one) at an event.
type Registration struct {
	ID           int64      `json:"id"`
	EventID      int64      `json:"event_id"`
	PersonID     int64      `json:"person_id"`
	Name         string     `json:"name"` // filled when read
	Status       string     `json:"status"`
	Code         string     `json:"code,omitempty"` // the check-in code, shown to the person and organizers
	WaitingSince *time.Time `json:"waiting_since,omitempty"`
	Looking      bool       `json:"looking_for_team,omitempty"` // at a hackathon: looking for a team
	Answers      Answers    `json:"answers,omitempty"`          // to the event's questions, by question ID
	NoShows      int        `json:"-"`                          // the person's absences from other events, for organizers, filled by Registrations
	OfferExpires *time.Time `json:"offer_expires,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
}

// Answers are a registration's answers to its event's questions, by question ID.
type Answers map[string]string

// Kinds of registration questions.
const (
	AskText   = "text"   // a short answer in words
	AskChoice = "choice" // one of the question's choices
)

// MaxEventQuestions bounds the questions an event asks.
const MaxEventQuestions = 10

// EventQuestion is a question asked at registration: dietary needs, access needs, "which
// organization do you come with?".
type EventQuestion struct {
	ID       int64    `json:"id"`
	EventID  int64    `json:"-"`
	Position int      `json:"position"`
	Prompt   string   `json:"prompt"`
	Kind     string   `json:"kind"`
	Choices  []string `json:"choices,omitempty"`
	Required bool     `json:"required"`
}

// Field is the name of the question's field in forms and of its key in Answers.
func (q *EventQuestion) Field() string { return "q" + strconv.FormatInt(q.ID, 10) }

// Validate checks the question and names every field at fault.
func (q *EventQuestion) Validate() error {
	q.Prompt = strings.TrimSpace(q.Prompt)
	var errs []error
	if n := utf8.RuneCountInString(q.Prompt); n < 2 || n > 300 {
		errs = append(errs, FieldError("prompt", "err.ask_prompt", "Write the question in 2 to 300 characters."))
	}
	switch q.Kind {
	case AskText:
		q.Choices = nil
	case AskChoice:
		var clean []string
		for _, c := range q.Choices {
			if c = strings.TrimSpace(c); c != "" && !slices.Contains(clean, c) {
				clean = append(clean, c)
			}
		}
		q.Choices = clean
		if len(clean) < 2 || len(clean) > 10 || slices.ContainsFunc(clean, func(c string) bool { return utf8.RuneCountInString(c) > 100 }) {
			errs = append(errs, FieldError("choices", "err.ask_choices", "Give 2 to 10 choices, one a line, each under 100 characters."))
		}
	default:
		errs = append(errs, FieldError("kind", "err.ask_kind", "Choose a kind of answer."))
	}
	return MergeFieldErrors(errs...)
}

// CheckAnswers keeps the answers to questions and checks them: every required question answered,
// a choice among its choices, words under 1,000 characters. It names the field of every question
// at fault, and drops answers to questions the event does not ask.
func CheckAnswers(questions []*EventQuestion, given Answers) (Answers, error) {
	out := Answers{}
	var errs []error
	for _, q := range questions {
		v := strings.TrimSpace(given[strconv.FormatInt(q.ID, 10)])
		switch {
		case v == "" && q.Required:
			errs = append(errs, FieldError(q.Field(), "err.answer_required", "Answer this question to register."))
		case v == "":
		case q.Kind == AskChoice && !slices.Contains(q.Choices, v):
			errs = append(errs, FieldError(q.Field(), "err.answer_choice", "Choose one of the answers."))
		case utf8.RuneCountInString(v) > 1000:
			errs = append(errs, FieldError(q.Field(), "err.ask_answer_long", "Keep the answer under 1,000 characters."))
		default:
			out[strconv.FormatInt(q.ID, 10)] = v
		}
	}
	return out, MergeFieldErrors(errs...)
}

// checkInAlphabet has no characters read alike (0 and O, 1, I and L).
const checkInAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// NewCheckInCode returns a random six-character check-in code.
func NewCheckInCode() string {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail
	}
	for i := range b {
		b[i] = checkInAlphabet[int(b[i])%len(checkInAlphabet)]
	}
	return string(b)
}

// NormalizeCheckInCode reads a code as people type or say it: upper case, without spaces or
// dashes, with look-alike characters taken for the ones the alphabet has.
func NormalizeCheckInCode(s string) string {
	return strings.NewReplacer(" ", "", "-", "", "0", "O", "1", "I", "L", "I").Replace(strings.ToUpper(strings.TrimSpace(s)))
}

// EventFilter chooses events to list.
type EventFilter struct {
	From      time.Time // ending after it: upcoming ones when now
	Country   string    // only those held in this country
	Near      string    // only those held in this country or that one can join online
	Online    bool      // only those one can join online
	Kind      string
	Organizer int64 // an organizer's own, drafts included
	Limit     int
}

// EventService keeps events and the places at them.
type EventService interface {
	// CreateEvent stores a new event, organized by by (and the managers of its organization).
	CreateEvent(ctx context.Context, e *Event, by int64) error
	// UpdateEvent saves e's fields. Errors: ECONFLICT when its capacity falls below the places taken.
	UpdateEvent(ctx context.Context, e *Event, by int64) error
	// FindEvent returns the event with slug.
	FindEvent(ctx context.Context, slug string) (*Event, error)
	// ListEvents lists published events (and an organizer's drafts), soonest first.
	ListEvents(ctx context.Context, f EventFilter) ([]*Event, error)
	// Register gives person a place, or a place on the waitlist when the event is full: of people
	// registering at once for the last place, exactly one gets it. Errors: ECONFLICT when the event
	// is not open to registrations or the person is registered already; EINVALID when the event
	// asks a required question (see RegisterWithAnswers).
	Register(ctx context.Context, event, person int64) (*Registration, error)
	// RegisterWithAnswers is Register with the answers to the event's questions (CheckAnswers).
	RegisterWithAnswers(ctx context.Context, event, person int64, answers Answers) (*Registration, error)
	// Questions lists the questions an event asks at registration.
	Questions(ctx context.Context, event int64) ([]*EventQuestion, error)
	// AddQuestion adds a question. Errors: EINVALID; ECONFLICT past MaxEventQuestions.
	AddQuestion(ctx context.Context, q *EventQuestion, by int64) error
	// DeleteQuestion removes a question; the answers given to it are no longer shown.
	DeleteQuestion(ctx context.Context, event, question int64, by int64) error
	// Cancel ends person's registration (by them or an organizer, by); the place it held is offered,
	// in the same transaction, to the first person waiting.
	Cancel(ctx context.Context, event, person, by int64) error
	// Confirm takes the place person was offered. Errors: ECONFLICT when there is no offer or it expired.
	Confirm(ctx context.Context, event, person int64) error
	// ExpireOffers sends people whose offer expired to the end of the waitlist and offers their
	// places to the next; it returns how many offers expired.
	ExpireOffers(ctx context.Context) (int, error)
	// Registration returns person's registration at event, or ENOTFOUND.
	Registration(ctx context.Context, event, person int64) (*Registration, error)
	// Registrations lists an event's registrations: those holding a place first, then the
	// waitlist in order, then the cancelled.
	Registrations(ctx context.Context, event int64) ([]*Registration, error)
	// CheckIn marks the registration with code as attended. Errors: EINVALID for an unknown code.
	CheckIn(ctx context.Context, event int64, code string, by int64) (*Registration, error)
	// RemindTomorrow tells the people with a place at an event starting within a day, once each,
	// and returns how many it told.
	RemindTomorrow(ctx context.Context) (int, error)
	// MarkNoShows marks the people still registered at an event that has ended as absent, and returns
	// how many. Errors: ECONFLICT before the event ends.
	MarkNoShows(ctx context.Context, event int64, by int64) (int, error)
	// AddSession adds s to its event's agenda. Errors: EINVALID, also for a course or toolkit that is
	// not published; ECONFLICT when the agenda is full.
	AddSession(ctx context.Context, s *AgendaItem, by int64) error
	// DeleteSession removes a session from an event's agenda.
	DeleteSession(ctx context.Context, event, session int64, by int64) error
	// Sessions lists an event's agenda, in time order.
	Sessions(ctx context.Context, event int64) ([]*AgendaItem, error)
	// SetCoOrganizer names person a co-organizer of an event, or no longer one. Errors: EINVALID
	// past MaxCoOrganizers or for the event's own organizer.
	SetCoOrganizer(ctx context.Context, event, person int64, on bool, by int64) error
	// PersonRegistrations lists a person's registrations with their events, the latest event first.
	PersonRegistrations(ctx context.Context, person int64) ([]*Registration, []*Event, error)
	// NewPersonCalendar makes a new secret address for person's calendar of their events, replacing
	// any earlier one; StopPersonCalendar stops it, if there is one; PersonCalendarSince says when the current one
	// was made (nil: none); CalendarPerson returns whose calendar a token opens (ENOTFOUND: none).
	NewPersonCalendar(ctx context.Context, person int64) (token string, err error)
	StopPersonCalendar(ctx context.Context, person int64) error
	PersonCalendarSince(ctx context.Context, person int64) (*time.Time, error)
	CalendarPerson(ctx context.Context, token string) (int64, error)
}

// CanCreateEvents: anyone signed in with a confirmed address organizes events.
func (a *Actor) CanCreateEvents() bool { return a.SignedIn() && a.Person.Verified() }

// CanManageEvent: its organizer and co-organizers, the managers of the organization it is held
// for, and moderators.
func (a *Actor) CanManageEvent(e *Event) bool {
	if !a.SignedIn() {
		return false
	}
	return e.OrganizerID == a.ID() || slices.Contains(e.CoOrganizers, a.ID()) ||
		(e.OrganizationID != 0 && a.managesOrganization(e.OrganizationID)) || a.IsModerator()
}

// MaxCoOrganizers bounds an event's co-organizers.
const MaxCoOrganizers = 10

// CanViewEvent: a published or cancelled event is public; a draft is its organizers'.
func (a *Actor) CanViewEvent(e *Event) bool { return e.Status != EventDraft || a.CanManageEvent(e) }

// CanSeeWhere: the venue and the online link are for people with a place, and the organizers.
func (a *Actor) CanSeeWhere(e *Event, mine *Registration) bool {
	return a.CanManageEvent(e) || (mine != nil && HoldsSeat(mine.Status))
}

// CanRegister: anyone signed in with a confirmed address registers for a published event that has
// not started.
func (a *Actor) CanRegister(e *Event, now time.Time) bool {
	return a.SignedIn() && a.Person.Verified() && e.Status == EventPublished && now.Before(e.Starts)
}

// AgendaItem is one session of an event's agenda: a talk, a training or a work session, in a track and a
// room, led by someone, perhaps with a course or a toolkit to go with it.
type AgendaItem struct {
	ID          int64     `json:"id"`
	EventID     int64     `json:"-"`
	Title       string    `json:"title"`
	Track       string    `json:"track,omitempty"`
	Room        string    `json:"room,omitempty"`
	Leader      string    `json:"leader,omitempty"` // who leads it, in words
	Starts      time.Time `json:"starts"`
	Ends        time.Time `json:"ends"`
	CourseSlug  string    `json:"course,omitempty"`  // a course to take before or during it
	ToolkitSlug string    `json:"toolkit,omitempty"` // a toolkit it uses, with ToolkitLang
	ToolkitLang string    `json:"toolkit_language,omitempty"`
}

// MaxSessions bounds an event's agenda.
const MaxSessions = 100

// Validate checks the session's fields against its event, and names every field at fault.
func (s *AgendaItem) Validate(e *Event) error {
	s.Title, s.Track, s.Room, s.Leader = strings.TrimSpace(s.Title), strings.TrimSpace(s.Track), strings.TrimSpace(s.Room), strings.TrimSpace(s.Leader)
	s.CourseSlug, s.ToolkitSlug, s.ToolkitLang = strings.TrimSpace(s.CourseSlug), strings.TrimSpace(s.ToolkitSlug), strings.TrimSpace(s.ToolkitLang)
	var errs []error
	if n := utf8.RuneCountInString(s.Title); n < 2 || n > 140 {
		errs = append(errs, FieldError("title", "err.lesson_title", "Write a title of 2 to 140 characters."))
	}
	for _, f := range []struct{ name, value string }{{"track", s.Track}, {"room", s.Room}, {"leader", s.Leader}} {
		if utf8.RuneCountInString(f.value) > 100 {
			errs = append(errs, FieldError(f.name, "err.session_field", "Keep it under 100 characters."))
		}
	}
	if s.Starts.Before(e.Starts) || s.Ends.After(e.Ends) || !s.Ends.After(s.Starts) {
		errs = append(errs, FieldError("ends", "err.session_times", "A session ends after it starts, within the event's times."))
	}
	if s.CourseSlug != "" && (len(s.CourseSlug) > 60 || !slugPattern.MatchString(s.CourseSlug)) {
		errs = append(errs, FieldError("course", "err.course_unknown", "There is no such course."))
	}
	if s.ToolkitSlug != "" && (len(s.ToolkitSlug) > 60 || !slugPattern.MatchString(s.ToolkitSlug) || !slices.Contains(CourseLanguages, s.ToolkitLang)) {
		errs = append(errs, FieldError("toolkit", "err.toolkit_not_found", "There is no such toolkit."))
	}
	return MergeFieldErrors(errs...)
}
