package web

import (
	"net/http"
	"strings"

	"civhub"
)

// setLanguage remembers the language chosen with the switcher for a year and sends the person back
// to the page they were on. It works without JavaScript: the switcher is a form of buttons.
func (s *Server) setLanguage(w http.ResponseWriter, r *http.Request) error {
	code := r.PostFormValue("lang")
	if s.catalog.Locale(code) == nil {
		return civhub.E(civhub.EINVALID, "err.locale_unknown", "Choose one of the offered languages.")
	}
	s.setLanguageCookie(w, r, code)
	http.Redirect(w, r, localPath(r.PostFormValue("next")), http.StatusSeeOther)
	return nil
}

// setLanguageCookie remembers the interface language code for a year.
func (s *kit) setLanguageCookie(w http.ResponseWriter, r *http.Request, code string) {
	http.SetCookie(w, &http.Cookie{
		Name:     langCookie,
		Value:    code,
		Path:     "/",
		MaxAge:   365 * 24 * 60 * 60,
		HttpOnly: true,
		Secure:   s.overTLS(r),
		SameSite: http.SameSiteLaxMode,
	})
}

// localPath returns next when it is a path on this site, and "/" otherwise, so that the switcher can
// never be used to send someone to another site. Browsers drop tabs and newlines from URLs and read
// a backslash as a slash, so "/\t/evil.example" would become "//evil.example": any control character
// or backslash is refused.
func localPath(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") ||
		strings.ContainsFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' }) {
		return "/"
	}
	return next
}
