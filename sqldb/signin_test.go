package sqldb_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"civhub"
	"civhub/mfa"
	"civhub/password"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// The sign-in limits, written out so that a test fails when one of them changes.
const (
	accountFailures = 10 // wrong passwords per account in 15 minutes, from unknown devices
	deviceFailures  = 10 // wrong passwords per device cookie in 15 minutes
	addressFailures = 50 // wrong passwords per address in 15 minutes
	codeFailures    = 5  // wrong second-factor codes per account (or per device cookie) in 15 minutes
	reauthFailures  = 10 // wrong passwords when confirming a sensitive change
)

const ownerPassword = "argan-oil-cooperative-7"

// owner stores a verified person whose password is ownerPassword.
func owner(t *testing.T, db *sqldb.DB, email string) *civhub.Person {
	t.Helper()
	hash, err := password.Hash(ownerPassword)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	p := &civhub.Person{Email: email, DisplayName: "Amina", Locale: "ar", EmailVerifiedAt: &now, PasswordHash: hash}
	if err := sqldb.NewPersonService(db).CreatePerson(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	return p
}

func stranger(i int) civhub.Client {
	return civhub.Client{IPKey: fmt.Sprintf("stranger-%d", i), Device: "curl"}
}

func withDevice(c civhub.Client, person int64, key string) civhub.Client {
	c.KnownDevices = append(c.KnownDevices, civhub.KnownDevice{PersonID: person, Key: key, Issued: time.Now().Add(-time.Hour)})
	return c
}

// wantCode fails unless err has code.
func wantCode(t *testing.T, err error, code, what string) {
	t.Helper()
	if civhub.ErrorCode(err) != code {
		t.Fatalf("%s: %v, want %s", what, err, code)
	}
}

func TestSignInLimits(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newAccounts(t, db)
		amina := owner(t, db, "amina@example.org")

		t.Run("ErrTooManyForTheAccountAfterItsLimit", func(t *testing.T) {
			// Failures from many addresses: each is refused as wrong, none as too many.
			for i := 1; i <= accountFailures; i++ {
				_, err := s.Authenticate(ctx, "amina@example.org", "guess-number-"+fmt.Sprint(i), stranger(i))
				wantCode(t, err, civhub.EUNAUTHORIZED, fmt.Sprintf("wrong password %d of %d", i, accountFailures))
			}
			// Now even the right password from yet another unknown device waits.
			_, err := s.Authenticate(ctx, "amina@example.org", ownerPassword, stranger(99))
			var e *civhub.Error
			if wait := retryAfter(t, err); wait > 15*time.Minute || !errors.As(err, &e) || e.Key != "err.signin_locked" {
				t.Fatalf("after %d failures: %v (wait %v), want err.signin_locked within 15 minutes", accountFailures, err, wait)
			}
		})
		t.Run("OKForTheOwnerOnAKnownDevice", func(t *testing.T) {
			p, err := s.Authenticate(ctx, "amina@example.org", ownerPassword, withDevice(stranger(1), amina.ID, "aminas-phone"))
			if err != nil || p.ID != amina.ID {
				t.Fatalf("the owner's device while strangers are locked out: %v", err)
			}
		})
		t.Run("ErrTooManyForADeviceAfterItsOwnLimit", func(t *testing.T) {
			phone := withDevice(stranger(2), amina.ID, "aminas-phone")
			for i := 1; i <= deviceFailures; i++ {
				_, err := s.Authenticate(ctx, "amina@example.org", "typo-"+fmt.Sprint(i), phone)
				wantCode(t, err, civhub.EUNAUTHORIZED, fmt.Sprintf("wrong password %d of %d on the device", i, deviceFailures))
			}
			if _, err := s.Authenticate(ctx, "amina@example.org", ownerPassword, phone); civhub.ErrorCode(err) != civhub.ETOOMANY {
				t.Fatalf("after %d failures on the device: %v, want ETOOMANY", deviceFailures, err)
			}
			// Another device of hers is not affected.
			if _, err := s.Authenticate(ctx, "amina@example.org", ownerPassword, withDevice(stranger(2), amina.ID, "aminas-laptop")); err != nil {
				t.Fatalf("another known device: %v", err)
			}
		})
		t.Run("ErrTooManyForTheAddressAfterItsLimit", func(t *testing.T) {
			shared := civhub.Client{IPKey: "cybercafe"}
			for i := 1; i <= addressFailures; i++ {
				_, err := s.Authenticate(ctx, fmt.Sprintf("someone%d@example.org", i), "guess", shared)
				wantCode(t, err, civhub.EUNAUTHORIZED, fmt.Sprintf("wrong password %d of %d from one address", i, addressFailures))
			}
			owner(t, db, "jean@example.org")
			_, err := s.Authenticate(ctx, "jean@example.org", ownerPassword, shared)
			wantCode(t, err, civhub.ETOOMANY, fmt.Sprintf("after %d failures from the address", addressFailures))
		})
	})
}

// TestSignInSuccessesDoNotCount signs in far more often than any limit from one address, as a
// TechCamp behind one connection does.
func TestSignInSuccessesDoNotCount(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newAccounts(t, db)
		owner(t, db, "sam@example.org")
		camp := civhub.Client{IPKey: "techcamp-nairobi"}
		for i := 1; i <= addressFailures+10; i++ {
			if _, err := s.Authenticate(ctx, "sam@example.org", ownerPassword, camp); err != nil {
				t.Fatalf("correct sign-in %d from one address: %v", i, err)
			}
		}
	})
}

// TestSignInEdgeBurst tries ten wrong passwords just before a quarter of an hour and ten more just
// after: a fixed window would take both.
func TestSignInEdgeBurst(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newAccounts(t, db)
		owner(t, db, "diego@example.org")
		c := setClock(db, time.Date(2026, 3, 2, 9, 14, 50, 0, time.UTC))
		for i := 1; i <= accountFailures; i++ {
			_, err := s.Authenticate(ctx, "diego@example.org", "guess", stranger(i))
			wantCode(t, err, civhub.EUNAUTHORIZED, fmt.Sprintf("guess %d before 9:15", i))
		}
		c.advance(20 * time.Second)
		_, err := s.Authenticate(ctx, "diego@example.org", "guess", stranger(50))
		wantCode(t, err, civhub.ETOOMANY, "a guess after 9:15")
		c.advance(15*time.Minute - 20*time.Second)
		if _, err := s.Authenticate(ctx, "diego@example.org", ownerPassword, stranger(51)); err != nil {
			t.Fatalf("once the guesses left the window: %v", err)
		}
	})
}

func TestSecondFactorLimits(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newAccounts(t, db)
		p := verifiedPerson(t, db, "nour@example.org")
		codes := turnOnTwoFactor(t, s, p)
		// Right recovery codes are successes and count for nothing.
		for i, code := range codes[:codeFailures+1] {
			if err := s.VerifySecondFactor(ctx, p.ID, code, stranger(0)); err != nil {
				t.Fatalf("recovery code %d: %v", i+1, err)
			}
		}
		for i := 1; i <= codeFailures; i++ {
			err := s.VerifySecondFactor(ctx, p.ID, "000000", stranger(i))
			wantCode(t, err, civhub.EUNAUTHORIZED, fmt.Sprintf("wrong code %d of %d", i, codeFailures))
		}
		retryAfter(t, s.VerifySecondFactor(ctx, p.ID, codes[codeFailures+1], stranger(9)))
		if err := s.VerifySecondFactor(ctx, p.ID, codes[codeFailures+1], withDevice(stranger(9), p.ID, "nours-phone")); err != nil {
			t.Fatalf("a right code on a known device: %v", err)
		}
	})
}

func TestReauthenticationLimit(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newAccounts(t, db)
		p := owner(t, db, "kofi@example.org")
		for i := 1; i <= reauthFailures+5; i++ {
			if err := s.CheckPassword(ctx, p.ID, ownerPassword, client); err != nil {
				t.Fatalf("right password %d: %v", i, err)
			}
		}
		for i := 1; i <= reauthFailures; i++ {
			wantCode(t, s.CheckPassword(ctx, p.ID, "nope", client), civhub.EUNAUTHORIZED, fmt.Sprintf("wrong password %d of %d", i, reauthFailures))
		}
		retryAfter(t, s.CheckPassword(ctx, p.ID, ownerPassword, client))
	})
}

// turnOnTwoFactor turns two-factor sign-in on for p and returns its recovery codes.
func turnOnTwoFactor(t *testing.T, s *sqldb.AccountService, p *civhub.Person) []string {
	t.Helper()
	k, err := mfa.NewKey("civhub", p.Email, "")
	if err != nil {
		t.Fatal(err)
	}
	code, _ := mfa.Code(k.Secret, time.Now())
	codes, err := s.EnableTOTP(context.Background(), p.ID, k.Secret, code)
	if err != nil {
		t.Fatal(err)
	}
	return codes
}

// TestPasswordChangeEndsDeviceStanding: a device that signed in before the password changed (it
// may have been the one that stole it) is a stranger afterwards, locked out with the others; a
// device that signs in after the change counts again.
func TestPasswordChangeEndsDeviceStanding(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newAccounts(t, db)
		amina := owner(t, db, "amina@example.org")
		old := withDevice(stranger(1), amina.ID, "old-phone")
		if _, err := s.Authenticate(ctx, "amina@example.org", ownerPassword, old); err != nil {
			t.Fatal(err)
		}
		const newPassword = "new-argan-press-2026"
		if err := s.ChangePassword(ctx, amina.ID, newPassword, ""); err != nil {
			t.Fatal(err)
		}
		for i := 1; i <= accountFailures; i++ {
			_, err := s.Authenticate(ctx, "amina@example.org", "guess-"+fmt.Sprint(i), stranger(i))
			wantCode(t, err, civhub.EUNAUTHORIZED, fmt.Sprintf("wrong password %d", i))
		}
		if _, err := s.Authenticate(ctx, "amina@example.org", newPassword, old); civhub.ErrorCode(err) != civhub.ETOOMANY {
			t.Fatalf("a device from before the change while the account is locked: %v, want ETOOMANY", err)
		}
		fresh := stranger(1)
		fresh.KnownDevices = []civhub.KnownDevice{{PersonID: amina.ID, Key: "new-phone", Issued: time.Now().Add(time.Second)}}
		if _, err := s.Authenticate(ctx, "amina@example.org", newPassword, fresh); err != nil {
			t.Fatalf("a device given its cookie after the change: %v", err)
		}
	})
}
