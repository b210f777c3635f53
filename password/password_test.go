package password_test

import (
	"strings"
	"testing"

	"civhub/password"
)

func TestHashVerify(t *testing.T) {
	h, err := password.Hash("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q is not in the expected PHC form", h)
	}
	for _, tc := range []struct {
		name, pw string
		want     bool
	}{
		{"OK", "correct horse battery staple", true},
		{"WrongPassword", "correct horse battery stapler", false},
		{"Empty", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ok, err := password.Verify(tc.pw, h)
			if err != nil || ok != tc.want {
				t.Fatalf("Verify = %v, %v; want %v", ok, err, tc.want)
			}
		})
	}
	h2, _ := password.Hash("correct horse battery staple")
	if h2 == h {
		t.Fatal("two hashes of the same password are equal: the salt is not random")
	}
}

func TestVerifyMalformed(t *testing.T) {
	for _, h := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=x$AAAA$AAAA", "$argon2id$v=19$m=8,t=1,p=1$!!$AAAA"} {
		if _, err := password.Verify("pw", h); err != password.ErrMalformed {
			t.Errorf("Verify(%q) error = %v, want ErrMalformed", h, err)
		}
	}
}

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name, pw string
		ok       bool
	}{
		{"OK", "lavender-tide-49", true},
		{"OKPastedPassphrase", strings.Repeat("argan ", 20), true},
		{"OKArabic", "كلمة سر طويلة جدا", true},
		{"ErrTooShort", "a1b2c3", false},
		{"ErrTooLong", strings.Repeat("x", 257), false},
		{"ErrCommon", "password1", false},
		{"ErrCommonCaseInsensitive", "PASSWORD1", false},
		{"ErrCommonDeepInList", "1qaz2wsx", false},
		{"ErrEmail", "amina@example.org", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := password.Check(tc.pw, "amina@example.org", "Amina")
			if (err == nil) != tc.ok {
				t.Fatalf("Check(%q) = %v, want ok=%v", tc.pw, err, tc.ok)
			}
		})
	}
}
