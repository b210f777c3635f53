package web

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"civhub"
)

// work is the room of the core loop: an organization's needs and their tasks, joining them,
// the workflow of each engagement, hours and the conversation on a task, with their API
// operations.
type work struct {
	*kit
	needs        civhub.NeedStore // the task's need, to load a task with it
	tasks        civhub.TaskFinder
	workflow     civhub.Workflow
	conversation civhub.TaskConversation
	matcher      civhub.VolunteerMatcher // the volunteers a task suits, on its page
	hours        civhub.HoursService
	alerts       civhub.PlaceAlerts // "tell me when a place opens" on full tasks
	baseURL      string             // where civhub is reached, for absolute links in the task feed; "" for the request's host
	courses      courseCatalog      // the courses a task requires, and who finished them
	toolkits     toolkitTasks       // whether a task's work is a toolkit's translation
}

// toolkitTasks tells the core loop's pages which tasks are the translation of a toolkit.
type toolkitTasks interface {
	TaskToolkit(ctx context.Context, task int64) (*civhub.ToolkitTask, error)
}

// courseCatalog is what the core loop's pages read of the courses: the courses a task may require
// and requires, and who has finished them.
type courseCatalog interface {
	civhub.Prerequisites
	ListCourses(ctx context.Context, f civhub.CourseFilter) ([]*civhub.Course, error)
}

// routes registers the work room's pages.
func (s *work) routes(pages *http.ServeMux) {
	s.route(pages, "GET /tasks", s.taskList)
	s.route(pages, "GET /tasks.atom", s.taskFeed)
	s.route(pages, "GET /tasks/{id}", s.task)
	s.route(pages, "POST /tasks/{id}/join", s.joinTask)
	s.route(pages, "POST /tasks/{id}/hours", s.logHours)
	s.route(pages, "POST /tasks/{id}/messages", s.postTaskMessage)
	s.route(pages, "POST /tasks/{id}/hours/{hours}/{decision}", s.decideHours)
	s.route(pages, "POST /tasks/{id}/endorse", s.endorse)
	s.route(pages, "GET /me/certificate", s.certificate)
	s.route(pages, "POST /me/certificate/addresses", s.issueCertificate)
	s.route(pages, "POST /me/certificate/addresses/{code}/withdraw", s.withdrawCertificate)
	s.route(pages, "GET /certificates/{code}", s.checkCertificate)
	s.route(pages, "POST /tasks/{id}/assignments/{assignment}/{action}", s.actOnAssignment)
	s.route(pages, "POST /tasks/{id}/agree", s.agree)
	s.route(pages, "POST /tasks/{id}/invite", s.inviteVolunteer)
	s.route(pages, "POST /tasks/{id}/watch", s.watchTask)
	s.route(pages, "POST /tasks/{id}/unwatch", s.unwatchTask)
}

// registerAPI registers the work room's API operations.
func (s *work) registerAPI(api huma.API) {
	s.registerTaskAPI(api)
	s.registerPlaceAlertAPI(api)
	s.registerCertificateAPI(api)
}
