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
		ids, err := collect1[int64](ctx, tx, `SELECT id FROM sms_messages WHERE `+smsDue+` ORDER BY id LIMIT $4`+tx.db.dialect.skipLocked(),
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

// smsDue is the condition of the messages waiting to be sent: queued, or claimed by a sender
// whose lease ran out. Its parameters are $1 queued, $2 sending and $3 now.
const smsDue = `direction = 'out' AND (status = $1 OR (status = $2 AND lease_until < $3))`

// smsPaceHorizon bounds how far ahead of now a gateway's next slot can legitimately be; one
// further ahead was written by a node whose clock ran fast, and is not waited for.
const smsPaceHorizon = time.Minute

// ReserveSMSSlot implements civhub.SMSOutbox.
func (s *PhoneService) ReserveSMSSlot(ctx context.Context, gateway string, gap, within time.Duration) (time.Duration, bool, error) {
	var wait time.Duration
	ok := false
	err := s.db.Update(ctx, func(tx *Tx) error {
		now := tx.Now()
		var due int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT id FROM sms_messages WHERE `+smsDue+` LIMIT 1) d`,
			civhub.SMSQueued, civhub.SMSSending, now).Scan(&due); err != nil || due == 0 {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sms_pace (gateway, next_at) VALUES ($1, $2) ON CONFLICT (gateway) DO NOTHING`,
			gateway, now); err != nil {
			return err
		}
		var next time.Time
		if err := tx.QueryRowContext(ctx, `SELECT next_at FROM sms_pace WHERE gateway = $1`+tx.db.dialect.forUpdate(), gateway).Scan(&next); err != nil {
			return err
		}
		slot := next
		if slot.Before(now) || slot.After(now.Add(smsPaceHorizon+gap)) {
			slot = now
		}
		if wait = slot.Sub(now); wait > within {
			return nil // a slot nobody would use is not taken: the pace stays where it was
		}
		ok = true
		_, err := tx.ExecContext(ctx, `UPDATE sms_pace SET next_at = $1 WHERE gateway = $2`, slot.Add(gap), gateway)
		return err
	})
	return wait, ok, err
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
	listening := false
	err := s.db.View(ctx, func(tx *Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT last_id, listening FROM sms_read_marks WHERE gateway = $1`, gateway).Scan(&last, &listening)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	})
	return last, listening, err
}

// MoveReadMark implements civhub.SMSReadMarks.
func (s *PhoneService) MoveReadMark(ctx context.Context, gateway string, last int64, listening bool) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sms_read_marks (gateway, last_id, listening, updated_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (gateway) DO UPDATE SET
				last_id = CASE WHEN excluded.last_id > sms_read_marks.last_id THEN excluded.last_id ELSE sms_read_marks.last_id END,
				listening = (sms_read_marks.listening OR excluded.listening), updated_at = excluded.updated_at`,
			gateway, max(last, 0), listening, tx.Now())
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
