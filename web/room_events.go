package web

import (
	"net/http"

	"civhub"
)

// events is the room of events: the list of upcoming ones, organizing one, registering, the
// waitlist and its offers, and the organizers' list with check-in. It sees the event services, the
// challenges an event takes and profiles (for the events near the viewer).
type events struct {
	*kit
	events     civhub.EventService
	kits       civhub.EventKitService
	challenges civhub.ChallengeService // the challenges an event takes
	profiles   civhub.ProfileService   // the viewer's country, for the events near them
	baseURL    string                  // where civhub is reached, for absolute links in feeds; "" for the request's host
}

// routes registers the event pages.
func (s *events) routes(pages *http.ServeMux) {
	s.route(pages, "GET /events", s.eventList)
	s.route(pages, "GET /events.atom", s.eventFeed)
	s.route(pages, "GET /events/{slug}/calendar.ics", s.eventCalendar)
	s.route(pages, "GET /events/new", s.newEventForm)
	s.route(pages, "POST /events/new", s.createEvent)
	s.route(pages, "GET /events/{slug}", s.event)
	s.route(pages, "GET /events/{slug}/edit", s.editEventForm)
	s.route(pages, "POST /events/{slug}/edit", s.updateEvent)
	s.route(pages, "POST /events/{slug}/register", s.register)
	s.route(pages, "POST /events/{slug}/confirm", s.confirm)
	s.route(pages, "POST /events/{slug}/cancel", s.cancel)
	s.route(pages, "GET /events/{slug}/people", s.people)
	s.route(pages, "POST /events/{slug}/checkin", s.checkIn)
	s.route(pages, "POST /events/{slug}/people/{person}/cancel", s.cancelPerson)
	s.route(pages, "POST /events/{slug}/no-shows", s.markNoShows)
	s.route(pages, "GET /events/{slug}/agenda", s.agendaForm)
	s.route(pages, "POST /events/{slug}/agenda", s.addAgendaItem)
	s.route(pages, "POST /events/{slug}/agenda/{id}/delete", s.deleteAgendaItem)
	s.route(pages, "GET /me/events", s.myEvents)
	s.route(pages, "GET /events/{slug}/organizers", s.organizers)
	s.route(pages, "POST /events/{slug}/organizers", s.addOrganizer)
	s.route(pages, "POST /events/{slug}/organizers/{person}/remove", s.removeOrganizer)
	s.route(pages, "GET /events/{slug}/questions", s.questions)
	s.route(pages, "POST /events/{slug}/questions", s.addQuestion)
	s.route(pages, "POST /events/{slug}/questions/{id}/delete", s.deleteQuestion)
	s.route(pages, "POST /me/events/calendar", s.newMyCalendar)
	s.route(pages, "POST /me/events/calendar/stop", s.stopMyCalendar)
	s.route(pages, "GET /calendars/people/{file}", s.myCalendar)
	s.route(pages, "POST /events/{slug}/cancel-event", s.cancelEvent)
	s.route(pages, "GET /events/{slug}/kit", s.kitPage)
	s.route(pages, "POST /events/{slug}/kit", s.useKit)
	s.route(pages, "GET /events/{slug}/checklist", s.checklist)
	s.route(pages, "POST /events/{slug}/checklist", s.addChecklistItem)
	s.route(pages, "POST /events/{slug}/checklist/standard", s.addStandardChecklist)
	s.route(pages, "POST /events/{slug}/checklist/{id}", s.markChecklistItem)
	s.route(pages, "POST /events/{slug}/checklist/{id}/delete", s.deleteChecklistItem)
	s.route(pages, "GET /events/{slug}/report", s.report)
	s.route(pages, "GET /events/{slug}/report/edit", s.reportForm)
	s.route(pages, "POST /events/{slug}/report", s.saveReport)
}
