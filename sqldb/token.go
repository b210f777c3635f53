package sqldb

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"civhub"
)

// hashToken returns the hex SHA-256 of a token: tokens are stored hashed, so a copy of the database
// does not let anyone use them. They are random, so no salt or slow hash is needed.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// createToken makes a one-time token for person and purpose, valid for lifetime, and returns it.
// Earlier unused tokens of the same purpose stop working.
func createToken(ctx context.Context, tx *Tx, person int64, purpose string, lifetime time.Duration) (string, error) {
	return createTokenWith(ctx, tx, person, purpose, lifetime, "")
}

// createTokenWith is createToken for a token that carries data (a new address, a path to continue to).
func createTokenWith(ctx context.Context, tx *Tx, person int64, purpose string, lifetime time.Duration, data string) (string, error) {
	token := newToken()
	if _, err := tx.ExecContext(ctx, `DELETE FROM person_tokens WHERE person_id = $1 AND purpose = $2`, person, purpose); err != nil {
		return "", fmt.Errorf("create token: %w", err)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO person_tokens (token_hash, person_id, purpose, created_at, expires_at, data)
		VALUES ($1, $2, $3, $4, $5, $6)`, hashToken(token), person, purpose, tx.Now(), tx.Now().Add(lifetime), data)
	if err != nil {
		return "", fmt.Errorf("create token: %w", err)
	}
	return token, nil
}

// newToken returns a random token of 128 bits, as 26 letters and digits.
func newToken() string { return rand.Text() }

var errBadToken = civhub.E(civhub.EINVALID, "err.link_invalid", "This link is not valid any more. Ask for a new one.")

// checkToken returns the person of a token of purpose that is unused and unexpired, or
// errBadToken.
func checkToken(ctx context.Context, tx *Tx, token, purpose string) (int64, error) {
	var person int64
	var expires time.Time
	var used sql.NullTime
	err := tx.QueryRowContext(ctx, `SELECT person_id, expires_at, used_at FROM person_tokens
		WHERE token_hash = $1 AND purpose = $2`, hashToken(token), purpose).Scan(&person, &expires, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, errBadToken
	} else if err != nil {
		return 0, fmt.Errorf("check token: %w", err)
	}
	if used.Valid || !tx.Now().Before(expires) {
		return 0, errBadToken
	}
	return person, nil
}

// useToken consumes a token of purpose and returns its person. A token works once, before it
// expires.
func useToken(ctx context.Context, tx *Tx, token, purpose string) (int64, error) {
	t, err := takeToken(ctx, tx, token, purpose)
	return t.person, err
}

// takenToken is a token just used up: its person, when it was made and what it carries.
type takenToken struct {
	person  int64
	created time.Time
	data    string
}

// takeToken consumes a token of purpose, as useToken, and returns what it holds. The token is
// marked used only if it still is unused, so that of two requests using it at once (on PostgreSQL,
// the second waits for the first to commit, then finds it used) only one succeeds.
func takeToken(ctx context.Context, tx *Tx, token, purpose string) (takenToken, error) {
	if _, err := checkToken(ctx, tx, token, purpose); err != nil {
		return takenToken{}, err
	}
	res, err := tx.ExecContext(ctx, `UPDATE person_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL`, tx.Now(), hashToken(token))
	if err != nil {
		return takenToken{}, fmt.Errorf("use token: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return takenToken{}, fmt.Errorf("use token: %w", err)
	} else if n != 1 {
		return takenToken{}, errBadToken
	}
	var t takenToken
	err = tx.QueryRowContext(ctx, `SELECT person_id, created_at, data FROM person_tokens WHERE token_hash = $1`,
		hashToken(token)).Scan(&t.person, &t.created, &t.data)
	if err != nil {
		return takenToken{}, fmt.Errorf("use token: %w", err)
	}
	t.created = t.created.UTC()
	return t, nil
}
