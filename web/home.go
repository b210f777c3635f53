package web

import (
	"net/http"
	"time"

	"civhub"
)

// homePage tells each kind of visitor what civhub does for them.
type homePage struct {
	Page
	// LanguageCount is how many interface languages civhub speaks, shown with the locale's plural.
	LanguageCount int
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	p := &homePage{Page: s.page(r, requestInfoOf(r).locale.T("home.title")), LanguageCount: len(civhub.Locales)}
	p.Nav = "home"
	return s.render(w, r, http.StatusOK, "home", p)
}

// aboutPage explains Civil Society 2.0 and the principles civhub keeps.
type aboutPage struct {
	Page
	// Announced is when Civil Society 2.0 was announced, shown as a month and year in the viewer's
	// language.
	Announced time.Time
}

// civilSociety20Announced is November 2009, when Civil Society 2.0 was announced in Morocco.
var civilSociety20Announced = time.Date(2009, time.November, 3, 0, 0, 0, 0, time.UTC)

func (s *Server) about(w http.ResponseWriter, r *http.Request) error {
	p := &aboutPage{Page: s.page(r, requestInfoOf(r).locale.T("about.title")), Announced: civilSociety20Announced}
	p.Nav = "about"
	return s.render(w, r, http.StatusOK, "about", p)
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) error {
	return civhub.Errorf(civhub.ENOTFOUND, "Page not found.")
}
