package civhub

import (
	"context"
	"time"
)

// Mail: what civhub sends, queued in the same transaction as the change that causes it and
// delivered by a background job.

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
	MailCrisisAlert     = "crisis_alert"     // to a standby volunteer; payload: crisis, task (may be empty), path, drill ("yes" or "")
)

// MailKinds lists every mail kind, for the tests that render them all.
var MailKinds = []string{MailVerifyEmail, MailAccountExists, MailResetPassword, MailPasswordChanged,
	MailNewSignIn, MailTwoFactorOn, MailTwoFactorOff, MailChangeEmail, MailEmailChanged, MailInvitation,
	MailVerified, MailNotVerified, MailNote, MailDigest, MailCrisisAlert}

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
