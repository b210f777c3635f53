package sqldb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
)

// Secret returns the instance secret called name, making it on first use. Every node reads the same
// value, so keyed hashes agree across nodes.
func (db *DB) Secret(ctx context.Context, name string) ([]byte, error) {
	var value string
	err := db.Update(ctx, func(tx *Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT value FROM instance_secrets WHERE name = $1`, name).Scan(&value)
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		b := make([]byte, 32)
		rand.Read(b)
		// Another node may have made it meanwhile: keep theirs.
		if _, err := tx.ExecContext(ctx, `INSERT INTO instance_secrets (name, value, created_at) VALUES ($1, $2, $3)
			ON CONFLICT (name) DO NOTHING`, name, hex.EncodeToString(b), tx.Now()); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT value FROM instance_secrets WHERE name = $1`, name).Scan(&value)
	})
	if err != nil {
		return nil, fmt.Errorf("secret %s: %w", name, err)
	}
	return hex.DecodeString(value)
}
