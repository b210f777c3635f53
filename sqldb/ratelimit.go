package sqldb

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"civhub"
)

// limit is one rate limit: at most Max attempts in any Window (a sliding window) for one subject.
type limit struct {
	Name   string
	Max    int
	Window time.Duration
}

// declaredLimits lists every limit civhub has, so that one test can check each at its bound.
var declaredLimits []limit

// newLimit declares a limit.
func newLimit(name string, max int, window time.Duration) limit {
	l := limit{Name: name, Max: max, Window: window}
	declaredLimits = append(declaredLimits, l)
	return l
}

// guardStart is the window_start of each key's guard row. Every attempt on a key first writes that
// row, which holds the row's lock until the transaction ends: on PostgreSQL, two attempts on one key
// are counted one after the other instead of both seeing room for one more. (SQLite has a single
// writer already.)
var guardStart = time.Unix(0, 0).UTC()

// counted is one attempt counted against a limit, kept so that it can be forgiven.
type counted struct {
	key string
	at  time.Time
}

// count counts one attempt of subject against l, or refuses it when l.Max attempts were counted in
// the last l.Window, with an ETOOMANY error that says how long until the oldest of them leaves the
// window. Each attempt is a row of its own (attempts in the same microsecond share one), so the
// window slides: attempts cannot bunch up on both sides of a fixed window's edge. A refused attempt
// is not counted, so that trying on while refused does not make the wait longer. Counters live in the
// database so that limits hold across nodes; the purge job removes those out of their window.
func count(ctx context.Context, tx *Tx, l limit, subject string) (counted, error) {
	key := l.Name + ":" + subject
	now := tx.Now().Truncate(time.Microsecond)
	if _, err := tx.ExecContext(ctx, `INSERT INTO rate_limits (key, window_start, hits, expires_at) VALUES ($1, $2, 0, $3)
		ON CONFLICT (key, window_start) DO UPDATE SET expires_at = excluded.expires_at`, key, guardStart, now.Add(l.Window)); err != nil {
		return counted{}, fmt.Errorf("rate limit: %w", err)
	}
	var starts []time.Time
	var hits []int
	total := 0
	err := eachRow(ctx, tx, func(r scanner) error {
		var at time.Time
		var n int
		err := r.Scan(&at, &n)
		starts, hits, total = append(starts, at), append(hits, n), total+n
		return err
	}, `SELECT window_start, hits FROM rate_limits WHERE key = $1 AND window_start > $2 ORDER BY window_start`, key, now.Add(-l.Window))
	if err != nil {
		return counted{}, fmt.Errorf("rate limit: %w", err)
	}
	if total >= l.Max {
		return counted{}, tooMany(waitFor(starts, hits, total-l.Max+1, l.Window, now))
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO rate_limits (key, window_start, hits, expires_at) VALUES ($1, $2, 1, $3)
		ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + 1`, key, now, now.Add(l.Window)); err != nil {
		return counted{}, fmt.Errorf("rate limit: %w", err)
	}
	return counted{key: key, at: now}, nil
}

// waitFor returns how long until excess of the counted attempts (oldest first) have left the window.
func waitFor(starts []time.Time, hits []int, excess int, window time.Duration, now time.Time) time.Duration {
	for i, at := range starts {
		if excess -= hits[i]; excess <= 0 {
			return at.Add(window).Sub(now)
		}
	}
	return window
}

func tooMany(wait time.Duration) *civhub.Error {
	return &civhub.Error{Code: civhub.ETOOMANY, Key: "err.too_many", Message: "Too many attempts. Please wait and try again.",
		RetryAfter: max(wait, time.Second)}
}

// hit counts one attempt against l for subject (an IP key, an account) within tx: when tx rolls back,
// the attempt is not counted.
func hit(ctx context.Context, tx *Tx, l limit, subject string) error {
	_, err := count(ctx, tx, l, subject)
	return err
}

// check is one limit to count an attempt against, for one subject.
type check struct {
	limit   limit
	subject string
}

func (c check) key() string { return c.limit.Name + ":" + c.subject }

// limitOn is the check of l for subject.
func limitOn(_ context.Context, l limit, subject string) check {
	return check{limit: l, subject: subject}
}

// countAll counts one attempt against every check in one committed transaction of its own, so that
// the attempt counts even when what follows fails. When any limit refuses, nothing is counted and the
// ETOOMANY error carries the longest wait. Checks are counted in the order of their keys, so that
// two transactions never wait for each other's guard rows.
func (db *DB) countAll(ctx context.Context, checks ...check) ([]counted, error) {
	checks = slices.Clone(checks)
	slices.SortFunc(checks, func(a, b check) int { return strings.Compare(a.key(), b.key()) })
	var out []counted
	var refused *civhub.Error
	err := db.updateUnseen(ctx, func(tx *Tx) error {
		for _, c := range checks {
			n, err := count(ctx, tx, c.limit, c.subject)
			if e := asTooMany(err); e != nil {
				if refused == nil || e.RetryAfter > refused.RetryAfter {
					refused = e
				}
				continue
			} else if err != nil {
				return err
			}
			out = append(out, n)
		}
		if refused != nil {
			return refused // rolls back what was counted
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func asTooMany(err error) *civhub.Error {
	if civhub.ErrorCode(err) != civhub.ETOOMANY {
		return nil
	}
	var e *civhub.Error
	errors.As(err, &e)
	return e
}

// limits counts one attempt against each check (see countAll); every attempt counts, whatever its
// outcome.
func (db *DB) limits(ctx context.Context, checks ...check) error {
	_, err := db.countAll(ctx, checks...)
	return err
}

// forgive takes back attempts that countAll counted. Limits on failures (wrong passwords, wrong codes)
// count each attempt before it is tried, so that attempts sent at once cannot all slip under the
// limit, and forgive it once it succeeded.
func (db *DB) forgive(ctx context.Context, attempts []counted) error {
	if len(attempts) == 0 {
		return nil
	}
	return db.updateUnseen(ctx, func(tx *Tx) error {
		for _, a := range attempts {
			if _, err := tx.ExecContext(ctx, `UPDATE rate_limits SET hits = hits - 1 WHERE key = $1 AND window_start = $2`, a.key, a.at); err != nil {
				return fmt.Errorf("rate limit: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM rate_limits WHERE key = $1 AND window_start = $2 AND hits <= 0`, a.key, a.at); err != nil {
				return fmt.Errorf("rate limit: %w", err)
			}
		}
		return nil
	})
}
