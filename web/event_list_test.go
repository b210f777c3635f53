package web

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"civhub"
	"civhub/sqldb"
)

// TestEventsNearViewer: the list of events starts with those near a signed-in person — held in
// their profile's country, or joinable online — and can show them anywhere or in one country.
func TestEventsNearViewer(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	ctx := t.Context()
	starts := time.Now().Add(10 * 24 * time.Hour).UTC().Truncate(time.Minute)
	for _, c := range []struct{ slug, country, title string }{{"meetup-santiago", "CL", "Meetup Santiago"}, {"meetup-lima", "PE", "Meetup Lima"}} {
		e := &civhub.Event{Slug: c.slug, Kind: civhub.EventMeetup, Mode: civhub.ModeInPerson, Title: c.title, Language: "es",
			TimeZone: "America/Santiago", Starts: starts, Ends: starts.Add(3 * time.Hour), Country: c.country, City: "Centro",
			Status: civhub.EventPublished}
		if err := f.s.events.events.CreateEvent(ctx, e, f.people[orgAdmin].ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.s.account.profiles.SaveProfile(ctx, &civhub.Profile{PersonID: f.people[volunteer].ID, Country: "CL"}); err != nil {
		t.Fatal(err)
	}
	list := func(role, path string) string {
		t.Helper()
		resp := f.do(role, http.MethodGet, path, nil)
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("%s as %s: %d", path, role, resp.StatusCode)
		}
		return string(body)
	}
	for _, c := range []struct {
		role, path, selected string
		shown, hidden        []string
	}{
		{volunteer, "/events", `<option value="near" selected>In Chile and online</option>`, []string{"Meetup Santiago", "TechCamp Nairobi"}, []string{"Meetup Lima"}},
		{volunteer, "/events?where=anywhere", `<option value="anywhere" selected>`, []string{"Meetup Santiago", "Meetup Lima", "TechCamp Nairobi"}, nil},
		{volunteer, "/events?where=pe", `<option value="PE" selected>In Peru</option>`, []string{"Meetup Lima"}, []string{"Meetup Santiago", "TechCamp Nairobi"}},
		{volunteer, "/events?where=online", `<option value="online" selected>`, []string{"TechCamp Nairobi"}, []string{"Meetup Santiago", "Meetup Lima"}},
		{anon, "/events", `<option value="anywhere" selected>`, []string{"Meetup Santiago", "Meetup Lima", "TechCamp Nairobi"}, []string{`value="near"`}},
		{anon, "/events?where=near", `<option value="anywhere" selected>`, []string{"Meetup Lima"}, nil},
		{anon, "/events?where=zz", `<option value="anywhere" selected>`, []string{"Meetup Lima"}, nil},
	} {
		body := list(c.role, c.path)
		if !strings.Contains(body, c.selected) {
			t.Errorf("%s as %s: no %s", c.path, c.role, c.selected)
		}
		for _, s := range c.shown {
			if !strings.Contains(body, s) {
				t.Errorf("%s as %s: %q is missing", c.path, c.role, s)
			}
		}
		for _, s := range c.hidden {
			if strings.Contains(body, s) {
				t.Errorf("%s as %s: %q is shown", c.path, c.role, s)
			}
		}
	}
}
