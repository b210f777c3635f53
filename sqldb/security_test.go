package sqldb_test

import (
	"context"
	"testing"
	"time"

	"civhub"
	"civhub/mfa"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

func verifiedPerson(t *testing.T, db *sqldb.DB, email string) *civhub.Person {
	t.Helper()
	now := time.Now().UTC()
	p := &civhub.Person{Email: email, DisplayName: "P", Locale: "en", EmailVerifiedAt: &now}
	if err := sqldb.NewPersonService(db).CreatePerson(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRecordSignInMailsNewDevices(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newAccounts(t, db)
		p := verifiedPerson(t, db, "kofi@example.org")
		for i, tc := range []struct {
			device string
			mails  int
		}{{"Firefox · Android", 0}, {"Firefox · Android", 0}, {"Chrome · Windows", 1}, {"Chrome · Windows", 1}} {
			if err := s.RecordSignIn(ctx, p.ID, civhub.Client{Device: tc.device}); err != nil {
				t.Fatal(err)
			}
			if n := count(t, db, `SELECT COUNT(*) FROM mail_queue WHERE kind = $1`, civhub.MailNewSignIn); n != tc.mails {
				t.Fatalf("after sign-in %d from %s: %d new-device mails, want %d", i+1, tc.device, n, tc.mails)
			}
		}
	})
}

func TestTwoFactorLifecycle(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newAccounts(t, db)
		p := verifiedPerson(t, db, "camila@example.org")
		if _, err := s.NewRecoveryCodes(ctx, p.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("recovery codes while off: %v, want ECONFLICT", err)
		}
		k, _ := mfa.NewKey("civhub", p.Email, "")
		if _, err := s.EnableTOTP(ctx, p.ID, k.Secret, "123456"); civhub.ErrorCode(err) != civhub.EUNAUTHORIZED {
			t.Fatalf("enable with a wrong code: %v, want EUNAUTHORIZED", err)
		}
		code, _ := mfa.Code(k.Secret, time.Now())
		codes, err := s.EnableTOTP(ctx, p.ID, k.Secret, code)
		if err != nil || len(codes) != 10 {
			t.Fatalf("enable: %d codes, %v", len(codes), err)
		}
		if _, err := s.EnableTOTP(ctx, p.ID, k.Secret, code); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("enable twice: %v, want ECONFLICT", err)
		}
		fresh, err := s.NewRecoveryCodes(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.VerifySecondFactor(ctx, p.ID, codes[0], civhub.Client{IPKey: "a"}); civhub.ErrorCode(err) != civhub.EUNAUTHORIZED {
			t.Fatalf("an old recovery code after renewal: %v, want EUNAUTHORIZED", err)
		}
		if err := s.VerifySecondFactor(ctx, p.ID, fresh[3], civhub.Client{IPKey: "a"}); err != nil {
			t.Fatalf("a new recovery code: %v", err)
		}
		if err := s.DisableTOTP(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM recovery_codes WHERE person_id = $1`, p.ID); n != 0 {
			t.Fatalf("%d recovery codes left after turning two-factor off", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE person_id = $1 AND action IN ($2, $3, $4, $5)`, p.ID,
			civhub.AuditTwoFactorOn, civhub.AuditTwoFactorOff, civhub.AuditRecoveryCodes, civhub.AuditRecoveryUsed); n != 4 {
			t.Fatalf("%d audit entries for the two-factor changes, want 4", n)
		}
	})
}
