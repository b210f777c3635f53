package civhub

import (
	"context"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Site roles a person may hold besides being a volunteer or an organization member.
const (
	RoleNone      = ""
	RoleModerator = "moderator"
	RoleAdmin     = "admin"
)

// Person is someone with a civhub account: a volunteer, an organization member, or both. The display
// name may be a pseudonym; the email is private and never shown to other people.
type Person struct {
	ID           int64
	Email        string
	DisplayName  string
	PasswordHash string
	Locale       string // preferred interface language: en, es, fr or ar
	SiteRole     string // RoleNone, RoleModerator or RoleAdmin
	CreatedAt    time.Time

	// Purpose is why the person came, as they said when signing up; it chooses their first steps.
	Purpose Purpose

	// TimeZone is where the person's times are shown and their digests sent: the IANA zone of their
	// profile, else that of the first organization they joined that has one; "" for UTC. Filled when
	// the person is found by ID.
	TimeZone string

	EmailVerifiedAt *time.Time // nil until the person followed the link mailed to them
	DisabledAt      *time.Time // set when an admin disabled the account; it cannot sign in
	TOTPEnabledAt   *time.Time // set while two-factor sign-in is on
	TrainerSince    *time.Time // set while a moderator lets the person write courses
	CuratorSince    *time.Time // set while administrators let the person vet challenges
}

// Purpose is why a person came to civhub: to volunteer, for an organization they are with, both, or
// neither (people who signed up before civhub asked, or who did not say).
type Purpose struct {
	Volunteer    bool
	Organization bool
}

// Verified reports whether the person confirmed their email address.
func (p *Person) Verified() bool { return p.EmailVerifiedAt != nil }

// Validate reports the first problem with p's fields as an EINVALID error naming the field.
func (p *Person) Validate() error {
	p.Email = strings.ToLower(strings.TrimSpace(p.Email))
	p.DisplayName = strings.TrimSpace(p.DisplayName)
	if a, err := mail.ParseAddress(p.Email); err != nil || a.Address != p.Email {
		return FieldError("email", "err.email_invalid", "Enter a valid email address.")
	}
	if n := utf8.RuneCountInString(p.DisplayName); n < 1 || n > 80 {
		return FieldError("display_name", "err.display_name_length", "A display name needs 1 to 80 characters.")
	}
	if !IsLocale(p.Locale) {
		return FieldError("locale", "err.locale_unknown", "Choose one of the offered languages.")
	}
	switch p.SiteRole {
	case RoleNone, RoleModerator, RoleAdmin:
	default:
		return FieldError("site_role", "err.site_role_unknown", "Unknown site role.")
	}
	return nil
}

// PersonFilter narrows the admin console's list of people.
type PersonFilter struct {
	Query string // the start of an email address or display name; "" for all
	After int64  // keyset: people with a smaller ID (newest first)
	Limit int
}

// PersonService stores people.
type PersonService interface {
	// FindPeople lists people, newest first.
	FindPeople(ctx context.Context, f PersonFilter) ([]*Person, error)
	// SetSiteRole grants or takes back a site role. Errors: EINVALID for an unknown role, ENOTFOUND,
	// ECONFLICT when it would leave the site without an enabled administrator.
	SetSiteRole(ctx context.Context, person int64, role string, by int64) error
	// SetDisabled disables an account (ending all its sessions) or enables it again.
	// Errors: ENOTFOUND, ECONFLICT for an admin's own account or the only enabled administrator.
	SetDisabled(ctx context.Context, person int64, disabled bool, by int64) error
	// CreatePerson validates p, stores it and sets its ID and CreatedAt. It returns EINVALID for bad
	// fields and ECONFLICT when the email is taken.
	CreatePerson(ctx context.Context, p *Person) error
	// FindPersonByID returns ENOTFOUND when there is no such person.
	FindPersonByID(ctx context.Context, id int64) (*Person, error)
	// CountPeople returns how many accounts exist.
	CountPeople(ctx context.Context) (int64, error)
}

// Locales lists the interface languages, in the order the language switcher shows them.
var Locales = []string{"en", "es", "fr", "ar"}

// IsLocale reports whether s is one of Locales.
func IsLocale(s string) bool { return slices.Contains(Locales, s) }
