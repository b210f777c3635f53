package sqldb_test

import (
	"context"
	"testing"
	"time"

	"civhub"
	"civhub/jobs"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// newAccounts returns an AccountService whose mail goes through a real (not started) jobs runner.
func newAccounts(t *testing.T, db *sqldb.DB) *sqldb.AccountService {
	t.Helper()
	return sqldb.NewAccountService(db, newRunner(t, db))
}

// newNotes returns a NotificationService whose mail goes through a real (not started) jobs runner.
func newNotes(t *testing.T, db *sqldb.DB) *sqldb.NotificationService {
	t.Helper()
	return sqldb.NewNotificationService(db, newRunner(t, db))
}

// newRunner returns a jobs runner on db that is never started: jobs wait in its table.
func newRunner(t *testing.T, db *sqldb.DB) *jobs.Runner {
	t.Helper()
	if err := jobs.Migrate(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	r, err := jobs.New(db, discardLogger(), jobs.Services{Housekeeping: sqldb.NewHousekeepingService(db)})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// lastMail returns the newest queued mail to address.
func lastMail(t *testing.T, db *sqldb.DB, to string) (kind, token string) {
	t.Helper()
	ctx := context.Background()
	var id int64
	err := db.View(ctx, func(tx *sqldb.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT MAX(id) FROM mail_queue WHERE to_address = $1`, to).Scan(&id)
	})
	if err != nil {
		t.Fatalf("no mail to %s: %v", to, err)
	}
	m, err := sqldb.NewMailQueue(db).FindMail(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return m.Kind, m.Payload["token"]
}

func count(t *testing.T, db *sqldb.DB, query string, args ...any) int {
	t.Helper()
	var n int
	err := db.View(context.Background(), func(tx *sqldb.Tx) error {
		return tx.QueryRowContext(context.Background(), query, args...).Scan(&n)
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

var client = civhub.Client{IPKey: "ip-1", Device: "Firefox on Android"}

func TestSignUpVerifySignIn(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newAccounts(t, db)
		in := civhub.SignUp{Email: "Priya@Example.org", DisplayName: "Priya", Password: "android-and-sql-42", Locale: "en"}
		if err := s.SignUp(ctx, in, client); err != nil {
			t.Fatal(err)
		}
		kind, token := lastMail(t, db, "priya@example.org")
		if kind != civhub.MailVerifyEmail || token == "" {
			t.Fatalf("mail %q with token %q, want a verification link", kind, token)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM river_job WHERE kind = 'send_mail'`); n != 1 {
			t.Fatalf("%d send_mail jobs, want 1", n)
		}

		t.Run("ErrUnverified", func(t *testing.T) {
			_, err := s.Authenticate(ctx, "priya@example.org", in.Password, client)
			if civhub.ErrorCode(err) != civhub.ECONFLICT {
				t.Fatalf("err = %v, want ECONFLICT", err)
			}
			_, token = lastMail(t, db, "priya@example.org") // the new link replaces the old one
		})
		t.Run("OKVerify", func(t *testing.T) {
			c, err := s.VerifyEmail(ctx, token)
			if err != nil || !c.Person.Verified() {
				t.Fatalf("VerifyEmail = %v, %v", c, err)
			}
		})
		t.Run("ErrTokenUsedTwice", func(t *testing.T) {
			if _, err := s.VerifyEmail(ctx, token); civhub.ErrorCode(err) != civhub.EINVALID {
				t.Fatalf("err = %v, want EINVALID", err)
			}
		})
		t.Run("OKSignIn", func(t *testing.T) {
			p, err := s.Authenticate(ctx, " PRIYA@example.org", in.Password, client)
			if err != nil || p.DisplayName != "Priya" {
				t.Fatalf("Authenticate = %v, %v", p, err)
			}
		})
		t.Run("ErrSameAnswerForWrongPasswordAndUnknownEmail", func(t *testing.T) {
			_, err1 := s.Authenticate(ctx, "priya@example.org", "wrong-password-1", client)
			_, err2 := s.Authenticate(ctx, "nobody@example.org", "wrong-password-1", client)
			if civhub.ErrorCode(err1) != civhub.EUNAUTHORIZED || civhub.ErrorMessage(err1) != civhub.ErrorMessage(err2) ||
				civhub.ErrorCode(err1) != civhub.ErrorCode(err2) {
				t.Fatalf("wrong password: %v; unknown email: %v; want the same EUNAUTHORIZED", err1, err2)
			}
		})
		t.Run("OKSignUpAgainMailsTheOwner", func(t *testing.T) {
			again := in
			again.DisplayName = "Someone else"
			if err := s.SignUp(ctx, again, civhub.Client{IPKey: "ip-2"}); err != nil {
				t.Fatalf("sign-up with a taken email answered %v; it must answer as for a new one", err)
			}
			if kind, _ := lastMail(t, db, "priya@example.org"); kind != civhub.MailAccountExists {
				t.Fatalf("mail = %q, want %q", kind, civhub.MailAccountExists)
			}
			if n := count(t, db, `SELECT COUNT(*) FROM people`); n != 1 {
				t.Fatalf("%d people, want 1", n)
			}
		})
	})
}

func TestSignUpInvalid(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newAccounts(t, db)
		err := s.SignUp(context.Background(), civhub.SignUp{Email: "not-an-email", DisplayName: "J", Password: "password", Locale: "fr"}, client)
		var e *civhub.Error
		if civhub.ErrorCode(err) != civhub.EINVALID || !asError(err, &e) || e.Fields["email"] == "" || e.Fields["password"] == "" {
			t.Fatalf("err = %#v, want EINVALID naming both email and password", err)
		}
	})
}

func TestPasswordReset(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newAccounts(t, db)
		now := time.Now().UTC()
		p := &civhub.Person{Email: "jean@example.org", DisplayName: "Jean", Locale: "fr", EmailVerifiedAt: &now}
		if err := sqldb.NewPersonService(db).CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		if err := s.RequestPasswordReset(ctx, "nobody@example.org", client); err != nil {
			t.Fatalf("reset for an unknown email: %v, want nil", err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM mail_queue`); n != 0 {
			t.Fatalf("%d mails for an unknown email, want 0", n)
		}
		if err := s.RequestPasswordReset(ctx, "JEAN@example.org", client); err != nil {
			t.Fatal(err)
		}
		kind, token := lastMail(t, db, "jean@example.org")
		if kind != civhub.MailResetPassword {
			t.Fatalf("mail %q, want a reset link", kind)
		}
		err := db.Update(ctx, func(tx *sqldb.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token, data, expiry, person_id) VALUES ('s1', $1, $2, $3)`,
				[]byte("x"), tx.Now().Add(time.Hour), p.ID)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ResetPassword(ctx, token, "123456789"); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("a common password: %v, want EINVALID", err)
		}
		if _, err := s.ResetPassword(ctx, token, "traduction-lyon-2026"); err != nil {
			t.Fatalf("the same link after a refused password: %v", err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM sessions WHERE person_id = $1`, p.ID); n != 0 {
			t.Fatalf("%d sessions left after a reset, want 0", n)
		}
		if _, err := s.Authenticate(ctx, "jean@example.org", "traduction-lyon-2026", client); err != nil {
			t.Fatalf("sign in with the new password: %v", err)
		}
		if kind, _ := lastMail(t, db, "jean@example.org"); kind != civhub.MailPasswordChanged {
			t.Fatalf("mail %q, want a password-changed notice", kind)
		}
	})
}

func TestTokenExpires(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newAccounts(t, db)
		now := time.Now().UTC()
		p := &civhub.Person{Email: "diego@example.org", DisplayName: "Diego", Locale: "es", EmailVerifiedAt: &now}
		if err := sqldb.NewPersonService(db).CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		if err := s.RequestPasswordReset(ctx, p.Email, client); err != nil {
			t.Fatal(err)
		}
		_, token := lastMail(t, db, p.Email)
		db.Now = func() time.Time { return now.Add(civhub.ResetPasswordTokenLifetime + time.Minute) }
		if _, err := s.ResetPassword(ctx, token, "sismo-valparaiso-7"); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("expired token: %v, want EINVALID", err)
		}
	})
}
