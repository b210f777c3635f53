package sqldb

import (
	"context"
	"fmt"
	"time"

	"civhub"
)

// limit is one rate limit: at most Max hits per Window for one key.
type limit struct {
	Name   string
	Max    int
	Window time.Duration
}

// hit counts one attempt against l for subject (an IP key, an account) in fixed windows, and returns
// an ETOOMANY error with the time to wait when the limit is passed. Counters live in the database
// so that limits hold across nodes; the purge job removes stale ones.
func hit(ctx context.Context, tx *Tx, l limit, subject string) error {
	now := tx.Now()
	start := now.Truncate(l.Window)
	var hits int
	err := tx.QueryRowContext(ctx, `INSERT INTO rate_limits (key, window_start, hits, expires_at) VALUES ($1, $2, 1, $3)
		ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + 1
		RETURNING hits`, l.Name+":"+subject, start, start.Add(l.Window)).Scan(&hits)
	if err != nil {
		return fmt.Errorf("rate limit: %w", err)
	}
	if hits > l.Max {
		return &civhub.Error{Code: civhub.ETOOMANY, Key: "err.too_many", Message: "Too many attempts. Please wait and try again.",
			RetryAfter: start.Add(l.Window).Sub(now).Round(time.Second) + time.Second}
	}
	return nil
}

// limits counts one attempt against each limit in its own committed transaction, so that a failed
// attempt still counts, and returns the first ETOOMANY.
func (db *DB) limits(ctx context.Context, checks ...func(*Tx) error) error {
	var tooMany error
	err := db.Update(ctx, func(tx *Tx) error {
		for _, check := range checks {
			if err := check(tx); civhub.ErrorCode(err) == civhub.ETOOMANY {
				tooMany = cmpOr(tooMany, err)
			} else if err != nil {
				return err
			}
		}
		return nil
	})
	return cmpOr(err, tooMany)
}

func cmpOr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}
