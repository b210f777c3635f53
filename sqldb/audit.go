package sqldb

import (
	"context"
	"fmt"
	"strconv"

	"civhub"
)

// AuditService implements civhub.AuditService.
type AuditService struct{ db *DB }

// NewAuditService returns an AuditService on db.
func NewAuditService(db *DB) *AuditService { return &AuditService{db: db} }

var _ civhub.AuditService = (*AuditService)(nil)

// audit records e in tx.
func audit(ctx context.Context, tx *Tx, e civhub.AuditEntry) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (at, actor_id, person_id, organization_id, action, detail)
		VALUES ($1, $2, $3, $4, $5, $6)`, tx.Now(), nullID(e.ActorID), nullID(e.PersonID), nullID(e.OrganizationID), e.Action, e.Detail)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// taskDetail is the detail of an audit entry about task, with the message ID of its new status, if
// any, as the term Status.
func taskDetail(key string, task int64, status string) string {
	d := civhub.AuditDetail{Key: key, Args: map[string]string{"Task": strconv.FormatInt(task, 10)}}
	if status != "" {
		d.Terms = map[string]string{"Status": status}
	}
	return d.String()
}

// resourceDetail is the detail of an audit entry about an opportunity of the directory, with the
// message ID of its new state, if any, as the term State.
func resourceDetail(key string, resource int64, state string) string {
	d := civhub.AuditDetail{Key: key, Args: map[string]string{"Resource": strconv.FormatInt(resource, 10)}}
	if state != "" {
		d.Terms = map[string]string{"State": state}
	}
	return d.String()
}

// siteRoleTerm is the message ID that names a site role; having none is one too.
func siteRoleTerm(role string) string {
	if role == civhub.RoleNone {
		return "site_role.none"
	}
	return "site_role." + role
}

// AuditLog implements civhub.AuditService.
func (s *AuditService) AuditLog(ctx context.Context, f civhub.AuditFilter) ([]civhub.AuditEntry, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 100
	}
	var out []civhub.AuditEntry
	err := s.db.View(ctx, func(tx *Tx) error {
		scan := func(r scanner) (e civhub.AuditEntry, err error) {
			err = r.Scan(&e.ID, &e.At, &e.ActorID, &e.PersonID, &e.OrganizationID, &e.Action, &e.Detail,
				&e.ActorName, &e.PersonName, &e.OrganizationName)
			return
		}
		var err error
		out, err = collect(ctx, tx, scan, `SELECT a.id, a.at, COALESCE(a.actor_id, 0), COALESCE(a.person_id, 0),
			COALESCE(a.organization_id, 0), a.action, a.detail,
			COALESCE(ap.display_name, ''), COALESCE(pp.display_name, ''), COALESCE(o.name, '')
			FROM audit_log a
			LEFT JOIN people ap ON ap.id = a.actor_id
			LEFT JOIN people pp ON pp.id = a.person_id
			LEFT JOIN organizations o ON o.id = a.organization_id
			WHERE ($1 = 0 OR a.organization_id = $1) AND ($2 = 0 OR a.id < $2)
			ORDER BY a.id DESC LIMIT $3`, f.OrganizationID, f.Before, f.Limit)
		return err
	})
	return out, err
}
