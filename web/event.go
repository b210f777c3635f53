package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"civhub"
	"civhub/i18n"
)

var errEventNotFound = civhub.E(civhub.ENOTFOUND, "err.event_not_found", "There is no such event.")

// loadEvent reads the event of the path as the viewer may see it.
func (s *events) loadEvent(r *http.Request) (*civhub.Event, error) { return visibleEvent(r, s.events) }

// visibleEvent reads the event of the path's slug as the viewer may see it (a draft is its
// organizers'): for every room whose pages hang on an event.
func visibleEvent(r *http.Request, events civhub.EventService) (*civhub.Event, error) {
	slug := r.PathValue("slug")
	if len(slug) > 60 {
		return nil, errEventNotFound
	}
	e, err := events.FindEvent(r.Context(), slug)
	if err != nil {
		return nil, err
	}
	if !actorOf(r).CanViewEvent(e) {
		return nil, errEventNotFound
	}
	return e, nil
}

// managing loads the event of the path for its organizers, and reads the form of a post.
func (s *events) managing(w http.ResponseWriter, r *http.Request) (*civhub.Event, error) {
	return s.managingWith(w, r, s.parseForm)
}

// managingWith is managing for a post whose form parse reads: parseLongForm for long texts.
func (s *events) managingWith(w http.ResponseWriter, r *http.Request, parse func(http.ResponseWriter, *http.Request) error) (*civhub.Event, error) {
	if _, err := requireViewer(r); err != nil {
		return nil, err
	}
	e, err := s.loadEvent(r)
	if err != nil {
		return nil, err
	}
	if !actorOf(r).CanManageEvent(e) {
		return nil, civhub.ErrNotAllowed
	}
	if r.Method == http.MethodPost {
		if err := parse(w, r); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// eventsPage lists upcoming events.
type eventsPage struct {
	Page
	Events    []*civhub.Event
	Kinds     []Option
	Where     []Option // anywhere, near the viewer, online only, or in a country
	Near      string   // the viewer's country when the list shows the events near it
	CanCreate bool
}

// Where the list of events looks: a country code stands for the events held in it.
const (
	whereAnywhere = "anywhere"
	whereNear     = "near"
	whereOnline   = "online"
)

func (s *events) eventList(w http.ResponseWriter, r *http.Request) error {
	l, q, a := requestInfoOf(r).locale, r.URL.Query(), actorOf(r)
	f := civhub.EventFilter{From: time.Now(), Kind: q.Get("kind"), Limit: 100}
	if !slices.Contains(civhub.EventKinds, f.Kind) {
		f.Kind = ""
	}
	home := ""
	if a.SignedIn() {
		f.Organizer = a.ID() // their own drafts too
		if pr, err := s.profiles.FindProfile(r.Context(), a.ID()); err == nil {
			home = pr.Country
		}
	}
	where := q.Get("where")
	if where == "" && q.Get("online") == "1" { // the older form's box
		where = whereOnline
	}
	switch {
	case where == whereOnline:
		f.Online = true
	case where == whereNear && home != "", where == "" && home != "":
		where, f.Near = whereNear, home
	case len(where) == 2 && civhub.IsCountry(strings.ToUpper(where)):
		where = strings.ToUpper(where)
		f.Country = where
	default:
		where = whereAnywhere
	}
	list, err := s.events.ListEvents(r.Context(), f)
	if err != nil {
		return err
	}
	p := &eventsPage{Page: s.page(r, l.T("event.list.title")), Events: list, Near: f.Near, CanCreate: a.CanCreateEvents()}
	p.Nav = "events"
	p.Kinds = append(p.Kinds, Option{"", l.T("event.list.any_kind"), f.Kind == ""})
	for _, k := range civhub.EventKinds {
		p.Kinds = append(p.Kinds, Option{k, l.T("event_kind." + k), f.Kind == k})
	}
	p.Where = append(p.Where, Option{whereAnywhere, l.T("event.list.anywhere"), where == whereAnywhere})
	if home != "" {
		p.Where = append(p.Where, Option{whereNear, l.T("event.list.near", map[string]any{"Country": l.Country(home)}), where == whereNear})
	}
	p.Where = append(p.Where, Option{whereOnline, l.T("event.list.online_only"), where == whereOnline})
	for _, c := range l.Countries() {
		p.Where = append(p.Where, Option{c.Code, l.T("event.list.in_country", map[string]any{"Country": c.Name}), where == c.Code})
	}
	return s.render(w, r, http.StatusOK, "events", p)
}

// eventFormPage organizes an event or edits it.
type eventFormPage struct {
	authPage
	Event     *civhub.Event // nil for a new one
	Kinds     []Option
	Modes     []Option
	Languages []Option
	Countries []Option
}

// eventFields are the fields of the event form, shown again as typed.
var eventFields = []string{"title", "summary", "time_zone", "starts", "ends", "city", "venue", "online_url", "capacity", "confirm_hours"}

// localInput is t as a datetime-local field shows it, in zone.
func localInput(t time.Time, zone string) string {
	if t.IsZero() {
		return ""
	}
	return t.In(civhub.Location(zone)).Format("2006-01-02T15:04")
}

func (s *events) eventForm(r *http.Request, e *civhub.Event, isNew bool) *eventFormPage {
	l := requestInfoOf(r).locale
	title := "event.edit.title"
	if isNew {
		title = "event.new.title"
	}
	p := &eventFormPage{authPage: *s.authPage(r, title)}
	if !isNew {
		p.Event = e
	}
	p.Nav = "events"
	p.Form.Values = map[string]string{"title": e.Title, "summary": e.Summary, "time_zone": e.TimeZone, "starts": localInput(e.Starts, e.TimeZone),
		"ends": localInput(e.Ends, e.TimeZone), "city": e.City, "venue": e.Venue, "online_url": e.OnlineURL,
		"capacity": strconv.Itoa(e.Capacity), "confirm_hours": strconv.Itoa(e.ConfirmHours)}
	for _, k := range civhub.EventKinds {
		p.Kinds = append(p.Kinds, Option{k, l.T("event_kind." + k), e.Kind == k})
	}
	for _, m := range civhub.EventModes {
		p.Modes = append(p.Modes, Option{m, l.T("event_mode." + m), e.Mode == m})
	}
	p.Languages = writtenLanguages(l, e.Language, "")
	p.Countries = []Option{{"", l.T("form.not_given"), e.Country == ""}}
	for _, c := range l.Countries() {
		p.Countries = append(p.Countries, Option{c.Code, c.Name, e.Country == c.Code})
	}
	return p
}

// readLocalTimes reads the form's "starts" and "ends", typed in the time zone zone, into starts and
// ends, in UTC.
func readLocalTimes(r *http.Request, zone string, starts, ends *time.Time) error {
	var errs []error
	loc := civhub.Location(zone)
	for _, f := range []struct {
		name string
		to   *time.Time
	}{{"starts", starts}, {"ends", ends}} {
		t, err := time.ParseInLocation("2006-01-02T15:04", strings.TrimSpace(r.PostFormValue(f.name)), loc)
		if err != nil {
			errs = append(errs, civhub.FieldError(f.name, "err.event_time", "Give a date and a time."))
			continue
		}
		*f.to = t.UTC()
	}
	return civhub.MergeFieldErrors(errs...)
}

// readEventForm copies a posted event's fields into e; times are read in the event's time zone.
func readEventForm(r *http.Request, e *civhub.Event) error {
	e.Title, e.Summary = r.PostFormValue("title"), longText(r, "summary")
	e.Kind, e.Mode, e.Language = r.PostFormValue("kind"), r.PostFormValue("mode"), r.PostFormValue("language")
	e.TimeZone, e.Country, e.City = strings.TrimSpace(r.PostFormValue("time_zone")), r.PostFormValue("country"), r.PostFormValue("city")
	e.Venue, e.OnlineURL = r.PostFormValue("venue"), r.PostFormValue("online_url")
	if r.PostFormValue("publish") == "yes" {
		e.Status = civhub.EventPublished
	}
	errs := []error{readLocalTimes(r, e.TimeZone, &e.Starts, &e.Ends)}
	for _, f := range []struct {
		name string
		to   *int
	}{{"capacity", &e.Capacity}, {"confirm_hours", &e.ConfirmHours}} {
		n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue(f.name)))
		if err != nil {
			errs = append(errs, civhub.FieldError(f.name, "err.whole_number", "Write a whole number."))
			continue
		}
		*f.to = n
	}
	return civhub.MergeFieldErrors(errs...)
}

func (s *events) newEventForm(w http.ResponseWriter, r *http.Request) error {
	if err := requireConfirmed(r, (*civhub.Actor).CanCreateEvents); err != nil {
		return err
	}
	l := requestInfoOf(r).locale
	zone := l.Zone()
	if zone == "" {
		zone = "Etc/UTC" // "UTC" alone is not a zone a person would type, and the form refuses it
	}
	e := &civhub.Event{Kind: civhub.EventTechCamp, Mode: civhub.ModeInPerson, Language: l.Code, TimeZone: zone, ConfirmHours: 48}
	return s.render(w, r, http.StatusOK, "event_form", s.eventForm(r, e, true))
}

func (s *events) createEvent(w http.ResponseWriter, r *http.Request) error {
	if err := requireConfirmed(r, (*civhub.Actor).CanCreateEvents); err != nil {
		return err
	}
	if err := s.parseLongForm(w, r); err != nil {
		return err
	}
	e := &civhub.Event{Status: civhub.EventDraft}
	err := readEventForm(r, e)
	if err == nil {
		err = withSlug(e.Title, func(slug string) error {
			e.Slug = slug
			return s.events.CreateEvent(r.Context(), e, requestInfoOf(r).viewer.ID)
		})
	} else {
		e.Slug = "event"
		err = civhub.MergeFieldErrors(err, e.Validate())
	}
	if err != nil {
		p := s.eventForm(r, e, true)
		p.Form.Values = formValues(r, eventFields...)
		return s.renderForm(w, r, err, "event_form", &p.authPage, p)
	}
	return s.redirectWith(w, r, "/events/"+e.Slug, "event.new.done")
}

func (s *events) editEventForm(w http.ResponseWriter, r *http.Request) error {
	e, err := s.managing(w, r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "event_form", s.eventForm(r, e, false))
}

func (s *events) updateEvent(w http.ResponseWriter, r *http.Request) error {
	e, err := s.managingWith(w, r, s.parseLongForm)
	if err != nil {
		return err
	}
	err = readEventForm(r, e)
	if err == nil {
		err = s.events.UpdateEvent(r.Context(), e, requestInfoOf(r).viewer.ID)
	} else {
		err = civhub.MergeFieldErrors(err, e.Validate())
	}
	if err != nil {
		p := s.eventForm(r, e, false)
		p.Form.Values = formValues(r, eventFields...)
		return s.renderForm(w, r, err, "event_form", &p.authPage, p)
	}
	return s.redirectWith(w, r, "/events/"+e.Slug, "event.edit.done")
}

// eventPage shows an event: when and where, the places left, and what the viewer may do.
type eventPage struct {
	authPage
	Event       *civhub.Event
	Mine        *civhub.Registration // the viewer's registration, if any
	SeeWhere    bool
	CanRegister bool
	CanManage   bool
	OtherZone   bool         // the viewer's time zone is not the event's: both are shown
	EventL      *i18n.Locale // the viewer's language in the event's time zone
	Agenda      []*civhub.AgendaItem
	Parent      *civhub.Event   // the event it grew out of
	Children    []*civhub.Event // the events that grew out of it
	HasReport   bool
	Checklist   []*civhub.ChecklistItem // for its organizers
	StepsDone   int
	Challenges  []*civhub.Challenge // those it takes that the viewer may see
	Questions   []*civhub.EventQuestion
}

func (s *events) event(w http.ResponseWriter, r *http.Request) error {
	e, err := s.loadEvent(r)
	if err != nil {
		return err
	}
	p, err := s.eventPageFor(r, e)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "event", p)
}

func (s *events) eventPageFor(r *http.Request, e *civhub.Event) (*eventPage, error) {
	a, l := actorOf(r), requestInfoOf(r).locale
	p := &eventPage{authPage: *s.formsPage(r, "event.title"), Event: e, CanManage: a.CanManageEvent(e), OtherZone: l.Zone() != e.TimeZone}
	p.Title, p.Nav, p.EventL = e.Title, "events", l.In(e.TimeZone)
	if a.SignedIn() {
		mine, err := s.events.Registration(r.Context(), e.ID, a.ID())
		if err == nil {
			p.Mine = mine
		} else if civhub.ErrorCode(err) != civhub.ENOTFOUND {
			return nil, err
		}
	}
	var err error
	if p.Agenda, err = s.events.Sessions(r.Context(), e.ID); err != nil {
		return nil, err
	}
	if p.Parent, p.Children, err = s.kits.Lineage(r.Context(), e); err != nil {
		return nil, err
	}
	switch _, err := s.kits.Report(r.Context(), e.ID); {
	case err == nil:
		p.HasReport = true
	case civhub.ErrorCode(err) != civhub.ENOTFOUND:
		return nil, err
	}
	if p.Questions, err = s.events.Questions(r.Context(), e.ID); err != nil {
		return nil, err
	}
	taken, err := s.challenges.EventChallenges(r.Context(), e.ID)
	if err != nil {
		return nil, err
	}
	for _, c := range taken {
		if a.CanViewChallenge(c) {
			p.Challenges = append(p.Challenges, c)
		}
	}
	if p.CanManage {
		if p.Checklist, err = s.kits.Checklist(r.Context(), e.ID); err != nil {
			return nil, err
		}
		p.StepsDone = civhub.ChecklistDone(p.Checklist)
	}
	p.SeeWhere = a.CanSeeWhere(e, p.Mine)
	p.CanRegister = a.CanRegister(e, time.Now()) && (p.Mine == nil || p.Mine.Status == civhub.RegCancelled)
	return p, nil
}

// act runs one of the viewer's steps on their registration, which says what to tell them, and
// shows the event again.
func (s *events) act(w http.ResponseWriter, r *http.Request, step func(e *civhub.Event, person int64) (string, error)) error {
	v, err := requireViewer(r)
	if err != nil {
		return err
	}
	e, err := s.loadEvent(r)
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	done, err := step(e, v.ID)
	if err != nil {
		p, perr := s.eventPageFor(r, e)
		if perr != nil {
			return perr
		}
		p.Form.Values = map[string]string{}
		for _, q := range p.Questions { // the answers, as typed
			p.Form.Values[q.Field()] = r.PostFormValue(q.Field())
		}
		return s.renderForm(w, r, err, "event", &p.authPage, p)
	}
	return s.redirectWith(w, r, "/events/"+e.Slug, done)
}

func (s *events) register(w http.ResponseWriter, r *http.Request) error {
	return s.act(w, r, func(e *civhub.Event, person int64) (string, error) {
		a := actorOf(r)
		if !a.Person.Verified() {
			return "", civhub.ErrEmailUnconfirmed
		}
		if !a.CanRegister(e, time.Now()) {
			return "", civhub.E(civhub.ECONFLICT, "err.event_closed", "This event does not take registrations now.")
		}
		answers := civhub.Answers{}
		for k, v := range r.PostForm {
			if id, ok := strings.CutPrefix(k, "q"); ok && len(v) > 0 {
				answers[id] = v[0]
			}
		}
		reg, err := s.events.RegisterWithAnswers(r.Context(), e.ID, person, answers)
		if err != nil {
			return "", err
		}
		if reg.Status == civhub.RegWaitlisted {
			return "event.register.waitlisted", nil
		}
		return "event.register.done", nil
	})
}

func (s *events) confirm(w http.ResponseWriter, r *http.Request) error {
	return s.act(w, r, func(e *civhub.Event, person int64) (string, error) {
		return "event.confirm.done", s.events.Confirm(r.Context(), e.ID, person)
	})
}

func (s *events) cancel(w http.ResponseWriter, r *http.Request) error {
	return s.act(w, r, func(e *civhub.Event, person int64) (string, error) {
		return "event.cancel.done", s.events.Cancel(r.Context(), e.ID, person, person)
	})
}

// peoplePage is the organizers' list of an event's registrations, with check-in.
type peoplePage struct {
	authPage
	Event         *civhub.Event
	Registrations []*civhub.Registration
	CheckedIn     *civhub.Registration // the one just checked in
	Over          bool                 // the event has ended: absences may be counted
	Questions     []*civhub.EventQuestion
}

func (s *events) peoplePageFor(r *http.Request, e *civhub.Event) (*peoplePage, error) {
	p := &peoplePage{authPage: *s.authPage(r, "event.people.title"), Event: e, Over: !time.Now().Before(e.Ends)}
	p.Nav = "events"
	var err error
	if p.Questions, err = s.events.Questions(r.Context(), e.ID); err != nil {
		return nil, err
	}
	p.Registrations, err = s.events.Registrations(r.Context(), e.ID)
	return p, err
}

func (s *events) people(w http.ResponseWriter, r *http.Request) error {
	e, err := s.managing(w, r)
	if err != nil {
		return err
	}
	p, err := s.peoplePageFor(r, e)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "event_people", p)
}

func (s *events) checkIn(w http.ResponseWriter, r *http.Request) error {
	e, err := s.managing(w, r)
	if err != nil {
		return err
	}
	reg, err := s.events.CheckIn(r.Context(), e.ID, r.PostFormValue("code"), requestInfoOf(r).viewer.ID)
	p, perr := s.peoplePageFor(r, e)
	if perr != nil {
		return perr
	}
	if err != nil {
		p.Form.Values = formValues(r, "code")
		return s.renderForm(w, r, err, "event_people", &p.authPage, p)
	}
	p.CheckedIn = reg
	return s.render(w, r, http.StatusOK, "event_people", p)
}

func (s *events) cancelPerson(w http.ResponseWriter, r *http.Request) error {
	e, err := s.managing(w, r)
	if err != nil {
		return err
	}
	if err := s.events.Cancel(r.Context(), e.ID, personParam(r), requestInfoOf(r).viewer.ID); err != nil {
		return err
	}
	return s.redirectWith(w, r, "/events/"+e.Slug+"/people", "event.people.cancelled")
}

func (s *events) markNoShows(w http.ResponseWriter, r *http.Request) error {
	e, err := s.managing(w, r)
	if err != nil {
		return err
	}
	if _, err := s.events.MarkNoShows(r.Context(), e.ID, requestInfoOf(r).viewer.ID); err != nil {
		return err
	}
	return s.redirectWith(w, r, "/events/"+e.Slug+"/people", "event.people.no_shows_done")
}

// myEventsPage lists the viewer's registrations, with their private calendar address.
type myEventsPage struct {
	authPage
	Rows          []myEventRow
	CalendarSince *time.Time
	CalendarURL   string // shown once, when just made
}

// myEventRow is one of the viewer's registrations with its event.
type myEventRow struct {
	Registration *civhub.Registration
	Event        *civhub.Event
	Past         bool
}

func (s *events) myEvents(w http.ResponseWriter, r *http.Request) error {
	v, err := requireViewer(r)
	if err != nil {
		return err
	}
	p, err := s.myEventsPageFor(r, v.ID)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "my_events", p)
}

func (s *events) myEventsPageFor(r *http.Request, person int64) (*myEventsPage, error) {
	regs, list, err := s.events.PersonRegistrations(r.Context(), person)
	if err != nil {
		return nil, err
	}
	p := &myEventsPage{authPage: *s.authPage(r, "event.my.title")}
	p.Nav = "me"
	for i, reg := range regs {
		p.Rows = append(p.Rows, myEventRow{Registration: reg, Event: list[i], Past: !time.Now().Before(list[i].Ends)})
	}
	p.CalendarSince, err = s.events.PersonCalendarSince(r.Context(), person)
	return p, err
}

// newMyCalendar makes a new secret address for the viewer's calendar of events and shows it, once.
func (s *events) newMyCalendar(w http.ResponseWriter, r *http.Request) error {
	v, err := requireViewer(r)
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	token, err := s.events.NewPersonCalendar(r.Context(), v.ID)
	if err != nil {
		return err
	}
	p, err := s.myEventsPageFor(r, v.ID)
	if err != nil {
		return err
	}
	p.CalendarURL = s.absoluteURL(s.baseURL, r, "/calendars/people/"+token+".ics")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	return s.render(w, r, http.StatusOK, "my_events", p)
}

// stopMyCalendar stops the viewer's calendar address.
func (s *events) stopMyCalendar(w http.ResponseWriter, r *http.Request) error {
	v, err := requireViewer(r)
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	if err := s.events.StopPersonCalendar(r.Context(), v.ID); err != nil {
		return err
	}
	return s.redirectWith(w, r, "/me/events", "event.my.calendar_stopped")
}

// agendaPage is where organizers build an event's agenda.
type agendaPage struct {
	authPage
	Event  *civhub.Event
	EventL *i18n.Locale
	Agenda []*civhub.AgendaItem
}

var agendaFields = []string{"title", "track", "room", "leader", "starts", "ends", "course", "toolkit"}

func (s *events) agendaPageFor(r *http.Request, e *civhub.Event) (*agendaPage, error) {
	p := &agendaPage{authPage: *s.authPage(r, "event.agenda.title"), Event: e, EventL: requestInfoOf(r).locale.In(e.TimeZone)}
	p.Nav = "events"
	p.Form.Values = map[string]string{"starts": localInput(e.Starts, e.TimeZone), "ends": localInput(e.Starts.Add(time.Hour), e.TimeZone)}
	var err error
	p.Agenda, err = s.events.Sessions(r.Context(), e.ID)
	return p, err
}

func (s *events) agendaForm(w http.ResponseWriter, r *http.Request) error {
	e, err := s.managing(w, r)
	if err != nil {
		return err
	}
	p, err := s.agendaPageFor(r, e)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "event_agenda", p)
}

func (s *events) addAgendaItem(w http.ResponseWriter, r *http.Request) error {
	e, err := s.managing(w, r)
	if err != nil {
		return err
	}
	item := &civhub.AgendaItem{EventID: e.ID, Title: r.PostFormValue("title"), Track: r.PostFormValue("track"), Room: r.PostFormValue("room"),
		Leader: r.PostFormValue("leader"), CourseSlug: strings.TrimSpace(r.PostFormValue("course"))}
	if kit := strings.TrimSpace(r.PostFormValue("toolkit")); kit != "" {
		item.ToolkitSlug, item.ToolkitLang, _ = strings.Cut(strings.Trim(strings.TrimPrefix(kit, "/toolkits/"), "/"), "/")
	}
	if err = readLocalTimes(r, e.TimeZone, &item.Starts, &item.Ends); err == nil {
		err = s.events.AddSession(r.Context(), item, requestInfoOf(r).viewer.ID)
	}
	if err != nil {
		p, perr := s.agendaPageFor(r, e)
		if perr != nil {
			return perr
		}
		p.Form.Values = formValues(r, agendaFields...)
		return s.renderForm(w, r, err, "event_agenda", &p.authPage, p)
	}
	return s.redirectWith(w, r, "/events/"+e.Slug+"/agenda", "event.agenda.added")
}

func (s *events) deleteAgendaItem(w http.ResponseWriter, r *http.Request) error {
	e, err := s.managing(w, r)
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err := s.events.DeleteSession(r.Context(), e.ID, id, requestInfoOf(r).viewer.ID); err != nil {
		return err
	}
	return s.redirectWith(w, r, "/events/"+e.Slug+"/agenda", "event.agenda.deleted")
}

// questionsPage is where organizers set the questions asked at registration.
type questionsPage struct {
	authPage
	Event     *civhub.Event
	Questions []*civhub.EventQuestion
	Kinds     []Option
}

var questionFields = []string{"prompt", "choices"}

func (s *events) questionsPageFor(r *http.Request, e *civhub.Event) (*questionsPage, error) {
	l := requestInfoOf(r).locale
	p := &questionsPage{authPage: *s.authPage(r, "event.question.title"), Event: e}
	p.Nav = "events"
	for _, k := range []string{civhub.AskText, civhub.AskChoice} {
		p.Kinds = append(p.Kinds, Option{k, l.T("event.question.answer." + k), k == civhub.AskText})
	}
	var err error
	p.Questions, err = s.events.Questions(r.Context(), e.ID)
	return p, err
}

func (s *events) questions(w http.ResponseWriter, r *http.Request) error {
	e, err := s.managing(w, r)
	if err != nil {
		return err
	}
	p, err := s.questionsPageFor(r, e)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "event_questions", p)
}

func (s *events) addQuestion(w http.ResponseWriter, r *http.Request) error {
	e, err := s.managing(w, r)
	if err != nil {
		return err
	}
	q := &civhub.EventQuestion{EventID: e.ID, Prompt: r.PostFormValue("prompt"), Kind: r.PostFormValue("kind"),
		Choices: strings.Split(longText(r, "choices"), "\n"), Required: r.PostFormValue("required") == "yes"}
	if err := s.events.AddQuestion(r.Context(), q, requestInfoOf(r).viewer.ID); err != nil {
		p, perr := s.questionsPageFor(r, e)
		if perr != nil {
			return perr
		}
		p.Form.Values = formValues(r, questionFields...)
		for i := range p.Kinds {
			p.Kinds[i].Selected = p.Kinds[i].Value == q.Kind
		}
		return s.renderForm(w, r, err, "event_questions", &p.authPage, p)
	}
	return s.redirectWith(w, r, "/events/"+e.Slug+"/questions", "event.question.added")
}

func (s *events) deleteQuestion(w http.ResponseWriter, r *http.Request) error {
	e, err := s.managing(w, r)
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err := s.events.DeleteQuestion(r.Context(), e.ID, id, requestInfoOf(r).viewer.ID); err != nil {
		return err
	}
	return s.redirectWith(w, r, "/events/"+e.Slug+"/questions", "event.question.deleted")
}

// organizersPage lists an event's co-organizers, with adding and removing them.
type organizersPage struct {
	authPage
	Event  *civhub.Event
	People []*civhub.Person // its co-organizers
}

func (s *events) organizersPageFor(r *http.Request, e *civhub.Event) (*organizersPage, error) {
	p := &organizersPage{authPage: *s.authPage(r, "event.organizers.title"), Event: e}
	p.Nav = "events"
	for _, id := range e.CoOrganizers { // at most civhub.MaxCoOrganizers
		person, err := s.kit.people.FindPersonByID(r.Context(), id)
		if civhub.ErrorCode(err) == civhub.ENOTFOUND {
			continue // the account was deleted
		} else if err != nil {
			return nil, err
		}
		p.People = append(p.People, person)
	}
	return p, nil
}

func (s *events) organizers(w http.ResponseWriter, r *http.Request) error {
	e, err := s.managing(w, r)
	if err != nil {
		return err
	}
	p, err := s.organizersPageFor(r, e)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "event_organizers", p)
}

// addOrganizer names the person with the posted email address a co-organizer.
func (s *events) addOrganizer(w http.ResponseWriter, r *http.Request) error {
	e, err := s.managing(w, r)
	if err != nil {
		return err
	}
	email := strings.ToLower(strings.TrimSpace(r.PostFormValue("email")))
	var found *civhub.Person
	if email != "" && len(email) <= 254 {
		list, err := s.kit.people.FindPeople(r.Context(), civhub.PersonFilter{Query: email, Limit: 5})
		if err != nil {
			return err
		}
		for _, p := range list {
			if strings.EqualFold(p.Email, email) {
				found = p
			}
		}
	}
	if found == nil {
		err = civhub.FieldError("email", "err.judge_unknown", "Nobody on civhub has this address: ask them to sign up first.")
	} else {
		err = s.events.SetCoOrganizer(r.Context(), e.ID, found.ID, true, requestInfoOf(r).viewer.ID)
	}
	if err != nil {
		p, perr := s.organizersPageFor(r, e)
		if perr != nil {
			return perr
		}
		p.Form.Values = formValues(r, "email")
		return s.renderForm(w, r, err, "event_organizers", &p.authPage, p)
	}
	return s.redirectWith(w, r, "/events/"+e.Slug+"/organizers", "event.organizers.added")
}

func (s *events) removeOrganizer(w http.ResponseWriter, r *http.Request) error {
	e, err := s.managing(w, r)
	if err != nil {
		return err
	}
	if err := s.events.SetCoOrganizer(r.Context(), e.ID, personParam(r), false, requestInfoOf(r).viewer.ID); err != nil {
		return err
	}
	return s.redirectWith(w, r, "/events/"+e.Slug+"/organizers", "event.organizers.removed")
}
