package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gorilla/feeds"

	"civhub"
	"civhub/i18n"
)

// changesFeed serves the latest published edits of every toolkit as Atom, for anyone who follows
// the toolkits (or watches them for vandalism).
func (s *toolkits) changesFeed(w http.ResponseWriter, r *http.Request) error {
	revs, kits, err := s.toolkits.RecentChanges(r.Context(), feedSize)
	if err != nil {
		return err
	}
	l := s.feedLocale(r)
	return s.writeRevisionFeed(w, r, l, l.T("toolkit.feed.all"), "/toolkits", revs, kits)
}

// toolkitFeed serves a toolkit's published revisions as Atom.
func (s *toolkits) toolkitFeed(w http.ResponseWriter, r *http.Request) error {
	t, err := s.loadToolkit(r)
	if err != nil {
		return err
	}
	if !t.Published() {
		return errToolkitNotFound
	}
	revs, err := s.toolkits.Revisions(r.Context(), t.ID, false)
	if err != nil {
		return err
	}
	revs = revs[:min(len(revs), feedSize)]
	kits := make([]*civhub.Toolkit, len(revs))
	for i := range kits {
		kits[i] = t
	}
	l := s.feedLocale(r)
	return s.writeRevisionFeed(w, r, l, l.T("toolkit.feed.changes_to", map[string]any{"Title": t.Title}), t.Href(), revs, kits)
}

// writeRevisionFeed writes revisions (each of the toolkit at the same index of kits) as an Atom
// feed about the page at path.
func (s *toolkits) writeRevisionFeed(w http.ResponseWriter, r *http.Request, l *i18n.Locale, title, path string,
	revs []*civhub.Revision, kits []*civhub.Toolkit) error {
	abs := func(p string) string { return s.absoluteURL(s.baseURL, r, p) }
	feed := &feeds.Feed{Title: "civhub: " + title, Link: &feeds.Link{Href: abs(path)}, Id: abs(path),
		Description: l.T("toolkit.list.lead"), Updated: time.Unix(0, 0).UTC()}
	for i, rev := range revs {
		k := kits[i]
		if rev.CreatedAt.After(feed.Updated) {
			feed.Updated = rev.CreatedAt
		}
		link := abs(k.Href() + "/revisions/" + strconv.Itoa(rev.Number))
		if rev.Number > 1 {
			link = abs(k.Href() + "/compare?from=" + strconv.Itoa(rev.Number-1) + "&to=" + strconv.Itoa(rev.Number))
		}
		author := rev.Author
		if author == "" {
			author = l.T("toolkit.former_member")
		}
		summary := l.T("toolkit.revision_n", map[string]any{"N": rev.Number})
		if rev.Note != "" {
			summary += " · " + rev.Note
		}
		feed.Items = append(feed.Items, &feeds.Item{Title: rev.Title, Link: &feeds.Link{Href: link}, Id: link,
			Author: &feeds.Author{Name: author}, Created: rev.CreatedAt, Updated: rev.CreatedAt, Description: summary})
	}
	body, err := feed.ToAtom()
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=900")
	_, err = w.Write([]byte(body))
	return err
}
