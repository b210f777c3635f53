package civhub

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"slices"
	"strings"
	"time"
)

// Certificate is a volunteer's record as it stood on the day they asked for an address to check it
// by: anyone who opens that address sees the name, the figures and the day, and nothing else. The
// volunteer may withdraw it; a withdrawn certificate says so instead of its figures.
type Certificate struct {
	Code          string     `json:"code"` // 16 letters and digits, written in groups of four (see FormatCertificateCode)
	PersonID      int64      `json:"person_id"`
	Name          string     `json:"name"`              // the volunteer's display name on the day it was issued
	Minutes       int        `json:"minutes"`           // confirmed hours, in minutes
	Tasks         int        `json:"tasks"`             // tasks whose work the organizations approved
	Organizations int        `json:"organizations"`     // organizations the volunteer worked for
	Courses       []string   `json:"courses,omitempty"` // the titles of the courses finished, most recent first
	IssuedAt      time.Time  `json:"issued_at"`
	WithdrawnAt   *time.Time `json:"withdrawn_at"`
}

// Matches reports whether c certifies the figures of record: a volunteer whose record has not
// changed since keeps the address they already have.
func (c *Certificate) Matches(record *Contribution) bool {
	return c.WithdrawnAt == nil && c.Minutes == record.ConfirmedMinutes && c.Tasks == record.TasksApproved &&
		c.Organizations == record.Organizations && slices.Equal(c.Courses, record.CourseTitles())
}

// CourseTitles lists the titles of the courses c's volunteer finished, as a certificate names them.
func (c *Contribution) CourseTitles() []string {
	var out []string
	for _, done := range c.Courses {
		out = append(out, done.Title)
	}
	return out
}

// certificateCodeBytes is the randomness of a code: 80 bits, 16 characters of base 32, which
// nobody guesses, short enough to type from a printed page.
const certificateCodeBytes = 10

var certificateEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewCertificateCode returns a fresh random code, in lower case.
func NewCertificateCode() string {
	b := make([]byte, certificateCodeBytes)
	rand.Read(b) // never fails (crypto/rand)
	return strings.ToLower(certificateEncoding.EncodeToString(b))
}

// NormalizeCertificateCode reads a code as a person may type it — any case, with or without the
// dashes and spaces between groups — and reports whether it can be a code at all.
func NormalizeCertificateCode(s string) (string, bool) {
	s = strings.ToLower(strings.NewReplacer("-", "", " ", "").Replace(s))
	if len(s) != 16 {
		return "", false
	}
	if _, err := certificateEncoding.DecodeString(strings.ToUpper(s)); err != nil {
		return "", false
	}
	return s, true
}

// FormatCertificateCode writes a code in groups of four, easier to read aloud and to type.
func FormatCertificateCode(code string) string {
	var groups []string
	for len(code) > 4 {
		groups = append(groups, code[:4])
		code = code[4:]
	}
	return strings.Join(append(groups, code), "-")
}

// CertificateService issues the addresses that let anyone check a volunteer's certificate.
type CertificateService interface {
	// IssueCertificate records person's contribution as it stands under a new code, or returns the
	// certificate already issued for the same figures. Errors: ENOTFOUND for an unknown person,
	// ECONFLICT when no hours are confirmed and no work approved yet.
	IssueCertificate(ctx context.Context, person int64) (*Certificate, error)
	// Certificates lists person's certificates, newest first, withdrawn ones included.
	Certificates(ctx context.Context, person int64) ([]*Certificate, error)
	// FindCertificate returns the certificate with code, withdrawn or not. Errors: ENOTFOUND.
	FindCertificate(ctx context.Context, code string) (*Certificate, error)
	// WithdrawCertificate withdraws person's certificate with code. Errors: ENOTFOUND when person has
	// none with that code, ECONFLICT when it is withdrawn already.
	WithdrawCertificate(ctx context.Context, person int64, code string) error
}
