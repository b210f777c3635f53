package web

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"civhub"
	"civhub/sms"
	"civhub/sqldb"
)

// TestSMSReplyAndWebhook: an administrator replies as a phone on the development gateway's page
// (a bad number is named and what was typed stays); SMS Gateway for Android's signed webhooks
// bring a volunteer's command, once however often they are told, and a delivery receipt; an
// unsigned or stale one is refused.
func TestSMSReplyAndWebhook(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	read := func(resp *http.Response) string {
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	resp := f.do(admin, http.MethodPost, "/admin/sms/reply", url.Values{"from": {"12"}, "body": {"AIDE"}})
	if page := read(resp); resp.StatusCode != 400 || !strings.Contains(page, `id="f-from-error"`) || !strings.Contains(page, ">AIDE</textarea>") {
		t.Fatalf("a bad number: %d\n%s", resp.StatusCode, page)
	}
	resp = f.do(admin, http.MethodPost, "/admin/sms/reply", url.Values{"from": {"+33 6 12 34 56 78"}, "body": {"AIDE"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("replying: %d", resp.StatusCode)
	}
	// Whatever is typed is kept readable: boundary values never break the page.
	for _, v := range boundaryFormValues {
		resp := f.do(admin, http.MethodPost, "/admin/sms/reply", url.Values{"from": {"+33612345678"}, "body": {v}})
		if resp.StatusCode != http.StatusSeeOther && resp.StatusCode != http.StatusBadRequest {
			t.Errorf("replying %.20q: %d", v, resp.StatusCode)
		}
	}
	if !strings.Contains(read(f.do(admin, http.MethodGet, "/admin", nil)), `href="/admin/sms"`) {
		t.Error("the administration page does not lead to the text messages")
	}
	page := read(f.do(admin, http.MethodGet, "/admin/sms", nil))
	for _, want := range []string{"← &#43;33612345678", "AIDE", "→ &#43;33612345678", "ce numéro n&#39;est pas sur civhub", "received"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q\n%s", want, page)
		}
	}

	// The volunteer's confirmed number sends TASKS through the phone.
	number := "+56987654321"
	if _, err := f.db.Writer().Exec(`INSERT INTO person_phones (person_id, number, verified_at, created_at, updated_at) VALUES ($1, $2, $3, $3, $3)`,
		f.people[volunteer].ID, number, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	hook := func(event string, at time.Time, key string) int {
		t.Helper()
		ts := strconv.FormatInt(at.Unix(), 10)
		r := httptest.NewRequest(http.MethodPost, "/hooks/sms/android", bytes.NewReader([]byte(event)))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("X-Timestamp", ts)
		r.Header.Set("X-Signature", sms.SignAndroidWebhook([]byte(event), ts, []byte(key)))
		w := httptest.NewRecorder()
		f.s.ServeHTTP(w, r)
		return w.Code
	}
	received := fmt.Sprintf(`{"deviceId":"ffffffffceb0b1db","event":"sms:received","id":"Ey6ECgOkVVFjz3CL48B8C","payload":{"messageId":"abc","message":"TASKS","phoneNumber":"%s","simNumber":1,"receivedAt":"2026-12-06T11:11:11.000+01:00"},"webhookId":"LreFUt-Z3sSq0JufY9uWB"}`, number)
	if code := hook(received, time.Now(), "not the key"); code != http.StatusForbidden {
		t.Errorf("a webhook signed with another key: %d", code)
	}
	if code := hook(received, time.Now().Add(-10*time.Minute), testAndroidKey); code != http.StatusForbidden {
		t.Errorf("a webhook ten minutes old: %d", code)
	}
	for range 2 { // the app retries; civhub answers once
		if code := hook(received, time.Now(), testAndroidKey); code != http.StatusNoContent {
			t.Fatalf("the signed webhook: %d", code)
		}
	}
	var in, replies int
	if err := f.db.Writer().QueryRow(`SELECT (SELECT COUNT(*) FROM sms_messages WHERE direction = 'in' AND number = $1),
		(SELECT COUNT(*) FROM sms_messages WHERE direction = 'out' AND kind = 'reply' AND number = $1)`, number).Scan(&in, &replies); err != nil || in != 1 || replies != 1 {
		t.Fatalf("kept %d and answered %d (%v), want 1 and 1", in, replies, err)
	}

	// A receipt: the message civhub sent as civhub-ID reached the phone.
	var id int64
	if err := f.db.Writer().QueryRow(`UPDATE sms_messages SET status = 'sent', gateway = 'android', provider_id = 'civhub-' || CAST(id AS TEXT)
		WHERE direction = 'out' AND number = $1 RETURNING id`, number).Scan(&id); err != nil {
		t.Fatal(err)
	}
	delivered := fmt.Sprintf(`{"deviceId":"ffffffffceb0b1db","event":"sms:delivered","id":"Rr2EQ9AFXk2I8hB3T4i5B","payload":{"messageId":"civhub-%d","phoneNumber":"%s","deliveredAt":"2026-12-06T11:12:00.000+01:00"},"webhookId":"x"}`, id, number)
	if code := hook(delivered, time.Now(), testAndroidKey); code != http.StatusNoContent {
		t.Fatalf("the receipt: %d", code)
	}
	var status string
	if err := f.db.Writer().QueryRow(`SELECT status FROM sms_messages WHERE id = $1`, id).Scan(&status); err != nil || status != "delivered" {
		t.Errorf("after the receipt: %q %v", status, err)
	}
}

// TestRenameFieldLeavesTheOriginal: moving a shared error's message to another form's field must
// not move it for every later form (a number refused on the gateway page stayed refused on the
// wrong field of the phone page).
func TestRenameFieldLeavesTheOriginal(t *testing.T) {
	_, shared := civhub.NormalizePhone("12")
	moved := renameField(shared, "number", "from")
	if asError(moved).Fields["from"] == "" || asError(shared).Fields["number"] == "" || asError(shared).Fields["from"] != "" {
		t.Fatalf("moved %+v, shared %+v", asError(moved), asError(shared))
	}
	if _, again := civhub.NormalizePhone("12"); asError(again).Fields["number"] == "" {
		t.Fatalf("the next refusal names %+v", asError(again).Fields)
	}
}

// TestTwilioWebhook: Twilio's signed form brings a volunteer's command and a delivery receipt; a
// form signed with another token is refused.
func TestTwilioWebhook(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	number := "+56987654321"
	if _, err := f.db.Writer().Exec(`INSERT INTO person_phones (person_id, number, verified_at, created_at, updated_at) VALUES ($1, $2, $3, $3, $3)`,
		f.people[volunteer].ID, number, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	post := func(form url.Values, token string) *httptest.ResponseRecorder {
		t.Helper()
		r := httptest.NewRequest(http.MethodPost, "/hooks/sms/twilio", strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("X-Twilio-Signature", sms.TwilioSignature(token, "http://example.com/hooks/sms/twilio", form))
		w := httptest.NewRecorder()
		f.s.ServeHTTP(w, r)
		return w
	}
	inbound := url.Values{"MessageSid": {"SM11111111111111111111111111111111"}, "AccountSid": {"AC1"}, "From": {number},
		"To": {"+15550001111"}, "Body": {"TASKS"}, "NumMedia": {"0"}}
	if w := post(inbound, "another token"); w.Code != http.StatusForbidden {
		t.Errorf("signed with another token: %d", w.Code)
	}
	w := post(inbound, testTwilioToken)
	if w.Code != http.StatusOK || !strings.Contains(w.Header().Get("Content-Type"), "xml") || !strings.Contains(w.Body.String(), "<Response></Response>") {
		t.Fatalf("the inbound message: %d %s %s", w.Code, w.Header().Get("Content-Type"), w.Body.String())
	}
	var replies int
	if err := f.db.Writer().QueryRow(`SELECT COUNT(*) FROM sms_messages WHERE direction = 'out' AND kind = 'reply' AND number = $1`, number).Scan(&replies); err != nil || replies != 1 {
		t.Fatalf("replies: %d %v", replies, err)
	}
	var id int64
	if err := f.db.Writer().QueryRow(`UPDATE sms_messages SET status = 'sent', gateway = 'twilio', provider_id = 'SM22222222222222222222222222222222'
		WHERE direction = 'out' AND number = $1 RETURNING id`, number).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if w := post(url.Values{"MessageSid": {"SM22222222222222222222222222222222"}, "MessageStatus": {"undelivered"}, "ErrorCode": {"30003"}}, testTwilioToken); w.Code != http.StatusOK {
		t.Fatalf("the receipt: %d", w.Code)
	}
	var status, errText string
	if err := f.db.Writer().QueryRow(`SELECT status, error FROM sms_messages WHERE id = $1`, id).Scan(&status, &errText); err != nil ||
		status != "failed" || !strings.Contains(errText, "30003") {
		t.Errorf("after the receipt: %q %q %v", status, errText, err)
	}
}
