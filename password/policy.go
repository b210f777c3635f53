package password

import (
	"strings"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn/frequency"

	"civhub"
)

// Length limits. The maximum is generous (people paste pass phrases from password managers) but
// bounded, since argon2 hashes every byte.
const (
	MinLength = 8
	MaxLength = 256
)

// commonCount is how many of the most used passwords are refused.
const commonCount = 10_000

// common holds the most used passwords, lower-cased, from zxcvbn's frequency list (ordered by use).
var common = func() map[string]bool {
	list := frequency.FrequencyLists["passwords"]
	m := make(map[string]bool, commonCount)
	for _, p := range list[:min(commonCount, len(list))] {
		m[strings.ToLower(p)] = true
	}
	return m
}()

// Check reports why pw may not be used as a password, as an EINVALID error on the "password" field,
// or nil. personal lists words the password must not equal, such as the person's email and name.
func Check(pw string, personal ...string) error {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinLength:
		return invalid("err.password_short", "Use at least 8 characters.")
	case n > MaxLength:
		return invalid("err.password_long", "Use at most 256 characters.")
	case common[strings.ToLower(pw)]:
		return invalid("err.password_common", "This password is one of the most common ones; choose another.")
	}
	for _, p := range personal {
		if p != "" && strings.EqualFold(strings.TrimSpace(pw), strings.TrimSpace(p)) {
			return invalid("err.password_personal", "Do not use your email address or name as your password.")
		}
	}
	return nil
}

func invalid(key, msg string) *civhub.Error { return civhub.FieldError("password", key, msg) }
