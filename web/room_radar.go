package web

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"civhub"
)

// radar is the room of each organization's radar: the directory's entries that fit it, with the
// reasons, the tracker of its applications and its private calendar of their deadlines. It reads
// entries through the directory room.
type radar struct {
	*kit
	tracker   civhub.RadarService
	calendars civhub.CalendarService
	directory *directory
}

// routes registers the radar's pages.
func (s *radar) routes(pages *http.ServeMux) {
	s.route(pages, "GET /orgs/{slug}/radar", s.showRadar)
	s.route(pages, "POST /orgs/{slug}/calendar", s.newCalendar)
	s.route(pages, "POST /orgs/{slug}/calendar/stop", s.revokeCalendar)
	s.route(pages, "POST /orgs/{slug}/radar/{id}", s.trackResource)
	s.route(pages, "POST /orgs/{slug}/radar/{id}/forget", s.untrackResource)
	s.route(pages, "GET /calendars/{file}", s.orgCalendar)
}

// registerAPI registers the radar's API operations.
func (s *radar) registerAPI(api huma.API) {
	s.registerRadarAPI(api)
}
