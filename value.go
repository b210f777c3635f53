package civhub

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
)

// Whatever civhub accepts it must be able to store, read back, render and serialize on both
// databases. These are the rules for the values every record is made of, in one place: every form
// and API operation asks them, whatever the field.

// The window for every moment a person or client gives civhub (deadlines, dates of work): wide
// enough for any real plan, narrow enough that every database and every JSON encoder can hold it
// after conversion to UTC. A year outside 0–9999 cannot be written as RFC 3339, and SQLite's text
// timestamps cannot be read back beyond it.
var (
	EarliestTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	LatestTime   = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
)

// CheckTime returns an EINVALID error naming field when t is set and falls outside EarliestTime …
// LatestTime once converted to UTC.
func CheckTime(field string, t *time.Time) error {
	if t == nil {
		return nil
	}
	if u := t.UTC(); u.Before(EarliestTime) || !u.Before(LatestTime) {
		return FieldError(field, "err.date_out_of_range", "Choose a date between the years 2000 and 2099.")
	}
	return nil
}

// EndOfDay is a deadline given as a day, as civhub keeps it: the last second of that day in UTC,
// the day read as written, in the writer's own offset. 2030-03-05T23:59:59-03:00 (the end of 5
// March in Santiago) stays 5 March instead of becoming 6 March at 02:59 UTC, and a date shown
// from it names the same day in every time zone.
func EndOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 23, 59, 59, 0, time.UTC)
}

// ValidText reports whether s can be stored and shown as text: valid UTF-8 (which also rules out
// lone surrogates; a JSON decoder has turned those into U+FFFD already) with no NUL or other control character except tab, line feed and carriage
// return. PostgreSQL refuses NUL in text outright; the other controls have no business in what
// people read, and some of them break terminals, logs and mail headers.
func ValidText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r == '\t' || r == '\n' || r == '\r' {
			continue
		}
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// CheckText returns an EINVALID error naming field when s is not ValidText.
func CheckText(field, s string) error {
	if ValidText(s) {
		return nil
	}
	return FieldError(field, "err.text_invalid", "This text holds characters that cannot be stored (such as control characters). Remove them and try again.")
}

// ListItemOK reports whether item can be one entry of a list: non-empty text on one line. Lists
// are stored as lists, so an entry may hold spaces and still read back whole.
func ListItemOK(item string) bool {
	return item != "" && ValidText(item) && !strings.ContainsAny(item, "\r\n")
}

// MaxListItems bounds every list a person or client gives civhub that has no smaller bound of its
// own: a list of 5,000 causes once made a query too deep for SQLite to plan.
const MaxListItems = 60

// checkList trims and de-duplicates *list (see normalize), then returns an EINVALID error naming
// field when it holds more than max entries or an entry that ok refuses.
func checkList(field string, list *[]string, max int, ok func(string) bool, key, message string) error {
	*list = normalize(*list, nil)
	if len(*list) > max {
		return FieldError(field, "err.list_too_long", "That list is too long: remove some entries and try again.")
	}
	for _, v := range *list {
		if !ListItemOK(v) || !ok(v) {
			return FieldError(field, key, message)
		}
	}
	return nil
}

// IsCause reports whether id names one of the 17 UN Sustainable Development Goals, civhub's causes
// ("sdg1" … "sdg17"); the taxonomy package names them.
func IsCause(id string) bool {
	n, ok := strings.CutPrefix(id, "sdg")
	if !ok || len(n) == 0 || len(n) > 2 || n[0] == '0' {
		return false
	}
	v := 0
	for _, c := range n {
		if c < '0' || c > '9' {
			return false
		}
		v = v*10 + int(c-'0')
	}
	return v >= 1 && v <= 17
}

// isLanguage reports whether code is a BCP 47 language tag civhub can store.
func isLanguage(code string) bool {
	_, err := language.Parse(code)
	return err == nil && len(code) <= 12
}
