package web

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"civhub"
)

// posting is the room where an organization writes down what it needs: its needs and their tasks,
// created and edited on pages and in the API. Finding and doing the tasks is the work room's.
type posting struct {
	*kit
	needs civhub.NeedStore
	work  *work // loads the task being edited, with its authorization
}

// routes registers the posting room's pages.
func (s *posting) routes(pages *http.ServeMux) {
	s.route(pages, "GET /orgs/{slug}/needs/new", s.newNeedForm)
	s.route(pages, "POST /orgs/{slug}/needs/new", s.createNeed)
	s.route(pages, "GET /needs/{id}", s.need)
	s.route(pages, "GET /needs/{id}/edit", s.editNeedForm)
	s.route(pages, "POST /needs/{id}/edit", s.updateNeed)
	s.route(pages, "GET /needs/{id}/tasks/new", s.newTaskForm)
	s.route(pages, "POST /needs/{id}/tasks/new", s.createTask)
	s.route(pages, "GET /tasks/{id}/edit", s.editTaskForm)
	s.route(pages, "POST /tasks/{id}/edit", s.updateTask)
}

// registerAPI registers the posting room's API operations.
func (s *posting) registerAPI(api huma.API) {
	s.registerNeedAPI(api)
	s.registerNeedTemplateAPI(api)
}
