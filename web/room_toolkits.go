package web

import (
	"net/http"

	"civhub"
)

// toolkits is the room of open toolkits: reading them, editing them (every edit a revision),
// their history and comparisons, reverts, adaptations and translations, the moderators' queue of
// edits waiting for review, and the translation of a toolkit as a task of the core loop. It sees
// the toolkit service, the needs of the organizations that make translation tasks, the workflow
// that hands their work in, and the core loop's loader of a task as its viewer may see it.
type toolkits struct {
	*kit
	toolkits civhub.ToolkitService
	needs    civhub.NeedStore
	workflow civhub.Workflow
	work     *work
	baseURL  string // where civhub is reached, for absolute links in feeds; "" for the request's host
}

// routes registers the toolkit pages.
func (s *toolkits) routes(pages *http.ServeMux) {
	s.route(pages, "GET /toolkits", s.toolkitList)
	s.route(pages, "GET /toolkits/feed", s.changesFeed)
	s.route(pages, "GET /toolkits/new", s.newToolkitForm)
	s.route(pages, "POST /toolkits/new", s.createToolkit)
	s.route(pages, "GET /toolkits/{slug}/{lang}", s.toolkit)
	s.route(pages, "GET /toolkits/{slug}/{lang}/feed", s.toolkitFeed)
	s.route(pages, "GET /toolkits/{slug}/{lang}/edit", s.editToolkitForm)
	s.route(pages, "POST /toolkits/{slug}/{lang}/edit", s.editToolkit)
	s.route(pages, "POST /toolkits/{slug}/{lang}/files", s.addFile)
	s.route(pages, "GET /toolkits/{slug}/{lang}/files/{id}", s.file)
	s.route(pages, "POST /toolkits/{slug}/{lang}/files/{id}/delete", s.removeFile)
	s.route(pages, "GET /toolkits/{slug}/{lang}/history", s.history)
	s.route(pages, "GET /toolkits/{slug}/{lang}/compare", s.compare)
	s.route(pages, "GET /toolkits/{slug}/{lang}/revisions/{n}", s.revision)
	s.route(pages, "POST /toolkits/{slug}/{lang}/revisions/{n}/revert", s.revert)
	s.route(pages, "GET /toolkits/{slug}/{lang}/adapt", s.adaptForm)
	s.route(pages, "POST /toolkits/{slug}/{lang}/adapt", s.adapt)
	s.route(pages, "GET /toolkits/{slug}/{lang}/task", s.taskForm)
	s.route(pages, "POST /toolkits/{slug}/{lang}/task", s.createTask)
	s.route(pages, "GET /tasks/{id}/toolkit", s.taskWork)
	s.route(pages, "POST /tasks/{id}/toolkit", s.saveTaskWork)
	s.route(pages, "GET /admin/toolkits", s.queue)
	s.route(pages, "POST /admin/toolkits/revisions/{id}/review", s.review)
	s.route(pages, "POST /admin/people/{person}/undo-toolkits", s.undoPerson)
}
