package web

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"net/http"
	"strings"
	"testing"

	"civhub"
	"civhub/sqldb"
)

// TestProjectScreenshots: a team's member uploads a screenshot with words for screen readers; it
// is kept in two sizes, shown small on the team's page and large behind a link; a bad file or
// missing words are named on the form; others may not add any, and the screenshots of a project
// not yet handed in are seen only by its team and the event's organizers.
func TestProjectScreenshots(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	var photo bytes.Buffer
	jpeg.Encode(&photo, image.NewRGBA(image.Rect(0, 0, 2000, 1000)), nil)
	teamPage := fmt.Sprintf("/events/hack-alpha/teams/%d", f.team)
	add := func(role string, data []byte, alt string) (*http.Response, string) {
		t.Helper()
		resp := f.postFile(role, teamPage+"/screenshots", "screenshot", "shot.jpg", data, map[string]string{"alt": alt})
		body, _ := io.ReadAll(resp.Body)
		return resp, string(body)
	}
	if resp, body := add(volunteer, []byte("<svg onload=alert(1)>"), "The list of shelters"); resp.StatusCode != 400 ||
		!strings.Contains(body, `id="f-screenshot-error"`) || !strings.Contains(body, `value="The list of shelters"`) {
		t.Fatalf("not an image: %d\n%s", resp.StatusCode, body)
	}
	if resp, body := add(volunteer, photo.Bytes(), " "); resp.StatusCode != 400 || !strings.Contains(body, `id="f-alt-error"`) {
		t.Fatalf("no words: %d\n%s", resp.StatusCode, body)
	}
	if resp, _ := add(other, photo.Bytes(), "Not my team"); resp.StatusCode != 403 {
		t.Fatalf("someone outside the team: %d", resp.StatusCode)
	}
	resp, _ := add(volunteer, photo.Bytes(), "The list of shelters on a phone")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasSuffix(resp.Header.Get("Location"), "#shots-h") {
		t.Fatalf("adding it: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	p, err := f.s.hackathons.hack.FindProject(t.Context(), f.project)
	if err != nil || len(p.Screenshots) != 2 {
		t.Fatalf("the project's screenshots: %+v %v", p, err)
	}
	shot := p.Screenshots[1]
	page := f.do(anon, methodGet, teamPage, nil)
	body, _ := io.ReadAll(page.Body)
	small := fmt.Sprintf("/events/hack-alpha/projects/%d/screenshots/%d-small.png", f.project, shot.ID)
	if !strings.Contains(string(body), `src="`+small+`" alt="The list of shelters on a phone"`) || strings.Contains(string(body), `name="screenshot"`) {
		t.Fatalf("the team's page as a visitor:\n%s", body)
	}
	sol := f.do(anon, methodGet, "/solutions/alpha-map", nil)
	body, _ = io.ReadAll(sol.Body)
	if !strings.Contains(string(body), `src="`+small+`" alt="The list of shelters on a phone"`) {
		t.Fatalf("the solution's page:\n%s", body)
	}
	for path, width := range map[string]int{small: screenshotSmallSize, strings.Replace(small, "-small", "", 1): screenshotSize} {
		resp := f.do(anon, methodGet, path, nil)
		data, _ := io.ReadAll(resp.Body)
		cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" || err != nil || cfg.Width != width || cfg.Height != width/2 {
			t.Fatalf("%s: %d %s %v %+v", path, resp.StatusCode, resp.Header.Get("Content-Type"), err, cfg)
		}
	}

	// A project in the making: its screenshots are its team's and the organizers'.
	ctx := t.Context()
	e, err := f.s.events.events.FindEvent(ctx, "hack-alpha")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.events.events.Register(ctx, e.ID, f.people[other].ID); err != nil {
		t.Fatal(err)
	}
	team := &civhub.Team{EventID: e.ID, Name: "Other team"}
	if err := f.s.hackathons.hack.CreateTeam(ctx, team, f.people[other].ID); err != nil {
		t.Fatal(err)
	}
	draft := &civhub.Project{TeamID: team.ID, Title: "Not handed in", Licence: "MIT"}
	if err := f.s.hackathons.hack.SaveProject(ctx, draft, false, f.people[other].ID); err != nil {
		t.Fatal(err)
	}
	hidden, err := f.s.hackathons.hack.AddScreenshot(ctx, team.ID, []byte("\x89PNG"), []byte("\x89PNG"), "Work in progress", f.people[other].ID)
	if err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/events/hack-alpha/projects/%d/screenshots/%d.png", draft.ID, hidden.ID)
	for role, want := range map[string]int{anon: 404, volunteer: 404, other: 200, orgAdmin: 200} {
		if got := f.do(role, methodGet, path, nil).StatusCode; got != want {
			t.Errorf("%s sees the screenshot of a project in the making: %d, want %d", role, got, want)
		}
	}
	// Another project's screenshot is not reached through this one.
	if got := f.do(anon, methodGet, fmt.Sprintf("/events/hack-alpha/projects/%d/screenshots/%d.png", f.project, hidden.ID), nil).StatusCode; got != 404 {
		t.Errorf("through another project: %d", got)
	}
}
