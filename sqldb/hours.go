package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"civhub"
)

var _ civhub.HoursService = (*NeedService)(nil)

// LogHours implements civhub.HoursService.
func (s *NeedService) LogHours(ctx context.Context, assignment int64, minutes int, text string, by int64) (*civhub.HoursEntry, error) {
	if err := civhub.CheckHours(minutes, text); err != nil {
		return nil, err
	}
	var e *civhub.HoursEntry
	err := s.db.Update(ctx, func(tx *Tx) error {
		a, err := scanAssignment(tx.QueryRowContext(ctx, `SELECT `+assignmentColumns+` FROM assignments a
			JOIN people p ON p.id = a.volunteer_id WHERE a.id = $1 AND a.volunteer_id = $2`, assignment, by))
		if errors.Is(err, sql.ErrNoRows) {
			return civhub.E(civhub.ENOTFOUND, "err.assignment_not_found", "There is no such engagement.")
		} else if err != nil {
			return err
		}
		if !civhub.MayLogHours(a.Status) {
			return civhub.E(civhub.ECONFLICT, "err.hours_not_now", "Hours can be logged once you are on the task, until it is over.")
		}
		t, err := findTask(ctx, tx, a.TaskID)
		if err != nil {
			return err
		}
		e = &civhub.HoursEntry{AssignmentID: a.ID, VolunteerID: by, TaskID: t.ID, Minutes: minutes, Note: strings.TrimSpace(text),
			Status: civhub.HoursPending, CreatedAt: tx.Now()}
		if err := tx.QueryRowContext(ctx, `INSERT INTO hours (assignment_id, volunteer_id, task_id, organization_id, minutes, note, status, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, e.AssignmentID, by, t.ID, t.OrganizationID, minutes, e.Note,
			e.Status, e.CreatedAt).Scan(&e.ID); err != nil {
			return err
		}
		return s.notes.notifyManagers(ctx, tx, t.OrganizationID, note{kind: civhub.NoteHoursLogged, task: t.ID, actor: by})
	})
	return e, err
}

const hoursColumns = `h.id, h.assignment_id, h.volunteer_id, p.display_name, h.task_id, t.title, h.organization_id, o.name, h.minutes, h.note, h.status,
	h.created_at, h.decided_at`

const hoursJoins = ` FROM hours h JOIN people p ON p.id = h.volunteer_id JOIN tasks t ON t.id = h.task_id
	JOIN organizations o ON o.id = h.organization_id`

func (s *NeedService) hours(ctx context.Context, where string, args ...any) ([]civhub.HoursEntry, error) {
	var out []civhub.HoursEntry
	scan := func(r scanner) (e civhub.HoursEntry, err error) {
		var decided sql.NullTime
		err = r.Scan(&e.ID, &e.AssignmentID, &e.VolunteerID, &e.Volunteer, &e.TaskID, &e.TaskTitle, &e.OrgID, &e.OrgName, &e.Minutes,
			&e.Note, &e.Status, &e.CreatedAt, &decided)
		e.DecidedAt = timePtr(decided)
		return e, err
	}
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, scan, `SELECT `+hoursColumns+hoursJoins+` WHERE `+where+` ORDER BY h.id DESC LIMIT 500`, args...)
		return err
	})
	return out, err
}

// TaskHours implements civhub.HoursService.
func (s *NeedService) TaskHours(ctx context.Context, task int64) ([]civhub.HoursEntry, error) {
	return s.hours(ctx, `h.task_id = $1`, task)
}

// DecideHours implements civhub.HoursService.
func (s *NeedService) DecideHours(ctx context.Context, task, id int64, confirm bool, by int64) error {
	status := civhub.HoursRejected
	if confirm {
		status = civhub.HoursConfirmed
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		var current string
		var volunteer, org int64
		var minutes int
		err := tx.QueryRowContext(ctx, `SELECT status, volunteer_id, organization_id, minutes FROM hours WHERE id = $1 AND task_id = $2`, id, task).
			Scan(&current, &volunteer, &org, &minutes)
		if errors.Is(err, sql.ErrNoRows) {
			return civhub.E(civhub.ENOTFOUND, "err.hours_not_found", "There are no such hours.")
		} else if err != nil {
			return err
		}
		if current != civhub.HoursPending {
			return civhub.E(civhub.ECONFLICT, "err.decided_already", "Someone decided this already.")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE hours SET status = $1, decided_by = $2, decided_at = $3 WHERE id = $4`,
			status, by, tx.Now(), id); err != nil {
			return err
		}
		if confirm {
			if err := s.notes.notify(ctx, tx, volunteer, note{kind: civhub.NoteHoursConfirmed, task: task, actor: by}); err != nil {
				return err
			}
		}
		return audit(ctx, tx, civhub.AuditEntry{ActorID: by, PersonID: volunteer, OrganizationID: org, Action: civhub.AuditHours,
			Detail: civhub.AuditDetail{Key: "audit.detail.hours",
				Args:  map[string]string{"Task": strconv.FormatInt(task, 10), "Minutes": strconv.Itoa(minutes)},
				Terms: map[string]string{"Status": "hours." + status}}.String()})
	})
}

// Endorse implements civhub.HoursService.
func (s *NeedService) Endorse(ctx context.Context, org, volunteer int64, skill, thanks string, by int64) error {
	if !s.validSkill(skill) {
		return civhub.FieldError("skill", "err.skill_unknown", "Choose skills from the list.")
	}
	if len([]rune(thanks)) > 500 {
		return civhub.FieldError("thanks", "err.note_length", "Write at most 500 characters.")
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		var worked int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM assignments a JOIN tasks t ON t.id = a.task_id
			WHERE a.volunteer_id = $1 AND t.organization_id = $2 AND a.status IN ('approved', 'done')`, volunteer, org).Scan(&worked); err != nil {
			return err
		}
		if worked == 0 {
			return civhub.E(civhub.ECONFLICT, "err.endorse_after_work", "You can endorse a volunteer once you approved their work.")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO endorsements (volunteer_id, organization_id, skill_id, thanks, endorsed_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (volunteer_id, organization_id, skill_id) DO UPDATE SET thanks = excluded.thanks`,
			volunteer, org, skill, strings.TrimSpace(thanks), by, tx.Now()); err != nil {
			return err
		}
		if err := s.notes.notify(ctx, tx, volunteer, note{kind: civhub.NoteEndorsed, org: org, actor: by,
			dedup: fmt.Sprintf("endorsed:%d:%s", org, skill)}); err != nil {
			return err
		}
		return audit(ctx, tx, civhub.AuditEntry{ActorID: by, PersonID: volunteer, OrganizationID: org, Action: civhub.AuditEndorsed, Detail: skill})
	})
}

// Contribution implements civhub.HoursService.
func (s *NeedService) Contribution(ctx context.Context, volunteer int64) (*civhub.Contribution, error) {
	c := &civhub.Contribution{}
	var err error
	if c.Entries, err = s.hours(ctx, `h.volunteer_id = $1 AND h.status = 'confirmed'`, volunteer); err != nil {
		return nil, err
	}
	orgs := map[string]bool{}
	for _, e := range c.Entries {
		c.ConfirmedMinutes += e.Minutes
		orgs[e.OrgName] = true
	}
	err = s.db.View(ctx, func(tx *Tx) error {
		var err error
		c.Tasks, err = collect(ctx, tx, scanTask, `SELECT `+taskColumns+taskJoins+` JOIN assignments a ON a.task_id = t.id
			WHERE a.volunteer_id = $1 AND a.status IN `+completedStatuses+` ORDER BY a.updated_at DESC`, volunteer)
		if err != nil {
			return err
		}
		for _, t := range c.Tasks {
			orgs[t.OrgName] = true
		}
		if c.Courses, err = completions(ctx, tx, volunteer); err != nil {
			return err
		}
		c.Endorsements, err = collect(ctx, tx, func(r scanner) (e civhub.Endorsement, err error) {
			err = r.Scan(&e.OrganizationID, &e.OrgName, &e.SkillID, &e.Thanks, &e.CreatedAt)
			return
		}, `SELECT e.organization_id, o.name, e.skill_id, e.thanks, e.created_at FROM endorsements e
			JOIN organizations o ON o.id = e.organization_id WHERE e.volunteer_id = $1 ORDER BY e.id DESC`, volunteer)
		if err != nil {
			return err
		}
		orgs, err := collect(ctx, tx, scanOrganization, `SELECT `+orgColumns+` FROM organizations o WHERE o.id IN (
			SELECT organization_id FROM hours WHERE volunteer_id = $1 AND status = 'confirmed'
			UNION SELECT t.organization_id FROM assignments a JOIN tasks t ON t.id = a.task_id
				WHERE a.volunteer_id = $1 AND a.status IN `+completedStatuses+`
			UNION SELECT organization_id FROM endorsements WHERE volunteer_id = $1)`, volunteer)
		c.Orgs = make(map[int64]*civhub.Organization, len(orgs))
		for _, o := range orgs {
			c.Orgs[o.ID] = o
		}
		return err
	})
	c.TasksApproved, c.Organizations = len(c.Tasks), len(orgs)
	return c, err
}
