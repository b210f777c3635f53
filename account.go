package civhub

import (
	"context"
	"strings"
	"time"
)

// Token purposes: what a one-time token mailed to a person lets them do.
const (
	TokenVerifyEmail   = "verify_email"
	TokenResetPassword = "reset_password"
	TokenChangeEmail   = "change_email" // its data is the new address
)

// Token lifetimes.
const (
	VerifyEmailTokenLifetime   = 48 * time.Hour
	ResetPasswordTokenLifetime = time.Hour

	// VerifySignInWindow is how long after it was sent a verification link also signs its person
	// in. The link confirms the address for VerifyEmailTokenLifetime, since mail can be slow and
	// people busy; but whoever holds the link of the last hour could as well ask for a password reset
	// and use its link (valid for ResetPasswordTokenLifetime), so signing in with it gives nobody
	// more than the reset link does. Older links confirm and then ask for the password.
	VerifySignInWindow = ResetPasswordTokenLifetime
)

// maxNextLength bounds the path a sign-up keeps to continue to; longer ones are dropped.
const maxNextLength = 500

// Client describes where a request comes from, coarsely enough to keep no personal data: a keyed
// hash of the IP address (of its /64 for IPv6) for rate limits, and a device summary such as
// "Firefox on Android" for the session list.
type Client struct {
	IPKey  string
	Device string

	// KnownDevices are the accounts this browser completed a sign-in to before, each proved by a
	// signed device cookie. Wrong passwords from strangers lock an account for unknown browsers only:
	// a sign-in to one of these accounts is limited per device cookie instead (OWASP's device
	// cookies), so that its owner is never locked out by someone else's guesses.
	KnownDevices []KnownDevice
}

// KnownDevice is a valid device cookie: the account it was given for, a key of its own, which its
// rate limit counts under, and when it was given.
type KnownDevice struct {
	PersonID int64
	Key      string
	Issued   time.Time
}

// KnownDevice returns the key of the client's device cookie for person, or "" if it has none or
// its cookie was given before since (the moment the account's password last changed: a device that
// signed in with the old password, perhaps someone else's, has no standing any more). The cookie
// holds whole seconds, so one given in the second of the change still counts.
func (c Client) KnownDevice(person int64, since time.Time) string {
	for _, d := range c.KnownDevices {
		if d.PersonID == person && person != 0 && !d.Issued.Before(since.Truncate(time.Second)) {
			return d.Key
		}
	}
	return ""
}

// SignUp is what a person types to create an account.
type SignUp struct {
	Email       string
	DisplayName string
	Password    string
	Locale      string
	Purpose     Purpose

	// Next is where the person was going when they signed up (a path on this site, such as a task's
	// page), kept with the verification link so that confirming continues there; "" for none.
	// Anything but a local path, and paths over 500 bytes, are dropped.
	Next string
}

// LocalPath returns next when it is a path on this site, and "" otherwise: an absolute or
// scheme-relative address ("//evil.example"), a backslash that browsers read as a slash, or a
// control character could send the person elsewhere after signing in.
func LocalPath(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || len(next) > maxNextLength ||
		strings.ContainsFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' }) {
		return ""
	}
	return next
}

// Confirmation is what following a verification link did: the person it confirmed, whether it
// also signed them in (only within VerifySignInWindow of being sent, and only the first time), and
// where they were going when they signed up.
type Confirmation struct {
	Person *Person
	SignIn bool
	Next   string // a local path, or ""
}

// AccountService signs people up and in, verifies addresses and resets passwords. Its answers never
// reveal whether an email has an account: sign-up, sign-in and reset answer alike either way.
type AccountService interface {
	// SignUp creates an unverified account and mails a verification link. If the email already has
	// an account, it mails that person instead and returns nil all the same. Errors: EINVALID (with
	// Fields), ETOOMANY.
	SignUp(ctx context.Context, in SignUp, client Client) error
	// VerifyEmail marks the token's person verified and says whether the link may sign them in
	// (see Confirmation). A token works once: of two uses at the same moment, one fails. Errors:
	// EINVALID for an unknown, used or expired token.
	VerifyEmail(ctx context.Context, token string) (*Confirmation, error)
	// Authenticate checks an email and password. Only wrong passwords count against its limits: from
	// a device that signed in to the account before (client.KnownDevices), those of that device;
	// from anywhere else, those of the account and those of the address. Errors: EUNAUTHORIZED for
	// any mismatch (one message whatever failed), EFORBIDDEN for a disabled account, ECONFLICT for an
	// unverified address (a new link is mailed), ETOOMANY with the time to wait when a limit is reached.
	Authenticate(ctx context.Context, email, password string, client Client) (*Person, error)
	// RequestPasswordReset mails a reset link if the email has an account; it returns nil either way.
	// Errors: ETOOMANY.
	RequestPasswordReset(ctx context.Context, email string, client Client) error
	// CheckResetLink tells whether a mailed reset token still works, without using it up.
	// Errors: EINVALID for an unknown, used or expired token.
	CheckResetLink(ctx context.Context, token string) error
	// ResetPassword sets a new password with a mailed token, ends every session of the person and
	// revokes every API token. Errors: EINVALID for a bad token or password.
	ResetPassword(ctx context.Context, token, newPassword string) (*Person, error)

	// VerifySecondFactor checks a TOTP code, or else a recovery code (used up), for person. Wrong
	// codes count against limits as wrong passwords do in Authenticate. Errors: EUNAUTHORIZED for a
	// wrong code, ETOOMANY.
	VerifySecondFactor(ctx context.Context, person int64, code string, client Client) error
	// RecordSignIn notes a completed sign-in, mailing the person when the device is new to their
	// account.
	RecordSignIn(ctx context.Context, person int64, client Client) error
	// CheckPassword confirms a signed-in person's password before a sensitive change; wrong ones are
	// limited. Errors: EUNAUTHORIZED, ETOOMANY.
	CheckPassword(ctx context.Context, person int64, password string, client Client) error
	// SealSetupSecret seals the secret of a two-factor set-up in progress, for person only, so that
	// it can wait in their session without being readable there.
	SealSetupSecret(ctx context.Context, person int64, secret string) (string, error)
	// OpenSetupSecret opens what SealSetupSecret gave for person; "" when sealed is empty or does not
	// open (a set-up then starts again with a new secret).
	OpenSetupSecret(ctx context.Context, person int64, sealed string) (string, error)
	// EnableTOTP turns two-factor sign-in on with secret, once code proves the authenticator app has
	// it, and returns new recovery codes to show once. Errors: EUNAUTHORIZED for a wrong code,
	// ECONFLICT if it is on already.
	EnableTOTP(ctx context.Context, person int64, secret, code string) ([]string, error)
	// DisableTOTP turns two-factor sign-in off and deletes the recovery codes.
	DisableTOTP(ctx context.Context, person int64) error
	// NewRecoveryCodes replaces the recovery codes. Errors: ECONFLICT if two-factor is off.
	NewRecoveryCodes(ctx context.Context, person int64) ([]string, error)
	// ChangePassword sets a new password, ends every session but keepSession (a cookie token) and
	// revokes every API token. Errors: EINVALID.
	ChangePassword(ctx context.Context, person int64, newPassword, keepSession string) error
	// RequestEmailChange mails a confirmation link to newEmail. Errors: EINVALID, ECONFLICT when the
	// address has an account, ETOOMANY.
	RequestEmailChange(ctx context.Context, person int64, newEmail string, client Client) error
	// ConfirmEmailChange switches the person to the new address and tells the old one.
	// Errors: EINVALID for a bad token, ECONFLICT if the address was taken meanwhile.
	ConfirmEmailChange(ctx context.Context, token string) (*Person, error)
}
