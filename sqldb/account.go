package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"civhub"
	"civhub/password"
)

// Rate limits on account actions, per IP key and per account or email.
var (
	limitSignUpIP     = newLimit("signup-ip", 10, time.Hour)
	limitSignUpEmail  = newLimit("signup-email", 3, time.Hour)
	limitResetIP      = newLimit("reset-ip", 10, time.Hour)
	limitResetEmail   = newLimit("reset-email", 3, time.Hour)
	limitEmailChange  = newLimit("email-change", 3, time.Hour)
	limitReauth       = newLimit("reauth-failures", 10, 15*time.Minute)
	limitSecondFactor = newLimit("second-factor-failures", 5, 15*time.Minute)
)

// Limits on wrong passwords at sign-in. Only failures count, so a shared address (a TechCamp, a
// cooperative's one connection) never limits people who type their password right. An account is
// locked for unknown devices only: a device that signed in to it before has a limit of its own.
var (
	limitSignInIP      = newLimit("signin-failures-ip", 50, 15*time.Minute)
	limitSignInAccount = newLimit("signin-failures-account", 10, 15*time.Minute)
	limitSignInDevice  = newLimit("signin-failures-device", 10, 15*time.Minute)
	limitFactorDevice  = newLimit("second-factor-failures-device", 5, 15*time.Minute)
)

// AccountService implements civhub.AccountService.
type AccountService struct {
	db    *DB
	queue Queue

	// dummyHash is verified against when an email has no account, so that a wrong email takes as
	// long to refuse as a wrong password.
	dummyHash string
}

var _ civhub.AccountService = (*AccountService)(nil)

// NewAccountService returns an AccountService on db that sends mail through queue.
func NewAccountService(db *DB, queue Queue) *AccountService {
	h, _ := password.Hash("no account has this password")
	return &AccountService{db: db, queue: queue, dummyHash: h}
}

var errSignInFailed = civhub.E(civhub.EUNAUTHORIZED, "err.signin_failed", "The email address or the password is not right.")

// SignUp implements civhub.AccountService.
func (s *AccountService) SignUp(ctx context.Context, in civhub.SignUp, client civhub.Client) error {
	p := &civhub.Person{Email: in.Email, DisplayName: in.DisplayName, Locale: in.Locale, Purpose: in.Purpose}
	if err := civhub.MergeFieldErrors(p.Validate(), password.Check(in.Password, p.Email, p.DisplayName)); err != nil {
		return err
	}
	if err := s.db.limits(ctx, limitOn(ctx, limitSignUpIP, client.IPKey), limitOn(ctx, limitSignUpEmail, hashToken(p.Email))); err != nil {
		return err
	}
	hash, err := password.Hash(in.Password)
	if err != nil {
		return err
	}
	p.PasswordHash = hash
	return s.db.Update(ctx, func(tx *Tx) error {
		existing, err := findPersonByEmail(ctx, tx, p.Email)
		if err == nil {
			return queueMail(ctx, tx, s.queue, &civhub.QueuedMail{PersonID: existing.ID, To: existing.Email,
				Locale: existing.Locale, Kind: civhub.MailAccountExists, Payload: map[string]string{}})
		} else if civhub.ErrorCode(err) != civhub.ENOTFOUND {
			return err
		}
		if err := createPerson(ctx, tx, p); err != nil {
			return err
		}
		if err := audit(ctx, tx, civhub.AuditEntry{ActorID: p.ID, PersonID: p.ID, Action: civhub.AuditSignUp}); err != nil {
			return err
		}
		return s.mailVerification(ctx, tx, p, civhub.LocalPath(in.Next))
	})
}

// mailVerification mails p a link that confirms their address and then continues to next.
func (s *AccountService) mailVerification(ctx context.Context, tx *Tx, p *civhub.Person, next string) error {
	token, err := createTokenWith(ctx, tx, p.ID, civhub.TokenVerifyEmail, civhub.VerifyEmailTokenLifetime, next)
	if err != nil {
		return err
	}
	return queueMail(ctx, tx, s.queue, &civhub.QueuedMail{PersonID: p.ID, To: p.Email, Locale: p.Locale,
		Kind: civhub.MailVerifyEmail, Payload: map[string]string{"token": token}})
}

// VerifyEmail implements civhub.AccountService. The link signs in only when it is what confirmed
// the address, within civhub.VerifySignInWindow of being sent.
func (s *AccountService) VerifyEmail(ctx context.Context, token string) (*civhub.Confirmation, error) {
	c := &civhub.Confirmation{}
	err := s.db.Update(ctx, func(tx *Tx) error {
		t, err := takeToken(ctx, tx, token, civhub.TokenVerifyEmail)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE people SET email_verified_at = $1 WHERE id = $2 AND email_verified_at IS NULL`,
			tx.Now(), t.person)
		if err != nil {
			return err
		}
		confirmed, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if err := audit(ctx, tx, civhub.AuditEntry{ActorID: t.person, PersonID: t.person, Action: civhub.AuditEmailVerified}); err != nil {
			return err
		}
		if c.Person, err = findPersonByID(ctx, tx, t.person); err != nil {
			return err
		}
		c.Next = civhub.LocalPath(t.data)
		c.SignIn = confirmed == 1 && c.Person.DisabledAt == nil && tx.Now().Sub(t.created) < civhub.VerifySignInWindow
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// Authenticate implements civhub.AccountService.
func (s *AccountService) Authenticate(ctx context.Context, email, pw string, client civhub.Client) (*civhub.Person, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	var p *civhub.Person
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		p, err = findPersonByEmail(ctx, tx, email)
		return err
	})
	if err != nil && civhub.ErrorCode(err) != civhub.ENOTFOUND {
		return nil, err
	}
	var device string
	if p != nil {
		if device, err = s.deviceKey(ctx, client, p.ID); err != nil {
			return nil, err
		}
	}
	// The account's own limit counts under the address typed, so that an email without an account
	// is limited exactly like one with an account and the answer tells nothing.
	attempt, err := s.db.countAll(ctx, signInChecks(client, device, limitSignInDevice, check{limitSignInAccount, hashToken(email)})...)
	if err != nil {
		return nil, lockedOut(err, device == "")
	}
	if p == nil {
		password.Verify(pw, s.dummyHash)
		return nil, errSignInFailed
	}
	if ok, err := password.Verify(pw, p.PasswordHash); err != nil || !ok {
		return nil, errSignInFailed
	}
	if err := s.db.forgive(ctx, attempt); err != nil {
		return nil, err
	}
	if p.DisabledAt != nil {
		return nil, civhub.E(civhub.EFORBIDDEN, "err.account_disabled", "This account has been disabled.")
	}
	if !p.Verified() {
		if err := s.db.Update(ctx, func(tx *Tx) error { return s.mailVerification(ctx, tx, p, "") }); err != nil {
			return nil, err
		}
		return nil, civhub.E(civhub.ECONFLICT, "err.email_unconfirmed", "Please confirm your email address first: we have sent you a new link.")
	}
	return p, nil
}

// deviceKey returns the key of the client's device cookie for person, or "" when it has none that
// still counts: a cookie given before the password last changed does not.
func (s *AccountService) deviceKey(ctx context.Context, client civhub.Client, person int64) (string, error) {
	if len(client.KnownDevices) == 0 {
		return "", nil
	}
	var changed sql.NullTime
	err := s.db.read.QueryRowContext(ctx, `SELECT password_changed_at FROM people WHERE id = $1`, person).Scan(&changed)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("device: %w", err)
	}
	return client.KnownDevice(person, changed.Time), nil
}

// signInChecks returns the limits a sign-in step counts against: from a device that signed in to
// the account before (device is its key), perDevice for its cookie; from anywhere else, the
// address's limit and the account's.
func signInChecks(client civhub.Client, device string, perDevice limit, account check) []check {
	if device != "" {
		return []check{{perDevice, device}}
	}
	return []check{{limitSignInIP, client.IPKey}, account}
}

// lockedOut explains a refused sign-in step. An unknown device is told that a device used before
// still works, because that is how the owner gets in while strangers guess.
func lockedOut(err error, unknownDevice bool) error {
	e := asTooMany(err)
	if e == nil || !unknownDevice {
		return err
	}
	return &civhub.Error{Code: civhub.ETOOMANY, Key: "err.signin_locked", RetryAfter: e.RetryAfter,
		Message: "Too many failed sign-ins. On a device you have signed in with before, you can sign in now; anywhere else, wait and try again."}
}

// RequestPasswordReset implements civhub.AccountService.
func (s *AccountService) RequestPasswordReset(ctx context.Context, email string, client civhub.Client) error {
	email = strings.ToLower(strings.TrimSpace(email))
	if err := s.db.limits(ctx, limitOn(ctx, limitResetIP, client.IPKey), limitOn(ctx, limitResetEmail, hashToken(email))); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		p, err := findPersonByEmail(ctx, tx, email)
		if civhub.ErrorCode(err) == civhub.ENOTFOUND {
			return nil
		} else if err != nil {
			return err
		}
		if p.DisabledAt != nil {
			return nil
		}
		token, err := createToken(ctx, tx, p.ID, civhub.TokenResetPassword, civhub.ResetPasswordTokenLifetime)
		if err != nil {
			return err
		}
		return queueMail(ctx, tx, s.queue, &civhub.QueuedMail{PersonID: p.ID, To: p.Email, Locale: p.Locale,
			Kind: civhub.MailResetPassword, Payload: map[string]string{"token": token}})
	})
}

// CheckResetLink implements civhub.AccountService.
func (s *AccountService) CheckResetLink(ctx context.Context, token string) error {
	return s.db.View(ctx, func(tx *Tx) error {
		_, err := checkToken(ctx, tx, token, civhub.TokenResetPassword)
		return err
	})
}

// ResetPassword implements civhub.AccountService. The new password is checked before the token is
// used up, so a refused password can be corrected with the same link.
func (s *AccountService) ResetPassword(ctx context.Context, token, newPassword string) (*civhub.Person, error) {
	var p *civhub.Person
	err := s.db.Update(ctx, func(tx *Tx) error {
		id, err := useToken(ctx, tx, token, civhub.TokenResetPassword)
		if err != nil {
			return err
		}
		if p, err = findPersonByID(ctx, tx, id); err != nil {
			return err
		}
		if err := password.Check(newPassword, p.Email, p.DisplayName); err != nil {
			return err
		}
		hash, err := password.Hash(newPassword)
		if err != nil {
			return err
		}
		// Following the mailed link proves the address, too.
		if _, err := tx.ExecContext(ctx, `UPDATE people SET password_hash = $1, password_changed_at = $2,
			email_verified_at = COALESCE(email_verified_at, $2) WHERE id = $3`, hash, tx.Now(), id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE person_id = $1`, id); err != nil {
			return err
		}
		if err := revokeEveryToken(ctx, tx, id); err != nil {
			return err
		}
		if err := audit(ctx, tx, civhub.AuditEntry{ActorID: id, PersonID: id, Action: civhub.AuditPasswordReset}); err != nil {
			return err
		}
		return queueMail(ctx, tx, s.queue, &civhub.QueuedMail{PersonID: id, To: p.Email, Locale: p.Locale,
			Kind: civhub.MailPasswordChanged, Payload: map[string]string{}})
	})
	return p, err
}

func findPersonByEmail(ctx context.Context, tx *Tx, email string) (*civhub.Person, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM people WHERE email = $1`, strings.ToLower(email)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, civhub.Errorf(civhub.ENOTFOUND, "No such person.")
	} else if err != nil {
		return nil, fmt.Errorf("find person: %w", err)
	}
	return findPersonByID(ctx, tx, id)
}
