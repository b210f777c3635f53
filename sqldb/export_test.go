package sqldb

import (
	"context"
	"fmt"
	"time"

	"civhub"
)

// SetMatchPlans changes the match counts that choose how a text search runs, for a test.
func SetMatchPlans(common, dense int) (restore func()) {
	oldCommon, oldDense := commonMatches, denseMatches
	commonMatches, denseMatches = common, dense
	return func() { commonMatches, denseMatches = oldCommon, oldDense }
}

// Text search plans, for tests.
const (
	PlanSort   = planSort
	PlanFilter = planFilter
	PlanProbe  = planProbe
)

// TextPlan returns the plan a text search of f would run with, and whether the database's word
// statistics knew its words (so that the planner chose, rather than a count).
func (s *NeedService) TextPlan(ctx context.Context, f civhub.TaskFilter) (plan int, fromStats bool) {
	words := searchWords(f.Query)
	if s.db.dialect.keepsWordStats() {
		_, fromStats = s.words.estimate(ctx, s.db, words)
	}
	return s.textPlan(ctx, f, words, s.db.dialect.textQuery(words)), fromStats
}

// ForgetWordStats makes the next search read the word statistics again.
func (s *NeedService) ForgetWordStats() { s.words.readAt = time.Time{} }

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
