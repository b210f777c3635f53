package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/mmcdole/gofeed"

	"civhub"
	"civhub/sqldb"
	"civhub/web/webtest"
)

// TestFeeds: a directory search as Atom, RSS and iCalendar, read back with real parsers; and an
// organization's private calendar of its saved deadlines, whose address can be replaced and stopped.
func TestFeeds(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	ctx := context.Background()
	deadline := time.Date(2099, 3, 31, 23, 59, 59, 0, time.UTC)
	dated := &civhub.Resource{Kind: civhub.ResourceGrant, Title: "Fondo de resiliencia 2099", Provider: "Fundación Costa", URL: "https://costa.example.cl",
		Deadline: &deadline, Countries: []string{"CL", "KE"}, AmountMax: 5000, Currency: "USD", Description: "Para juntas de vecinos."}
	if err := f.s.directory.resources.SubmitResource(ctx, dated, f.people[moderator].ID); err != nil {
		t.Fatal(err)
	}
	if err := f.s.directory.resources.ReviewResource(ctx, dated.ID, civhub.DecidePublish, "", f.people[moderator].ID); err != nil {
		t.Fatal(err)
	}
	parser := gofeed.NewParser()
	for _, path := range []string{"/resources.atom?country=CL", "/resources.rss?country=CL"} {
		resp := f.do(anon, methodGet, path, nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
		feed, err := parser.Parse(resp.Body)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if len(feed.Items) != 2 || feed.Items[0].Title != dated.Title || feed.Items[0].Link != fmt.Sprintf("http://example.com/resources/%d", dated.ID) ||
			!strings.Contains(feed.Items[0].Description, "USD 5,000") || feed.Items[1].Title != f.pub.Title {
			t.Fatalf("%s: %d items, first %+v", path, len(feed.Items), feed.Items[0])
		}
	}
	if feed, err := parser.Parse(f.do(anon, methodGet, "/resources.atom?country=CL&kind=award", nil).Body); err != nil || len(feed.Items) != 0 {
		t.Fatalf("a search with no match: %v, %v", feed, err)
	}

	resp := f.do(anon, methodGet, "/resources.ics?country=CL", nil)
	if resp.Header.Get("Content-Type") != "text/calendar; charset=utf-8" {
		t.Fatalf("content type %q", resp.Header.Get("Content-Type"))
	}
	cal, err := ics.ParseCalendar(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	events := cal.Events()
	if len(events) != 1 { // the rolling entry has no deadline to show
		t.Fatalf("%d events, want 1", len(events))
	}
	day, err := events[0].GetAllDayStartAt()
	if err != nil || day.Format(time.DateOnly) != "2099-03-31" || events[0].GetProperty(ics.ComponentPropertySummary).Value != "Deadline: "+dated.Title {
		t.Fatalf("the event: %v %v %q", day, err, events[0].GetProperty(ics.ComponentPropertySummary).Value)
	}

	// alpha saves the dated entry and makes its private calendar.
	if err := f.s.radar.tracker.Track(ctx, f.alpha.ID, dated.ID, civhub.StagePreparing, "", f.people[orgAdmin].ID); err != nil {
		t.Fatal(err)
	}
	address := func() string {
		t.Helper()
		resp := f.do(orgAdmin, methodPost, "/orgs/alpha/calendar", nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("make the calendar: %d", resp.StatusCode)
		}
		u, err := url.Parse(webtest.Attr(webtest.Parse(t, resp.Body).One(`#calendar ~ p input[readonly]`), "value"))
		if err != nil || !strings.HasPrefix(u.Path, "/calendars/") {
			t.Fatalf("the calendar address %v: %v", u, err)
		}
		return u.Path
	}
	first := address()
	resp = f.do(anon, methodGet, first, nil)
	cal, err = ics.ParseCalendar(resp.Body)
	if resp.StatusCode != http.StatusOK || err != nil || len(cal.Events()) != 1 || resp.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("alpha's calendar: %d, %v", resp.StatusCode, err)
	}
	second := address()
	if resp := f.do(anon, methodGet, first, nil); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("the replaced address: %d, want 404", resp.StatusCode)
	}
	if resp := f.do(anon, methodGet, second, nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("the new address: %d", resp.StatusCode)
	}
	if doc := webtest.Parse(t, f.do(orgAdmin, methodGet, "/orgs/alpha/radar", nil).Body); len(doc.All(`input[readonly]`)) != 0 {
		t.Fatal("the address is shown again after it was made")
	}
	if resp := f.do(member, methodPost, "/orgs/alpha/calendar/stop", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("stop: %d", resp.StatusCode)
	}
	if resp := f.do(anon, methodGet, second, nil); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("the stopped address: %d, want 404", resp.StatusCode)
	}
}
