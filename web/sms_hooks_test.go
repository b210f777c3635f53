package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"civhub"
	"civhub/jobs"
	"civhub/sms"
	"civhub/sms/smstest"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
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

// TestAfricasTalkingCallbacks: Africa's Talking's callbacks are unsigned, so none of their words is
// believed. A message that arrives only has the inbox read soon (nothing is kept from the form); a
// delivery report counts only when it names the ID of a message civhub sent through the provider,
// and only when it is final.
func TestAfricasTalkingCallbacks(t *testing.T) {
	db := sqldbtest.Open(t, sqldb.SQLite)
	if err := jobs.Migrate(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	var nudges atomic.Int32
	srv := httptest.NewServer(newServerOn(t, db, nil, func(c *Config) {
		c.SMSGateway = "africastalking"
		c.FetchSMSSoon = func(context.Context) error { nudges.Add(1); return nil }
	}))
	t.Cleanup(srv.Close)
	hook := srv.URL + "/hooks/sms/africastalking"
	fake := smstest.NewAfricasTalking(t)
	count := func(query string, args ...any) int {
		t.Helper()
		var n int
		if err := db.Writer().QueryRow(query, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	if code := fake.Receive(t, hook, "+254712345678", "TASKS"); code != http.StatusOK || nudges.Load() != 1 {
		t.Fatalf("a message that arrived: %d, %d readings asked", code, nudges.Load())
	}
	if n := count(`SELECT COUNT(*) FROM sms_messages`); n != 0 {
		t.Errorf("the unsigned callback's words were kept: %d messages", n)
	}

	var sent, other int64
	for _, m := range []struct {
		id  *int64
		ref string
	}{{&sent, smstest.MessageID(1)}, {&other, smstest.MessageID(2)}} {
		if err := db.Writer().QueryRow(`INSERT INTO sms_messages (direction, number, body, encoding, segments, kind, status, gateway, provider_id, created_at)
			VALUES ('out', '+254712345678', 'civhub: hello', 'gsm7', 1, 'reply', 'sent', 'africastalking', $1, $2) RETURNING id`, m.ref, time.Now().UTC()).Scan(m.id); err != nil {
			t.Fatal(err)
		}
	}
	status := func(id int64) (st, errText string) {
		t.Helper()
		if err := db.Writer().QueryRow(`SELECT status, error FROM sms_messages WHERE id = $1`, id).Scan(&st, &errText); err != nil {
			t.Fatal(err)
		}
		return
	}
	for _, r := range []struct{ id, status string }{
		{smstest.MessageID(1), "Buffered"},   // on its way: nothing to record
		{smstest.MessageID(99), "Failed"},    // an ID civhub never got
		{"civhub-1", "Failed"},               // not the provider's kind of ID
		{"", "Success"},                      // no ID at all
		{smstest.MessageID(2), "NotAStatus"}, // a status the provider does not send
	} {
		if code := fake.Report(t, hook, r.id, "+254712345678", r.status, ""); code != http.StatusOK {
			t.Errorf("report %q %q: %d", r.id, r.status, code)
		}
	}
	if st, _ := status(sent); st != civhub.SMSSent {
		t.Errorf("after reports that name nothing civhub sent: %s", st)
	}
	if st, _ := status(other); st != civhub.SMSSent {
		t.Errorf("another message after reports that name nothing civhub sent: %s", st)
	}
	if code := fake.Report(t, hook, smstest.MessageID(1), "+254712345678", "Failed", "UserInBlacklist"); code != http.StatusOK {
		t.Fatalf("the failure report: %d", code)
	}
	if st, errText := status(sent); st != civhub.SMSFailed || !strings.Contains(errText, "UserInBlacklist") {
		t.Errorf("after the failure report: %s %q", st, errText)
	}
	if code := fake.Report(t, hook, smstest.MessageID(2), "+254712345678", "Success", ""); code != http.StatusOK {
		t.Fatalf("the delivery report: %d", code)
	}
	if st, _ := status(other); st != civhub.SMSDelivered {
		t.Errorf("after the delivery report: %s", st)
	}
	if n := nudges.Load(); n != 1 {
		t.Errorf("reports asked for %d readings", n-1)
	}
	resp, err := http.Post(hook, "application/x-www-form-urlencoded", strings.NewReader("from="+strings.Repeat("9", 70<<10)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest && resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a callback too large: %d", resp.StatusCode)
	}
}
