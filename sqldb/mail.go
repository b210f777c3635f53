package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"civhub"
)

// Queue enqueues background jobs in a transaction; the jobs runner implements it.
type Queue interface {
	Enqueue(ctx context.Context, tx *Tx, job civhub.Job) error
}

// queueMail stores m and enqueues the job that sends it, in tx.
func queueMail(ctx context.Context, tx *Tx, q Queue, m *civhub.QueuedMail) error {
	payload, err := json.Marshal(m.Payload)
	if err != nil {
		return err
	}
	m.Status, m.CreatedAt = civhub.MailQueued, tx.Now()
	err = tx.QueryRowContext(ctx, `INSERT INTO mail_queue (person_id, to_address, locale, kind, payload, status, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		nullID(m.PersonID), m.To, m.Locale, m.Kind, string(payload), m.Status, m.CreatedAt).Scan(&m.ID)
	if err != nil {
		return fmt.Errorf("queue mail: %w", err)
	}
	return q.Enqueue(ctx, tx, civhub.SendMailJob{MailID: m.ID})
}

// MailQueue implements civhub.MailQueue.
type MailQueue struct{ db *DB }

// NewMailQueue returns a MailQueue on db.
func NewMailQueue(db *DB) *MailQueue { return &MailQueue{db: db} }

var _ civhub.MailQueue = (*MailQueue)(nil)

const mailColumns = `id, COALESCE(person_id, 0), to_address, locale, kind, payload, status, subject, text_body, created_at, sent_at`

func scanMail(row scanner) (*civhub.QueuedMail, error) {
	m := &civhub.QueuedMail{}
	var payload string
	var sent sql.NullTime
	if err := row.Scan(&m.ID, &m.PersonID, &m.To, &m.Locale, &m.Kind, &payload, &m.Status, &m.Subject, &m.TextBody, &m.CreatedAt, &sent); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(payload), &m.Payload); err != nil {
		return nil, fmt.Errorf("mail %d payload: %w", m.ID, err)
	}
	if sent.Valid {
		m.SentAt = &sent.Time
	}
	return m, nil
}

// FindMail implements civhub.MailQueue.
func (q *MailQueue) FindMail(ctx context.Context, id int64) (*civhub.QueuedMail, error) {
	var m *civhub.QueuedMail
	err := q.db.View(ctx, func(tx *Tx) (err error) {
		m, err = scanMail(tx.QueryRowContext(ctx, `SELECT `+mailColumns+` FROM mail_queue WHERE id = $1`, id))
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, civhub.Errorf(civhub.ENOTFOUND, "No such mail.")
	}
	return m, err
}

// FinishMail implements civhub.MailQueue.
func (q *MailQueue) FinishMail(ctx context.Context, id int64, status, subject, textBody string) error {
	return q.db.Update(ctx, func(tx *Tx) (err error) {
		if status == civhub.MailSent {
			_, err = tx.ExecContext(ctx, `UPDATE mail_queue SET status = $1, payload = '{}', subject = '', text_body = '', sent_at = $2
				WHERE id = $3`, status, tx.Now(), id)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE mail_queue SET status = $1, subject = $2, text_body = $3 WHERE id = $4`,
				status, subject, textBody, id)
		}
		return err
	})
}

// Outbox implements civhub.MailQueue.
func (q *MailQueue) Outbox(ctx context.Context, limit int) ([]*civhub.QueuedMail, error) {
	var out []*civhub.QueuedMail
	err := q.db.View(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, scanMail, `SELECT `+mailColumns+` FROM mail_queue WHERE status = $1 ORDER BY id DESC LIMIT $2`,
			civhub.MailOutbox, limit)
		return err
	})
	return out, err
}
