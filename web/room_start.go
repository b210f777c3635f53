package web

import (
	"net/http"

	"civhub"
)

// The starts a newcomer is sent to once their address is confirmed.
const (
	startVolunteer    = "/start/volunteer"
	startOrganization = "/start/organization"
)

// start is the room of a newcomer's first steps, one short page for each reason to come: a
// volunteer gives the essentials of a profile and sees their first matches at once; someone with an
// organization creates it, preset from what they told civhub, and goes on to post a first need.
// Each start offers the other to people who came for both, and a way out to their own page.
type start struct {
	*kit
	profiles civhub.ProfileService
	matching *matching // the volunteer's first matches, as the dashboard shows them
}

// routes registers the start room's pages.
func (s *start) routes(pages *http.ServeMux) {
	s.route(pages, "GET "+startVolunteer, s.volunteerForm)
	s.route(pages, "POST "+startVolunteer, s.saveVolunteer)
	s.route(pages, "GET /start/matches", s.firstMatches)
	s.route(pages, "GET "+startOrganization, s.organizationForm)
	s.route(pages, "POST "+startOrganization, s.createOrganization)
}
