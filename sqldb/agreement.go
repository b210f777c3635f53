package sqldb

import (
	"context"
	"database/sql"
	"errors"

	"civhub"
)

var errNoAgreement = civhub.E(civhub.ENOTFOUND, "err.agreement_not_found", "There is no agreement for this engagement.")

// Agreement implements civhub.NeedService.
func (s *NeedService) Agreement(ctx context.Context, assignment int64) (*civhub.Agreement, error) {
	g := &civhub.Agreement{AssignmentID: assignment}
	err := s.db.View(ctx, func(tx *Tx) error {
		var deadline, volunteerAt sql.NullTime
		var vName, vEmail, oName, oEmail, orgName string
		err := tx.QueryRowContext(ctx, `SELECT g.scope, g.hours, g.deadline, g.answer_days, COALESCE(g.org_agreed_by, 0), g.org_agreed_at,
			g.volunteer_agreed_at, v.display_name, v.email, COALESCE(m.display_name, ''), COALESCE(m.email, ''), o.name
			FROM agreements g JOIN assignments a ON a.id = g.assignment_id JOIN people v ON v.id = a.volunteer_id
			JOIN tasks t ON t.id = a.task_id JOIN organizations o ON o.id = t.organization_id
			LEFT JOIN people m ON m.id = g.org_agreed_by WHERE g.assignment_id = $1`, assignment).
			Scan(&g.Scope, &g.Hours, &deadline, &g.AnswerDays, &g.OrgAgreedBy, &g.OrgAgreedAt, &volunteerAt, &vName, &vEmail, &oName, &oEmail, &orgName)
		if errors.Is(err, sql.ErrNoRows) {
			return errNoAgreement
		} else if err != nil {
			return err
		}
		g.Deadline, g.VolunteerAgreedAt = timePtr(deadline), timePtr(volunteerAt)
		if g.Agreed() {
			g.VolunteerContact = &civhub.Contact{Name: vName, Email: vEmail}
			g.OrgContact = &civhub.Contact{Name: oName, Email: oEmail}
			if oName == "" { // the manager who agreed has left: the organization still answers
				g.OrgContact.Name = orgName
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

// agreeable are the statuses in which the volunteer may still agree.
var agreeable = map[string]bool{civhub.AssignAccepted: true, civhub.AssignInProgress: true, civhub.AssignSubmitted: true,
	civhub.AssignReturned: true}

// Agree implements civhub.NeedService.
func (s *NeedService) Agree(ctx context.Context, assignment, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		var status string
		var task, org int64
		var agreed sql.NullTime
		err := tx.QueryRowContext(ctx, `SELECT a.status, a.task_id, t.organization_id, g.volunteer_agreed_at FROM agreements g
			JOIN assignments a ON a.id = g.assignment_id JOIN tasks t ON t.id = a.task_id
			WHERE g.assignment_id = $1 AND a.volunteer_id = $2`, assignment, by).Scan(&status, &task, &org, &agreed)
		if errors.Is(err, sql.ErrNoRows) {
			return errNoAgreement
		} else if err != nil {
			return err
		}
		if agreed.Valid {
			return civhub.E(civhub.ECONFLICT, "err.agreed_already", "You agreed already.")
		}
		if !agreeable[status] {
			return civhub.E(civhub.ECONFLICT, "err.transition", "This step is not possible now: the task has moved on. Reload the page.")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE agreements SET volunteer_agreed_at = $1 WHERE assignment_id = $2`, tx.Now(), assignment); err != nil {
			return err
		}
		if err := s.notes.notifyManagers(ctx, tx, org, note{kind: civhub.NoteAgreed, task: task, actor: by}); err != nil {
			return err
		}
		return audit(ctx, tx, civhub.AuditEntry{ActorID: by, PersonID: by, OrganizationID: org, Action: civhub.AuditTaskStep,
			Detail: taskDetail("audit.detail.task_agreed", task, "")})
	})
}
