package sqldb

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"time"

	"civhub"
	"civhub/sms"
)

// PhoneService implements civhub.PhoneService.
type PhoneService struct{ db *DB }

// NewPhoneService returns a PhoneService on db.
func NewPhoneService(db *DB) *PhoneService { return &PhoneService{db: db} }

var _ civhub.PhoneService = (*PhoneService)(nil)

// Limits on verification codes: per person, and per number (kept as a hash, like the number's
// other traces outside person_phones).
var (
	phoneCodePersonLimit = newLimit("phone_code_person", 3, time.Hour)
	phoneCodeNumberLimit = newLimit("phone_code_number", 10, 24*time.Hour)
)

var (
	errNoPhone        = civhub.E(civhub.ENOTFOUND, "err.phone_none", "You have not given a phone number.")
	errPhoneTaken     = civhub.FieldError("number", "err.phone_taken", "Another account uses this number. Give another one.")
	errPhoneCodeStale = civhub.E(civhub.ECONFLICT, "err.phone_code_stale", "That code has expired or was tried too often. Ask for a new one.")
)

// SMS kinds: what a message is for.
const (
	smsPhoneCode = "phone_code"
	smsAlert     = "crisis_alert"
)

// Message statuses.
const smsQueued = "queued"

func scanPhone(row scanner) (*civhub.Phone, error) {
	p := &civhub.Phone{}
	var verified, stopped sql.NullTime
	if err := row.Scan(&p.PersonID, &p.Number, &verified, &stopped, &p.CreatedAt); err != nil {
		return nil, err
	}
	p.VerifiedAt, p.StoppedAt, p.CreatedAt = timePtr(verified), timePtr(stopped), p.CreatedAt.UTC()
	return p, nil
}

const phoneColumns = `person_id, number, verified_at, stopped_at, created_at`

// Phone implements civhub.PhoneService.
func (s *PhoneService) Phone(ctx context.Context, person int64) (*civhub.Phone, error) {
	var p *civhub.Phone
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		p, err = findPhone(ctx, tx, person)
		return err
	})
	return p, err
}

func findPhone(ctx context.Context, tx *Tx, person int64) (*civhub.Phone, error) {
	p, err := scanPhone(tx.QueryRowContext(ctx, `SELECT `+phoneColumns+` FROM person_phones WHERE person_id = $1`, person))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoPhone
	}
	return p, err
}

// codeHash is the keyed hash of a code for a person: six digits are few, so a copy of the
// database alone must not give them away.
func (s *PhoneService) codeHash(ctx context.Context, person int64, code string) (string, error) {
	key, err := s.db.Secret(ctx, "phone_codes")
	if err != nil {
		return "", err
	}
	m := hmac.New(sha256.New, key)
	fmt.Fprintf(m, "%d:%s", person, code)
	return hex.EncodeToString(m.Sum(nil)), nil
}

// StartVerification implements civhub.PhoneService.
func (s *PhoneService) StartVerification(ctx context.Context, person int64, number string, text func(code string) string) (*civhub.Phone, error) {
	number, err := civhub.NormalizePhone(number)
	if err != nil {
		return nil, err
	}
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return nil, err
	}
	code := fmt.Sprintf("%06d", n.Int64())
	hash, err := s.codeHash(ctx, person, code)
	if err != nil {
		return nil, err
	}
	var p *civhub.Phone
	err = s.db.Update(ctx, func(tx *Tx) error {
		var owner int64
		err := tx.QueryRowContext(ctx, `SELECT person_id FROM person_phones WHERE number = $1 AND verified_at IS NOT NULL`, number).Scan(&owner)
		switch {
		case err == nil && owner != person:
			return errPhoneTaken
		case err != nil && !errors.Is(err, sql.ErrNoRows):
			return err
		}
		if err := hit(ctx, tx, phoneCodePersonLimit, strconv.FormatInt(person, 10)); err != nil {
			return err
		}
		if err := hit(ctx, tx, phoneCodeNumberLimit, hashToken(number)[:24]); err != nil {
			return err
		}
		// Someone else's unverified claim to the number gives way: they never proved it theirs.
		if _, err := tx.ExecContext(ctx, `DELETE FROM person_phones WHERE number = $1 AND person_id <> $2`, number, person); err != nil {
			return err
		}
		now, expires := tx.Now(), tx.Now().Add(civhub.PhoneCodeTTL)
		res, err := tx.ExecContext(ctx, `UPDATE person_phones SET number = $1, verified_at = CASE WHEN number = $1 THEN verified_at END,
			code_hash = $2, code_expires = $3, code_tries = 0, updated_at = $4 WHERE person_id = $5`, number, hash, expires, now, person)
		if err == nil {
			if n, _ := res.RowsAffected(); n == 0 {
				_, err = tx.ExecContext(ctx, `INSERT INTO person_phones (person_id, number, code_hash, code_expires, created_at, updated_at)
					VALUES ($1, $2, $3, $4, $5, $5)`, person, number, hash, expires, now)
			}
		}
		if isUniqueViolation(err) {
			return errPhoneTaken // someone claimed the number in the same instant
		} else if err != nil {
			return err
		}
		if err := queueSMS(ctx, tx, person, number, smsPhoneCode, text(code)); err != nil {
			return err
		}
		p, err = findPhone(ctx, tx, person)
		return err
	})
	return p, err
}

// queueSMS stores a message to send to number, counted in segments.
func queueSMS(ctx context.Context, tx *Tx, person int64, number, kind, body string) error {
	body = sms.Plain(body)
	c := sms.Segments(body)
	_, err := tx.ExecContext(ctx, `INSERT INTO sms_messages (direction, person_id, number, body, encoding, segments, kind, status, created_at)
		VALUES ('out', $1, $2, $3, $4, $5, $6, $7, $8)`, nullID(person), number, body, c.Encoding, c.Segments, kind, smsQueued, tx.Now())
	return err
}

// Verify implements civhub.PhoneService.
func (s *PhoneService) Verify(ctx context.Context, person int64, code string) error {
	hash, err := s.codeHash(ctx, person, code)
	if err != nil {
		return err
	}
	var wrong error
	err = s.db.Update(ctx, func(tx *Tx) error {
		var stored string
		var expires sql.NullTime
		var tries int
		err := tx.QueryRowContext(ctx, `SELECT code_hash, code_expires, code_tries FROM person_phones WHERE person_id = $1`+tx.db.dialect.forUpdate(),
			person).Scan(&stored, &expires, &tries)
		if errors.Is(err, sql.ErrNoRows) {
			return errNoPhone
		}
		if err != nil {
			return err
		}
		if stored == "" || !expires.Valid || !tx.Now().Before(expires.Time) || tries >= civhub.PhoneCodeMaxTries {
			return errPhoneCodeStale
		}
		if !hmac.Equal([]byte(stored), []byte(hash)) {
			// The try is counted, and kept: the error is returned once the count is stored.
			left := civhub.PhoneCodeMaxTries - tries - 1
			wrong = civhub.FieldError("code", "err.phone_code_wrong", "That code is not right. Check the last SMS from civhub and try again.")
			if left == 0 {
				wrong = errPhoneCodeStale
			}
			_, err := tx.ExecContext(ctx, `UPDATE person_phones SET code_tries = code_tries + 1 WHERE person_id = $1`, person)
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE person_phones SET verified_at = $1, stopped_at = NULL, code_hash = '', code_expires = NULL,
			code_tries = 0, updated_at = $1 WHERE person_id = $2`, tx.Now(), person)
		return err
	})
	if err != nil {
		return err
	}
	return wrong
}

// RemovePhone implements civhub.PhoneService.
func (s *PhoneService) RemovePhone(ctx context.Context, person int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM person_phones WHERE person_id = $1`, person); err != nil {
			return err
		}
		// Alerts by SMS can no longer reach them: a pledge that also takes email keeps only that; one
		// that took SMS only is paused, until they choose again.
		if _, err := tx.ExecContext(ctx, `UPDATE standby SET channels = '["email"]', updated_at = $1 WHERE person_id = $2
			AND channels LIKE '%"sms"%' AND channels LIKE '%"email"%'`, tx.Now(), person); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE standby SET paused_at = COALESCE(paused_at, $1), updated_at = $1 WHERE person_id = $2
			AND channels LIKE '%"sms"%' AND channels NOT LIKE '%"email"%'`, tx.Now(), person)
		return err
	})
}

var _ civhub.SMSLog = (*PhoneService)(nil)

// RecentSMS implements civhub.SMSLog.
func (s *PhoneService) RecentSMS(ctx context.Context, limit int) ([]*civhub.SMSRecord, error) {
	var out []*civhub.SMSRecord
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, func(r scanner) (*civhub.SMSRecord, error) {
			m := &civhub.SMSRecord{}
			err := r.Scan(&m.ID, &m.Direction, &m.Number, &m.Body, &m.Encoding, &m.Segments, &m.Kind, &m.Status, &m.CreatedAt)
			m.CreatedAt = m.CreatedAt.UTC()
			return m, err
		}, `SELECT id, direction, number, body, encoding, segments, kind, status, created_at FROM sms_messages ORDER BY id DESC LIMIT `+
			strconv.Itoa(min(max(limit, 1), 500)))
		return err
	})
	return out, err
}
