package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/alexedwards/scs/v2"

	"civhub"
)

// SessionStore keeps web sessions for scs in the sessions table, so that any node can serve any
// request. It stores a hash of each session token, never the token, and ties signed-in sessions to
// their person so that they can be listed and revoked.
type SessionStore struct{ db *DB }

// NewSessionStore returns a SessionStore on db.
func NewSessionStore(db *DB) *SessionStore { return &SessionStore{db: db} }

var (
	_ scs.CtxStore          = (*SessionStore)(nil)
	_ civhub.SessionService = (*SessionStore)(nil)
)

// FindCtx implements scs.CtxStore.
func (s *SessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var data []byte
	err := s.db.Read(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, `SELECT data FROM sessions WHERE token = $1 AND expiry > $2`,
			hashToken(token), tx.Now()).Scan(&data)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	} else if err != nil {
		return nil, false, err
	}
	return data, true, nil
}

// CommitCtx implements scs.CtxStore.
func (s *SessionStore) CommitCtx(ctx context.Context, token string, data []byte, expiry time.Time) error {
	return s.db.updateUnseen(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token, data, expiry, created_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`,
			hashToken(token), data, expiry.UTC(), tx.Now())
		return err
	})
}

// DeleteCtx implements scs.CtxStore.
func (s *SessionStore) DeleteCtx(ctx context.Context, token string) error {
	return s.db.updateUnseen(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token = $1`, hashToken(token))
		return err
	})
}

// Find implements scs.Store.
func (s *SessionStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

// Commit implements scs.Store.
func (s *SessionStore) Commit(token string, data []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, data, expiry)
}

// Delete implements scs.Store.
func (s *SessionStore) Delete(token string) error { return s.DeleteCtx(context.Background(), token) }

// Attach implements civhub.SessionService.
func (s *SessionStore) Attach(ctx context.Context, token string, person int64, device string) error {
	return s.db.updateUnseen(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE sessions SET person_id = $1, device = $2, created_at = $3 WHERE token = $4`,
			person, device, tx.Now(), hashToken(token))
		if err != nil {
			return fmt.Errorf("attach session: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("attach session: the session was not committed")
		}
		return nil
	})
}

// PersonSessions implements civhub.SessionService.
func (s *SessionStore) PersonSessions(ctx context.Context, person int64, token string) ([]civhub.Session, error) {
	var out []civhub.Session
	current := hashToken(token)
	scan := func(r scanner) (ps civhub.Session, err error) {
		err = r.Scan(&ps.ID, &ps.Device, &ps.CreatedAt, &ps.Expiry)
		ps.Current = ps.ID == current
		return ps, err
	}
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, scan, `SELECT token, device, created_at, expiry FROM sessions
			WHERE person_id = $1 AND expiry > $2 ORDER BY created_at DESC`, person, tx.Now())
		return err
	})
	return out, err
}

// Revoke implements civhub.SessionService.
func (s *SessionStore) Revoke(ctx context.Context, person int64, id string) error {
	return s.db.updateUnseen(ctx, func(tx *Tx) error {
		var device string
		err := tx.QueryRowContext(ctx, `DELETE FROM sessions WHERE token = $1 AND person_id = $2 RETURNING device`, id, person).Scan(&device)
		if errors.Is(err, sql.ErrNoRows) {
			return civhub.Errorf(civhub.ENOTFOUND, "No such session.")
		} else if err != nil {
			return err
		}
		return audit(ctx, tx, civhub.AuditEntry{ActorID: person, PersonID: person, Action: civhub.AuditSessionsRevoked, Detail: device})
	})
}
