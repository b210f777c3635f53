package civhub

import (
	"errors"
	"fmt"
	"time"
)

// Error codes: every error that may reach a person carries one of these. Adapters map them to
// transport codes (see web.statusOf); an error without a code is internal and its text is never shown.
const (
	ECONFLICT       = "conflict"        // the action conflicts with the record's current state
	EINTERNAL       = "internal"        // something went wrong on our side
	EINVALID        = "invalid"         // the input is not acceptable
	ENOTFOUND       = "not_found"       // no such record, or not visible to the caller
	EUNAUTHORIZED   = "unauthorized"    // the caller must sign in
	EFORBIDDEN      = "forbidden"       // the caller may not do this
	ETOOMANY        = "too_many"        // a rate limit was reached
	EUNAVAILABLE    = "unavailable"     // a dependency (the database) is not reachable right now
	ENOTIMPLEMENTED = "not_implemented" // the operation exists in the API but this instance does not offer it
)

// Error is civhub's error type. Code says what kind of failure it is. Message says it in plain
// English, safe to show to the person who caused it; Key is the ID of the same message in the
// interface's translations, so that pages and the API can say it in the person's language. Fields
// names the form fields at fault, each with the message ID of its problem.
type Error struct {
	Code    string
	Key     string
	Message string
	Fields  map[string]string

	// RetryAfter tells how long to wait before trying again, for ETOOMANY and EUNAVAILABLE.
	RetryAfter time.Duration
}

// Error implements the error interface.
func (e *Error) Error() string {
	return fmt.Sprintf("civhub error: code=%s message=%s", e.Code, e.Message)
}

// E returns an *Error with a code, the message ID of its explanation, and the explanation in English.
func E(code, key, message string) *Error {
	return &Error{Code: code, Key: key, Message: message}
}

// FieldError returns an EINVALID error about one form field.
func FieldError(field, key, message string) *Error {
	return &Error{Code: EINVALID, Key: key, Message: message, Fields: map[string]string{field: key}}
}

// MergeFieldErrors joins the field errors of several validations into one EINVALID error, so that a
// form shows every problem at once. A non-EINVALID error is returned as it is; nil errors are skipped.
func MergeFieldErrors(errs ...error) error {
	var merged *Error
	for _, err := range errs {
		if err == nil {
			continue
		}
		var e *Error
		if !errors.As(err, &e) || e.Code != EINVALID {
			return err
		}
		if merged == nil {
			merged = &Error{Code: EINVALID, Key: e.Key, Message: e.Message, Fields: map[string]string{}}
		}
		for k, v := range e.Fields {
			if _, seen := merged.Fields[k]; !seen {
				merged.Fields[k] = v
			}
		}
	}
	if merged == nil {
		return nil
	}
	return merged
}

// Errorf returns an *Error with the given code and a formatted, user-safe message.
func Errorf(code string, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for any other error, and
// "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of the first *Error in err's chain, or a generic
// message for any other error so that internal details never leak.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// Named refusals, each defined once and given wherever its rule applies.
var (
	// ErrNotAllowed refuses an action the person's role does not allow.
	ErrNotAllowed = E(EFORBIDDEN, "err.not_allowed", "You are not allowed to do this.")
	// ErrEmailUnconfirmed refuses what needs a confirmed email address.
	ErrEmailUnconfirmed = E(EFORBIDDEN, "err.email_unconfirmed_short", "Confirm your email address first.")
	// ErrOwnersOnly refuses what only an organization's owners may do.
	ErrOwnersOnly = E(EFORBIDDEN, "err.owners_only", "Only an owner may do this.")
	// ErrAdminsOnly and ErrModeratorsOnly refuse the site's administration pages.
	ErrAdminsOnly     = E(EFORBIDDEN, "err.admins_only", "Only administrators may see this page.")
	ErrModeratorsOnly = E(EFORBIDDEN, "err.moderators_only", "Only moderators may see this page.")
	// ErrResourceNotYours refuses a change to a published directory entry by someone who is not a
	// moderator.
	ErrResourceNotYours = E(EFORBIDDEN, "err.resource_not_yours", "Only moderators change a published entry: report it as outdated instead.")
)
