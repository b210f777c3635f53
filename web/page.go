package web

import (
	"net/http"

	"civhub"
	"civhub/i18n"
)

// Page is the part of every page that the layout reads. Page structs embed it and add their own
// typed fields; templates never receive untyped maps.
type Page struct {
	// L is the viewer's interface language; templates translate with {{.L.T "nav.home"}}.
	L *i18n.Locale
	// Title is the translated page title, used in <title> and usually as the page's heading.
	Title string
	// Nav names the navigation entry this page belongs to ("home", "about"), marked as current.
	Nav string
	// Path is the current path, where the language switcher sends the person back to.
	Path string
	// Locales are the interface languages the switcher offers, each named in itself.
	Locales []*i18n.Locale
	// RequestID identifies the request, shown on error pages so a person can quote it.
	RequestID string
	// Version is civhub's version, shown in the footer.
	Version string
	// Viewer is the signed-in person, or nil.
	Viewer *civhub.Person
	// Flash is the message ID of a one-time notice from the previous action, or "".
	Flash string
	// Unread counts the viewer's unread notifications (up to 99), for the inbox link.
	Unread int
	// SignOutCSRF is the form token of the header's sign-out button, set when someone is signed in.
	SignOutCSRF string
	// Feeds are the feeds of what the page lists, announced in its <head> so that browsers and feed
	// readers find them.
	Feeds []FeedLink

	static *staticFiles
}

// FeedLink is a feed a page announces: <link rel="alternate"> in its head.
type FeedLink struct {
	Type  string // the feed's media type, such as application/atom+xml
	Title string // what the feed holds, in the viewer's language
	Href  string // its address on this site, with the page's search
}

// Static returns the hashed URL of a static file, for <link> and <img> tags.
func (p *Page) Static(name string) string { return p.static.URL(name) }

// page fills the shared fields for a page titled title.
func (s *kit) page(r *http.Request, title string) Page {
	info := requestInfoOf(r)
	var flash, csrf string
	var unread int
	if ctx := info.sessionCtx; ctx != nil {
		flash = s.sessions.PopString(ctx, sessionFlash)
		if info.viewer != nil {
			csrf = s.csrfToken(ctx)
			// A count the page can do without: if it fails, the page still shows.
			if n, err := s.notes.Unread(r.Context(), info.viewer.ID); err == nil {
				unread = n
			}
		}
	}
	return Page{
		Viewer:      info.viewer,
		Flash:       flash,
		SignOutCSRF: csrf,
		Unread:      unread,
		L:           info.locale,
		Title:       title,
		Path:        r.URL.Path,
		Locales:     s.catalog.Locales(),
		RequestID:   info.id,
		Version:     civhub.Version,
		static:      s.static,
	}
}
