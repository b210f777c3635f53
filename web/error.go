package web

import (
	"encoding/json"
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

// problem is an RFC 9457 problem document, the JSON form of every error.
type problem struct {
	Type      string            `json:"type"`
	Title     string            `json:"title"`
	Status    int               `json:"status"`
	Detail    string            `json:"detail,omitempty"`
	Code      string            `json:"code"`
	RequestID string            `json:"request_id,omitempty"`
	Fields    map[string]string `json:"fields,omitempty"`
}

// errorPage is the page shown for an error.
type errorPage struct {
	Page
	Code   string
	Detail string // the error's own user-safe message, if it has one beyond the code's explanation
}

// renderError shows err to the client as a page or a problem document, in the client's language,
// and logs it when it is our fault. Internal details never reach the client.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	code := civhub.ErrorCode(err)
	status := statusOf(code)
	info := requestInfoOf(r)
	if code == civhub.EINTERNAL {
		s.logger.Error("internal error", "request_id", info.id, "method", r.Method, "route", r.Pattern, "err", err)
	}
	e := asError(err)
	if e == nil {
		e = &civhub.Error{Code: code}
	}
	switch {
	case e.RetryAfter > 0:
		w.Header().Set("Retry-After", retryAfterSeconds(e.RetryAfter))
	case code == civhub.ETOOMANY:
		w.Header().Set("Retry-After", "60")
	case code == civhub.EUNAVAILABLE:
		w.Header().Set("Retry-After", "5")
	}
	w.Header().Set("Cache-Control", "no-store")
	l := info.locale
	if wantsJSON(r) {
		p := problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Code: code, RequestID: info.id,
			Detail: e.Message}
		if e.Key != "" {
			p.Detail = l.T(e.Key)
		}
		if len(e.Fields) > 0 {
			p.Fields = map[string]string{}
			for field, key := range e.Fields {
				p.Fields[field] = l.T(key)
			}
		}
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(p)
		return
	}
	if code == civhub.EUNAUTHORIZED && r.Method == http.MethodGet {
		http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	p := &errorPage{Page: s.page(r, l.T("error."+code+".title")), Code: code}
	if e.Key != "" && code != civhub.ENOTFOUND {
		p.Detail = l.T(e.Key)
	}
	s.render(w, r, status, "error", p)
}

// retryAfterSeconds formats d for a Retry-After header, in whole seconds, at least one.
func retryAfterSeconds(d time.Duration) string {
	return strconv.Itoa(max(1, int(math.Ceil(d.Seconds()))))
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
