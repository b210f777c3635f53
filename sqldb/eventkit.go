package sqldb

import (
	"context"
	"database/sql"
	"errors"

	"civhub"
)

// EventKitService implements civhub.EventKitService.
type EventKitService struct {
	db    *DB
	notes *NotificationService // tells registered people an event is cancelled; nil tells nobody
}

// NewEventKitService returns an EventKitService on db.
func NewEventKitService(db *DB) *EventKitService { return &EventKitService{db: db} }

// SetNotes makes the service tell people when an event they registered for is cancelled.
func (s *EventKitService) SetNotes(notes *NotificationService) { s.notes = notes }

var _ civhub.EventKitService = (*EventKitService)(nil)

var errChecklistItemNotFound = civhub.E(civhub.ENOTFOUND, "err.checklist_not_found", "There is no such step.")

// copyKit gives e, just made from the event kit, kit's agenda (each session as far from the start
// as it was, those that no longer fit left out) and its checklist without the progress.
func copyKit(ctx context.Context, tx *Tx, e *civhub.Event) error {
	kit, err := findEvent(ctx, tx, `e.id = $1`, e.KitOf)
	if err != nil {
		return err
	}
	if kit.Status == civhub.EventDraft {
		return errEventNotFound
	}
	shift := e.Starts.Sub(kit.Starts)
	sessions, err := readSessions(ctx, tx, kit.ID)
	if err != nil {
		return err
	}
	for _, ses := range sessions {
		starts, ends := ses.Starts.Add(shift), ses.Ends.Add(shift)
		if starts.Before(e.Starts) || ends.After(e.Ends) {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO event_sessions (event_id, title, track, room, leader, starts, ends, course_slug,
			toolkit_slug, toolkit_language) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, e.ID, ses.Title, ses.Track, ses.Room,
			ses.Leader, starts.UTC(), ends.UTC(), ses.CourseSlug, ses.ToolkitSlug, ses.ToolkitLang); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO event_checklist (event_id, position, weeks_before, role, text)
		SELECT $1, position, weeks_before, role, text FROM event_checklist WHERE event_id = $2`, e.ID, kit.ID)
	return err
}

// Lineage implements civhub.EventKitService.
func (s *EventKitService) Lineage(ctx context.Context, e *civhub.Event) (*civhub.Event, []*civhub.Event, error) {
	var parent *civhub.Event
	var children []*civhub.Event
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		if e.KitOf != 0 {
			parent, err = findEvent(ctx, tx, `e.id = $1 AND e.status <> $2`, e.KitOf, civhub.EventDraft)
			if errors.Is(err, errEventNotFound) {
				parent, err = nil, nil
			} else if err != nil {
				return err
			}
		}
		children, err = collect(ctx, tx, scanEvent, `SELECT `+eventColumns+` FROM events e WHERE e.kit_of = $1 AND e.status <> $2
			ORDER BY e.starts, e.id LIMIT 100`, e.ID, civhub.EventDraft)
		return err
	})
	return parent, children, err
}

func scanChecklistItem(row scanner) (*civhub.ChecklistItem, error) {
	c := &civhub.ChecklistItem{}
	var done sql.NullTime
	if err := row.Scan(&c.ID, &c.EventID, &c.Position, &c.WeeksBefore, &c.Role, &c.Text, &done, &c.DoneBy, &c.DoneByName); err != nil {
		return nil, err
	}
	c.DoneAt = timePtr(done)
	return c, nil
}

// Checklist implements civhub.EventKitService.
func (s *EventKitService) Checklist(ctx context.Context, event int64) ([]*civhub.ChecklistItem, error) {
	var out []*civhub.ChecklistItem
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, scanChecklistItem, `SELECT c.id, c.event_id, c.position, c.weeks_before, c.role, c.text, c.done_at,
			COALESCE(c.done_by, 0), COALESCE(p.display_name, '') FROM event_checklist c LEFT JOIN people p ON p.id = c.done_by
			WHERE c.event_id = $1 ORDER BY c.weeks_before DESC, c.position, c.id`, event)
		return err
	})
	return out, err
}

// AddChecklistItems implements civhub.EventKitService.
func (s *EventKitService) AddChecklistItems(ctx context.Context, event int64, items []*civhub.ChecklistItem, by int64) error {
	for _, c := range items {
		if err := c.Validate(); err != nil {
			return err
		}
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := lockEvent(ctx, tx, event); err != nil {
			return err
		}
		var n, last int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MAX(position), 0) FROM event_checklist WHERE event_id = $1`, event).
			Scan(&n, &last); err != nil {
			return err
		}
		if n+len(items) > civhub.MaxChecklist {
			return civhub.E(civhub.ECONFLICT, "err.checklist_full", "A checklist may have at most 100 steps.")
		}
		for i, c := range items {
			c.EventID, c.Position = event, last+i+1
			if err := tx.QueryRowContext(ctx, `INSERT INTO event_checklist (event_id, position, weeks_before, role, text)
				VALUES ($1, $2, $3, $4, $5) RETURNING id`, event, c.Position, c.WeeksBefore, c.Role, c.Text).Scan(&c.ID); err != nil {
				return err
			}
		}
		return nil
	})
}

// MarkChecklistItem implements civhub.EventKitService.
func (s *EventKitService) MarkChecklistItem(ctx context.Context, event, item int64, done bool, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		var at any
		var who any
		if done {
			at, who = tx.Now(), nullID(by)
		}
		res, err := tx.ExecContext(ctx, `UPDATE event_checklist SET done_at = $1, done_by = $2 WHERE event_id = $3 AND id = $4`,
			at, who, event, item)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errChecklistItemNotFound
		}
		return nil
	})
}

// DeleteChecklistItem implements civhub.EventKitService.
func (s *EventKitService) DeleteChecklistItem(ctx context.Context, event, item int64, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM event_checklist WHERE event_id = $1 AND id = $2`, event, item)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errChecklistItemNotFound
		}
		return nil
	})
}

var errReportNotFound = civhub.E(civhub.ENOTFOUND, "err.report_not_found", "No report has been written for this event yet.")

// Report implements civhub.EventKitService.
func (s *EventKitService) Report(ctx context.Context, event int64) (*civhub.EventReport, error) {
	r := &civhub.EventReport{EventID: event}
	err := s.db.View(ctx, func(tx *Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT r.needs_heard, r.solutions, r.follow_ups, r.differently, COALESCE(r.written_by, 0),
			COALESCE(p.display_name, ''), r.updated_at FROM event_reports r LEFT JOIN people p ON p.id = r.written_by WHERE r.event_id = $1`,
			event).Scan(&r.NeedsHeard, &r.Solutions, &r.FollowUps, &r.Differently, &r.WrittenBy, &r.WriterName, &r.UpdatedAt)
		if errors.Is(err, sql.ErrNoRows) {
			return errReportNotFound
		} else if err != nil {
			return err
		}
		r.UpdatedAt = r.UpdatedAt.UTC()
		return tx.QueryRowContext(ctx, `SELECT
			COALESCE(SUM(CASE WHEN status IN ($2, $3, $4, $5) THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN status = $2 THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN status = $3 THEN 1 ELSE 0 END), 0)
			FROM registrations WHERE event_id = $1`, event, civhub.RegAttended, civhub.RegNoShow, civhub.RegRegistered, civhub.RegOffered).
			Scan(&r.Registered, &r.Attended, &r.NoShows)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// SaveReport implements civhub.EventKitService.
func (s *EventKitService) SaveReport(ctx context.Context, r *civhub.EventReport, by int64) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		e, err := lockEvent(ctx, tx, r.EventID)
		if err != nil {
			return err
		}
		if tx.Now().Before(e.Starts) {
			return civhub.E(civhub.ECONFLICT, "err.report_early", "A report is written once the event has started.")
		}
		r.WrittenBy, r.UpdatedAt = by, tx.Now()
		res, err := tx.ExecContext(ctx, `UPDATE event_reports SET needs_heard = $1, solutions = $2, follow_ups = $3, differently = $4,
			written_by = $5, updated_at = $6 WHERE event_id = $7`, r.NeedsHeard, r.Solutions, r.FollowUps, r.Differently, nullID(by),
			r.UpdatedAt, r.EventID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return nil
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO event_reports (event_id, needs_heard, solutions, follow_ups, differently, written_by,
			updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, r.EventID, r.NeedsHeard, r.Solutions, r.FollowUps, r.Differently, nullID(by),
			r.UpdatedAt)
		return err
	})
}

// CancelEvent implements civhub.EventKitService. The registrations stay as they were, so that the
// people and the organizers see who had a place; the event takes no more.
func (s *EventKitService) CancelEvent(ctx context.Context, event int64, by int64) (int, error) {
	told := 0
	err := s.db.Update(ctx, func(tx *Tx) error {
		e, err := lockEvent(ctx, tx, event)
		if err != nil {
			return err
		}
		if e.Status == civhub.EventCancelled || !tx.Now().Before(e.Ends) {
			return civhub.E(civhub.ECONFLICT, "err.event_not_cancellable", "Only an event that has not ended can be cancelled.")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE events SET status = $1, updated_at = $2 WHERE id = $3`, civhub.EventCancelled,
			tx.Now(), event); err != nil {
			return err
		}
		if e.Status == civhub.EventDraft || s.notes == nil {
			return nil
		}
		people, err := collect(ctx, tx, func(r scanner) (id int64, err error) {
			err = r.Scan(&id)
			return
		}, `SELECT person_id FROM registrations WHERE event_id = $1 AND status IN ($2, $3, $4) ORDER BY id`, event,
			civhub.RegRegistered, civhub.RegOffered, civhub.RegWaitlisted)
		if err != nil {
			return err
		}
		for _, p := range people {
			if err := s.notes.notify(ctx, tx, p, note{kind: civhub.NoteEventCancelled, event: event, actor: by}); err != nil {
				return err
			}
		}
		told = len(people)
		return nil
	})
	return told, err
}
