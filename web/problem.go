package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"civhub"
)

// problem is an RFC 9457 problem document: the one shape of every error in JSON, whether a handler
// of civhub, huma's own request validation or the API's authentication produced it.
type problem struct {
	Type      string         `json:"type" doc:"Always about:blank: status and code say what kind of problem this is."`
	Title     string         `json:"title" doc:"The status's name, such as Too Many Requests."`
	Status    int            `json:"status" doc:"The HTTP status."`
	Detail    string         `json:"detail,omitempty" doc:"What went wrong and what to do next, in the caller's language."`
	Code      string         `json:"code" enum:"conflict,internal,invalid,not_found,unauthorized,forbidden,too_many,unavailable,not_implemented" doc:"civhub's error code."`
	RequestID string         `json:"request_id,omitempty" doc:"Identifies the request in civhub's logs: quote it when reporting a problem."`
	Errors    []problemField `json:"errors,omitempty" doc:"The parts of the request at fault, each with what is wrong with it."`

	headers http.Header // Retry-After, for 429 and 503
}

// problemField is one part of a request at fault.
type problemField struct {
	Location string `json:"location,omitempty" doc:"body.FIELD, query.NAME, path.NAME or header.NAME." example:"body.email"`
	Message  string `json:"message"`
}

// Error, GetStatus, GetHeaders and ContentType let huma write a problem as an error.
func (p *problem) Error() string           { return p.Detail }
func (p *problem) GetStatus() int          { return p.Status }
func (p *problem) GetHeaders() http.Header { return p.headers }
func (p *problem) ContentType(string) string {
	return "application/problem+json"
}

// write sends p, for the places that answer outside huma's handlers.
func (p *problem) write(w http.ResponseWriter) {
	for k, vs := range p.headers {
		w.Header()[k] = vs
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	json.NewEncoder(w).Encode(p)
}

// problemOf describes err for the caller of the request that info belongs to: the status of its
// code, its message in the caller's language (with the time to wait, for a limit), the fields at
// fault and Retry-After. An internal error says nothing more than that it happened.
func problemOf(info *requestInfo, err error) *problem {
	code := civhub.ErrorCode(err)
	e := asError(err)
	if e == nil {
		e = &civhub.Error{Code: code}
	}
	p := newProblem(info, statusOf(code), code)
	l := info.locale
	switch {
	case e.Key != "" && l != nil:
		p.Detail = l.T(e.Key)
	case code != civhub.EINTERNAL:
		p.Detail = e.Message
	}
	if wait := retryAfter(code, e); wait != "" {
		p.headers.Set("Retry-After", wait)
	}
	if e.RetryAfter > 0 {
		if l != nil {
			p.Detail = strings.TrimSpace(p.Detail + " " + l.N("form.retry_in", retryMinutes(e.RetryAfter)))
		}
	}
	for field, key := range e.Fields {
		m := key
		if l != nil {
			m = l.T(key)
		}
		p.Errors = append(p.Errors, problemField{Location: "body." + field, Message: m})
	}
	return p
}

// newProblem starts a problem with status and code.
func newProblem(info *requestInfo, status int, code string) *problem {
	return &problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Code: code, RequestID: info.id,
		headers: http.Header{}}
}

// retryAfter returns the Retry-After header for an error with code: e's precise wait when it has
// one (e may be nil), a default for a limit or an unavailable database, and "" for any other error.
func retryAfter(code string, e *civhub.Error) string {
	switch {
	case e != nil && e.RetryAfter > 0:
		return retryAfterSeconds(e.RetryAfter)
	case code == civhub.ETOOMANY:
		return "60"
	case code == civhub.EUNAVAILABLE:
		return "5"
	}
	return ""
}

// codeOfStatus is statusOf backwards, for the errors huma makes itself.
func codeOfStatus(status int) string {
	for _, code := range errorCodes {
		if statusOf(code) == status {
			return code
		}
	}
	switch {
	case status >= 500:
		return civhub.EINTERNAL
	case status == http.StatusMethodNotAllowed:
		return civhub.ENOTFOUND
	case status == http.StatusPreconditionFailed:
		return civhub.ECONFLICT
	}
	return civhub.EINVALID // 406, 413, 415, 422: the request cannot be taken as it is
}

// humaProblem is the problem for an error huma makes itself: a request that fails its validation or
// cannot be read. Its per-field messages are huma's (in English); the detail is in the caller's
// language. The text of an error behind a 5xx is never shown.
func humaProblem(ctx context.Context, status int, msg string, errs ...error) huma.StatusError {
	info := localeOf(ctx)
	p := newProblem(info, status, codeOfStatus(status))
	if wait := retryAfter(p.Code, nil); wait != "" {
		p.headers.Set("Retry-After", wait)
	}
	if status >= 500 {
		p.Detail = "Internal error."
		return p
	}
	p.Detail = msg
	for _, err := range errs {
		var d huma.ErrorDetailer
		if errors.As(err, &d) {
			p.Errors = append(p.Errors, problemField{Location: d.ErrorDetail().Location, Message: d.ErrorDetail().Message})
		} else if err != nil {
			p.Errors = append(p.Errors, problemField{Message: err.Error()})
		}
	}
	if p.Code == civhub.EINVALID && info.locale != nil {
		if len(p.Errors) == 0 && msg != "" {
			p.Errors = []problemField{{Message: msg}}
		}
		p.Detail = info.locale.T("err.request_invalid")
	}
	return p
}

// huma makes its errors through these two hooks; civhub's make them problems of the one shape. They
// depend on nothing but the request, so every Server can share them.
func init() {
	huma.NewError = func(status int, msg string, errs ...error) huma.StatusError {
		return humaProblem(context.Background(), status, msg, errs...)
	}
	huma.NewErrorWithContext = func(ctx huma.Context, status int, msg string, errs ...error) huma.StatusError {
		if ctx == nil {
			return humaProblem(context.Background(), status, msg, errs...)
		}
		return humaProblem(ctx.Context(), status, msg, errs...)
	}
}
