package sqldb

import (
	"context"
	"fmt"
	"time"
)

// SetMatchPlans changes the match counts that choose how a text search sorted by deadline runs
// on SQLite, for a test.
func SetMatchPlans(common, dense int) (restore func()) {
	oldCommon, oldDense := commonMatches, denseMatches
	commonMatches, denseMatches = common, dense
	return func() { commonMatches, denseMatches = oldCommon, oldDense }
}

// Limit describes one declared rate limit, for tests.
type Limit struct {
	Name   string
	Max    int
	Window time.Duration
}

// Limits returns every declared rate limit.
func Limits() []Limit {
	var out []Limit
	for _, l := range declaredLimits {
		out = append(out, Limit(l))
	}
	return out
}

// Attempt counts one attempt of subject against the declared limit called name, as the services
// do, and forgives it when forgiven is true.
func (db *DB) Attempt(ctx context.Context, name, subject string, forgiven bool) error {
	for _, l := range declaredLimits {
		if l.Name == name {
			counted, err := db.countAll(ctx, check{l, subject})
			if err == nil && forgiven {
				err = db.forgive(ctx, counted)
			}
			return err
		}
	}
	return fmt.Errorf("no limit called %q", name)
}

// MigrateTo brings the schema up to version and no further, for a test of one migration.
func (db *DB) MigrateTo(ctx context.Context, version int64) error {
	p, err := db.migrator()
	if err != nil {
		return err
	}
	_, err = p.UpTo(ctx, version)
	return err
}
