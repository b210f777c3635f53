package sqldb

import (
	"context"
	"fmt"

	"civhub"
)

// HousekeepingService implements civhub.HousekeepingService.
type HousekeepingService struct{ db *DB }

// NewHousekeepingService returns a HousekeepingService for db.
func NewHousekeepingService(db *DB) *HousekeepingService { return &HousekeepingService{db: db} }

var _ civhub.HousekeepingService = (*HousekeepingService)(nil)

// PurgeExpired implements civhub.HousekeepingService.
func (s *HousekeepingService) PurgeExpired(ctx context.Context) (civhub.PurgeResult, error) {
	var r civhub.PurgeResult
	err := s.db.Update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expiry < $1`, tx.Now())
		if err != nil {
			return fmt.Errorf("purge sessions: %w", err)
		}
		r.Sessions, _ = res.RowsAffected()
		res, err = tx.ExecContext(ctx, `DELETE FROM rate_limits WHERE expires_at < $1`, tx.Now())
		if err != nil {
			return fmt.Errorf("purge rate limits: %w", err)
		}
		r.RateLimits, _ = res.RowsAffected()
		return nil
	})
	return r, err
}
