package web

import (
	"context"
	"net/http"

	"civhub"
)

// crisis is the room of crisis response: crises and their situation boards, the standby roster,
// people's phone numbers, and the development gateway's page of text messages. It sees the crisis,
// standby, alert and phone services, profiles (what a new pledge starts from) and the log of messages.
type crisis struct {
	*kit
	standby  civhub.StandbyService
	phones   civhub.PhoneService
	profiles civhub.ProfileService
	smsLog   civhub.SMSLog
	crises   civhub.CrisisService
	alerts   civhub.AlertService
	gateway  string // the SMS gateway's name; "" while none is set up
	inbox    civhub.SMSInbox
	outbox   civhub.SMSOutbox
	// androidKey checks SMS Gateway for Android's webhooks, twilioToken Twilio's; "" when none are
	// taken.
	androidKey, twilioToken string
	baseURL                 string // the public address, which Twilio signs; "" for the request's
	// fetchSoon has the gateway's inbox read through its API soon (Africa's Talking, whose
	// callbacks are not signed); nil when no gateway is read so.
	fetchSoon func(context.Context) error
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
	s.route(pages, "POST /admin/sms/reply", s.smsReply)
	s.route(pages, "GET /crises", s.crisisList)
	s.route(pages, "GET /crises/new", s.newCrisisForm)
	s.route(pages, "POST /crises/new", s.activateCrisis)
	s.route(pages, "GET /crises/{slug}", s.board)
	s.route(pages, "GET /crises/{slug}/situation.json", s.situationJSON)
	s.route(pages, "POST /crises/{slug}/publish", s.publishTasks)
	s.route(pages, "POST /crises/{slug}/alert", s.alertRoster)
	s.route(pages, "POST /crises/{slug}/stand-down", s.standDown)
}
