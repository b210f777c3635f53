package web

import (
	"encoding/json"
	"net/http"
	"testing"

	"civhub/sqldb"
)

// TestEventAPI: the venue and the link reach only people with a place; registering through the
// API gives a place, then a place on the waitlist once the event is full; cancelling offers the
// freed place to the first person waiting.
func TestEventAPI(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	type event struct {
		Event struct {
			Venue     string `json:"venue"`
			OnlineURL string `json:"online_url"`
		} `json:"event"`
		Registration *struct{ Status string } `json:"registration"`
	}
	get := func(role string) event {
		t.Helper()
		resp := f.api(role, http.MethodGet, "/api/v1/events/camp-alpha", "")
		var out event
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != 200 {
			t.Fatalf("get: %d %v", resp.StatusCode, err)
		}
		return out
	}
	if e := get(anon); e.Event.Venue != "" || e.Event.OnlineURL != "" {
		t.Fatalf("the venue shows to a visitor: %+v", e.Event)
	}
	if e := get(orgAdmin); e.Event.Venue != "iHub" {
		t.Fatalf("the organizer does not see the venue: %+v", e.Event)
	}
	register := func(role string) string {
		t.Helper()
		resp := f.api(role, http.MethodPost, "/api/v1/events/camp-alpha/registration", "")
		var out struct{ Status string }
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusCreated {
			t.Fatalf("register %s: %d %v", role, resp.StatusCode, err)
		}
		return out.Status
	}
	if s1, s2, s3 := register(volunteer), register(other), register(member); s1 != "registered" || s2 != "registered" || s3 != "waitlisted" {
		t.Fatalf("statuses: %s %s %s", s1, s2, s3)
	}
	if e := get(volunteer); e.Event.Venue != "iHub" || e.Registration == nil || e.Registration.Status != "registered" {
		t.Fatalf("a registered person: %+v %+v", e.Event, e.Registration)
	}
	if e := get(member); e.Event.Venue != "" {
		t.Fatal("the venue shows to someone waiting")
	}
	if resp := f.api(volunteer, http.MethodDelete, "/api/v1/events/camp-alpha/registration", ""); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("cancel: %d", resp.StatusCode)
	}
	if e := get(member); e.Registration == nil || e.Registration.Status != "offered" {
		t.Fatalf("the first person waiting after a cancellation: %+v", e.Registration)
	}
	resp := f.api(anon, http.MethodGet, "/api/v1/events", "")
	var list struct {
		Events []struct{ Slug, Venue string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil || len(list.Events) != 3 || list.Events[0].Venue != "" {
		t.Fatalf("the list: %+v %v", list, err)
	}
}
