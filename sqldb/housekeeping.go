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
		before := tx.Now().Add(-civhub.SMSKeepBodies)
		res, err = tx.ExecContext(ctx, `DELETE FROM sms_messages WHERE person_id IS NULL AND created_at < $1`, before)
		if err != nil {
			return fmt.Errorf("purge text messages: %w", err)
		}
		r.TextBodies, _ = res.RowsAffected()
		res, err = tx.ExecContext(ctx, `UPDATE sms_messages SET body = '' WHERE created_at < $1 AND body <> ''
			AND status NOT IN ($2, $3)`, before, civhub.SMSQueued, civhub.SMSSending)
		if err != nil {
			return fmt.Errorf("clear text messages: %w", err)
		}
		cleared, _ := res.RowsAffected()
		r.TextBodies += cleared
		return nil
	})
	return r, err
}
