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
	s := strings.TrimSpace(number)
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
