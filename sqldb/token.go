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
	token := newToken()
	if _, err := tx.ExecContext(ctx, `DELETE FROM person_tokens WHERE person_id = $1 AND purpose = $2`, person, purpose); err != nil {
		return "", fmt.Errorf("create token: %w", err)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO person_tokens (token_hash, person_id, purpose, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5)`, hashToken(token), person, purpose, tx.Now(), tx.Now().Add(lifetime))
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
	person, err := checkToken(ctx, tx, token, purpose)
	if err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE person_tokens SET used_at = $1 WHERE token_hash = $2`, tx.Now(), hashToken(token)); err != nil {
		return 0, fmt.Errorf("use token: %w", err)
	}
	return person, nil
}
