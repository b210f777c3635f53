package sqldb

import (
	"context"

	"civhub"
)

var _ civhub.PlaceAlerts = (*NeedService)(nil)

// WatchTask implements civhub.PlaceAlerts.
func (s *NeedService) WatchTask(ctx context.Context, task, person int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		// The task's row stays locked so that a place opening meanwhile (which takes the same lock in
		// step) is either seen here as a place left, or tells this person once they are stored.
		t, err := findTaskForUpdate(ctx, tx, task)
		if err != nil {
			return err
		}
		if role, err := memberRole(ctx, tx, t.OrganizationID, person); err == nil {
			if role == civhub.MemberOwner || role == civhub.MemberAdmin {
				return civhub.ErrOwnTask
			}
		} else if civhub.ErrorCode(err) != civhub.ENOTFOUND {
			return err
		}
		switch {
		case !t.Listed:
			return civhub.ErrTaskNotOpen
		case !t.Full():
			return civhub.ErrPlaceOpen
		}
		var active int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM assignments WHERE task_id = $1 AND volunteer_id = $2 AND status IN `+
			activeStatuses, task, person).Scan(&active); err != nil {
			return err
		}
		if active > 0 {
			return civhub.ErrJoinedAlready
		}
		// The primary key keeps one request per person and task, however many are sent at once.
		_, err = tx.ExecContext(ctx, `INSERT INTO place_alerts (task_id, person_id, created_at) VALUES ($1, $2, $3)
			ON CONFLICT (task_id, person_id) DO NOTHING`, task, person, tx.Now())
		return err
	})
}

// UnwatchTask implements civhub.PlaceAlerts.
func (s *NeedService) UnwatchTask(ctx context.Context, task, person int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM place_alerts WHERE task_id = $1 AND person_id = $2`, task, person)
		return err
	})
}

// WatchesTask implements civhub.PlaceAlerts.
func (s *NeedService) WatchesTask(ctx context.Context, task, person int64) (bool, error) {
	var n int
	err := s.db.Read(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM place_alerts WHERE task_id = $1 AND person_id = $2`, task, person).Scan(&n)
	})
	return n > 0, err
}

// TellOpenPlaces implements civhub.PlaceAlerts. Workflow steps that free a place, and edits that
// want more volunteers, tell at once (see step and UpdateTask); this finds any place that opened
// otherwise.
func (s *NeedService) TellOpenPlaces(ctx context.Context) (int, error) {
	var tasks []int64
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		tasks, err = collect1[int64](ctx, tx, `SELECT DISTINCT w.task_id FROM place_alerts w JOIN tasks t ON t.id = w.task_id
			WHERE t.status = $1 AND t.slots_taken < t.volunteers_wanted ORDER BY w.task_id LIMIT 1000`, civhub.TaskOpen)
		return err
	})
	if err != nil {
		return 0, err
	}
	told := 0
	for _, id := range tasks {
		// Each task in its own transaction, so that one that fails leaves the others told.
		err := s.db.Update(ctx, func(tx *Tx) error {
			n, err := s.tellOpenPlace(ctx, tx, id)
			told += n
			return err
		})
		if err != nil {
			return told, err
		}
	}
	return told, nil
}

// tellOpenPlace tells everyone waiting on task, in tx, that a place is open, if one is; each is told
// once, as their request is deleted in the same statement that finds it: of two transactions that
// free places at once, the second finds no request left (PostgreSQL waits on the first's delete;
// SQLite has one writer). It returns how many it told.
func (s *NeedService) tellOpenPlace(ctx context.Context, tx *Tx, task int64) (int, error) {
	t, err := findTaskForUpdate(ctx, tx, task)
	if err != nil {
		return 0, err
	}
	if t.Status != civhub.TaskOpen || t.SlotsLeft() == 0 {
		return 0, nil
	}
	people, err := collect1[int64](ctx, tx, `DELETE FROM place_alerts WHERE task_id = $1 RETURNING person_id`, task)
	if err != nil {
		return 0, err
	}
	for _, p := range people {
		if err := s.notes.notify(ctx, tx, p, note{kind: civhub.NotePlaceOpen, task: task}); err != nil {
			return 0, err
		}
	}
	return len(people), nil
}
