package web

import (
	"net/http"

	"civhub"
)

// challenges is the room of challenges: the problem canvas, its curation, its followers, and the
// events that take it. It sees the challenge service, and the events and needs it links to.
type challenges struct {
	*kit
	challenges civhub.ChallengeService
	events     civhub.EventService
	needs      civhub.NeedService
	solutions  civhub.SolutionService // the solutions that answer a challenge
}

// routes registers the challenge pages.
func (s *challenges) routes(pages *http.ServeMux) {
	s.route(pages, "GET /challenges", s.list)
	s.route(pages, "GET /challenges/new", s.newForm)
	s.route(pages, "POST /challenges/new", s.create)
	s.route(pages, "GET /challenges/{slug}", s.show)
	s.route(pages, "GET /challenges/{slug}/edit", s.editForm)
	s.route(pages, "POST /challenges/{slug}/edit", s.update)
	s.route(pages, "POST /challenges/{slug}/move", s.move)
	s.route(pages, "POST /challenges/{slug}/follow", s.follow)
	s.route(pages, "GET /admin/challenges", s.queue)
	s.route(pages, "POST /admin/people/{person}/curator", s.setCurator)
	s.route(pages, "POST /challenges/{slug}/take", s.take)
	s.route(pages, "POST /events/{slug}/challenges/{challenge}/drop", s.drop)
}
