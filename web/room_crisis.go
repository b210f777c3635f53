package web

import (
	"net/http"

	"civhub"
)

// crisis is the room of crisis response: the standby roster, people's phone numbers, and the
// development gateway's page of text messages. It sees the standby and phone services, profiles
// (what a new pledge starts from) and the log of messages.
type crisis struct {
	*kit
	standby  civhub.StandbyService
	phones   civhub.PhoneService
	profiles civhub.ProfileService
	smsLog   civhub.SMSLog
}

// routes registers the room's pages.
func (s *crisis) routes(pages *http.ServeMux) {
	s.route(pages, "GET /me/phone", s.phonePage)
	s.route(pages, "POST /me/phone", s.startPhone)
	s.route(pages, "POST /me/phone/verify", s.verifyPhone)
	s.route(pages, "POST /me/phone/remove", s.removePhone)
	s.route(pages, "GET /me/standby", s.standbyPage)
	s.route(pages, "POST /me/standby", s.savePledge)
	s.route(pages, "POST /me/standby/pause", s.pausePledge)
	s.route(pages, "POST /me/standby/leave", s.leaveRoster)
	s.route(pages, "GET /admin/sms", s.smsOutbox)
}
