package web

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"civhub"
	"civhub/sqldb"
)

// TestCrisisBoard: a moderator activates a crisis from the form (a partner that is not a verified
// organization is named, and what was typed stays); a partner's admin publishes its urgent tasks
// in one step; the board and its JSON count them and name the gaps, and show the tasks of an
// at-risk partner only to its members; stand-down shows the after-action report.
func TestCrisisBoard(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	// Partners are verified organizations: alpha and gamma (at risk) are, for this test.
	if _, err := f.db.Writer().ExecContext(t.Context(), `UPDATE organizations SET verification = $1 WHERE slug IN ('alpha', 'gamma')`,
		civhub.Verified); err != nil {
		t.Fatal(err)
	}
	post := func(role, path string, form url.Values) (*http.Response, string) {
		t.Helper()
		resp := f.do(role, http.MethodPost, path, form)
		body, _ := io.ReadAll(resp.Body)
		return resp, string(body)
	}
	get := func(role, path string) string {
		t.Helper()
		resp := f.do(role, http.MethodGet, path, nil)
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("%s as %s: %d", path, role, resp.StatusCode)
		}
		return string(body)
	}
	form := url.Values{"kind": {"flood"}, "title": {"Inondations à Nairobi"}, "summary": {"Le quartier de *Mathare* est sous l'eau."},
		"country": {"KE"}, "languages": {"sw", "en"}, "skills": {"translation"}, "templates": {"translate_health", "shelter_list"},
		"partners": {"alpha, nope"}}
	if resp, body := post(moderator, "/crises/new", form); resp.StatusCode != 400 || !strings.Contains(body, `id="f-partners-error"`) ||
		!strings.Contains(body, `value="Inondations à Nairobi"`) || !strings.Contains(body, `value="alpha, nope"`) {
		t.Fatalf("an unknown partner: %d\n%s", resp.StatusCode, body)
	}
	if resp, _ := post(volunteer, "/crises/new", form); resp.StatusCode != 403 {
		t.Fatalf("a volunteer activates: %d", resp.StatusCode)
	}
	form.Set("partners", "alpha, /orgs/gamma")
	resp, body := post(moderator, "/crises/new", form)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/crises/inondations-a-nairobi" {
		t.Fatalf("activating: %d %s\n%s", resp.StatusCode, resp.Header.Get("Location"), body)
	}
	board := "/crises/inondations-a-nairobi"
	if body := get(orgAdmin, board); !strings.Contains(body, `action="`+board+`/publish"`) || !strings.Contains(body, "GAMMA") {
		t.Fatalf("the board as a partner's admin:\n%s", body)
	}
	if body := get(volunteer, board); strings.Contains(body, "/publish") || strings.Contains(body, "stand-down") || strings.Contains(body, ">GAMMA<") {
		t.Fatalf("the board as a volunteer shows forms or the at-risk partner:\n%s", body)
	}
	for _, org := range []string{"alpha", "gamma"} {
		resp, _ := post(orgAdmin, board+"/publish", url.Values{"organization": {org}, "language": {"en"}, "templates": {"translate_health", "shelter_list"}})
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/needs/") {
			t.Fatalf("publishing for %s: %d %s", org, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	if resp, _ := post(member, board+"/publish", url.Values{"organization": {"alpha"}, "language": {"en"}, "templates": {"shelter_list"}}); resp.StatusCode != 403 {
		t.Fatalf("a member who does not run the organization publishes: %d", resp.StatusCode)
	}
	body = get(volunteer, board)
	for _, want := range []string{"Inondations à Nairobi: translate public-health messages into Swahili", "Nobody yet for Swahili",
		"And tasks of organizations in at-risk mode: 2."} {
		if !strings.Contains(body, want) {
			t.Errorf("the board lacks %q", want)
		}
	}
	if body := get(member, board); strings.Contains(body, "at-risk mode: ") {
		t.Errorf("a member of the at-risk partner does not see its tasks")
	}
	var doc struct {
		Crisis    string `json:"crisis"`
		Situation struct {
			Tasks     map[string]int `json:"tasks"`
			Languages []struct {
				ID  string `json:"id"`
				Gap bool   `json:"gap"`
			} `json:"languages"`
		} `json:"situation"`
	}
	raw := get(anon, board+"/situation.json")
	if err := json.Unmarshal([]byte(raw), &doc); err != nil || doc.Crisis != "inondations-a-nairobi" || doc.Situation.Tasks["open"] != 4 ||
		len(doc.Situation.Languages) != 2 || doc.Situation.Languages[0].ID != "sw" || !doc.Situation.Languages[0].Gap || strings.Contains(raw, "GAMMA") {
		t.Fatalf("the JSON: %v\n%s", err, raw)
	}
	// While the crisis is active its listed tasks (alpha's, not gamma's) head the list of tasks.
	if body := get(anon, "/tasks"); !strings.Contains(body, `id="crisis-tasks-h"`) || strings.Count(body, "Inondations à Nairobi: ") != 4 { // above the list, and in it
		t.Fatalf("the list of tasks during the crisis:\n%s", body)
	}
	if resp, _ := post(moderator, board+"/stand-down", url.Values{"lessons": {"Nous n'avions **aucun** traducteur swahili."}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("standing down: %d", resp.StatusCode)
	}
	if body := get(anon, board); !strings.Contains(body, `id="report-h"`) || !strings.Contains(body, "<strong>aucun</strong>") ||
		!strings.Contains(body, "Urgent tasks asked for: 4; done: 0.") {
		t.Fatalf("the after-action report:\n%s", body)
	}
	if body := get(anon, "/tasks"); strings.Contains(body, `id="crisis-tasks-h"`) {
		t.Fatal("the list of tasks still puts the crisis first after the stand-down")
	}
	if resp, _ := post(orgAdmin, board+"/publish", url.Values{"organization": {"alpha"}, "language": {"en"}, "templates": {"shelter_list"}}); resp.StatusCode != 409 {
		t.Fatalf("publishing after the stand-down: %d", resp.StatusCode)
	}
	c, err := f.s.crisis.crises.FindCrisis(t.Context(), "inondations-a-nairobi")
	if err != nil || c.Status != civhub.CrisisStoodDown || len(c.Partners) != 2 {
		t.Fatalf("the crisis: %+v %v", c, err)
	}
}

// TestCrisisAlerts: a coordinator activates a crisis and alerts the matching volunteers on standby
// in the same step; the board counts the alerts waiting, alerting again reaches nobody twice, and
// only coordinators may alert.
func TestCrisisAlerts(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	// The volunteer is on standby for Kenya by email; the other volunteer for Peru.
	for role, country := range map[string]string{volunteer: "KE", other: "PE"} {
		if _, err := f.db.Writer().ExecContext(t.Context(), `INSERT INTO standby (person_id, countries, skills, channels, first_week_hours,
			created_at, updated_at) VALUES ($1, $2, '["translation"]', '["email"]', 5, $3, $3)`, f.people[role].ID, `["`+country+`"]`, time.Now().UTC()); err != nil {
			t.Fatal(err)
		}
	}
	body := func(resp *http.Response) string {
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	form := url.Values{"kind": {"flood"}, "title": {"Floods in Kisumu"}, "country": {"KE"}, "skills": {"translation"}, "alert": {"yes"}}
	resp := f.do(moderator, http.MethodPost, "/crises/new", form)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/crises/floods-in-kisumu" {
		t.Fatalf("activating: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	page := body(f.do(moderator, http.MethodGet, "/crises/floods-in-kisumu", nil))
	for _, want := range []string{"the matching volunteers on standby are being alerted", "Waiting to be sent (quiet hours, or a moment between two alerts): 1.",
		`action="/crises/floods-in-kisumu/alert"`, "On standby and matching now: 1."} {
		if !strings.Contains(page, want) {
			t.Errorf("the board after activating lacks %q", want)
		}
	}
	if resp := f.do(volunteer, http.MethodPost, "/crises/floods-in-kisumu/alert", nil); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("a volunteer alerts the roster: %d", resp.StatusCode)
	}
	if page := body(f.do(volunteer, http.MethodGet, "/crises/floods-in-kisumu", nil)); strings.Contains(page, "/alert") {
		t.Errorf("the board shows a volunteer the form that alerts the roster")
	}
	resp = f.do(moderator, http.MethodPost, "/crises/floods-in-kisumu/alert", nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/crises/floods-in-kisumu#alerts-h" {
		t.Fatalf("alerting again: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if page := body(f.do(moderator, http.MethodGet, "/crises/floods-in-kisumu", nil)); !strings.Contains(page, "Nobody new to alert") {
		t.Errorf("alerting again does not say that nobody new was alerted")
	}
	var doc struct {
		Situation struct {
			Alerts struct {
				Queued int `json:"queued"`
			} `json:"alerts"`
		} `json:"situation"`
	}
	if err := json.Unmarshal([]byte(body(f.do(anon, http.MethodGet, "/crises/floods-in-kisumu/situation.json", nil))), &doc); err != nil || doc.Situation.Alerts.Queued != 1 {
		t.Errorf("the JSON's alerts: %+v %v", doc, err)
	}
	var n int
	if err := f.db.Writer().QueryRow(`SELECT COUNT(*) FROM alerts WHERE person_id = $1`, f.people[volunteer].ID).Scan(&n); err != nil || n != 1 {
		t.Errorf("the volunteer's alerts: %d %v", n, err)
	}
}
