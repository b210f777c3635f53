package web

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"civhub"
	"civhub/sqldb"
	"civhub/web/webtest"
)

// verify makes o verified, as a moderator would.
func (f *fixture) verify(t *testing.T, o *civhub.Organization, by *civhub.Person) {
	t.Helper()
	ctx := context.Background()
	req := &civhub.VerificationRequest{OrganizationID: o.ID, Evidence: "Registered with the NGO board since 2019."}
	if err := f.s.organizations.verifications.RequestVerification(ctx, req, by.ID); err != nil {
		t.Fatal(err)
	}
	if err := f.s.organizations.verifications.DecideVerification(ctx, req.ID, true, "", f.people[moderator].ID); err != nil {
		t.Fatal(err)
	}
}

// getFeed fetches path as nobody and reads it as Atom, failing unless it is valid.
func getFeed(t *testing.T, f *fixture, path string, header http.Header) (*http.Response, *gofeed.Feed) {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, path, nil)
	for k, v := range header {
		r.Header[k] = v
	}
	w := httptest.NewRecorder()
	f.s.ServeHTTP(w, r)
	resp := w.Result()
	if resp.StatusCode != http.StatusOK {
		return resp, nil
	}
	body := w.Body.String()
	if ct := resp.Header.Get("Content-Type"); ct != "application/atom+xml; charset=utf-8" {
		t.Fatalf("%s: content type %q", path, ct)
	}
	// Well-formed XML with the elements RFC 4287 requires of a feed and of each entry.
	var raw struct {
		XMLName xml.Name
		Lang    string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Entries []struct {
			ID      string `xml:"id"`
			Title   string `xml:"title"`
			Updated string `xml:"updated"`
			Link    struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(body), &raw); err != nil {
		t.Fatalf("%s: not XML: %v\n%s", path, err, body)
	}
	if raw.XMLName.Space != "http://www.w3.org/2005/Atom" || raw.XMLName.Local != "feed" || raw.ID == "" || raw.Title == "" || raw.Updated == "" || raw.Lang == "" {
		t.Fatalf("%s: not an Atom feed: %+v", path, raw)
	}
	for _, e := range raw.Entries {
		if e.ID == "" || e.Title == "" || e.Updated == "" || !strings.HasPrefix(e.Link.Href, "http://example.com/tasks/") {
			t.Fatalf("%s: an incomplete entry: %+v", path, e)
		}
	}
	feed, err := gofeed.NewParser().ParseString(body)
	if err != nil || feed.FeedType != "atom" {
		t.Fatalf("%s: %v (%s)", path, err, body)
	}
	return resp, feed
}

func titles(feed *gofeed.Feed) []string {
	var out []string
	for _, it := range feed.Items {
		out = append(out, it.Title)
	}
	return out
}

// TestTaskFeed: any search of the task list is an Atom feed with the list's filters, in the
// language its address names, listing only what the list shows to everyone — never the tasks of
// an unverified organization or of one in at-risk mode, even verified — on both databases.
func TestTaskFeed(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			f := newFixture(t, d)
			ctx := context.Background()
			f.verify(t, f.gamma, f.people[orgAdmin])
			f.needWithTask(t, f.gamma, f.people[orgAdmin])
			deadline := time.Date(2030, 3, 5, 0, 0, 0, 0, time.UTC)
			translation := &civhub.Task{NeedID: f.needB.ID, Title: "Traducir el folleto", Description: "Del español al árabe, dos páginas.",
				Type: civhub.TaskTranslation, EstimatedHours: 3, VolunteersWanted: 1, Urgency: civhub.UrgencyNormal, JoinMode: civhub.JoinClaim,
				ClaimHours: 24, SourceLanguage: "es", TargetLanguage: "ar", Deadline: &deadline}
			if err := f.s.work.needs.CreateTask(ctx, translation, f.people[otherOrg].ID); err != nil {
				t.Fatal(err)
			}

			_, all := getFeed(t, f, "/tasks.atom", nil)
			// The fixture's translation of a toolkit is an open task of beta's too.
			if got := titles(all); len(got) != 3 || got[0] != translation.Title || got[1] != "Translate the flood guide" || got[2] != f.taskB.Title {
				t.Fatalf("every open task: %q", got)
			}
			if all.Items[0].Link != fmt.Sprintf("http://example.com/tasks/%d", translation.ID) || all.Items[0].Author == nil ||
				all.Items[0].Author.Name != f.beta.Name || !strings.Contains(all.Items[0].Description, "March 5, 2030") {
				t.Fatalf("the entry: %+v", all.Items[0])
			}

			_, typed := getFeed(t, f, "/tasks.atom?type=translation_work", nil)
			if got := titles(typed); len(got) != 2 || got[0] != translation.Title {
				t.Fatalf("translations: %q", got)
			}
			_, es := getFeed(t, f, "/tasks.atom?q=folleto&lang=es", nil)
			if got := titles(es); len(got) != 1 || es.Title != "civhub: Tareas abiertas que coinciden con «folleto»" || es.Language != "es" ||
				!strings.Contains(es.Items[0].Description, "Traducción") || !strings.Contains(es.Items[0].Description, "5 de marzo de 2030") {
				t.Fatalf("in Spanish: %q %q %q", es.Title, es.Language, got)
			}
			// The language of the reader's browser, when the address names none.
			_, fr := getFeed(t, f, "/tasks.atom", http.Header{"Accept-Language": {"fr"}})
			if fr.Title != "civhub: Tâches ouvertes" {
				t.Fatalf("in French: %q", fr.Title)
			}

			// Light and cacheable: a reader who has the feed is told nothing changed.
			resp, _ := getFeed(t, f, "/tasks.atom?type=translation_work", nil)
			etag, modified := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
			if etag == "" || modified == "" {
				t.Fatalf("ETag %q, Last-Modified %q", etag, modified)
			}
			if resp, _ := getFeed(t, f, "/tasks.atom?type=translation_work", http.Header{"If-None-Match": {etag}}); resp.StatusCode != http.StatusNotModified {
				t.Fatalf("If-None-Match: %d", resp.StatusCode)
			}
			if resp, _ := getFeed(t, f, "/tasks.atom?type=translation_work", http.Header{"If-Modified-Since": {modified}}); resp.StatusCode != http.StatusNotModified {
				t.Fatalf("If-Modified-Since: %d", resp.StatusCode)
			}
			if resp, _ := getFeed(t, f, "/tasks.atom", http.Header{"If-None-Match": {etag}}); resp.StatusCode != http.StatusOK {
				t.Fatalf("another search with the first one's ETag: %d", resp.StatusCode)
			}
		})
	}
}

// TestTaskFeedHostileQueries: whatever the address holds, the feed answers valid Atom (or refuses
// text that cannot be stored with 400), never a server error.
func TestTaskFeedHostileQueries(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	for _, q := range []string{
		"q=" + url.QueryEscape(`<script>alert(1)</script> ]]> & "'`),
		"q=" + url.QueryEscape(strings.Repeat("é", 300)),
		"q=" + url.QueryEscape(strings.Repeat("a ", 500)),
		"q=" + url.QueryEscape("NEAR(a b) OR \"x\" * -y :z ^"),
		"q=" + url.QueryEscape("\uFFFE\uFFFF\u202E"),
		"type=" + url.QueryEscape(`"><x>`), "skill=../../etc", "language=" + strings.Repeat("x", 5000),
		"country=%FF%FE", "cause=sdg99", "remote=maybe", "max_hours=99999999999999999999", "max_hours=-5",
		"due=-1", "due=7&due=30", "sort=deadline&after=garbage", "sort=deadline&after=9999999999999999999-1",
		"after=-1", "lang=xx", "lang=" + url.QueryEscape("../es"), "urgent=on&sort=deadline", "q=a&q=b&type=translation_work&type=mapping",
		"%zz=1", "q=%",
	} {
		resp, _ := getFeed(t, f, "/tasks.atom?"+q, nil)
		if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %d", q, resp.StatusCode)
		}
	}
	if resp := f.do(anon, methodGet, "/tasks.atom?q=a%00b", nil); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a NUL in the query: %d, want 400", resp.StatusCode)
	}
}

// TestFeedDiscovery: the pages that have a feed announce it in their head, with their current
// search and language, so that a browser or feed reader subscribes to what the person sees.
func TestFeedDiscovery(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	alternates := func(path string) map[string]string {
		t.Helper()
		doc := webtest.Parse(t, f.do(anon, methodGet, path, nil).Body)
		out := map[string]string{}
		for _, n := range doc.All(`head link[rel="alternate"]`) {
			out[webtest.Attr(n, "type")] = webtest.Attr(n, "href")
		}
		return out
	}
	if got := alternates("/tasks?q=folleto&type=translation_work&after=12"); got["application/atom+xml"] != "/tasks.atom?lang=en&q=folleto&type=translation_work" {
		t.Fatalf("the task list: %v", got)
	}
	got := alternates("/resources?country=KE")
	if got["application/atom+xml"] != "/resources.atom?country=KE&lang=en" || got["application/rss+xml"] != "/resources.rss?country=KE&lang=en" {
		t.Fatalf("the directory: %v", got)
	}
	for _, href := range got {
		if resp := f.do(anon, methodGet, href, nil); resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", href, resp.StatusCode)
		}
	}
	if got := alternates("/"); len(got) != 0 {
		t.Fatalf("the home page has no feed, and announces %v", got)
	}
}
