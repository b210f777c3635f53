package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"civhub"
)

var _ civhub.SMSOutbox = (*PhoneService)(nil)

// smsRef is a message's reference at the gateways: the same on every try.
func smsRef(id int64) string { return fmt.Sprintf("civhub-%d", id) }

// ClaimSMS implements civhub.SMSOutbox: one short transaction sets the lease, so that a sender
// that dies leaves messages another claims once the lease ends.
func (s *PhoneService) ClaimSMS(ctx context.Context, gateway string, limit int, lease time.Duration) ([]civhub.OutgoingSMS, error) {
	var out []civhub.OutgoingSMS
	err := s.db.Update(ctx, func(tx *Tx) error {
		now := tx.Now()
		ids, err := collect1[int64](ctx, tx, `SELECT id FROM sms_messages WHERE direction = 'out'
			AND (status = $1 OR (status = $2 AND lease_until < $3)) ORDER BY id LIMIT $4`+tx.db.dialect.skipLocked(),
			civhub.SMSQueued, civhub.SMSSending, now, limit)
		if err != nil || len(ids) == 0 {
			return err
		}
		out, err = collect(ctx, tx, func(row scanner) (m civhub.OutgoingSMS, err error) {
			err = row.Scan(&m.ID, &m.Number, &m.Body, &m.Attempts)
			m.Ref = smsRef(m.ID)
			return
		}, `UPDATE sms_messages SET status = $1, gateway = $2, lease_until = $3, attempts = attempts + 1
			WHERE id IN (`+inList(ids)+`) RETURNING id, number, body, attempts`, civhub.SMSSending, gateway, now.Add(lease))
		return err
	})
	return out, err
}

// ReserveSMSSlot implements civhub.SMSOutbox.
func (s *PhoneService) ReserveSMSSlot(ctx context.Context, gateway string, gap time.Duration) (time.Duration, error) {
	var wait time.Duration
	err := s.db.Update(ctx, func(tx *Tx) error {
		now := tx.Now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO sms_pace (gateway, next_at) VALUES ($1, $2) ON CONFLICT (gateway) DO NOTHING`,
			gateway, now); err != nil {
			return err
		}
		var next time.Time
		if err := tx.QueryRowContext(ctx, `SELECT next_at FROM sms_pace WHERE gateway = $1`+tx.db.dialect.forUpdate(), gateway).Scan(&next); err != nil {
			return err
		}
		slot := next
		if slot.Before(now) {
			slot = now
		}
		wait = slot.Sub(now)
		_, err := tx.ExecContext(ctx, `UPDATE sms_pace SET next_at = $1 WHERE gateway = $2`, slot.Add(gap), gateway)
		return err
	})
	return wait, err
}

// FinishSMS implements civhub.SMSOutbox. The error is kept in a few words for the administrators'
// page; it never holds the number.
func (s *PhoneService) FinishSMS(ctx context.Context, id int64, providerID string, sendErr error, permanent bool, retryAfter time.Duration) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		now := tx.Now()
		if sendErr == nil {
			_, err := tx.ExecContext(ctx, `UPDATE sms_messages SET status = $1, provider_id = $2, sent_at = $3, lease_until = NULL, error = ''
				WHERE id = $4`, civhub.SMSSent, providerID, now, id)
			return err
		}
		msg := shortError(sendErr.Error())
		var attempts int
		if err := tx.QueryRowContext(ctx, `SELECT attempts FROM sms_messages WHERE id = $1`, id).Scan(&attempts); err != nil {
			return err
		}
		if permanent || attempts >= civhub.SMSMaxAttempts {
			_, err := tx.ExecContext(ctx, `UPDATE sms_messages SET status = $1, lease_until = NULL, error = $2 WHERE id = $3`,
				civhub.SMSFailed, msg, id)
			return err
		}
		// Told to try later: the message stays claimed until then, and is claimed again after.
		_, err := tx.ExecContext(ctx, `UPDATE sms_messages SET lease_until = $1, error = $2 WHERE id = $3`, now.Add(retryAfter), msg, id)
		return err
	})
}

// RecordReceipt implements civhub.SMSOutbox.
func (s *PhoneService) RecordReceipt(ctx context.Context, gateway, providerID string, delivered bool, reason string) error {
	if providerID == "" {
		return nil
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if delivered {
			_, err := tx.ExecContext(ctx, `UPDATE sms_messages SET status = $1, delivered_at = $2 WHERE direction = 'out' AND gateway = $3
				AND provider_id = $4`, civhub.SMSDelivered, tx.Now(), gateway, providerID)
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE sms_messages SET status = $1, error = $2 WHERE direction = 'out' AND gateway = $3
			AND provider_id = $4`, civhub.SMSFailed, shortError("not delivered: "+reason), gateway, providerID)
		return err
	})
}

var _ civhub.SMSReadMarks = (*PhoneService)(nil)

// ReadMark implements civhub.SMSReadMarks.
func (s *PhoneService) ReadMark(ctx context.Context, gateway string) (int64, bool, error) {
	var last int64
	found := false
	err := s.db.View(ctx, func(tx *Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT last_id FROM sms_read_marks WHERE gateway = $1`, gateway).Scan(&last)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		found = err == nil
		return err
	})
	return last, found, err
}

// MoveReadMark implements civhub.SMSReadMarks.
func (s *PhoneService) MoveReadMark(ctx context.Context, gateway string, last int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sms_read_marks (gateway, last_id, updated_at) VALUES ($1, $2, $3)
			ON CONFLICT (gateway) DO UPDATE SET last_id = excluded.last_id, updated_at = excluded.updated_at
			WHERE sms_read_marks.last_id < excluded.last_id`, gateway, max(last, 0), tx.Now())
		return err
	})
}

// shortError is a gateway's words kept for the administrators' page: valid text, at most 300
// characters.
func shortError(s string) string {
	s = strings.ToValidUTF8(s, "?")
	if utf8.RuneCountInString(s) > 300 {
		s = string([]rune(s)[:300])
	}
	return s
}
