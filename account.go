package civhub

import (
	"context"
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
)

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
}

// AccountService signs people up and in, verifies addresses and resets passwords. Its answers never
// reveal whether an email has an account: sign-up, sign-in and reset answer alike either way.
type AccountService interface {
	// SignUp creates an unverified account and mails a verification link. If the email already has
	// an account, it mails that person instead and returns nil all the same. Errors: EINVALID (with
	// Fields), ETOOMANY.
	SignUp(ctx context.Context, in SignUp, client Client) error
	// VerifyEmail marks the token's person verified. Errors: EINVALID for an unknown, used or
	// expired token.
	VerifyEmail(ctx context.Context, token string) (*Person, error)
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

// Mail kinds: each is a message template in every locale (mail.KIND.subject, mail.KIND.body).
const (
	MailVerifyEmail     = "verify_email"     // payload: link
	MailAccountExists   = "account_exists"   // payload: signin_link, reset_link
	MailResetPassword   = "reset_password"   // payload: link
	MailPasswordChanged = "password_changed" // no payload
	MailNewSignIn       = "new_sign_in"      // payload: device
	MailTwoFactorOn     = "two_factor_on"    // no payload
	MailTwoFactorOff    = "two_factor_off"   // no payload
	MailChangeEmail     = "change_email"     // to the new address; payload: token
	MailEmailChanged    = "email_changed"    // to the old address; payload: new (the new address)
	MailInvitation      = "invitation"       // payload: token, org (its name), inviter (a display name)
	MailVerified        = "org_verified"     // payload: org, slug
	MailNotVerified     = "org_not_verified" // payload: org, slug, reason
	MailNote            = "note"             // one notification at once; payload: note, task, org, actor, count, path, person
	MailDigest          = "digest"           // payload: items (JSON), count, person
)

// MailKinds lists every mail kind, for the tests that render them all.
var MailKinds = []string{MailVerifyEmail, MailAccountExists, MailResetPassword, MailPasswordChanged,
	MailNewSignIn, MailTwoFactorOn, MailTwoFactorOff, MailChangeEmail, MailEmailChanged, MailInvitation,
	MailVerified, MailNotVerified, MailNote, MailDigest}

// Mail statuses.
const (
	MailQueued = "queued" // waiting for the jobs runner
	MailSent   = "sent"   // handed to the SMTP server; its payload and body are gone
	MailOutbox = "outbox" // no SMTP server is configured: kept for the development outbox page
)

// QueuedMail is a message waiting to be sent, or one kept in the development outbox. Mail is
// rendered when it is sent, in the recipient's language, from its kind and payload.
type QueuedMail struct {
	ID        int64
	PersonID  int64
	To        string
	Locale    string
	Kind      string
	Payload   map[string]string
	Status    string
	Subject   string // set once rendered, for the outbox page
	TextBody  string // likewise
	CreatedAt time.Time
	SentAt    *time.Time
}

// SendMailJob asks the jobs runner to send one queued mail. It carries only the mail's ID.
type SendMailJob struct {
	MailID int64 `json:"mail_id"`
}

// Kind implements Job.
func (SendMailJob) Kind() string { return "send_mail" }

// Job is the argument of a background job: plain identifiers, no secrets or personal data.
type Job interface {
	Kind() string
}

// MailQueue stores mail between the change that causes it and its delivery.
type MailQueue interface {
	// FindMail returns ENOTFOUND for an unknown ID.
	FindMail(ctx context.Context, id int64) (*QueuedMail, error)
	// FinishMail records the outcome of delivery: MailSent clears the payload and body; MailOutbox
	// keeps the rendered subject and text for the outbox page.
	FinishMail(ctx context.Context, id int64, status, subject, textBody string) error
	// Outbox lists the newest mail kept in the development outbox.
	Outbox(ctx context.Context, limit int) ([]*QueuedMail, error)
}

// Audit actions recorded for account security.
const (
	AuditSignUp          = "sign_up"
	AuditEmailVerified   = "email_verified"
	AuditSignIn          = "sign_in"
	AuditPasswordReset   = "password_reset"
	AuditSessionsRevoked = "session_revoked"
	AuditPasswordChanged = "password_changed"
	AuditTwoFactorOn     = "two_factor_on"
	AuditTwoFactorOff    = "two_factor_off"
	AuditRecoveryCodes   = "recovery_codes_renewed"
	AuditRecoveryUsed    = "recovery_code_used"
	AuditEmailChanged    = "email_changed"
	AuditSiteRole        = "site_role_changed"
	AuditDisabled        = "account_disabled"
	AuditEnabled         = "account_enabled"

	AuditOrgCreated       = "organization_created"
	AuditOrgUpdated       = "organization_updated"
	AuditMemberAdded      = "member_added"
	AuditMemberInvited    = "member_invited"
	AuditMemberRole       = "member_role_changed"
	AuditMemberRemoved    = "member_removed"
	AuditOwnerTransfer    = "ownership_transferred"
	AuditTrusted          = "person_trusted"
	AuditUntrusted        = "person_untrusted"
	AuditVerifyRequested  = "verification_requested"
	AuditVerified         = "verification_approved"
	AuditVerifyRejected   = "verification_rejected"
	AuditTokenCreated     = "api_token_created"
	AuditTokenRevoked     = "api_token_revoked"
	AuditAccountDeleted   = "account_deleted"
	AuditOrgDeleted       = "organization_deleted"
	AuditNeedCreated      = "need_created"
	AuditNeedUpdated      = "need_updated"
	AuditTaskCreated      = "task_created"
	AuditTaskUpdated      = "task_updated"
	AuditTaskStep         = "task_step" // a workflow step; the detail says which
	AuditHours            = "hours_decided"
	AuditEndorsed         = "skill_endorsed"
	AuditResourceUpdated  = "resource_updated"
	AuditResourceReviewed = "resource_reviewed" // a moderator's decision; the detail says which
	AuditResourceTracked  = "resource_tracked"  // an organization saved an opportunity or moved its application on
	AuditCalendar         = "calendar_changed"  // an organization's private calendar address was made or stopped
)

// AuditActions lists every audit action, for the pages and tests that name them all.
var AuditActions = []string{AuditSignUp, AuditEmailVerified, AuditSignIn, AuditPasswordReset, AuditSessionsRevoked,
	AuditPasswordChanged, AuditTwoFactorOn, AuditTwoFactorOff, AuditRecoveryCodes, AuditRecoveryUsed, AuditEmailChanged,
	AuditSiteRole, AuditDisabled, AuditEnabled, AuditOrgCreated, AuditOrgUpdated, AuditMemberAdded, AuditMemberInvited,
	AuditMemberRole, AuditMemberRemoved, AuditOwnerTransfer, AuditTrusted, AuditUntrusted, AuditVerifyRequested,
	AuditVerified, AuditVerifyRejected, AuditTokenCreated, AuditTokenRevoked, AuditAccountDeleted, AuditOrgDeleted,
	AuditNeedCreated, AuditNeedUpdated, AuditTaskCreated, AuditTaskUpdated, AuditTaskStep, AuditHours, AuditEndorsed,
	AuditResourceUpdated, AuditResourceReviewed, AuditResourceTracked, AuditCalendar}

// AuditEntry is one line of the audit log: who did what to whom, and when.
type AuditEntry struct {
	ID             int64
	At             time.Time
	ActorID        int64 // 0 when the system acted
	PersonID       int64 // the person affected, if any
	OrganizationID int64 // the organization affected, if any
	Action         string
	Detail         string

	// Names, filled when the log is read: display names (empty for deleted people) and the
	// organization's name.
	ActorName, PersonName, OrganizationName string
}

// AuditFilter narrows a reading of the audit log.
type AuditFilter struct {
	OrganizationID int64 // 0 for every organization
	Before         int64 // keyset: entries older than this ID; 0 for the newest
	Limit          int
}

// AuditService reads the audit log (the services write it as they change things).
type AuditService interface {
	// AuditLog lists entries, newest first.
	AuditLog(ctx context.Context, f AuditFilter) ([]AuditEntry, error)
}

// Session is one signed-in session of a person, as the session list shows it.
type Session struct {
	// ID is the stored hash of the session's token: it names the session in the list and in the
	// revoke form, and is useless as a cookie.
	ID        string
	Device    string
	CreatedAt time.Time
	Expiry    time.Time
	Current   bool // the session of the request that lists them
}

// SessionService ties web sessions to people.
type SessionService interface {
	// Attach ties the committed session with cookie token to person, signed in from device.
	Attach(ctx context.Context, token string, person int64, device string) error
	// PersonSessions lists person's live sessions, newest first, marking the one with token current.
	PersonSessions(ctx context.Context, person int64, token string) ([]Session, error)
	// Revoke ends person's session id. Errors: ENOTFOUND if person has no such session.
	Revoke(ctx context.Context, person int64, id string) error
}
