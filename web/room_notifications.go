package web

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"
)

// notifications is the room of notifications: the inbox, notification settings and the signed
// unsubscribe links of notification mail, with their API operations.
type notifications struct {
	*kit
	unsubscribeKey []byte
}

// routes registers the notifications room's pages.
func (s *notifications) routes(pages *http.ServeMux) {
	s.route(pages, "GET /me/notifications", s.inbox)
	s.route(pages, "POST /me/notifications/read", s.readAllNotes)
	s.route(pages, "GET /notifications/{id}", s.openNote)
	s.route(pages, "GET /account/notifications", s.noteSettings)
	s.route(pages, "POST /account/notifications", s.saveNoteSettings)
	s.route(pages, "GET /unsubscribe", s.unsubscribeForm)
	s.route(pages, "POST /unsubscribe", s.unsubscribe)
}

// registerAPI registers the notifications room's API operations.
func (s *notifications) registerAPI(api huma.API) {
	s.registerNotificationAPI(api)
}
