package civhub

import (
	"context"
	"strings"
	"time"
)

// Phone is a person's mobile number, for alerts and the SMS commands. It is personal data: shown
// to nobody but its owner, never written to logs (MaskPhone), part of their export, and deleted
// with their account. It is never a way to sign in.
type Phone struct {
	PersonID   int64      `json:"-"`
	Number     string     `json:"number"` // E.164: "+56912345678"
	VerifiedAt *time.Time `json:"verified_at,omitempty"`
	StoppedAt  *time.Time `json:"stopped_at,omitempty"` // they sent STOP: nothing is sent until START
	CreatedAt  time.Time  `json:"created_at"`
}

// Verified reports whether the number's owner sent back the code.
func (p *Phone) Verified() bool { return p != nil && p.VerifiedAt != nil }

// Reachable reports whether messages may be sent to the number.
func (p *Phone) Reachable() bool { return p.Verified() && p.StoppedAt == nil }

// Verification codes: six digits, valid a short while, tried a few times.
const (
	PhoneCodeTTL      = 10 * time.Minute
	PhoneCodeMaxTries = 5
)

var errPhoneInvalid = FieldError("number", "err.phone_invalid", "Give the number with its country code, starting with +, such as +212 612 345 678.")

// NormalizePhone returns number in E.164 form: a + and 8 to 15 digits, the first not 0. It takes
// spaces, dots, dashes, brackets and a leading 00 for the +; a number without its country code is
// refused, because civhub cannot guess it.
func NormalizePhone(number string) (string, error) {
	// Bidirectional marks come with a number copied from right-to-left text (the Arabic pages'
	// example has them), and Arabic-Indic digits from an Arabic keyboard.
	s := strings.TrimSpace(strings.Map(func(r rune) rune {
		switch {
		case r >= '\u0660' && r <= '\u0669':
			return '0' + r - '\u0660'
		case r >= '\u06f0' && r <= '\u06f9':
			return '0' + r - '\u06f0'
		case r == '\u200e' || r == '\u200f' || r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069':
			return -1
		}
		return r
	}, number))
	if strings.HasPrefix(s, "00") {
		s = "+" + s[2:]
	}
	if !strings.HasPrefix(s, "+") || len(s) > 40 {
		return "", errPhoneInvalid
	}
	var b strings.Builder
	b.WriteByte('+')
	for _, r := range s[1:] {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '.' || r == '-' || r == '(' || r == ')' || r == '\u00a0':
		default:
			return "", errPhoneInvalid
		}
	}
	out := b.String()
	if n := len(out) - 1; n < 8 || n > 15 || out[1] == '0' {
		return "", errPhoneInvalid
	}
	return out, nil
}

// MaskPhone shows only a number's last three digits, as logs and messages to others may.
func MaskPhone(number string) string {
	if len(number) <= 3 {
		return "…"
	}
	return "…" + number[len(number)-3:]
}

// PhoneService keeps people's phone numbers.
type PhoneService interface {
	// Phone returns person's number. Errors: ENOTFOUND when they gave none.
	Phone(ctx context.Context, person int64) (*Phone, error)
	// StartVerification stores number, unverified, as person's and queues an SMS with a new code:
	// text makes its words from the code, in the person's language. Errors: EINVALID for a number
	// NormalizePhone refuses; ECONFLICT when another person verified the number; ETOOMANY after
	// 3 codes an hour for a person or 10 a day for a number.
	StartVerification(ctx context.Context, person int64, number string, text func(code string) string) (*Phone, error)
	// Verify checks the code person typed. Errors: EINVALID for a wrong code (the tries left are
	// counted), ECONFLICT when the code expired or was tried too often: ask for a new one.
	Verify(ctx context.Context, person int64, code string) error
	// RemovePhone deletes person's number; they get no more SMS.
	RemovePhone(ctx context.Context, person int64) error
}

// SMSRecord is a text message civhub sent or received, as the development gateway's page shows it.
type SMSRecord struct {
	ID        int64
	Direction string // out, in
	Number    string
	Body      string
	Encoding  string
	Segments  int
	Kind      string
	Status    string
	CreatedAt time.Time
}

// SMSLog lists the text messages civhub keeps.
type SMSLog interface {
	// RecentSMS lists the newest messages, sent and received.
	RecentSMS(ctx context.Context, limit int) ([]*SMSRecord, error)
}

// Statuses of an outgoing text message.
const (
	SMSQueued    = "queued"    // waiting for the sender (kept so while no gateway is set up)
	SMSSending   = "sending"   // claimed by a sender until its lease ends; then claimed again
	SMSSent      = "sent"      // handed to the gateway, with the gateway's ID for it
	SMSFailed    = "failed"    // refused for good, or too many tries, or not delivered
	SMSDelivered = "delivered" // the gateway says it reached the phone
	SMSReceived  = "received"  // a message that arrived
)

// SMSStatuses lists them, for the pages that name them.
var SMSStatuses = []string{SMSQueued, SMSSending, SMSSent, SMSFailed, SMSDelivered, SMSReceived}

// SMSKeepBodies is how long the words of a text message are kept: after that the record says
// only that a message went or came, and a message from a number civhub does not know is deleted.
const SMSKeepBodies = 30 * 24 * time.Hour

// SMSMaxAttempts is how often a message is tried before it is given up as failed.
const SMSMaxAttempts = 6

// OutgoingSMS is a message a sender claimed: its reference (the same on every try) lets a gateway
// that takes one refuse to send it twice.
type OutgoingSMS struct {
	ID       int64
	Ref      string
	Number   string
	Body     string
	Attempts int // this one included
}

// SMSOutbox hands queued text messages to a sender and records what became of them.
type SMSOutbox interface {
	// ReserveSMSSlot takes the next moment gateway may send, at least gap after the one taken
	// before it by any sender, and returns how long until it comes: the gateway's pace holds
	// however many senders run. It takes none (ok is false) when nothing is waiting to be sent,
	// or when the moment comes later than within.
	ReserveSMSSlot(ctx context.Context, gateway string, gap, within time.Duration) (wait time.Duration, ok bool, err error)
	// ClaimSMS claims at most limit messages for gateway for lease: the queued ones, oldest first,
	// and those whose sender's lease ran out (it died, or was told to try later).
	ClaimSMS(ctx context.Context, gateway string, limit int, lease time.Duration) ([]OutgoingSMS, error)
	// FinishSMS records a try: sent with the gateway's ID when sendErr is nil; failed when it is
	// permanent or the tries are used up; otherwise tried again once retryAfter has passed.
	FinishSMS(ctx context.Context, id int64, providerID string, sendErr error, permanent bool, retryAfter time.Duration) error
	// RecordReceipt records what the gateway says became of a message it took (by the ID it gave):
	// delivered, or failed for reason. An ID civhub never gave is ignored.
	RecordReceipt(ctx context.Context, gateway, providerID string, delivered bool, reason string) error
}

// SMSReadMarks remember how far civhub has read each gateway's inbox (an sms.Inbox).
type SMSReadMarks interface {
	// ReadMark returns the ID of the last message read from gateway's inbox, and whether civhub
	// listens to it: false until the first reading reached the end of the account's history,
	// which is read without being answered.
	ReadMark(ctx context.Context, gateway string) (last int64, listening bool, err error)
	// MoveReadMark records that gateway's inbox was read up to last, and whether civhub now
	// listens. A mark never moves back, and once listening it stays so.
	MoveReadMark(ctx context.Context, gateway string, last int64, listening bool) error
}

// SMSInbox takes the text messages that arrive and answers them.
type SMSInbox interface {
	// ReceiveSMS keeps a message that came from number through gateway (providerID is the
	// gateway's ID for it: a message told twice is answered once), carries out its command as
	// the person whose confirmed number it is, and queues the reply, which it returns ("" for
	// none: after STOP, over the limits, or for a stranger's STOP). A number civhub does not know
	// gets a short help and nothing else.
	ReceiveSMS(ctx context.Context, gateway, from, body, providerID string) (reply string, err error)
}
