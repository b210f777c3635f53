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

// NeedService implements civhub.NeedService.
type NeedService struct {
	db         *DB
	validSkill func(string) bool
	notes      *NotificationService
	prereq     civhub.Prerequisites
	words      wordStats   // PostgreSQL's statistics of the words of tasks, for choosing search plans
	listed     listedTasks // how many tasks are listed, for choosing SQLite's search plans
	matches    matchCounts // how many tasks the words searched lately match, for choosing search plans
}

// NewNeedService returns a NeedService on db that accepts the skills validSkill knows and tells
// people about the steps of their work through notes.
func NewNeedService(db *DB, validSkill func(string) bool, notes *NotificationService) *NeedService {
	return &NeedService{db: db, validSkill: validSkill, notes: notes, prereq: civhub.NoCourses{}}
}

// SetPrerequisites makes p decide which courses tasks may require and who has finished them.
func (s *NeedService) SetPrerequisites(p civhub.Prerequisites) { s.prereq = p }

var _ civhub.NeedService = (*NeedService)(nil)

const needColumns = `n.id, n.organization_id, o.slug, o.name, n.title, n.description, n.causes, n.languages, n.remote,
	n.country, n.city, n.status, COALESCE(n.created_by, 0), n.created_at, n.updated_at`

func scanNeed(row scanner) (*civhub.Need, error) {
	n := &civhub.Need{}
	var causes, languages list
	if err := row.Scan(&n.ID, &n.OrganizationID, &n.OrgSlug, &n.OrgName, &n.Title, &n.Description, &causes, &languages,
		&n.Remote, &n.Country, &n.City, &n.Status, &n.CreatedBy, &n.CreatedAt, &n.UpdatedAt); err != nil {
		return nil, err
	}
	n.Causes, n.Languages = []string(causes), []string(languages)
	return n, nil
}

// CreateNeed implements civhub.NeedService.
func (s *NeedService) CreateNeed(ctx context.Context, n *civhub.Need, by int64) error {
	return s.CreateNeedWithTasks(ctx, n, nil, by)
}

// CreateNeedWithTasks implements civhub.NeedService. Every task is checked before anything is
// written, so that a refused task leaves no need behind.
func (s *NeedService) CreateNeedWithTasks(ctx context.Context, n *civhub.Need, tasks []*civhub.Task, by int64) error {
	errs := []error{n.Validate()}
	for _, t := range tasks {
		if t.Status == "" {
			t.Status = civhub.TaskOpen
		}
		errs = append(errs, s.validateTask(ctx, t))
	}
	if err := civhub.MergeFieldErrors(errs...); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if err := insertNeed(ctx, tx, n, by); err != nil {
			return err
		}
		for _, t := range tasks {
			t.NeedID = n.ID
			if err := insertTask(ctx, tx, n, t, by); err != nil {
				return err
			}
		}
		return nil
	})
}

// insertNeed writes n, a need already validated, for its organization.
func insertNeed(ctx context.Context, tx *Tx, n *civhub.Need, by int64) error {
	if _, err := findOrganizationByID(ctx, tx, n.OrganizationID); err != nil {
		return err
	}
	n.CreatedBy, n.CreatedAt, n.UpdatedAt = by, tx.Now(), tx.Now()
	if err := tx.QueryRowContext(ctx, `INSERT INTO needs (organization_id, title, description, causes, languages, remote,
		country, city, status, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
		n.OrganizationID, n.Title, n.Description, list(n.Causes), list(n.Languages), n.Remote,
		n.Country, n.City, n.Status, by, n.CreatedAt, n.UpdatedAt).Scan(&n.ID); err != nil {
		return fmt.Errorf("create need: %w", err)
	}
	return audit(ctx, tx, civhub.AuditEntry{ActorID: by, OrganizationID: n.OrganizationID, Action: civhub.AuditNeedCreated, Detail: n.Title})
}

// insertTask writes t, a task already validated, into need n: it takes the need's organization
// and place, and is listed at once when n and its organization allow.
func insertTask(ctx context.Context, tx *Tx, n *civhub.Need, t *civhub.Task, by int64) error {
	t.OrganizationID, t.CreatedAt, t.UpdatedAt = n.OrganizationID, tx.Now(), tx.Now()
	if err := tx.QueryRowContext(ctx, `INSERT INTO tasks (need_id, organization_id, title, description, type, skills, languages,
		source_language, target_language, estimated_hours, deadline, volunteers_wanted, urgency, join_mode, claim_hours,
		courses, remote, country, city, status, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22) RETURNING id`,
		n.ID, t.OrganizationID, t.Title, t.Description, t.Type, list(t.Skills), list(t.Languages),
		t.SourceLanguage, t.TargetLanguage, t.EstimatedHours, deadlineValue(t.Deadline), t.VolunteersWanted, t.Urgency, t.JoinMode,
		t.ClaimHours, list(t.Courses), n.Remote, n.Country, n.City, t.Status, t.CreatedAt, t.UpdatedAt).Scan(&t.ID); err != nil {
		return fmt.Errorf("create task: %w", err)
	}
	if err := saveTaskSkills(ctx, tx, t); err != nil {
		return err
	}
	if err := refreshListing(ctx, tx, "id", t.ID); err != nil {
		return err
	}
	return audit(ctx, tx, civhub.AuditEntry{ActorID: by, OrganizationID: t.OrganizationID, Action: civhub.AuditTaskCreated, Detail: t.Title})
}

// UpdateNeed implements civhub.NeedService.
func (s *NeedService) UpdateNeed(ctx context.Context, n *civhub.Need, by int64) error {
	if err := n.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		n.UpdatedAt = tx.Now()
		res, err := tx.ExecContext(ctx, `UPDATE needs SET title = $1, description = $2, causes = $3, languages = $4, remote = $5,
			country = $6, city = $7, status = $8, updated_at = $9 WHERE id = $10`,
			n.Title, n.Description, list(n.Causes), list(n.Languages), n.Remote, n.Country, n.City,
			n.Status, n.UpdatedAt, n.ID)
		if err != nil {
			return err
		}
		if c, _ := res.RowsAffected(); c != 1 {
			return errNeedNotFound
		}
		if err := refreshListing(ctx, tx, "need_id", n.ID); err != nil {
			return err
		}
		return audit(ctx, tx, civhub.AuditEntry{ActorID: by, OrganizationID: n.OrganizationID, Action: civhub.AuditNeedUpdated, Detail: n.Title})
	})
}

var (
	errNeedNotFound = civhub.E(civhub.ENOTFOUND, "err.need_not_found", "There is no such need.")
	errTaskNotFound = civhub.E(civhub.ENOTFOUND, "err.task_not_found", "There is no such task.")
)

// FindNeed implements civhub.NeedService.
func (s *NeedService) FindNeed(ctx context.Context, id int64) (*civhub.Need, error) {
	var n *civhub.Need
	err := s.db.Read(ctx, func(tx *Tx) (err error) {
		n, err = findNeed(ctx, tx, id)
		return err
	})
	return n, err
}

func findNeed(ctx context.Context, tx *Tx, id int64) (*civhub.Need, error) {
	n, err := scanNeed(tx.QueryRowContext(ctx, `SELECT `+needColumns+` FROM needs n JOIN organizations o ON o.id = n.organization_id
		WHERE n.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNeedNotFound
	}
	return n, err
}

// OrganizationNeeds implements civhub.NeedService.
func (s *NeedService) OrganizationNeeds(ctx context.Context, org int64) ([]*civhub.Need, error) {
	var out []*civhub.Need
	err := s.db.Read(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, scanNeed, `SELECT `+needColumns+` FROM needs n JOIN organizations o ON o.id = n.organization_id
			WHERE n.organization_id = $1 ORDER BY n.id DESC`, org)
		return err
	})
	return out, err
}

// NeedsUnderWay implements civhub.NeedService. It reads no more than it returns: the
// organization's needs newest first (needs_organization), the others passed over.
func (s *NeedService) NeedsUnderWay(ctx context.Context, org int64, drafts bool, limit int) ([]*civhub.Need, error) {
	if limit < 1 {
		return nil, nil
	}
	var statuses []string // constants, never what someone typed
	for _, st := range civhub.NeedStatuses {
		if civhub.NeedUnderWay(st) && (drafts || st != civhub.NeedDraft) {
			statuses = append(statuses, "'"+st+"'")
		}
	}
	out, err := collect(ctx, s.db.read, scanNeed, `SELECT `+needColumns+` FROM needs n JOIN organizations o ON o.id = n.organization_id
		WHERE n.organization_id = $1 AND n.status IN (`+strings.Join(statuses, ", ")+`) ORDER BY n.id DESC LIMIT `+strconv.Itoa(limit), org)
	if err != nil {
		return nil, fmt.Errorf("needs under way: %w", err)
	}
	return out, nil
}

// refreshListing recomputes whether the tasks whose column equals id appear in the search of open
// tasks: the task is open, its need is open or in progress, and its organization is verified and
// not hidden in at-risk mode; listed when a place is left, listed_full when none is (migration 36).
// Whatever changes one of these, or a task's places, calls it.
func refreshListing(ctx context.Context, tx *Tx, column string, id int64) error {
	const open = `(tasks.status = 'open'
		AND EXISTS (SELECT 1 FROM needs n WHERE n.id = tasks.need_id AND n.status IN ('open', 'in_progress'))
		AND EXISTS (SELECT 1 FROM organizations o WHERE o.id = tasks.organization_id AND o.verification = 'verified' AND o.at_risk = FALSE))`
	_, err := tx.ExecContext(ctx, `UPDATE tasks SET listed = (`+open+` AND tasks.slots_taken < tasks.volunteers_wanted),
		listed_full = (`+open+` AND tasks.slots_taken >= tasks.volunteers_wanted)
		WHERE `+column+` = $1`, id)
	if err != nil {
		return fmt.Errorf("refresh listing: %w", err)
	}
	return nil
}
