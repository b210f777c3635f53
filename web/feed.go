package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/gorilla/feeds"

	"civhub"
	"civhub/i18n"
)

// feedSize is how many entries a feed of a search carries.
const feedSize = 100

// absURL makes path absolute: on the configured base address, or on the one the request came to.
func (s *directory) absURL(r *http.Request, path string) string {
	return s.absoluteURL(s.baseURL, r, path)
}

// absoluteURL makes path absolute: on base, the configured address, or if it is "" on the one the
// request came to.
func (s *kit) absoluteURL(base string, r *http.Request, path string) string {
	if base != "" {
		return strings.TrimSuffix(base, "/") + path
	}
	scheme := "http"
	if r.TLS != nil || (s.behindProxy && r.Header.Get("X-Forwarded-Proto") == "https") {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}

// feedSearch runs the directory search in the query string for a feed.
func (s *directory) feedSearch(r *http.Request) ([]*civhub.Resource, error) {
	f := readResourceFilter(r.URL.Query())
	f.Limit, f.After = feedSize, ""
	page, err := s.resources.SearchResources(r.Context(), f)
	if err != nil {
		return nil, err
	}
	return page.Resources, nil
}

// resourceFeed serves a search of the directory as Atom or RSS, the filters in the URL.
func (s *directory) resourceFeed(format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		list, err := s.feedSearch(r)
		if err != nil {
			return err
		}
		l := s.feedLocale(r)
		search := "/resources"
		if q := r.URL.RawQuery; q != "" {
			search += "?" + q
		}
		feed := &feeds.Feed{Title: "civhub: " + l.T("resource.list.title"), Link: &feeds.Link{Href: s.absURL(r, search)},
			Description: l.T("resource.list.lead"), Id: s.absURL(r, search), Updated: time.Unix(0, 0).UTC()}
		for _, res := range list {
			published := res.UpdatedAt
			if res.PublishedAt != nil {
				published = *res.PublishedAt
			}
			if res.UpdatedAt.After(feed.Updated) {
				feed.Updated = res.UpdatedAt
			}
			link := s.absURL(r, "/resources/"+strconv.FormatInt(res.ID, 10))
			feed.Items = append(feed.Items, &feeds.Item{Title: res.Title, Link: &feeds.Link{Href: link}, Id: link,
				Author: &feeds.Author{Name: res.Provider}, Created: published, Updated: res.UpdatedAt,
				Description: s.feedSummary(l, res)})
		}
		var body string
		contentType := "application/atom+xml; charset=utf-8"
		if format == "rss" {
			body, err = feed.ToRss()
			contentType = "application/rss+xml; charset=utf-8"
		} else {
			body, err = feed.ToAtom()
		}
		if err != nil {
			return err
		}
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Cache-Control", "public, max-age=900")
		_, err = w.Write([]byte(body))
		return err
	}
}

// feedSummary is a line about an entry: its kind, provider, deadline and amount.
func (s *directory) feedSummary(l *i18n.Locale, r *civhub.Resource) string {
	v := s.viewResource(l, r)
	parts := []string{l.T("resource_kind." + r.Kind), r.Provider}
	if r.Deadline != nil {
		parts = append(parts, l.T("resource.closes", map[string]any{"Date": l.Date(*r.Deadline)}))
	} else {
		parts = append(parts, l.T("resource.rolling"))
	}
	if v.Amount != "" {
		parts = append(parts, strings.NewReplacer("\u2066", "", "\u2069", "").Replace(v.Amount))
	}
	summary := strings.Join(parts, " · ")
	if r.Description != "" {
		summary += "\n\n" + r.Description
	}
	return summary
}

// calendar writes the deadlines of list as an iCalendar: one all-day event on each deadline day.
func (s *directory) calendar(w http.ResponseWriter, r *http.Request, name string, list []*civhub.Resource) error {
	l := requestInfoOf(r).locale
	cal := ics.NewCalendarFor("civhub")
	cal.SetMethod(ics.MethodPublish)
	cal.SetName(name)
	cal.SetXPublishedTTL("PT1H")
	host := r.Host
	if s.baseURL != "" {
		host = strings.TrimPrefix(strings.TrimPrefix(s.baseURL, "https://"), "http://")
	}
	for _, res := range list {
		if res.Deadline == nil {
			continue
		}
		e := cal.AddEvent("resource-" + strconv.FormatInt(res.ID, 10) + "@" + host)
		e.SetDtStampTime(res.UpdatedAt)
		day := time.Date(res.Deadline.Year(), res.Deadline.Month(), res.Deadline.Day(), 0, 0, 0, 0, time.UTC)
		e.SetAllDayStartAt(day)
		e.SetAllDayEndAt(day.AddDate(0, 0, 1))
		e.SetSummary(l.T("resource.calendar.deadline", map[string]any{"Title": res.Title}))
		e.SetURL(s.absURL(r, "/resources/"+strconv.FormatInt(res.ID, 10)))
		e.SetDescription(s.feedSummary(l, res))
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	return cal.SerializeTo(w)
}

// resourceCalendar serves the deadlines of a directory search as a public iCalendar feed.
func (s *directory) resourceCalendar(w http.ResponseWriter, r *http.Request) error {
	list, err := s.feedSearch(r)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "public, max-age=900")
	return s.calendar(w, r, "civhub: "+requestInfoOf(r).locale.T("resource.list.title"), list)
}
