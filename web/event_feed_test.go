package web

import (
	"io"
	"net/http"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"
	"github.com/mmcdole/gofeed"

	"civhub/sqldb"
)

// TestEventFeeds: an event's calendar and the feed of upcoming events parse with real parsers;
// the calendar names the city but never the venue or the link, and drafts are in neither.
func TestEventFeeds(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	resp := f.do(anon, http.MethodGet, "/events/camp-alpha/calendar.ics", nil)
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/calendar; charset=utf-8" {
		t.Fatalf("the calendar: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	cal, err := ics.ParseCalendar(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	events := cal.Events()
	if len(events) != 1 {
		t.Fatalf("%d events in the calendar", len(events))
	}
	e, err := f.s.events.events.FindEvent(t.Context(), "camp-alpha")
	if err != nil {
		t.Fatal(err)
	}
	starts, err := events[0].GetStartAt()
	if err != nil || !starts.Equal(e.Starts) || events[0].GetProperty(ics.ComponentPropertySummary).Value != e.Title ||
		!strings.Contains(events[0].GetProperty(ics.ComponentPropertyLocation).Value, "Nairobi") {
		t.Fatalf("the event: %s %v\n%s", starts, err, raw)
	}
	if strings.Contains(string(raw), "iHub") || strings.Contains(string(raw), "meet.example.org") {
		t.Fatalf("the calendar tells where only registered people may know:\n%s", raw)
	}
	if resp := f.do(anon, http.MethodGet, "/events/camp-draft/calendar.ics", nil); resp.StatusCode != 404 {
		t.Fatalf("a draft's calendar: %d", resp.StatusCode)
	}
	resp = f.do(anon, http.MethodGet, "/events.atom", nil)
	raw, _ = io.ReadAll(resp.Body)
	feed, err := gofeed.NewParser().ParseString(string(raw))
	if err != nil || feed.FeedType != "atom" {
		t.Fatalf("the feed: %v\n%s", err, raw)
	}
	if got := titles(feed); len(got) != 3 || strings.Contains(string(raw), "camp-draft") || feed.Items[0].Link != "http://example.com/events/camp-alpha" {
		t.Fatalf("the feed: %q\n%s", got, raw)
	}
}

// TestPersonCalendar: a person's private calendar lists the events they have a place at or wait
// for, without venues; replacing the address stops the old one, and stopping it stops it.
func TestPersonCalendar(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	newAddress := func() string {
		t.Helper()
		resp := f.do(volunteer, http.MethodPost, "/me/events/calendar", nil)
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("making the address: %d %s", resp.StatusCode, resp.Header.Get("Cache-Control"))
		}
		i := strings.Index(string(body), "/calendars/people/cal")
		if i < 0 {
			t.Fatalf("no address on the page:\n%s", body)
		}
		path := string(body[i:])
		return path[:strings.Index(path, ".ics")+len(".ics")]
	}
	status := func(path string) int { return f.do(anon, http.MethodGet, path, nil).StatusCode }
	first := newAddress()
	resp := f.do(anon, http.MethodGet, first, nil)
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("the calendar: %d", resp.StatusCode)
	}
	cal, err := ics.ParseCalendar(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	// The volunteer has a place at hack-alpha (the hackathon of the fixture).
	if got := cal.Events(); len(got) != 1 || got[0].GetProperty(ics.ComponentPropertySummary).Value != "Alpha hackathon" ||
		strings.Contains(string(raw), "meet.example.org") {
		t.Fatalf("the person's calendar:\n%s", raw)
	}
	second := newAddress()
	if status(first) != 404 || status(second) != 200 {
		t.Fatalf("after replacing: the old address %d, the new %d", status(first), status(second))
	}
	if resp := f.do(volunteer, http.MethodPost, "/me/events/calendar/stop", nil); resp.StatusCode != 303 {
		t.Fatalf("stopping: %d", resp.StatusCode)
	}
	if status(second) != 404 {
		t.Fatalf("a stopped address: %d", status(second))
	}
}
