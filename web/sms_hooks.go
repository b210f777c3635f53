package web

import (
	"crypto/rand"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"civhub"
	"civhub/i18n"
	"civhub/sms"
)

// hookRoutes registers the gateways' webhooks, beside the pages rather than among them: a gateway
// has no session and no form token; its signature authenticates it.
func (s *crisis) hookRoutes(root *http.ServeMux) {
	s.route(root, "POST /hooks/sms/android", s.androidHook)
	s.route(root, "POST /hooks/sms/twilio", s.twilioHook)
	s.route(root, "POST /hooks/sms/africastalking", s.africasTalkingHook)
}

var errNoGateway = civhub.E(civhub.ENOTFOUND, "err.sms_no_gateway", "This civhub takes no messages from that gateway.")

// androidHook takes SMS Gateway for Android's webhooks: messages that arrive, and what became of
// those civhub sent.
func (s *crisis) androidHook(w http.ResponseWriter, r *http.Request) error {
	if s.androidKey == "" || s.inbox == nil || s.outbox == nil {
		return errNoGateway
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 64<<10))
	if err != nil {
		return civhub.E(civhub.EINVALID, "err.form_too_large", "This form is too large.")
	}
	e, err := sms.ReadAndroidWebhook(body, r.Header.Get("X-Signature"), r.Header.Get("X-Timestamp"), []byte(s.androidKey), time.Now())
	if errors.Is(err, sms.ErrBadSignature) {
		return civhub.E(civhub.EFORBIDDEN, "err.sms_signature", "The signature or the time of this webhook does not match.")
	} else if err != nil {
		return civhub.E(civhub.EINVALID, "err.sms_unreadable", "The gateway's message could not be read.")
	}
	switch e.Event {
	case sms.AndroidReceived:
		if _, err := s.inbox.ReceiveSMS(r.Context(), "android", e.Payload.PhoneNumber, e.Payload.Message, e.ID); err != nil {
			return err
		}
	case sms.AndroidDelivered, sms.AndroidFailed:
		if err := s.outbox.RecordReceipt(r.Context(), "android", e.Payload.MessageID, e.Event == sms.AndroidDelivered, e.Payload.Reason); err != nil {
			return err
		}
	}
	w.WriteHeader(http.StatusNoContent) // other events (sms:sent, system:ping) need nothing
	return nil
}

// smsReply is the development gateway's "reply as this number": the message goes through the
// same inbox as one a gateway hears, and its answer shows on the page.
func (s *crisis) smsReply(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireAdmin(r); err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	number, err := civhub.NormalizePhone(r.PostFormValue("from"))
	body := strings.TrimSpace(r.PostFormValue("body"))
	switch {
	case err != nil:
	case body == "" || len(body) > sms.MaxInbound*4:
		err = civhub.FieldError("body", "err.sms_body", "Write the message, up to 1,600 characters.")
	}
	if err != nil {
		p, perr := s.outboxPage(r)
		if perr != nil {
			return perr
		}
		p.Form.Values = formValues(r, "from", "body")
		return s.renderForm(w, r, renameField(err, "number", "from"), "sms_outbox", &p.authPage, p)
	}
	if _, err := s.inbox.ReceiveSMS(r.Context(), "development", number, body, "dev-"+rand.Text()); err != nil {
		return err
	}
	return s.redirectWith(w, r, "/admin/sms", "sms_outbox.replied")
}

// SMSReplyWords words the replies to text-message commands in a locale, with the link to the task
// a reply names.
func SMSReplyWords(catalog *i18n.Catalog, baseURL string) func(locale, key string, args map[string]any) string {
	base := strings.TrimSuffix(baseURL, "/")
	return func(locale, key string, args map[string]any) string {
		l := catalog.Locale(locale)
		if l == nil {
			l = catalog.Locales()[0]
		}
		data := map[string]any{"Link": base + "/me"}
		for k, v := range args {
			data[k] = v
		}
		if n, ok := args["N"].(int64); ok {
			data["Link"] = base + "/tasks/" + strconv.FormatInt(n, 10)
		}
		return l.T(key, data)
	}
}

// twilioHook takes Twilio's webhooks, for a message that arrives (From, Body) and for what became
// of one civhub sent (MessageStatus), each signed with X-Twilio-Signature over the address
// Twilio called and the form.
func (s *crisis) twilioHook(w http.ResponseWriter, r *http.Request) error {
	if s.twilioToken == "" || s.inbox == nil || s.outbox == nil {
		return errNoGateway
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return civhub.E(civhub.EINVALID, "err.sms_unreadable", "The gateway's message could not be read.")
	}
	if !sms.CheckTwilioSignature(s.twilioToken, s.absoluteURL(s.baseURL, r, r.URL.RequestURI()), r.PostForm, r.Header.Get("X-Twilio-Signature")) {
		return civhub.E(civhub.EFORBIDDEN, "err.sms_signature", "The signature or the time of this webhook does not match.")
	}
	sid := r.PostFormValue("MessageSid")
	switch status := r.PostFormValue("MessageStatus"); status {
	case "":
		if _, err := s.inbox.ReceiveSMS(r.Context(), "twilio", r.PostFormValue("From"), r.PostFormValue("Body"), sid); err != nil {
			return err
		}
	case "delivered", "undelivered", "failed":
		reason := status
		if code := r.PostFormValue("ErrorCode"); code != "" {
			reason += " " + code
		}
		if err := s.outbox.RecordReceipt(r.Context(), "twilio", sid, status == "delivered", reason); err != nil {
			return err
		}
	}
	// The reply, if any, goes through the API like every message: the answer here says nothing.
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	_, err := io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><Response></Response>`)
	return err
}

// africasTalkingFinal maps Africa's Talking's final delivery statuses to delivered or not; the
// others (Sent, Submitted, Buffered) say the message is on its way.
var africasTalkingFinal = map[string]bool{"Success": true, "Failed": false, "Rejected": false}

// africasTalkingHook takes Africa's Talking's callbacks, which carry no signature, so none of
// their words is believed. A message that arrived (from, text) only has the inbox read through
// the API with civhub's key, soon. A delivery report (id, status) counts only when its id is one
// the provider gave a message civhub sent: a long random ID that only the two of them know.
func (s *crisis) africasTalkingHook(w http.ResponseWriter, r *http.Request) error {
	if s.gateway != "africastalking" || s.fetchSoon == nil || s.outbox == nil {
		return errNoGateway
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return civhub.E(civhub.EINVALID, "err.sms_unreadable", "The gateway's message could not be read.")
	}
	status, id := r.PostFormValue("status"), r.PostFormValue("id")
	switch delivered, final := africasTalkingFinal[status]; {
	case final && strings.HasPrefix(id, "ATXid_"):
		reason := status
		if why := r.PostFormValue("failureReason"); why != "" {
			reason += " " + why
		}
		if err := s.outbox.RecordReceipt(r.Context(), "africastalking", id, delivered, reason); err != nil {
			return err
		}
	case status == "" && r.PostFormValue("from") != "":
		if err := s.fetchSoon(r.Context()); err != nil {
			return err
		}
	}
	w.WriteHeader(http.StatusOK)
	return nil
}
