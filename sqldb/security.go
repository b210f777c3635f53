package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"civhub"
	"civhub/mfa"
	"civhub/password"
)

// recoveryCodeCount is how many recovery codes a person gets at a time.
const recoveryCodeCount = 10

var errWrongCode = civhub.E(civhub.EUNAUTHORIZED, "err.code_wrong", "This code is not right. Check your authenticator app and try again.")

func personKey(id int64) string { return strconv.FormatInt(id, 10) }

// mail queues a mail of kind to p in p's language.
func (s *AccountService) mail(ctx context.Context, tx *Tx, p *civhub.Person, kind string, payload map[string]string) error {
	if payload == nil {
		payload = map[string]string{}
	}
	return queueMail(ctx, tx, s.queue, &civhub.QueuedMail{PersonID: p.ID, To: p.Email, Locale: p.Locale, Kind: kind, Payload: payload})
}

// VerifySecondFactor implements civhub.AccountService.
func (s *AccountService) VerifySecondFactor(ctx context.Context, person int64, code string, client civhub.Client) error {
	device, err := s.deviceKey(ctx, client, person)
	if err != nil {
		return err
	}
	attempt, err := s.db.countAll(ctx, signInChecks(client, device, limitFactorDevice, check{limitSecondFactor, personKey(person)})...)
	if err != nil {
		return lockedOut(err, device == "")
	}
	if err := s.checkSecondFactor(ctx, person, code); err != nil {
		return err
	}
	return s.db.forgive(ctx, attempt)
}

// checkSecondFactor accepts a TOTP code that was not used yet, or else uses up a recovery code.
func (s *AccountService) checkSecondFactor(ctx context.Context, person int64, code string) error {
	keys, err := s.db.keys(ctx)
	if err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		var stored string
		var last int64
		err := tx.QueryRowContext(ctx, `SELECT totp_secret, totp_last_step FROM people WHERE id = $1 AND totp_enabled_at IS NOT NULL`,
			person).Scan(&stored, &last)
		if errors.Is(err, sql.ErrNoRows) {
			return errWrongCode
		} else if err != nil {
			return err
		}
		// A secret that no configured key opens (its key was removed) leaves the recovery codes.
		secret, stale, openErr := openTOTP(keys, person, stored)
		if stale {
			// Stored in plain text before secrets were sealed, or with an older key: seal it now.
			if _, err := tx.ExecContext(ctx, `UPDATE people SET totp_secret = $1 WHERE id = $2`,
				keys.Seal([]byte(secret), totpData(person)), person); err != nil {
				return err
			}
		}
		if step, ok := mfa.Match(secret, code, tx.Now(), last); ok && openErr == nil {
			_, err := tx.ExecContext(ctx, `UPDATE people SET totp_last_step = $1 WHERE id = $2`, step, person)
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE recovery_codes SET used_at = $1 WHERE person_id = $2 AND code_hash = $3 AND used_at IS NULL`,
			tx.Now(), person, hashToken(mfa.NormalizeRecoveryCode(code)))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			if openErr != nil {
				return openErr
			}
			return errWrongCode
		}
		return audit(ctx, tx, civhub.AuditEntry{ActorID: person, PersonID: person, Action: civhub.AuditRecoveryUsed})
	})
}

// RecordSignIn implements civhub.AccountService.
func (s *AccountService) RecordSignIn(ctx context.Context, person int64, client civhub.Client) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		p, err := findPersonByID(ctx, tx, person)
		if err != nil {
			return err
		}
		var seen, before int
		err = tx.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN detail = $2 THEN 1 ELSE 0 END), 0)
			FROM audit_log WHERE person_id = $1 AND action = $3`, person, client.Device, civhub.AuditSignIn).Scan(&before, &seen)
		if err != nil {
			return err
		}
		if err := audit(ctx, tx, civhub.AuditEntry{ActorID: person, PersonID: person, Action: civhub.AuditSignIn, Detail: client.Device}); err != nil {
			return err
		}
		// The first sign-in is not news; a device never seen before is.
		if before > 0 && seen == 0 {
			return s.mail(ctx, tx, p, civhub.MailNewSignIn, map[string]string{"device": client.Device})
		}
		return nil
	})
}

// CheckPassword implements civhub.AccountService.
func (s *AccountService) CheckPassword(ctx context.Context, person int64, pw string, client civhub.Client) error {
	attempt, err := s.db.countAll(ctx, check{limitReauth, personKey(person)})
	if err != nil {
		return err
	}
	var hash string
	err = s.db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, `SELECT password_hash FROM people WHERE id = $1`, person).Scan(&hash)
	})
	if err != nil {
		return fmt.Errorf("check password: %w", err)
	}
	if ok, err := password.Verify(pw, hash); err != nil || !ok {
		return civhub.E(civhub.EUNAUTHORIZED, "err.password_wrong", "This is not your current password.")
	}
	return s.db.forgive(ctx, attempt)
}

// EnableTOTP implements civhub.AccountService.
func (s *AccountService) EnableTOTP(ctx context.Context, person int64, secret, code string) ([]string, error) {
	keys, err := s.db.keys(ctx)
	if err != nil {
		return nil, err
	}
	var codes []string
	err = s.db.Update(ctx, func(tx *Tx) error {
		p, err := findPersonByID(ctx, tx, person)
		if err != nil {
			return err
		}
		if p.TOTPEnabledAt != nil {
			return civhub.E(civhub.ECONFLICT, "err.two_factor_on_already", "Two-factor sign-in is on already.")
		}
		step, ok := mfa.Match(secret, code, tx.Now(), 0)
		if !ok {
			return errWrongCode
		}
		if _, err := tx.ExecContext(ctx, `UPDATE people SET totp_secret = $1, totp_enabled_at = $2, totp_last_step = $3 WHERE id = $4`,
			keys.Seal([]byte(secret), totpData(person)), tx.Now(), step, person); err != nil {
			return err
		}
		if codes, err = replaceRecoveryCodes(ctx, tx, person); err != nil {
			return err
		}
		if err := audit(ctx, tx, civhub.AuditEntry{ActorID: person, PersonID: person, Action: civhub.AuditTwoFactorOn}); err != nil {
			return err
		}
		return s.mail(ctx, tx, p, civhub.MailTwoFactorOn, nil)
	})
	return codes, err
}

func replaceRecoveryCodes(ctx context.Context, tx *Tx, person int64) ([]string, error) {
	if _, err := tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE person_id = $1`, person); err != nil {
		return nil, err
	}
	codes := mfa.RecoveryCodes(recoveryCodeCount)
	for _, c := range codes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO recovery_codes (person_id, code_hash) VALUES ($1, $2)`,
			person, hashToken(mfa.NormalizeRecoveryCode(c))); err != nil {
			return nil, err
		}
	}
	return codes, nil
}

// DisableTOTP implements civhub.AccountService.
func (s *AccountService) DisableTOTP(ctx context.Context, person int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		p, err := findPersonByID(ctx, tx, person)
		if err != nil || p.TOTPEnabledAt == nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE people SET totp_secret = '', totp_enabled_at = NULL WHERE id = $1`, person); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE person_id = $1`, person); err != nil {
			return err
		}
		if err := audit(ctx, tx, civhub.AuditEntry{ActorID: person, PersonID: person, Action: civhub.AuditTwoFactorOff}); err != nil {
			return err
		}
		return s.mail(ctx, tx, p, civhub.MailTwoFactorOff, nil)
	})
}

// NewRecoveryCodes implements civhub.AccountService.
func (s *AccountService) NewRecoveryCodes(ctx context.Context, person int64) ([]string, error) {
	var codes []string
	err := s.db.Update(ctx, func(tx *Tx) error {
		p, err := findPersonByID(ctx, tx, person)
		if err != nil {
			return err
		}
		if p.TOTPEnabledAt == nil {
			return civhub.E(civhub.ECONFLICT, "err.two_factor_off", "Two-factor sign-in is off.")
		}
		if codes, err = replaceRecoveryCodes(ctx, tx, person); err != nil {
			return err
		}
		return audit(ctx, tx, civhub.AuditEntry{ActorID: person, PersonID: person, Action: civhub.AuditRecoveryCodes})
	})
	return codes, err
}

// ChangePassword implements civhub.AccountService.
func (s *AccountService) ChangePassword(ctx context.Context, person int64, newPassword, keepSession string) error {
	var p *civhub.Person
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		p, err = findPersonByID(ctx, tx, person)
		return err
	})
	if err != nil {
		return err
	}
	if err := password.Check(newPassword, p.Email, p.DisplayName); err != nil {
		return err
	}
	hash, err := password.Hash(newPassword)
	if err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE people SET password_hash = $1, password_changed_at = $2 WHERE id = $3`,
			hash, tx.Now(), person); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE person_id = $1 AND token <> $2`, person, hashToken(keepSession)); err != nil {
			return err
		}
		if err := revokeEveryToken(ctx, tx, person); err != nil {
			return err
		}
		if err := audit(ctx, tx, civhub.AuditEntry{ActorID: person, PersonID: person, Action: civhub.AuditPasswordChanged}); err != nil {
			return err
		}
		return s.mail(ctx, tx, p, civhub.MailPasswordChanged, nil)
	})
}

// RequestEmailChange implements civhub.AccountService.
func (s *AccountService) RequestEmailChange(ctx context.Context, person int64, newEmail string, client civhub.Client) error {
	candidate := &civhub.Person{Email: newEmail, DisplayName: "x", Locale: "en"}
	if err := candidate.Validate(); err != nil {
		return err
	}
	if err := s.db.limits(ctx, limitOn(ctx, limitEmailChange, personKey(person))); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		p, err := findPersonByID(ctx, tx, person)
		if err != nil {
			return err
		}
		if _, err := findPersonByEmail(ctx, tx, candidate.Email); err == nil {
			return civhub.FieldError("email", "err.email_taken", "An account with this email address already exists.")
		} else if civhub.ErrorCode(err) != civhub.ENOTFOUND {
			return err
		}
		token, err := createToken(ctx, tx, person, civhub.TokenChangeEmail, civhub.VerifyEmailTokenLifetime)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE person_tokens SET data = $1 WHERE token_hash = $2`, candidate.Email, hashToken(token)); err != nil {
			return err
		}
		return queueMail(ctx, tx, s.queue, &civhub.QueuedMail{PersonID: person, To: candidate.Email, Locale: p.Locale,
			Kind: civhub.MailChangeEmail, Payload: map[string]string{"token": token}})
	})
}

// ConfirmEmailChange implements civhub.AccountService.
func (s *AccountService) ConfirmEmailChange(ctx context.Context, token string) (*civhub.Person, error) {
	var p *civhub.Person
	err := s.db.Update(ctx, func(tx *Tx) error {
		var newEmail string
		if err := tx.QueryRowContext(ctx, `SELECT data FROM person_tokens WHERE token_hash = $1`, hashToken(token)).Scan(&newEmail); errors.Is(err, sql.ErrNoRows) {
			return errBadToken
		} else if err != nil {
			return err
		}
		id, err := useToken(ctx, tx, token, civhub.TokenChangeEmail)
		if err != nil {
			return err
		}
		old, err := findPersonByID(ctx, tx, id)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE people SET email = $1, email_verified_at = $2 WHERE id = $3`, newEmail, tx.Now(), id)
		if isUniqueViolation(err) {
			return civhub.E(civhub.ECONFLICT, "err.email_taken", "An account with this email address already exists.")
		} else if err != nil {
			return err
		}
		if err := audit(ctx, tx, civhub.AuditEntry{ActorID: id, PersonID: id, Action: civhub.AuditEmailChanged}); err != nil {
			return err
		}
		if err := s.mail(ctx, tx, old, civhub.MailEmailChanged, map[string]string{"new": newEmail}); err != nil {
			return err
		}
		p, err = findPersonByID(ctx, tx, id)
		return err
	})
	return p, err
}
