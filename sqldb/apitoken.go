package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"civhub"
)

// TokenService implements civhub.TokenService.
type TokenService struct{ db *DB }

// NewTokenService returns a TokenService on db.
func NewTokenService(db *DB) *TokenService { return &TokenService{db: db} }

var _ civhub.TokenService = (*TokenService)(nil)

const maxTokens = 20

// lastUsedGranularity keeps token use from writing to the database on every API call.
const lastUsedGranularity = time.Hour

var errBadAPIToken = civhub.E(civhub.EUNAUTHORIZED, "err.token_invalid", "This API token is not valid.")

// CreateToken implements civhub.TokenService.
func (s *TokenService) CreateToken(ctx context.Context, person int64, name string) (string, *civhub.APIToken, error) {
	if err := civhub.ValidateTokenName(name); err != nil {
		return "", nil, err
	}
	raw := civhub.APITokenPrefix + newToken()
	t := &civhub.APIToken{PersonID: person, Name: strings.TrimSpace(name)}
	err := s.db.Update(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM api_tokens WHERE person_id = $1`, person).Scan(&n); err != nil {
			return err
		}
		if n >= maxTokens {
			return civhub.E(civhub.ECONFLICT, "err.tokens_too_many", "You have 20 tokens already: revoke one first.")
		}
		t.CreatedAt = tx.Now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO api_tokens (person_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4)
			RETURNING id`, person, t.Name, hashToken(raw), t.CreatedAt).Scan(&t.ID); err != nil {
			return err
		}
		return audit(ctx, tx, civhub.AuditEntry{ActorID: person, PersonID: person, Action: civhub.AuditTokenCreated, Detail: t.Name})
	})
	if err != nil {
		return "", nil, err
	}
	return raw, t, nil
}

// Tokens implements civhub.TokenService.
func (s *TokenService) Tokens(ctx context.Context, person int64) ([]*civhub.APIToken, error) {
	var out []*civhub.APIToken
	scan := func(r scanner) (*civhub.APIToken, error) {
		t := &civhub.APIToken{}
		var used sql.NullTime
		err := r.Scan(&t.ID, &t.PersonID, &t.Name, &t.CreatedAt, &used)
		t.LastUsedAt = timePtr(used)
		return t, err
	}
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, scan, `SELECT id, person_id, name, created_at, last_used_at FROM api_tokens
			WHERE person_id = $1 ORDER BY id DESC`, person)
		return err
	})
	return out, err
}

// RevokeToken implements civhub.TokenService.
func (s *TokenService) RevokeToken(ctx context.Context, person, id int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		var name string
		err := tx.QueryRowContext(ctx, `DELETE FROM api_tokens WHERE id = $1 AND person_id = $2 RETURNING name`, id, person).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return civhub.E(civhub.ENOTFOUND, "err.token_not_found", "No such token.")
		} else if err != nil {
			return err
		}
		return audit(ctx, tx, civhub.AuditEntry{ActorID: person, PersonID: person, Action: civhub.AuditTokenRevoked, Detail: name})
	})
}

// PersonForToken implements civhub.TokenService.
func (s *TokenService) PersonForToken(ctx context.Context, token string) (*civhub.Person, error) {
	if !strings.HasPrefix(token, civhub.APITokenPrefix) {
		return nil, errBadAPIToken
	}
	var id, person int64
	var used sql.NullTime
	err := s.db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, `SELECT id, person_id, last_used_at FROM api_tokens WHERE token_hash = $1`,
			hashToken(token)).Scan(&id, &person, &used)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errBadAPIToken
	} else if err != nil {
		return nil, err
	}
	var p *civhub.Person
	err = s.db.View(ctx, func(tx *Tx) (err error) {
		p, err = findPersonByID(ctx, tx, person)
		return err
	})
	if err != nil {
		return nil, err
	}
	if p.DisabledAt != nil {
		return nil, errBadAPIToken
	}
	if now := s.db.Now(); !used.Valid || now.Sub(used.Time) > lastUsedGranularity {
		err := s.db.Update(ctx, func(tx *Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, tx.Now(), id)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return p, nil
}

// revokeEveryToken deletes all of person's API tokens, one audit entry each. A reset or change of
// the password calls it: whoever knew the old password may have made tokens, and they must stop
// working with the sessions.
func revokeEveryToken(ctx context.Context, tx *Tx, person int64) error {
	names, err := collect1[string](ctx, tx, `DELETE FROM api_tokens WHERE person_id = $1 RETURNING name`, person)
	if err != nil {
		return fmt.Errorf("revoke tokens: %w", err)
	}
	for _, name := range names {
		if err := audit(ctx, tx, civhub.AuditEntry{ActorID: person, PersonID: person, Action: civhub.AuditTokenRevoked, Detail: name}); err != nil {
			return err
		}
	}
	return nil
}
