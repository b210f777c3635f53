package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"civhub"
)

// promiseBatch bounds how many assignments one pass of KeepPromises looks at per rule.
const promiseBatch = 500

// KeepPromises implements civhub.NeedService. Each assignment is handled in its own transaction, so
// that one that moved on meanwhile is skipped rather than failing the rest.
func (s *NeedService) KeepPromises(ctx context.Context) (civhub.FollowUp, error) {
	var f civhub.FollowUp
	now := s.db.Now()

	// Applications waiting AnswerNudgeDays: remind the organization, once.
	ids, err := s.assignmentIDs(ctx, `status = $1 AND created_at <= $2 AND created_at > $3 AND nudged_at IS NULL`,
		civhub.AssignApplied, now.Add(-days(civhub.AnswerNudgeDays)), now.Add(-days(civhub.AnswerDays)))
	if err != nil {
		return f, err
	}
	for _, id := range ids {
		err := s.db.Update(ctx, func(tx *Tx) error {
			var task, volunteer, org int64
			err := tx.QueryRowContext(ctx, `SELECT a.task_id, a.volunteer_id, t.organization_id FROM assignments a
				JOIN tasks t ON t.id = a.task_id WHERE a.id = $1 AND a.status = $2 AND a.nudged_at IS NULL`,
				id, civhub.AssignApplied).Scan(&task, &volunteer, &org)
			if errors.Is(err, sql.ErrNoRows) {
				return nil
			} else if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE assignments SET nudged_at = $1 WHERE id = $2`, tx.Now(), id); err != nil {
				return err
			}
			f.AnswerNudges++
			return s.notes.notifyManagers(ctx, tx, org, note{kind: civhub.NoteAnswerDue, task: task, actor: volunteer})
		})
		if err != nil {
			return f, err
		}
	}

	// Applications unanswered at AnswerDays: declined for the organization.
	if ids, err = s.assignmentIDs(ctx, `status = $1 AND created_at <= $2`, civhub.AssignApplied, now.Add(-days(civhub.AnswerDays))); err != nil {
		return f, err
	}
	if f.Expired, err = s.actOnEach(ctx, civhub.ActDecline, ids); err != nil {
		return f, err
	}

	// Engagements with no news for QuietDays: ask the volunteer, once.
	if ids, err = s.assignmentIDs(ctx, `status IN `+quietStatuses+` AND updated_at <= $1 AND nudged_at IS NULL`,
		now.Add(-days(civhub.QuietDays))); err != nil {
		return f, err
	}
	for _, id := range ids {
		err := s.db.Update(ctx, func(tx *Tx) error {
			last, task, volunteer, err := lastNews(ctx, tx, id)
			if err != nil || last.After(tx.Now().Add(-days(civhub.QuietDays))) {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE assignments SET nudged_at = $1 WHERE id = $2`, tx.Now(), id); err != nil {
				return err
			}
			f.QuietNudges++
			return s.notes.notify(ctx, tx, volunteer, note{kind: civhub.NoteQuiet, task: task})
		})
		if err != nil {
			return f, err
		}
	}

	// Still no news ReleaseAfterNudgeDays after the nudge: the place goes back.
	if ids, err = s.assignmentIDs(ctx, `status IN `+quietStatuses+` AND nudged_at <= $1`,
		now.Add(-days(civhub.ReleaseAfterNudgeDays))); err != nil {
		return f, err
	}
	var quiet []int64
	for _, id := range ids {
		err := s.db.Update(ctx, func(tx *Tx) error {
			last, _, _, err := lastNews(ctx, tx, id)
			var nudged time.Time
			if err == nil {
				err = tx.QueryRowContext(ctx, `SELECT nudged_at FROM assignments WHERE id = $1`, id).Scan(&nudged)
			}
			switch {
			case err != nil:
				return err
			case last.After(nudged): // news came after the nudge: start counting again
				_, err = tx.ExecContext(ctx, `UPDATE assignments SET nudged_at = NULL WHERE id = $1`, id)
				return err
			}
			quiet = append(quiet, id)
			return nil
		})
		if err != nil {
			return f, err
		}
	}
	f.Released, err = s.actOnEach(ctx, civhub.ActRelease, quiet)
	return f, err
}

// assignmentIDs lists up to promiseBatch assignments where holds, oldest first.
func (s *NeedService) assignmentIDs(ctx context.Context, where string, args ...any) ([]int64, error) {
	var ids []int64
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		ids, err = collect1[int64](ctx, tx, `SELECT id FROM assignments WHERE `+where+` ORDER BY id LIMIT `+strconv.Itoa(promiseBatch), args...)
		return err
	})
	return ids, err
}

// actOnEach takes civhub's own step action on each assignment, each in its own transaction, skipping
// those that moved on meanwhile, and returns how many it moved.
func (s *NeedService) actOnEach(ctx context.Context, action string, ids []int64) (int, error) {
	n := 0
	for _, id := range ids {
		_, err := s.Act(ctx, civhub.ActRequest{Action: action, AssignmentID: id})
		if civhub.ErrorCode(err) == civhub.ECONFLICT {
			continue
		} else if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// lastNews returns when the volunteer of assignment id last gave news: a step, a message on the
// task or hours logged.
func lastNews(ctx context.Context, tx *Tx, id int64) (last time.Time, task, volunteer int64, err error) {
	if err = tx.QueryRowContext(ctx, `SELECT updated_at, task_id, volunteer_id FROM assignments WHERE id = $1`, id).
		Scan(&last, &task, &volunteer); err != nil {
		return
	}
	for _, q := range []struct {
		query string
		args  []any
	}{
		{`SELECT created_at FROM task_messages WHERE task_id = $1 AND author_id = $2 ORDER BY created_at DESC LIMIT 1`, []any{task, volunteer}},
		{`SELECT created_at FROM hours WHERE assignment_id = $1 ORDER BY created_at DESC LIMIT 1`, []any{id}},
	} {
		var t time.Time
		switch e := tx.QueryRowContext(ctx, q.query, q.args...).Scan(&t); {
		case errors.Is(e, sql.ErrNoRows):
		case e != nil:
			err = e
			return
		case t.After(last):
			last = t
		}
	}
	return
}
