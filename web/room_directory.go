package web

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"civhub"
)

// directory is the room of the opportunity directory: grants, competitions, tools and trainings,
// moderated and kept fresh by everyone, with feeds and calendars. It sees the toolkit and its own
// services only.
type directory struct {
	*kit
	resources   civhub.ResourceService
	suggestions civhub.SuggestionService
	baseURL     string // where civhub is reached, for absolute links in feeds; "" to use the request's host
}

// routes registers the directory's pages.
func (s *directory) routes(pages *http.ServeMux) {
	s.route(pages, "GET /resources", s.resourceList)
	s.route(pages, "GET /resources.atom", s.resourceFeed("atom"))
	s.route(pages, "GET /resources.rss", s.resourceFeed("rss"))
	s.route(pages, "GET /resources.ics", s.resourceCalendar)
	s.route(pages, "GET /resources.csv", s.exportResources)
	s.route(pages, "GET /resources/new", s.newResourceForm)
	s.route(pages, "POST /resources/new", s.submitResource)
	s.route(pages, "GET /resources/{id}", s.resource)
	s.route(pages, "GET /resources/{id}/edit", s.editResourceForm)
	s.route(pages, "POST /resources/{id}/edit", s.updateResource)
	s.route(pages, "POST /resources/{id}/review", s.reviewResource)
	s.route(pages, "POST /resources/{id}/report", s.reportResource)
	s.route(pages, "GET /admin/resources", s.resourceQueue)
	s.route(pages, "GET /admin/resources/import", s.importForm)
	s.route(pages, "POST /admin/resources/suggestions/{id}", s.decideSuggestion)
	s.route(pages, "POST /admin/resources/import", s.importResources)
}

// registerAPI registers the directory's API operations.
func (s *directory) registerAPI(api huma.API) {
	s.registerResourceAPI(api)
}
