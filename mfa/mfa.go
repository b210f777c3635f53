// Package mfa implements the second factor of civhub's sign-in: time-based one-time passwords
// (RFC 6238, as authenticator apps make them) and one-time recovery codes.
package mfa

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"image/png"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// period is the TOTP time step; skew allows one step either side for clocks a little off.
const (
	period = 30
	skew   = 1
)

var opts = totp.ValidateOpts{Period: period, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// Key is a new TOTP secret to show the person while they set up their authenticator app.
type Key struct {
	Secret string // base32, for typing into the app by hand
	URL    string // otpauth:// URL, which the QR code holds
	QR     string // a data: URL of a PNG QR code of URL
}

// NewKey describes the TOTP secret (base32) for account, shown in the authenticator app beside the
// issuer. An empty secret makes a new random one.
func NewKey(issuer, account, secret string) (*Key, error) {
	opts := totp.GenerateOpts{Issuer: issuer, AccountName: account, Period: period}
	if secret != "" {
		raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
		if err != nil {
			return nil, err
		}
		opts.Secret = raw
	}
	k, err := totp.Generate(opts)
	if err != nil {
		return nil, err
	}
	img, err := k.Image(240, 240)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return &Key{Secret: k.Secret(), URL: k.URL(), QR: "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())}, nil
}

// Match reports whether code is the TOTP code of secret at now (give or take one step), and the
// time step it belongs to. A code whose step is not after lastStep was used already and does not
// match, so that an intercepted code cannot be replayed.
func Match(secret, code string, now time.Time, lastStep int64) (int64, bool) {
	code = strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, code)
	if len(code) != 6 {
		return 0, false
	}
	step := now.Unix() / period
	for s := step - skew; s <= step+skew; s++ {
		want, err := totp.GenerateCodeCustom(secret, time.Unix(s*period, 0), opts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 && s > lastStep {
			return s, true
		}
	}
	return 0, false
}

// Code returns the TOTP code of secret at t, for tests and for the demo.
func Code(secret string, t time.Time) (string, error) {
	return totp.GenerateCodeCustom(secret, t, opts)
}

// recoveryAlphabet avoids letters and digits that look alike.
const recoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"

// RecoveryCodes returns n new recovery codes like "k7pq-2mzx-c4ra".
func RecoveryCodes(n int) []string {
	codes := make([]string, n)
	for i := range codes {
		var s strings.Builder
		for j := 0; j < 12; {
			var b [1]byte
			rand.Read(b[:])
			// Bytes past the last whole multiple of the alphabet's size would favour its first letters.
			if int(b[0]) >= 256-256%len(recoveryAlphabet) {
				continue
			}
			if j > 0 && j%4 == 0 {
				s.WriteByte('-')
			}
			s.WriteByte(recoveryAlphabet[int(b[0])%len(recoveryAlphabet)])
			j++
		}
		codes[i] = s.String()
	}
	return codes
}

// NormalizeRecoveryCode lower-cases a typed recovery code and drops spaces and dashes, so that it
// compares equal however it was typed.
func NormalizeRecoveryCode(code string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' {
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(code)))
}
