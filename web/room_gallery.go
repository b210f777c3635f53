package web

import (
	"net/http"

	"civhub"
)

// gallery is the room of solutions: projects made reusable, and the organizations that use them.
// It sees the solution service, and the hackathon and event services it promotes projects from.
type gallery struct {
	*kit
	solutions civhub.SolutionService
	hack      civhub.HackathonService
	events    civhub.EventService
}

// routes registers the gallery's pages.
func (s *gallery) routes(pages *http.ServeMux) {
	s.route(pages, "GET /solutions", s.list)
	s.route(pages, "GET /solutions/{slug}", s.show)
	s.route(pages, "GET /solutions/{slug}/edit", s.editForm)
	s.route(pages, "POST /solutions/{slug}/edit", s.update)
	s.route(pages, "POST /solutions/{slug}/adopt", s.adopt)
	s.route(pages, "GET /events/{slug}/projects/{id}/promote", s.promoteForm)
	s.route(pages, "POST /events/{slug}/projects/{id}/promote", s.promote)
}
