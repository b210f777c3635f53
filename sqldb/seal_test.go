package sqldb_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"civhub"
	"civhub/mfa"
	"civhub/seal"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// storedSecret reads the TOTP secret column of person as stored.
func storedSecret(t *testing.T, db *sqldb.DB, person int64) string {
	t.Helper()
	var s string
	err := db.View(context.Background(), func(tx *sqldb.Tx) error {
		return tx.QueryRowContext(context.Background(), `SELECT totp_secret FROM people WHERE id = $1`, person).Scan(&s)
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func setStoredSecret(t *testing.T, db *sqldb.DB, person int64, stored string) {
	t.Helper()
	ctx := context.Background()
	err := db.Update(ctx, func(tx *sqldb.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE people SET totp_secret = $1, totp_enabled_at = $2, totp_last_step = 0 WHERE id = $3`,
			stored, tx.Now(), person)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func keyring(t *testing.T, ids ...string) *seal.Keyring {
	t.Helper()
	var text strings.Builder
	for _, id := range ids {
		text.WriteString(id + ":" + base64.StdEncoding.EncodeToString(bytes.Repeat([]byte(id[len(id)-1:]), seal.KeySize)) + "\n")
	}
	k, err := seal.ParseKeyring(text.String())
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// signInCode checks person's current TOTP code for secret, as the second sign-in step does, 20
// minutes later each time, so that no code counts as replayed and no rate limit is reached.
func signInCode(t *testing.T, db *sqldb.DB, s *sqldb.AccountService, person int64, secret string, at *time.Time) error {
	t.Helper()
	*at = at.Add(20 * time.Minute)
	now := *at
	db.Now = func() time.Time { return now }
	code, err := mfa.Code(secret, now)
	if err != nil {
		t.Fatal(err)
	}
	return s.VerifySecondFactor(context.Background(), person, code, civhub.Client{IPKey: "ip"})
}

// TestTOTPSecretsSealed checks that authenticator secrets are stored encrypted, bound to their
// person, that secrets stored in plain text before keep working and get sealed, and that keys rotate
// as the README says.
func TestTOTPSecretsSealed(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newAccounts(t, db)
		at := time.Now().UTC()
		amina := verifiedPerson(t, db, "amina@example.org")
		nour := verifiedPerson(t, db, "nour@example.org")
		k, _ := mfa.NewKey("civhub", amina.Email, "")
		code, _ := mfa.Code(k.Secret, at)
		if _, err := s.EnableTOTP(ctx, amina.ID, k.Secret, code); err != nil {
			t.Fatal(err)
		}
		stored := storedSecret(t, db, amina.ID)
		if !seal.IsSealed(stored) || strings.Contains(stored, k.Secret) {
			t.Fatalf("the secret is stored as %q, want it sealed", stored)
		}
		if err := signInCode(t, db, s, amina.ID, k.Secret, &at); err != nil {
			t.Fatalf("a code from the app after sealing: %v", err)
		}

		t.Run("ErrCopiedToAnotherPerson", func(t *testing.T) {
			setStoredSecret(t, db, nour.ID, stored)
			if err := signInCode(t, db, s, nour.ID, k.Secret, &at); err == nil || civhub.ErrorCode(err) != civhub.EINTERNAL {
				t.Fatalf("another person's sealed secret: %v, want an internal error", err)
			}
		})
		t.Run("OKPlainTextFromBefore", func(t *testing.T) {
			plain, _ := mfa.NewKey("civhub", nour.Email, "")
			setStoredSecret(t, db, nour.ID, plain.Secret)
			if err := signInCode(t, db, s, nour.ID, plain.Secret, &at); err != nil {
				t.Fatalf("a secret stored in plain text: %v", err)
			}
			if got := storedSecret(t, db, nour.ID); !seal.IsSealed(got) || strings.Contains(got, plain.Secret) {
				t.Fatalf("after a sign-in the plain-text secret is stored as %q, want it sealed", got)
			}
		})
		t.Run("OKRotation", func(t *testing.T) {
			// Before any key is configured, the database's own key seals; then the operator gives k1.
			db.SetKeys(keyring(t, "k1"))
			if err := signInCode(t, db, s, amina.ID, k.Secret, &at); err != nil {
				t.Fatalf("a secret sealed with the database's key, after k1 was given: %v", err)
			}
			if got := storedSecret(t, db, amina.ID); !seal.SealedWith(got, "k1") {
				t.Fatalf("after a sign-in the secret is stored as %.10q…, want it sealed with k1", got)
			}
			plain, _ := mfa.NewKey("civhub", nour.Email, "")
			setStoredSecret(t, db, nour.ID, plain.Secret)
			// k2 becomes current, k1 still opens; a pass seals everything with k2.
			db.SetKeys(keyring(t, "k2", "k1"))
			n, err := db.ResealSecrets(ctx)
			if err != nil || n != 2 {
				t.Fatalf("ResealSecrets = %d, %v; want 2 secrets sealed again", n, err)
			}
			for _, p := range []*civhub.Person{amina, nour} {
				if got := storedSecret(t, db, p.ID); !seal.SealedWith(got, "k2") {
					t.Errorf("%s's secret is stored as %.10q…, want it sealed with k2", p.Email, got)
				}
			}
			if n, err := db.ResealSecrets(ctx); err != nil || n != 0 {
				t.Fatalf("a second pass: %d, %v; want nothing to do", n, err)
			}
			if err := signInCode(t, db, s, amina.ID, k.Secret, &at); err != nil {
				t.Fatalf("after rotation: %v", err)
			}
			// Without k2, its secrets cannot be opened: the pass says so and changes nothing, and the
			// recovery codes still let their owner in.
			codes, err := s.NewRecoveryCodes(ctx, amina.ID)
			if err != nil {
				t.Fatal(err)
			}
			db.SetKeys(keyring(t, "k3"))
			if n, err := db.ResealSecrets(ctx); n != 0 || !errors.Is(err, seal.ErrCannotOpen) {
				t.Fatalf("ResealSecrets without k2 = %d, %v; want ErrCannotOpen", n, err)
			}
			if err := signInCode(t, db, s, amina.ID, k.Secret, &at); civhub.ErrorCode(err) != civhub.EINTERNAL {
				t.Fatalf("a code from the app whose secret cannot be opened: %v, want an internal error", err)
			}
			if err := s.VerifySecondFactor(ctx, amina.ID, codes[0], civhub.Client{IPKey: "ip"}); err != nil {
				t.Fatalf("a recovery code while the secret cannot be opened: %v", err)
			}
		})
	})
}
