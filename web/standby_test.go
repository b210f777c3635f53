package web

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"civhub"
	"civhub/sqldb"
)

// TestPhoneAndStandby: a volunteer adds a number, gets the code by SMS (kept in the log the
// administrators' page shows while no gateway is set up), mistypes it and sees why, confirms it,
// then joins the standby roster by SMS and email, pauses and resumes; what they typed survives
// a refusal.
func TestPhoneAndStandby(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	page := func(role, path string) string {
		t.Helper()
		resp := f.do(role, http.MethodGet, path, nil)
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
		return string(body)
	}
	post := func(path string, form url.Values) (*http.Response, string) {
		t.Helper()
		resp := f.do(volunteer, http.MethodPost, path, form)
		body, _ := io.ReadAll(resp.Body)
		return resp, string(body)
	}
	// No gateway is set up here: both pages say so rather than promise text messages.
	if !strings.Contains(page(volunteer, "/me/phone"), "This civhub sends no text messages yet") ||
		!strings.Contains(page(volunteer, "/me/standby"), "so alerts come by email") {
		t.Error("the phone and standby pages do not say that no SMS gateway is set up")
	}
	if resp, body := post("/me/phone", url.Values{"number": {"0612 345 678"}}); resp.StatusCode != 400 ||
		!strings.Contains(body, `id="f-number-error"`) || !strings.Contains(body, `value="0612 345 678"`) {
		t.Fatalf("a number without its country code: %d\n%s", resp.StatusCode, body)
	}
	if resp, _ := post("/me/phone", url.Values{"number": {"+212 612 345 678"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("giving the number: %d", resp.StatusCode)
	}
	log, err := f.s.crisis.smsLog.RecentSMS(t.Context(), 10)
	if err != nil || len(log) != 1 || log[0].Number != "+212612345678" || log[0].Encoding != "gsm7" || log[0].Segments != 1 {
		t.Fatalf("the log: %+v %v", log, err)
	}
	code := regexp.MustCompile(`\d{6}`).FindString(log[0].Body)
	if !strings.HasPrefix(log[0].Body, "Your civhub code is "+code) {
		t.Fatalf("the message: %q", log[0].Body)
	}
	if body := page(volunteer, "/me/phone"); !strings.Contains(body, `id="f-code"`) || !strings.Contains(body, "212612345678") {
		t.Fatalf("the page waiting for the code:\n%s", body)
	}
	if body := page(admin, "/admin/sms"); !strings.Contains(body, log[0].Body) {
		t.Fatalf("the administrators' page of messages:\n%s", body)
	}
	if resp, body := post("/me/phone/verify", url.Values{"code": {wrongCode(code)}}); resp.StatusCode != 400 || !strings.Contains(body, `id="f-code-error"`) {
		t.Fatalf("a wrong code: %d\n%s", resp.StatusCode, body)
	}
	if resp, _ := post("/me/phone/verify", url.Values{"code": {code[:3] + " " + code[3:]}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the right code, with a space: %d", resp.StatusCode)
	}
	if body := page(volunteer, "/me/phone"); strings.Contains(body, `id="f-code"`) || !strings.Contains(body, "badge ok") {
		t.Fatalf("the page once confirmed:\n%s", body)
	}

	// The roster: the form starts from the profile, and SMS is offered now that the number works.
	if body := page(volunteer, "/me/standby"); !strings.Contains(body, `value="sms" checked`) || !strings.Contains(body, `value="22:00"`) {
		t.Fatalf("a first pledge's form:\n%s", body)
	}
	bad := url.Values{"regions": {"Souss-Massa"}, "skills": {"translation"}, "languages": {"ar", "fr"}, "channels": {"sms"},
		"quiet_from": {"22:00"}, "quiet_to": {"06:30"}, "first_week_hours": {"0"}}
	if resp, body := post("/me/standby", bad); resp.StatusCode != 400 || !strings.Contains(body, `value="Souss-Massa"`) ||
		!strings.Contains(body, "Say where you can help") || !strings.Contains(body, `id="f-first_week_hours-error"`) {
		t.Fatalf("a pledge without a place or hours: %d\n%s", resp.StatusCode, body)
	}
	good := bad
	good.Set("country", "MA")
	good.Set("first_week_hours", "12")
	if resp, _ := post("/me/standby", good); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("joining: %d", resp.StatusCode)
	}
	pl, err := f.s.crisis.standby.Pledge(t.Context(), f.people[volunteer].ID)
	if err != nil || !pl.Active() || pl.QuietTo != 6*60+30 || pl.FirstWeekHours != 12 || strings.Join(pl.Countries, ",") != "MA" {
		t.Fatalf("the pledge: %+v %v", pl, err)
	}
	if resp, _ := post("/me/standby/pause", url.Values{"paused": {"yes"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("pausing: %d", resp.StatusCode)
	}
	if body := page(volunteer, "/me/standby"); !strings.Contains(body, `name="paused" value="no"`) {
		t.Fatalf("a paused pledge's page:\n%s", body)
	}
	if resp, _ := post("/me/standby/pause", url.Values{"paused": {"no"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("resuming: %d", resp.StatusCode)
	}
	if pl, _ := f.s.crisis.standby.Pledge(t.Context(), f.people[volunteer].ID); !pl.Active() {
		t.Fatalf("resumed: %+v", pl)
	}
	// Others see nothing of it: the number is the volunteer's alone.
	if body := page(other, "/me/phone"); strings.Contains(body, "612345678") {
		t.Fatal("someone else's phone page shows the number")
	}
	if _, err := f.s.crisis.phones.Phone(t.Context(), f.people[other].ID); civhub.ErrorCode(err) != civhub.ENOTFOUND {
		t.Fatalf("another person's number: %v", err)
	}
}

// wrongCode is a six-digit code other than code.
func wrongCode(code string) string {
	if code == "000000" {
		return "111111"
	}
	return "000000"
}
