package seal_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"civhub/seal"
)

func key(b byte) string {
	return base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{b}, seal.KeySize))
}

func mustParse(t *testing.T, text string) *seal.Keyring {
	t.Helper()
	k, err := seal.ParseKeyring(text)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSealOpen(t *testing.T) {
	k := mustParse(t, "# civhub keys\n2026-01:"+key(1)+"\n")
	secret := []byte("JBSWY3DPEHPK3PXP")
	sealed := k.Seal(secret, []byte("totp:7"))
	if !seal.IsSealed(sealed) || !seal.SealedWith(sealed, "2026-01") || strings.Contains(sealed, string(secret)) {
		t.Fatalf("sealed value %q", sealed)
	}
	if again := k.Seal(secret, []byte("totp:7")); again == sealed {
		t.Error("two seals of one value are equal: the nonce is not random")
	}
	got, id, err := k.Open(sealed, []byte("totp:7"))
	if err != nil || !bytes.Equal(got, secret) || id != "2026-01" {
		t.Fatalf("Open = %q, %q, %v", got, id, err)
	}
	for name, tc := range map[string]struct{ value, ad string }{
		"ErrOtherPerson": {sealed, "totp:8"},
		"ErrAltered":     {sealed[:len(sealed)-2] + "AA", "totp:7"},
		"ErrPlainText":   {"JBSWY3DPEHPK3PXP", "totp:7"},
		"ErrTruncated":   {"v1:2026-01:AAAA", "totp:7"},
		"ErrUnknownKey":  {strings.Replace(sealed, "2026-01", "2025-01", 1), "totp:7"},
	} {
		t.Run(name, func(t *testing.T) {
			if _, _, err := k.Open(tc.value, []byte(tc.ad)); !errors.Is(err, seal.ErrCannotOpen) {
				t.Fatalf("Open = %v, want ErrCannotOpen", err)
			}
		})
	}
}

// TestRotation checks the documented rotation: a new key first in the list seals new values, and
// the old key, second, still opens what it sealed.
func TestRotation(t *testing.T) {
	old := mustParse(t, "k1:"+key(1))
	sealed := old.Seal([]byte("secret"), []byte("ad"))
	rotated := mustParse(t, "k2:"+key(2)+"\nk1:"+key(1))
	if got, id, err := rotated.Open(sealed, []byte("ad")); err != nil || string(got) != "secret" || id != "k1" {
		t.Fatalf("the old key no longer opens its value: %q %q %v", got, id, err)
	}
	if fresh := rotated.Seal([]byte("secret"), []byte("ad")); !seal.SealedWith(fresh, "k2") || rotated.Current() != "k2" {
		t.Fatalf("new values are sealed as %q, want with k2", fresh)
	}
	if _, _, err := mustParse(t, "k2:"+key(2)).Open(sealed, []byte("ad")); !errors.Is(err, seal.ErrCannotOpen) {
		t.Fatalf("a keyring without k1 opened its value: %v", err)
	}
	fallback, err := seal.NewKeyring("db", bytes.Repeat([]byte{9}, seal.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	byFallback := fallback.Seal([]byte("older"), nil)
	both := rotated.With(fallback)
	if got, _, err := both.Open(byFallback, nil); err != nil || string(got) != "older" || both.Current() != "k2" {
		t.Fatalf("With: %q %v, current %q", got, err, both.Current())
	}
}

func TestParseKeyringErrors(t *testing.T) {
	for name, text := range map[string]string{
		"ErrEmpty":     "# nothing\n\n",
		"ErrNoID":      key(1),
		"ErrShortKey":  "k1:" + base64.StdEncoding.EncodeToString([]byte("short")),
		"ErrNotBase64": "k1:not base64!",
		"ErrBadID":     "k 1:" + key(1),
		"ErrTwice":     "k1:" + key(1) + "\nk1:" + key(2),
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := seal.ParseKeyring(text); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}
