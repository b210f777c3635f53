package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"civhub"
)

const assignmentColumns = `a.id, a.task_id, a.volunteer_id, p.display_name, a.status, a.message, a.deliverable, a.feedback,
	a.returned_at, a.expires_at, a.created_at, a.updated_at`

func scanAssignment(row scanner) (*civhub.Assignment, error) {
	a := &civhub.Assignment{}
	var returned, expires sql.NullTime
	if err := row.Scan(&a.ID, &a.TaskID, &a.VolunteerID, &a.Volunteer, &a.Status, &a.Message, &a.Deliverable, &a.Feedback,
		&returned, &expires, &a.CreatedAt, &a.UpdatedAt); err != nil {
		return nil, err
	}
	a.ReturnedAt, a.ExpiresAt = timePtr(returned), timePtr(expires)
	return a, nil
}

// Assignments implements civhub.NeedService.
func (s *NeedService) Assignments(ctx context.Context, task int64) ([]*civhub.Assignment, error) {
	var out []*civhub.Assignment
	err := s.db.Read(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, scanAssignment, `SELECT `+assignmentColumns+` FROM assignments a JOIN people p ON p.id = a.volunteer_id
			WHERE a.task_id = $1 ORDER BY a.id`, task)
		return err
	})
	return out, err
}

// The assignment statuses that storage asks about, as SQL lists built from the domain's rules
// (migration 25's unique index assignments_one_active lists the active ones too; TestActiveIndex
// holds it to civhub.IsActive).
var (
	activeStatuses    = sqlList(civhub.StatusesWhere(civhub.IsActive))
	workingStatuses   = sqlList(civhub.StatusesWhere(civhub.IsWorking))
	completedStatuses = sqlList(civhub.StatusesWhere(civhub.IsCompleted))
	quietStatuses     = sqlList(civhub.StatusesWhere(civhub.IsQuiet))
)

// sqlList writes constant words as an SQL list: ('a', 'b'). They are civhub's own names, never
// anything a person typed.
func sqlList(words []string) string {
	return "('" + strings.Join(words, "', '") + "')"
}

// VolunteerAssignment implements civhub.NeedService.
func (s *NeedService) VolunteerAssignment(ctx context.Context, task, person int64) (*civhub.Assignment, error) {
	var a *civhub.Assignment
	err := s.db.Read(ctx, func(tx *Tx) (err error) {
		a, err = scanAssignment(tx.QueryRowContext(ctx, `SELECT `+assignmentColumns+` FROM assignments a
			JOIN people p ON p.id = a.volunteer_id WHERE a.task_id = $1 AND a.volunteer_id = $2 ORDER BY a.id DESC LIMIT 1`, task, person))
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, civhub.E(civhub.ENOTFOUND, "err.assignment_not_found", "You have not joined this task.")
	}
	return a, err
}

// joinCheck reads, in tx, what decides whether r.By may join t (see civhub.JoinCheck).
func (s *NeedService) joinCheck(ctx context.Context, tx *Tx, t *civhub.Task, r civhub.ActRequest) (civhub.JoinCheck, error) {
	c := civhub.JoinCheck{Task: t, Action: r.Action}
	p, err := findPersonByID(ctx, tx, r.By)
	if err != nil {
		return c, err
	}
	c.Verified = p.Verified()
	var active int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM assignments WHERE task_id = $1 AND volunteer_id = $2 AND status IN `+activeStatuses,
		t.ID, r.By).Scan(&active); err != nil {
		return c, err
	}
	c.Engaged = active > 0
	switch role, err := memberRole(ctx, tx, t.OrganizationID, r.By); {
	case err == nil:
		c.Manages = role == civhub.MemberOwner || role == civhub.MemberAdmin
	case civhub.ErrorCode(err) != civhub.ENOTFOUND:
		return c, err
	}
	if len(t.Courses) > 0 {
		if c.Missing, err = s.prereq.Missing(ctx, r.By, t.Courses); err != nil {
			return c, err
		}
	}
	return c, nil
}

// takeSlot takes one of task's slots if one is left; concurrent takers are serialized by the row
// lock of the UPDATE (PostgreSQL) or the single writer (SQLite), so exactly one wins the last.
func takeSlot(ctx context.Context, tx *Tx, task int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE tasks SET slots_taken = slots_taken + 1
		WHERE id = $1 AND slots_taken < volunteers_wanted AND status = 'open'`, task)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return civhub.ErrTaskFull
	}
	return refreshListing(ctx, tx, "id", task)
}

// Act implements civhub.NeedService. Every step goes through civhub.Transition, the workflow's one
// table of allowed moves, and into the audit log.
func (s *NeedService) Act(ctx context.Context, r civhub.ActRequest) (*civhub.Assignment, error) {
	if err := civhub.CheckMessage(r.Action, r.Message); err != nil {
		return nil, err
	}
	if r.Action == civhub.ActAccept {
		if r.Agreement == nil {
			return nil, civhub.E(civhub.EINVALID, "err.agreement_needed", "Say what you agree on when you accept an application.")
		}
		if err := r.Agreement.Validate(s.db.Now()); err != nil {
			return nil, err
		}
	}
	var out *civhub.Assignment
	err := s.db.Update(ctx, func(tx *Tx) (err error) {
		if r.Action == civhub.ActClaim || r.Action == civhub.ActApply {
			out, err = s.join(ctx, tx, r)
		} else {
			out, err = s.step(ctx, tx, r)
		}
		return err
	})
	return out, err
}

// join claims a task or applies to it.
func (s *NeedService) join(ctx context.Context, tx *Tx, r civhub.ActRequest) (*civhub.Assignment, error) {
	// The task's row stays locked until the transaction ends, so that one volunteer's concurrent
	// joins are taken one after the other and the second sees the first (PostgreSQL; SQLite has one
	// writer). The unique index assignments_one_active refuses a second engagement all the same.
	t, err := findTaskForUpdate(ctx, tx, r.TaskID)
	if err != nil {
		return nil, err
	}
	check, err := s.joinCheck(ctx, tx, t, r)
	if err != nil {
		return nil, err
	}
	if err := check.Refusal(); err != nil {
		return nil, err
	}
	status, err := civhub.Transition("", r.Action)
	if err != nil {
		return nil, err
	}
	a := &civhub.Assignment{TaskID: t.ID, VolunteerID: r.By, Status: status, Message: r.Message, CreatedAt: tx.Now(), UpdatedAt: tx.Now()}
	if civhub.HoldsSlot(status) {
		if err := takeSlot(ctx, tx, t.ID); err != nil {
			return nil, err
		}
		expires := tx.Now().Add(time.Duration(t.ClaimHours) * time.Hour)
		a.ExpiresAt = &expires
	}
	if err := tx.QueryRowContext(ctx, `INSERT INTO assignments (task_id, volunteer_id, status, message, expires_at, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, a.TaskID, a.VolunteerID, a.Status, a.Message, utcPtr(a.ExpiresAt),
		a.CreatedAt, a.UpdatedAt).Scan(&a.ID); err != nil {
		if isUniqueViolation(err) {
			return nil, civhub.ErrJoinedAlready
		}
		return nil, fmt.Errorf("join task: %w", err)
	}
	kind := civhub.NoteClaimed
	if r.Action == civhub.ActApply {
		kind = civhub.NoteApplied
	}
	if err := s.notes.notifyManagers(ctx, tx, t.OrganizationID, note{kind: kind, task: t.ID, actor: r.By}); err != nil {
		return nil, err
	}
	return a, audit(ctx, tx, civhub.AuditEntry{ActorID: r.By, PersonID: r.By, OrganizationID: t.OrganizationID,
		Action: civhub.AuditTaskStep, Detail: taskDetail("audit.detail.task_step", t.ID, "assignment."+status)})
}

// stepNotes says whom each workflow step tells, and with what kind of notification: the volunteer
// hears what the organization did, the organization's managers what the volunteer did.
var stepNotes = map[string]struct {
	kind      string
	volunteer bool
}{
	civhub.ActAccept:   {civhub.NoteAccepted, true},
	civhub.ActDecline:  {civhub.NoteDeclined, true},
	civhub.ActReturn:   {civhub.NoteReturned, true},
	civhub.ActApprove:  {civhub.NoteApproved, true},
	civhub.ActCancel:   {civhub.NoteCancelled, true},
	civhub.ActRelease:  {civhub.NoteClaimReleased, true},
	civhub.ActSubmit:   {civhub.NoteSubmitted, false},
	civhub.ActWithdraw: {civhub.NoteWithdrawn, false},
}

// step moves an assignment along the workflow.
func (s *NeedService) step(ctx context.Context, tx *Tx, r civhub.ActRequest) (*civhub.Assignment, error) {
	a, err := scanAssignment(tx.QueryRowContext(ctx, `SELECT `+assignmentColumns+` FROM assignments a
		JOIN people p ON p.id = a.volunteer_id WHERE a.id = $1`, r.AssignmentID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, civhub.E(civhub.ENOTFOUND, "err.assignment_not_found", "There is no such engagement.")
	} else if err != nil {
		return nil, err
	}
	next, err := civhub.Transition(a.Status, r.Action)
	if err != nil {
		return nil, err
	}
	switch held, holds := civhub.HoldsSlot(a.Status), civhub.HoldsSlot(next); {
	case holds && !held:
		if err := takeSlot(ctx, tx, a.TaskID); err != nil {
			return nil, err
		}
	case held && !holds:
		if _, err := tx.ExecContext(ctx, `UPDATE tasks SET slots_taken = slots_taken - 1 WHERE id = $1 AND slots_taken > 0`, a.TaskID); err != nil {
			return nil, err
		}
		if err := refreshListing(ctx, tx, "id", a.TaskID); err != nil {
			return nil, err
		}
	}
	from := a.Status
	a.Status, a.UpdatedAt = next, tx.Now()
	switch r.Action {
	case civhub.ActSubmit:
		a.Deliverable = strings.TrimSpace(r.Message)
	case civhub.ActReturn:
		a.Feedback = strings.TrimSpace(r.Message)
		now := tx.Now()
		a.ReturnedAt = &now
	}
	if next != civhub.AssignClaimed { // only a claim expires
		a.ExpiresAt = nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE assignments SET status = $1, expires_at = $2, updated_at = $3, deliverable = $4,
		feedback = $5, returned_at = $6, nudged_at = NULL WHERE id = $7`, next, utcPtr(a.ExpiresAt), a.UpdatedAt, a.Deliverable, a.Feedback,
		utcPtr(a.ReturnedAt), a.ID); err != nil {
		return nil, err
	}
	t, err := findTask(ctx, tx, a.TaskID)
	if err != nil {
		return nil, err
	}
	if r.Action == civhub.ActApprove {
		// Work on a toolkit's translation becomes its published revision, credited to the volunteer.
		if err := publishTaskWork(ctx, tx, a.ID, r.By); err != nil {
			return nil, err
		}
	}
	if r.Action == civhub.ActAccept {
		g := r.Agreement
		if _, err := tx.ExecContext(ctx, `INSERT INTO agreements (assignment_id, scope, hours, deadline, answer_days, org_agreed_by, org_agreed_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, a.ID, g.Scope, g.Hours, utcPtr(g.Deadline), g.AnswerDays, nullID(r.By), tx.Now()); err != nil {
			return nil, fmt.Errorf("agreement: %w", err)
		}
	}
	if sn, ok := stepNotes[r.Action]; ok {
		n := note{kind: sn.kind, task: t.ID, actor: r.By}
		// Steps civhub takes itself to keep the response promises say why.
		switch {
		case r.By == 0 && r.Action == civhub.ActDecline:
			n.kind = civhub.NoteExpired
		case r.By == 0 && r.Action == civhub.ActRelease && from != civhub.AssignClaimed:
			n.kind = civhub.NoteQuietReleased
		}
		if sn.volunteer {
			err = s.notes.notify(ctx, tx, a.VolunteerID, n)
		} else {
			err = s.notes.notifyManagers(ctx, tx, t.OrganizationID, n)
		}
		if err != nil {
			return nil, err
		}
	}
	if civhub.HoldsSlot(from) && !civhub.HoldsSlot(next) {
		// A place opened: whoever asked to be told hears it now.
		if _, err := s.tellOpenPlace(ctx, tx, t.ID); err != nil {
			return nil, err
		}
	}
	return a, audit(ctx, tx, civhub.AuditEntry{ActorID: r.By, PersonID: a.VolunteerID, OrganizationID: t.OrganizationID,
		Action: civhub.AuditTaskStep, Detail: taskDetail("audit.detail.task_step", a.TaskID, "assignment."+next)})
}

// ReleaseStaleClaims implements civhub.NeedService.
func (s *NeedService) ReleaseStaleClaims(ctx context.Context) (int, error) {
	var ids []int64
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		ids, err = collect1[int64](ctx, tx, `SELECT id FROM assignments WHERE status = $1 AND expires_at < $2 ORDER BY id LIMIT 1000`,
			civhub.AssignClaimed, tx.Now())
		return err
	})
	if err != nil {
		return 0, err
	}
	released := 0
	for _, id := range ids {
		// Each in its own transaction: a claim the volunteer moved on meanwhile is skipped, not an error.
		_, err := s.Act(ctx, civhub.ActRequest{Action: civhub.ActRelease, AssignmentID: id})
		if civhub.ErrorCode(err) == civhub.ECONFLICT {
			continue
		} else if err != nil {
			return released, err
		}
		released++
	}
	return released, nil
}

// VolunteerAssignments implements civhub.NeedService.
func (s *NeedService) VolunteerAssignments(ctx context.Context, person int64) ([]*civhub.Assignment, []*civhub.Task, error) {
	var list []*civhub.Assignment
	var tasks []*civhub.Task
	err := s.db.View(ctx, func(tx *Tx) error {
		var err error
		list, err = collect(ctx, tx, scanAssignment, `SELECT `+assignmentColumns+` FROM assignments a JOIN people p ON p.id = a.volunteer_id
			WHERE a.volunteer_id = $1 ORDER BY a.id DESC LIMIT 200`, person)
		if err != nil {
			return err
		}
		for _, a := range list {
			t, err := findTask(ctx, tx, a.TaskID)
			if err != nil {
				return err
			}
			tasks = append(tasks, t)
		}
		return nil
	})
	return list, tasks, err
}
