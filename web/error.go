package web

import (
	"errors"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"civhub"
)

// errCrossOrigin answers a state-changing browser request sent from another site.
var errCrossOrigin = civhub.E(civhub.EFORBIDDEN, "err.cross_origin", "This form was sent from another site.")

// errorCodes lists every code the error page knows how to explain; each has a title and a body
// message in every locale (error.CODE.title, error.CODE.body).
var errorCodes = []string{
	civhub.ECONFLICT, civhub.EINTERNAL, civhub.EINVALID, civhub.ENOTFOUND, civhub.EUNAUTHORIZED,
	civhub.EFORBIDDEN, civhub.ETOOMANY, civhub.EUNAVAILABLE, civhub.ENOTIMPLEMENTED,
}

// statusOf maps an error code to its HTTP status; this is the only place that does.
func statusOf(code string) int {
	switch code {
	case civhub.ECONFLICT:
		return http.StatusConflict
	case civhub.EINVALID:
		return http.StatusBadRequest
	case civhub.ENOTFOUND:
		return http.StatusNotFound
	case civhub.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case civhub.EFORBIDDEN:
		return http.StatusForbidden
	case civhub.ETOOMANY:
		return http.StatusTooManyRequests
	case civhub.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	case civhub.ENOTIMPLEMENTED:
		return http.StatusNotImplemented
	}
	return http.StatusInternalServerError
}

// errorPage is the page shown for an error.
type errorPage struct {
	Page
	Code         string
	Detail       string // the error's own user-safe message, if it has one beyond the code's explanation
	RetryMinutes int    // how long to wait before trying again, when a limit refused the request
}

// renderError shows err to the client as a page or a problem document, in the client's language,
// and logs it when it is our fault. Internal details never reach the client.
func (s *kit) renderError(w http.ResponseWriter, r *http.Request, err error) {
	if clientGone(r) {
		return // the request was cancelled: nobody reads the answer, and it is not civhub's error
	}
	code := civhub.ErrorCode(err)
	status := statusOf(code)
	info := requestInfoOf(r)
	if code == civhub.EINTERNAL {
		s.logger.Error("internal error", "request_id", info.id, "method", r.Method, "route", routeOf(r), "err", err)
	}
	if wantsJSON(r) {
		problemOf(info, err).write(w)
		return
	}
	e := asError(err)
	if e == nil {
		e = &civhub.Error{Code: code}
	}
	if wait := retryAfter(code, e); wait != "" {
		w.Header().Set("Retry-After", wait)
	}
	w.Header().Set("Cache-Control", "no-store")
	l := info.locale
	if code == civhub.EUNAUTHORIZED && r.Method == http.MethodGet {
		http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	p := &errorPage{Page: s.page(r, l.T("error."+code+".title")), Code: code}
	if code == civhub.ETOOMANY && e.RetryAfter > 0 {
		p.RetryMinutes = retryMinutes(e.RetryAfter)
	}
	if e.Key != "" && code != civhub.ENOTFOUND {
		p.Detail = l.T(e.Key)
	}
	s.render(w, r, status, "error", p)
}

// retryAfterSeconds formats d for a Retry-After header, in whole seconds, at least one.
func retryAfterSeconds(d time.Duration) string {
	return strconv.Itoa(max(1, int(math.Ceil(d.Seconds()))))
}

// retryMinutes rounds d up to whole minutes, at least one, to tell a person how long to wait.
func retryMinutes(d time.Duration) int {
	return max(1, int(math.Ceil(d.Minutes())))
}

func asError(err error) *civhub.Error {
	var e *civhub.Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// wantsJSON reports whether the client asked for JSON rather than a page: API paths always do, other
// paths when Accept prefers JSON over HTML.
func wantsJSON(r *http.Request) bool {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		return true
	}
	accept := r.Header.Get("Accept")
	return (strings.Contains(accept, "application/json") || strings.Contains(accept, "+json")) &&
		!strings.Contains(accept, "text/html")
}
