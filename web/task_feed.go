package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/xml"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"civhub"
	"civhub/i18n"
)

// An Atom feed of a task search (RFC 4287), written with encoding/xml so that the feed can say its
// language (xml:lang) and carry each task's type as a category.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomAuthor  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr"`
}

type atomEntry struct {
	ID        string       `xml:"id"`
	Title     string       `xml:"title"`
	Updated   string       `xml:"updated"`
	Published string       `xml:"published"`
	Author    atomAuthor   `xml:"author"`
	Link      atomLink     `xml:"link"`
	Category  atomCategory `xml:"category"`
	Summary   string       `xml:"summary"`
}

// feedSummaryLength bounds the part of a task's description a feed entry carries.
const feedSummaryLength = 600

// taskFeedQuery keeps the search of a task list's query string for its feed: the filters, without
// the page cursor, each once.
func taskFeedQuery(q url.Values) url.Values {
	out := url.Values{}
	for k, vs := range q {
		if k != "after" && k != "lang" && len(vs) > 0 && vs[0] != "" {
			out[k] = vs[:1]
		}
	}
	return out
}

// taskFeedLink is the task list's announcement of its feed, in the viewer's language, which the
// feed keeps: feed readers send no language of their own.
func taskFeedLink(l *i18n.Locale, q url.Values) FeedLink {
	fq := taskFeedQuery(q)
	fq.Set("lang", l.Code)
	return FeedLink{Type: "application/atom+xml", Title: l.T("task.feed.title"), Href: "/tasks.atom?" + fq.Encode()}
}

// feedLocale is the language of a feed: the one its address names ("lang", which the pages that
// announce a feed put there), else the reader's.
func (s *kit) feedLocale(r *http.Request) *i18n.Locale {
	if chosen := s.catalog.Locale(r.URL.Query().Get("lang")); chosen != nil {
		return chosen
	}
	return requestInfoOf(r).locale
}

// taskFeed serves a search of open tasks as Atom, with the same filters as the task list, so that
// anyone can follow new tasks that fit them. It lists what the list shows to everyone: open tasks
// of verified organizations, never those of organizations in at-risk mode.
func (s *work) taskFeed(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	l := s.feedLocale(r)
	f := readTaskFilter(q)
	if _, ok := s.taxonomy.Skill(f.Skill); !ok {
		f.Skill = ""
	}
	f.Limit, f.After = feedSize, ""
	page, err := s.tasks.SearchTasks(r.Context(), f)
	if err != nil {
		return err
	}
	search := "/tasks"
	if fq := taskFeedQuery(q).Encode(); fq != "" {
		search += "?" + fq
	}
	self := "/tasks.atom"
	if q.Encode() != "" {
		self += "?" + q.Encode()
	}
	feed := &atomFeed{Lang: l.Code, ID: s.absoluteURL(s.baseURL, r, self), Title: "civhub: " + l.T("task.feed.title"),
		Author: atomAuthor{Name: "civhub"},
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: s.absoluteURL(s.baseURL, r, self)},
			{Rel: "alternate", Type: "text/html", Href: s.absoluteURL(s.baseURL, r, search)}}}
	if f.Query != "" {
		feed.Title = "civhub: " + l.T("task.feed.title_search", map[string]any{"Query": l.Isolate(f.Query)})
	}
	updated := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, t := range page.Tasks {
		if t.UpdatedAt.After(updated) {
			updated = t.UpdatedAt
		}
		link := s.absoluteURL(s.baseURL, r, "/tasks/"+strconv.FormatInt(t.ID, 10))
		feed.Entries = append(feed.Entries, atomEntry{ID: link, Title: t.Title, Updated: atomTime(t.UpdatedAt),
			Published: atomTime(t.CreatedAt), Author: atomAuthor{Name: t.OrgName}, Link: atomLink{Rel: "alternate", Href: link},
			Category: atomCategory{Term: t.Type, Label: l.T("task_type." + t.Type)}, Summary: taskFeedSummary(l, t)})
	}
	feed.Updated = atomTime(updated)
	var body bytes.Buffer
	body.WriteString(xml.Header)
	if err := xml.NewEncoder(&body).Encode(feed); err != nil {
		return err
	}
	return writeCacheable(w, r, "application/atom+xml; charset=utf-8", updated, body.Bytes())
}

// atomTime writes a moment as RFC 3339 in UTC.
func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// taskFeedSummary is a task in a few words — its type, effort, place, deadline and organization —
// and the start of its description.
func taskFeedSummary(l *i18n.Locale, t *civhub.Task) string {
	parts := []string{l.T("task_type." + t.Type), l.N("task.hours", t.EstimatedHours)}
	if t.Remote {
		parts = append(parts, l.T("task.remote"))
	} else if t.Country != "" {
		parts = append(parts, l.Country(t.Country))
	}
	if t.Deadline != nil {
		parts = append(parts, l.T("task.due", map[string]any{"Date": l.Day(*t.Deadline)}))
	}
	parts = append(parts, t.OrgName)
	summary := strings.Join(parts, " · ")
	if d := strings.TrimSpace(t.Description); d != "" {
		if utf8.RuneCountInString(d) > feedSummaryLength {
			d = string([]rune(d)[:feedSummaryLength]) + "…"
		}
		summary += "\n\n" + d
	}
	return summary
}

// writeCacheable sends body with an ETag and a Last-Modified date, and answers 304 Not Modified to a
// reader who has it already: feed readers ask often, and most of the time nothing changed.
func writeCacheable(w http.ResponseWriter, r *http.Request, contentType string, modified time.Time, body []byte) error {
	sum := sha256.Sum256(body)
	etag := `"` + base64.RawURLEncoding.EncodeToString(sum[:16]) + `"`
	h := w.Header()
	h.Set("ETag", etag)
	h.Set("Last-Modified", modified.UTC().Format(http.TimeFormat))
	h.Set("Cache-Control", "public, max-age=300")
	h.Add("Vary", "Accept-Language")
	if match := r.Header.Get("If-None-Match"); match != "" {
		if etagMatches(match, etag) {
			w.WriteHeader(http.StatusNotModified)
			return nil
		}
	} else if since, err := http.ParseTime(r.Header.Get("If-Modified-Since")); err == nil && !modified.Truncate(time.Second).After(since) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	h.Set("Content-Type", contentType)
	_, err := w.Write(body)
	return err
}

// etagMatches reports whether an If-None-Match header names etag (weakly, as RFC 9110 asks of
// If-None-Match: a compressing proxy may have marked it W/).
func etagMatches(header, etag string) bool {
	for _, candidate := range strings.Split(header, ",") {
		candidate = strings.TrimPrefix(strings.TrimSpace(candidate), "W/")
		if candidate == "*" || candidate == etag {
			return true
		}
	}
	return false
}
