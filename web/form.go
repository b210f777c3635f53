package web

import (
	"errors"
	"net/http"

	"civhub"
	"civhub/i18n"
)

// maxFormBytes bounds a form post; civhub's forms are short, but for those that carry long texts
// (lessons, toolkits), bounded by maxLongFormBytes: their limits are in characters, and a character
// of Arabic or an emoji takes up to twelve bytes once a browser has encoded it in a form.
const (
	maxFormBytes     = 64 << 10
	maxLongFormBytes = 4 << 20
)

// Form is the state of a form being filled in: what the person typed, so that nothing is lost when
// it is shown again, and what is wrong with it.
type Form struct {
	// Values holds the submitted fields by name (never passwords).
	Values map[string]string
	// Errors maps field names to the message IDs of their problems.
	Errors map[string]string
	// Problem is the message ID of a problem with the whole form, shown above it.
	Problem string
	// RetryMinutes says, when a limit refused the form, how many minutes to wait before trying again.
	RetryMinutes int
	// CSRF is the session's form token, sent back in a hidden field.
	CSRF string
}

// Input describes one labelled input for the "input" template.
type Input struct {
	L            *i18n.Locale
	Name, Type   string
	Label, Hint  string // message IDs; Hint may be ""
	Value, Error string // Error is a message ID
	Autocomplete string
	Required     bool
}

// Input returns what the "input" template needs to show field name, with its value and problem.
func (f Form) Input(l *i18n.Locale, name, typ, label, hint, autocomplete string) Input {
	return Input{L: l, Name: name, Type: typ, Label: label, Hint: hint, Value: f.Values[name],
		Error: f.Errors[name], Autocomplete: autocomplete, Required: true}
}

// Optional is Input for a field that may stay empty.
func (f Form) Optional(l *i18n.Locale, name, typ, label, hint, autocomplete string) Input {
	in := f.Input(l, name, typ, label, hint, autocomplete)
	in.Required = false
	return in
}

// Choice describes a menu or a set of checkboxes for the "select" and "checkboxes" templates.
type Choice struct {
	L           *i18n.Locale
	Name        string
	Label, Hint string // message IDs
	Options     []Option
	Error       string
}

// Choice returns what the "select" or "checkboxes" template needs for field name.
func (f Form) Choice(l *i18n.Locale, name, label, hint string, options []Option) Choice {
	return Choice{L: l, Name: name, Label: label, Hint: hint, Options: options, Error: f.Errors[name]}
}

// parseForm reads a posted form (bounded in size) and checks its CSRF token.
func (s *kit) parseForm(w http.ResponseWriter, r *http.Request) error {
	return s.parseFormUpTo(w, r, maxFormBytes)
}

// parseLongForm is parseForm for a form that carries long texts.
func (s *kit) parseLongForm(w http.ResponseWriter, r *http.Request) error {
	return s.parseFormUpTo(w, r, maxLongFormBytes)
}

func (s *kit) parseFormUpTo(w http.ResponseWriter, r *http.Request, limit int64) error {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return civhub.E(civhub.EINVALID, "err.form_too_large", "This form is too large.")
		}
		return civhub.E(civhub.EINVALID, "err.form_unreadable", "This form could not be read.")
	}
	if err := s.checkCSRF(r); err != nil {
		return err
	}
	return checkValues(r.PostForm)
}

// formValues copies the named fields of a posted form, to show them again.
func formValues(r *http.Request, names ...string) map[string]string {
	v := make(map[string]string, len(names))
	for _, n := range names {
		v[n] = r.PostFormValue(n)
	}
	return v
}

// formFailed puts err into f when it is about the input (EINVALID, ECONFLICT, EUNAUTHORIZED,
// EFORBIDDEN with a message) and reports whether the form should be shown again with it; any other
// error goes to the error page.
func formFailed(f *Form, err error) bool {
	var e *civhub.Error
	if !errors.As(err, &e) || e.Key == "" {
		return false
	}
	switch e.Code {
	case civhub.EINVALID, civhub.ECONFLICT, civhub.EUNAUTHORIZED, civhub.EFORBIDDEN, civhub.ETOOMANY:
	default:
		return false
	}
	f.Errors = e.Fields
	f.Problem = e.Key
	if e.RetryAfter > 0 {
		f.RetryMinutes = retryMinutes(e.RetryAfter)
	}
	if len(e.Fields) > 0 {
		f.Problem = "form.check_fields" // each field says what is wrong with it
	}
	return true
}
