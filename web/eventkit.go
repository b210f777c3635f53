package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"civhub"
	"civhub/i18n"
)

// standardChecklist is the checklist an organizer starts from when their event comes from no kit:
// the steps of a TechCamp, written in the event's language when it is added.
var standardChecklist = []struct {
	weeks      int
	role, text string // message IDs
}{
	{12, "event.role.organizers", "event.checklist.step.dates"},
	{10, "event.role.needs_lead", "event.checklist.step.needs"},
	{8, "event.role.venue_lead", "event.checklist.step.venue"},
	{6, "event.role.program_lead", "event.checklist.step.trainers"},
	{6, "event.role.organizers", "event.checklist.step.publish"},
	{4, "event.role.program_lead", "event.checklist.step.agenda"},
	{2, "event.role.needs_lead", "event.checklist.step.remind"},
	{1, "event.role.venue_lead", "event.checklist.step.test"},
	{0, "event.role.organizers", "event.checklist.step.checkin"},
	{-1, "event.role.organizers", "event.checklist.step.report"},
	{-4, "event.role.needs_lead", "event.checklist.step.follow_up"},
}

// eventLocale is the locale of an event's language, for what is written in it; the viewer's when
// the catalog has none.
func (s *events) eventLocale(r *http.Request, e *civhub.Event) *i18n.Locale {
	if l := s.catalog.Locale(e.Language); l != nil {
		return l
	}
	return requestInfoOf(r).locale
}

// kitSession is a session of a kit's agenda, told as the day of the event and the hours.
type kitSession struct {
	Item     *civhub.AgendaItem
	Day      int
	From, To string // hours in the event's time zone
}

// kitPage shows an event as a kit: what its organizers wrote afterwards, its agenda by day, its
// checklist by weeks, and the form that makes a new event from it.
type kitPage struct {
	authPage
	Event     *civhub.Event
	Report    *civhub.EventReport
	Sessions  []kitSession
	Checklist []*civhub.ChecklistItem
	Children  []*civhub.Event
	CanUse    bool
	Countries []Option
}

var kitFields = []string{"title", "city", "time_zone", "starts", "online_url"}

func (s *events) kitPageFor(r *http.Request, e *civhub.Event) (*kitPage, error) {
	a, l := actorOf(r), requestInfoOf(r).locale
	p := &kitPage{authPage: *s.formsPage(r, "event.kit.title"), Event: e, CanUse: a.CanUseKit(e)}
	p.Nav = "events"
	rep, err := s.kits.Report(r.Context(), e.ID)
	switch {
	case err == nil:
		p.Report = rep
	case civhub.ErrorCode(err) != civhub.ENOTFOUND:
		return nil, err
	}
	agenda, err := s.events.Sessions(r.Context(), e.ID)
	if err != nil {
		return nil, err
	}
	loc := civhub.Location(e.TimeZone)
	first := e.Starts.In(loc)
	firstDay := time.Date(first.Year(), first.Month(), first.Day(), 0, 0, 0, 0, loc)
	for _, item := range agenda {
		from := item.Starts.In(loc)
		p.Sessions = append(p.Sessions, kitSession{Item: item, Day: int(from.Sub(firstDay).Hours()/24) + 1,
			From: from.Format("15:04"), To: item.Ends.In(loc).Format("15:04")})
	}
	if p.Checklist, err = s.kits.Checklist(r.Context(), e.ID); err != nil {
		return nil, err
	}
	if _, p.Children, err = s.kits.Lineage(r.Context(), e); err != nil {
		return nil, err
	}
	zone := l.Zone()
	if zone == "" {
		zone = "Etc/UTC"
	}
	p.Form.Values = map[string]string{"time_zone": zone}
	p.Countries = []Option{{"", l.T("form.not_given"), true}}
	for _, c := range l.Countries() {
		p.Countries = append(p.Countries, Option{c.Code, c.Name, false})
	}
	return p, nil
}

func (s *events) kitPage(w http.ResponseWriter, r *http.Request) error {
	e, err := s.loadEvent(r)
	if err != nil {
		return err
	}
	if e.Status == civhub.EventDraft {
		return errEventNotFound
	}
	p, err := s.kitPageFor(r, e)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "event_kit", p)
}

// useKit makes a new draft event from the kit of the path, in the city and at the time the form
// gives, and sends its organizer to finish it.
func (s *events) useKit(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireViewer(r); err != nil {
		return err
	}
	kit, err := s.loadEvent(r)
	if err != nil {
		return err
	}
	if err := requireConfirmed(r, func(a *civhub.Actor) bool { return a.CanUseKit(kit) }); err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	e := &civhub.Event{Kind: kit.Kind, Mode: kit.Mode, Language: kit.Language, Summary: kit.Summary, Capacity: kit.Capacity,
		ConfirmHours: kit.ConfirmHours, Status: civhub.EventDraft, KitOf: kit.ID, Title: r.PostFormValue("title"),
		City: r.PostFormValue("city"), Country: r.PostFormValue("country"), TimeZone: strings.TrimSpace(r.PostFormValue("time_zone")),
		OnlineURL: r.PostFormValue("online_url")}
	t, perr := time.ParseInLocation("2006-01-02T15:04", strings.TrimSpace(r.PostFormValue("starts")), civhub.Location(e.TimeZone))
	if perr == nil {
		e.Starts = t.UTC()
		e.Ends = e.Starts.Add(kit.Ends.Sub(kit.Starts))
		err = withSlug(e.Title, func(slug string) error {
			e.Slug = slug
			return s.events.CreateEvent(r.Context(), e, requestInfoOf(r).viewer.ID)
		})
	} else {
		e.Slug = "event"
		err = civhub.MergeFieldErrors(civhub.FieldError("starts", "err.event_time", "Give a date and a time."), e.Validate())
	}
	if err != nil {
		p, lerr := s.kitPageFor(r, kit)
		if lerr != nil {
			return lerr
		}
		p.Form.Values = formValues(r, kitFields...)
		for i := range p.Countries {
			p.Countries[i].Selected = p.Countries[i].Value == e.Country
		}
		return s.renderForm(w, r, err, "event_kit", &p.authPage, p)
	}
	return s.redirectWith(w, r, "/events/"+e.Slug+"/edit", "event.kit.made")
}

// checklistPage is the organizers' checklist of an event, with its progress.
type checklistPage struct {
	authPage
	Event     *civhub.Event
	EventL    *i18n.Locale
	Checklist []*civhub.ChecklistItem
	Done      int
	Now       time.Time
}

var checklistFields = []string{"text", "role", "weeks_before"}

func (s *events) checklistPageFor(r *http.Request, e *civhub.Event) (*checklistPage, error) {
	p := &checklistPage{authPage: *s.authPage(r, "event.checklist.title"), Event: e, EventL: requestInfoOf(r).locale.In(e.TimeZone),
		Now: time.Now()}
	p.Nav = "events"
	p.Form.Values = map[string]string{"weeks_before": "4"}
	var err error
	if p.Checklist, err = s.kits.Checklist(r.Context(), e.ID); err != nil {
		return nil, err
	}
	p.Done = civhub.ChecklistDone(p.Checklist)
	return p, nil
}

func (s *events) checklist(w http.ResponseWriter, r *http.Request) error {
	e, err := s.managing(w, r)
	if err != nil {
		return err
	}
	p, err := s.checklistPageFor(r, e)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "event_checklist", p)
}

func (s *events) addChecklistItem(w http.ResponseWriter, r *http.Request) error {
	e, err := s.managing(w, r)
	if err != nil {
		return err
	}
	item := &civhub.ChecklistItem{Text: r.PostFormValue("text"), Role: r.PostFormValue("role")}
	weeks, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("weeks_before")))
	if err != nil {
		err = civhub.MergeFieldErrors(civhub.FieldError("weeks_before", "err.whole_number", "Write a whole number."), item.Validate())
	} else {
		item.WeeksBefore = weeks
		err = s.kits.AddChecklistItems(r.Context(), e.ID, []*civhub.ChecklistItem{item}, requestInfoOf(r).viewer.ID)
	}
	if err != nil {
		p, perr := s.checklistPageFor(r, e)
		if perr != nil {
			return perr
		}
		p.Form.Values = formValues(r, checklistFields...)
		return s.renderForm(w, r, err, "event_checklist", &p.authPage, p)
	}
	return s.redirectWith(w, r, "/events/"+e.Slug+"/checklist", "event.checklist.added")
}

func (s *events) addStandardChecklist(w http.ResponseWriter, r *http.Request) error {
	e, err := s.managing(w, r)
	if err != nil {
		return err
	}
	l := s.eventLocale(r, e)
	items := make([]*civhub.ChecklistItem, len(standardChecklist))
	for i, c := range standardChecklist {
		items[i] = &civhub.ChecklistItem{WeeksBefore: c.weeks, Role: l.T(c.role), Text: l.T(c.text)}
	}
	if err := s.kits.AddChecklistItems(r.Context(), e.ID, items, requestInfoOf(r).viewer.ID); err != nil {
		return err
	}
	return s.redirectWith(w, r, "/events/"+e.Slug+"/checklist", "event.checklist.standard_added")
}

func (s *events) markChecklistItem(w http.ResponseWriter, r *http.Request) error {
	e, err := s.managing(w, r)
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	done := r.PostFormValue("done") == "yes"
	if err := s.kits.MarkChecklistItem(r.Context(), e.ID, id, done, requestInfoOf(r).viewer.ID); err != nil {
		return err
	}
	msg := "event.checklist.undone"
	if done {
		msg = "event.checklist.done"
	}
	return s.redirectWith(w, r, "/events/"+e.Slug+"/checklist", msg)
}

func (s *events) deleteChecklistItem(w http.ResponseWriter, r *http.Request) error {
	e, err := s.managing(w, r)
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err := s.kits.DeleteChecklistItem(r.Context(), e.ID, id, requestInfoOf(r).viewer.ID); err != nil {
		return err
	}
	return s.redirectWith(w, r, "/events/"+e.Slug+"/checklist", "event.checklist.deleted")
}

// reportPage shows an event's report, or its form to the organizers.
type reportPage struct {
	authPage
	Event    *civhub.Event
	Report   *civhub.EventReport // nil until written
	CanWrite bool                // the viewer organizes it and it has started
	Editing  bool
}

var reportFields = []string{"needs_heard", "solutions", "follow_ups", "differently"}

func (s *events) reportPageFor(r *http.Request, e *civhub.Event, editing bool) (*reportPage, error) {
	p := &reportPage{authPage: *s.formsPage(r, "event.report.title"), Event: e, Editing: editing,
		CanWrite: actorOf(r).CanManageEvent(e) && !time.Now().Before(e.Starts)}
	p.Nav = "events"
	rep, err := s.kits.Report(r.Context(), e.ID)
	switch {
	case err == nil:
		p.Report = rep
		p.Form.Values = map[string]string{"needs_heard": rep.NeedsHeard, "solutions": rep.Solutions, "follow_ups": rep.FollowUps,
			"differently": rep.Differently}
	case civhub.ErrorCode(err) != civhub.ENOTFOUND:
		return nil, err
	}
	return p, nil
}

func (s *events) report(w http.ResponseWriter, r *http.Request) error {
	e, err := s.loadEvent(r)
	if err != nil {
		return err
	}
	p, err := s.reportPageFor(r, e, false)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "event_report", p)
}

func (s *events) reportForm(w http.ResponseWriter, r *http.Request) error {
	e, err := s.managing(w, r)
	if err != nil {
		return err
	}
	p, err := s.reportPageFor(r, e, true)
	if err != nil {
		return err
	}
	if !p.CanWrite {
		return civhub.E(civhub.ECONFLICT, "err.report_early", "A report is written once the event has started.")
	}
	return s.render(w, r, http.StatusOK, "event_report", p)
}

func (s *events) saveReport(w http.ResponseWriter, r *http.Request) error {
	e, err := s.managingWith(w, r, s.parseLongForm)
	if err != nil {
		return err
	}
	rep := &civhub.EventReport{EventID: e.ID, NeedsHeard: longText(r, "needs_heard"), Solutions: longText(r, "solutions"),
		FollowUps: longText(r, "follow_ups"), Differently: longText(r, "differently")}
	if err := s.kits.SaveReport(r.Context(), rep, requestInfoOf(r).viewer.ID); err != nil {
		p, perr := s.reportPageFor(r, e, true)
		if perr != nil {
			return perr
		}
		p.Form.Values = formValues(r, reportFields...)
		return s.renderForm(w, r, err, "event_report", &p.authPage, p)
	}
	return s.redirectWith(w, r, "/events/"+e.Slug+"/report", "event.report.saved")
}

// longText is a posted text with the browser's line ends made plain.
func longText(r *http.Request, name string) string {
	return strings.ReplaceAll(r.PostFormValue(name), "\r\n", "\n")
}

// cancelEvent cancels the event of the path, when its organizer has ticked that they mean it.
func (s *events) cancelEvent(w http.ResponseWriter, r *http.Request) error {
	e, err := s.managing(w, r)
	if err != nil {
		return err
	}
	if r.PostFormValue("sure") != "yes" {
		err = civhub.FieldError("sure", "err.event_cancel_sure", "Tick the box to say you mean to cancel the event.")
	} else {
		_, err = s.kits.CancelEvent(r.Context(), e.ID, requestInfoOf(r).viewer.ID)
	}
	if err != nil {
		p := s.eventForm(r, e, false)
		return s.renderForm(w, r, err, "event_form", &p.authPage, p)
	}
	return s.redirectWith(w, r, "/events/"+e.Slug, "event.cancel_event.done")
}
