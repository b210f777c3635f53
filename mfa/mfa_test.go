package mfa_test

import (
	"strings"
	"testing"
	"time"

	"civhub/mfa"
)

func TestMatch(t *testing.T) {
	k, err := mfa.NewKey("civhub", "priya@example.org", "")
	if err != nil {
		t.Fatal(err)
	}
	if again, err := mfa.NewKey("civhub", "priya@example.org", k.Secret); err != nil || again.Secret != k.Secret {
		t.Fatalf("describing an existing secret gave %v, %v", again, err)
	}
	if !strings.HasPrefix(k.QR, "data:image/png;base64,") || !strings.HasPrefix(k.URL, "otpauth://totp/") {
		t.Fatalf("key %+v lacks a QR image or URL", k)
	}
	now := time.Date(2026, 11, 26, 12, 0, 10, 0, time.UTC)
	code, err := mfa.Code(k.Secret, now)
	if err != nil {
		t.Fatal(err)
	}
	step, ok := mfa.Match(k.Secret, code, now, 0)
	if !ok {
		t.Fatal("the current code does not match")
	}
	t.Run("OKSpacesTyped", func(t *testing.T) {
		if _, ok := mfa.Match(k.Secret, code[:3]+" "+code[3:], now, 0); !ok {
			t.Fatal("a code typed with a space does not match")
		}
	})
	t.Run("OKOneStepLate", func(t *testing.T) {
		if _, ok := mfa.Match(k.Secret, code, now.Add(30*time.Second), 0); !ok {
			t.Fatal("a code from the previous step does not match")
		}
	})
	t.Run("ErrReplay", func(t *testing.T) {
		if _, ok := mfa.Match(k.Secret, code, now, step); ok {
			t.Fatal("a used code matched again")
		}
	})
	t.Run("ErrTooOld", func(t *testing.T) {
		if _, ok := mfa.Match(k.Secret, code, now.Add(5*time.Minute), 0); ok {
			t.Fatal("a five-minute-old code matched")
		}
	})
	t.Run("ErrGarbage", func(t *testing.T) {
		for _, c := range []string{"", "12345", "1234567", "abcdef"} {
			if _, ok := mfa.Match(k.Secret, c, now, 0); ok {
				t.Fatalf("%q matched", c)
			}
		}
	})
}

func TestRecoveryCodes(t *testing.T) {
	codes := mfa.RecoveryCodes(10)
	seen := map[string]bool{}
	for _, c := range codes {
		if len(c) != 14 || seen[c] {
			t.Fatalf("bad or repeated code %q", c)
		}
		seen[c] = true
		if mfa.NormalizeRecoveryCode(" "+strings.ToUpper(c)+" ") != strings.ReplaceAll(c, "-", "") {
			t.Fatalf("normalizing %q failed", c)
		}
	}
}
