package web

import (
	"net/http"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/gorilla/feeds"

	"civhub"
)

// eventCalendar serves one event as iCalendar, to add to any calendar. Calendar programs fetch it
// without the person's session, so it names the city, never the venue or the online link.
func (s *events) eventCalendar(w http.ResponseWriter, r *http.Request) error {
	e, err := s.loadEvent(r)
	if err != nil {
		return err
	}
	if e.Status == civhub.EventDraft {
		return errEventNotFound
	}
	w.Header().Set("Cache-Control", "public, max-age=900")
	return s.writeCalendar(w, r, e.Title, []*civhub.Event{e})
}

// writeCalendar writes events as an iCalendar named name. Calendar programs fetch it without the
// person's session, so each event names its city, never its venue or online link.
func (s *events) writeCalendar(w http.ResponseWriter, r *http.Request, name string, list []*civhub.Event) error {
	l := s.feedLocale(r)
	cal := ics.NewCalendarFor("civhub")
	cal.SetMethod(ics.MethodPublish)
	cal.SetName(name)
	host := r.Host
	if s.baseURL != "" {
		host = strings.TrimPrefix(strings.TrimPrefix(s.baseURL, "https://"), "http://")
	}
	for _, e := range list {
		ev := cal.AddEvent("event-" + e.Slug + "@" + host)
		ev.SetDtStampTime(e.UpdatedAt)
		ev.SetStartAt(e.Starts)
		ev.SetEndAt(e.Ends)
		ev.SetSummary(e.Title)
		ev.SetURL(s.absoluteURL(s.baseURL, r, "/events/"+e.Slug))
		if e.Mode != civhub.ModeOnline {
			place := e.City
			if e.Country != "" {
				place += ", " + l.Country(e.Country)
			}
			ev.SetLocation(place)
		}
		ev.SetDescription(e.Summary)
		if e.Status == civhub.EventCancelled {
			ev.SetStatus(ics.ObjectStatusCancelled)
		}
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	return cal.SerializeTo(w)
}

// myCalendar serves a person's private calendar of the events they have a place at or wait for,
// to whoever holds its secret address; the address is never logged (the log names the route).
func (s *events) myCalendar(w http.ResponseWriter, r *http.Request) error {
	token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok || token == "" || len(token) > 100 {
		return errNoPersonCalendar
	}
	person, err := s.events.CalendarPerson(r.Context(), token)
	if err != nil {
		return err
	}
	regs, list, err := s.events.PersonRegistrations(r.Context(), person)
	if err != nil {
		return err
	}
	var mine []*civhub.Event
	for i, reg := range regs {
		if reg.Status != civhub.RegCancelled && list[i] != nil && list[i].Status != civhub.EventDraft {
			mine = append(mine, list[i])
		}
	}
	w.Header().Set("Cache-Control", "private, max-age=900")
	w.Header().Set("Referrer-Policy", "no-referrer")
	return s.writeCalendar(w, r, "civhub: "+s.feedLocale(r).T("event.my.title"), mine)
}

var errNoPersonCalendar = civhub.E(civhub.ENOTFOUND, "err.no_calendar", "There is no such calendar: it may have been replaced or stopped.")

// eventFeed serves the upcoming published events as Atom.
func (s *events) eventFeed(w http.ResponseWriter, r *http.Request) error {
	list, err := s.events.ListEvents(r.Context(), civhub.EventFilter{From: time.Now(), Limit: feedSize})
	if err != nil {
		return err
	}
	l := s.feedLocale(r)
	abs := func(p string) string { return s.absoluteURL(s.baseURL, r, p) }
	feed := &feeds.Feed{Title: "civhub: " + l.T("event.list.title"), Link: &feeds.Link{Href: abs("/events")}, Id: abs("/events"),
		Description: l.T("event.list.lead"), Updated: time.Unix(0, 0).UTC()}
	for _, e := range list {
		if e.UpdatedAt.After(feed.Updated) {
			feed.Updated = e.UpdatedAt
		}
		link := abs("/events/" + e.Slug)
		where := l.T("event_mode." + e.Mode)
		if e.City != "" {
			where += " · " + e.City
		}
		feed.Items = append(feed.Items, &feeds.Item{Title: e.Title, Link: &feeds.Link{Href: link}, Id: link, Created: e.CreatedAt,
			Updated: e.UpdatedAt, Description: l.T("event_kind."+e.Kind) + " · " + l.In(e.TimeZone).DateTime(e.Starts) + " · " + where})
	}
	body, err := feed.ToAtom()
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=900")
	_, err = w.Write([]byte(body))
	return err
}
