package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"civhub"
)

// CrisisService implements civhub.CrisisService.
type CrisisService struct {
	db         *DB
	needs      *NeedService // publishes the partners' tasks
	validSkill func(string) bool
	queue      Queue                                             // the mail and the dispatcher's jobs; see SetAlerts
	alertText  func(locale string, m civhub.AlertMessage) string // words an alert's text message
}

// NewCrisisService returns a CrisisService on db.
func NewCrisisService(db *DB, needs *NeedService, validSkill func(string) bool) *CrisisService {
	return &CrisisService{db: db, needs: needs, validSkill: validSkill}
}

var _ civhub.CrisisService = (*CrisisService)(nil)

var (
	errCrisisNotFound = civhub.E(civhub.ENOTFOUND, "err.crisis_not_found", "There is no such crisis.")
	errCrisisOver     = civhub.E(civhub.ECONFLICT, "err.crisis_over", "This crisis stood down: it takes no more tasks.")
)

const crisisColumns = `c.id, c.slug, c.kind, c.title, c.summary, c.countries, c.regions, c.languages, c.skills, c.templates, c.drill,
	c.life_safety, c.status, COALESCE(c.activated_by, 0), c.activated_at, c.stood_down_at, c.lessons`

func scanCrisis(row scanner) (*civhub.Crisis, error) {
	c := &civhub.Crisis{}
	var down sql.NullTime
	if err := row.Scan(&c.ID, &c.Slug, &c.Kind, &c.Title, &c.Summary, (*list)(&c.Countries), &c.Regions, (*list)(&c.Languages),
		(*list)(&c.Skills), (*list)(&c.Templates), &c.Drill, &c.LifeSafety, &c.Status, &c.ActivatedBy, &c.ActivatedAt, &down,
		&c.Lessons); err != nil {
		return nil, err
	}
	c.StoodDownAt, c.ActivatedAt = timePtr(down), c.ActivatedAt.UTC()
	return c, nil
}

// findCrisis reads a crisis by where (on c) with its partners; lock holds its row until the end.
func findCrisis(ctx context.Context, tx *Tx, where string, lock bool, args ...any) (*civhub.Crisis, error) {
	q := `SELECT ` + crisisColumns + ` FROM crises c WHERE ` + where
	if lock {
		q += tx.db.dialect.forUpdate()
	}
	c, err := scanCrisis(tx.QueryRowContext(ctx, q, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errCrisisNotFound
	}
	if err != nil {
		return nil, err
	}
	c.Partners, err = collect(ctx, tx, func(r scanner) (p civhub.Partner, err error) {
		err = r.Scan(&p.OrganizationID, &p.Slug, &p.Name, &p.AtRisk)
		return
	}, `SELECT o.id, o.slug, o.name, o.at_risk FROM crisis_partners cp JOIN organizations o ON o.id = cp.organization_id
		WHERE cp.crisis_id = $1 ORDER BY o.name, o.id`, c.ID)
	return c, err
}

// ActivateCrisis implements civhub.CrisisService.
func (s *CrisisService) ActivateCrisis(ctx context.Context, c *civhub.Crisis, partners []int64, by int64) error {
	if err := c.Validate(s.validSkill); err != nil {
		return err
	}
	slices.Sort(partners)
	partners = slices.Compact(partners)
	if len(partners) > 50 {
		return civhub.FieldError("partners", "err.crisis_partners", "Name at most 50 partner organizations.")
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM crises WHERE slug = $1`, c.Slug).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return civhub.FieldError("title", "err.crisis_slug_taken", "Another crisis has this name: add the place or the month.")
		}
		c.Status, c.ActivatedBy, c.ActivatedAt = civhub.CrisisActive, by, tx.Now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO crises (slug, kind, title, summary, countries, regions, languages, skills, templates,
			drill, life_safety, status, activated_by, activated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
			RETURNING id`, c.Slug, c.Kind, c.Title, c.Summary, list(c.Countries), c.Regions, list(c.Languages), list(c.Skills),
			list(c.Templates), c.Drill, c.LifeSafety, c.Status, by, c.ActivatedAt).Scan(&c.ID); err != nil {
			return err
		}
		for _, org := range partners {
			if _, err := findOrganizationByID(ctx, tx, org); err != nil {
				return civhub.FieldError("partners", "err.crisis_partner_unknown", "Choose partner organizations from the list.")
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO crisis_partners (crisis_id, organization_id, added_at) VALUES ($1, $2, $3)`,
				c.ID, org, c.ActivatedAt); err != nil {
				return err
			}
		}
		detail := "audit.detail.crisis_activated"
		if c.Drill {
			detail = "audit.detail.drill_activated"
		}
		if err := audit(ctx, tx, civhub.AuditEntry{ActorID: by, Action: civhub.AuditCrisis,
			Detail: civhub.AuditDetail{Key: detail, Args: map[string]string{"Title": c.Title}}.String()}); err != nil {
			return err
		}
		fresh, err := findCrisis(ctx, tx, `c.id = $1`, false, c.ID)
		if err == nil {
			*c = *fresh
		}
		return err
	})
}

// FindCrisis implements civhub.CrisisService.
func (s *CrisisService) FindCrisis(ctx context.Context, slug string) (*civhub.Crisis, error) {
	var c *civhub.Crisis
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		c, err = findCrisis(ctx, tx, `c.slug = $1`, false, slug)
		return err
	})
	return c, err
}

// ListCrises implements civhub.CrisisService.
func (s *CrisisService) ListCrises(ctx context.Context, limit int) ([]*civhub.Crisis, error) {
	limit = min(max(limit, 1), 200)
	var out []*civhub.Crisis
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, scanCrisis, `SELECT `+crisisColumns+` FROM crises c
			ORDER BY CASE WHEN c.status = $1 THEN 0 ELSE 1 END, c.activated_at DESC, c.id DESC LIMIT `+strconv.Itoa(limit), civhub.CrisisActive)
		return err
	})
	return out, err
}

// PublishCrisisTasks implements civhub.CrisisService.
func (s *CrisisService) PublishCrisisTasks(ctx context.Context, crisis, org int64, templates []string, lang string,
	text func(template, target string) (string, string), by int64) (*civhub.Need, error) {
	var need *civhub.Need
	err := s.db.Update(ctx, func(tx *Tx) error {
		c, err := findCrisis(ctx, tx, `c.id = $1`, true, crisis)
		if err != nil {
			return err
		}
		if c.Status != civhub.CrisisActive {
			return errCrisisOver
		}
		if !slices.ContainsFunc(c.Partners, func(p civhub.Partner) bool { return p.OrganizationID == org }) {
			return civhub.E(civhub.EFORBIDDEN, "err.crisis_not_partner", "Only the crisis's partner organizations publish its tasks.")
		}
		var tasks []*civhub.Task
		for _, id := range templates {
			tpl, ok := civhub.FindCrisisTemplate(id)
			if !ok {
				return civhub.FieldError("templates", "err.crisis_template", "Choose tasks from the list.")
			}
			targets := []string{""}
			if tpl.Type == civhub.TaskTranslation {
				targets = targets[:0]
				for _, l := range c.Languages {
					if l != lang {
						targets = append(targets, l)
					}
				}
			}
			for _, target := range targets {
				title, description := text(id, target)
				skills := slices.DeleteFunc(slices.Clone(tpl.Skills), func(id string) bool { return !s.validSkill(id) })
				t := &civhub.Task{Title: title, Description: description, Type: tpl.Type, Skills: skills, Languages: c.Languages,
					EstimatedHours: tpl.Hours, VolunteersWanted: 3, Urgency: civhub.UrgencyUrgent, JoinMode: civhub.JoinClaim,
					ClaimHours: 24, Status: civhub.TaskOpen}
				if target != "" {
					t.SourceLanguage, t.TargetLanguage = lang, target
				}
				tasks = append(tasks, t)
			}
		}
		if len(tasks) == 0 {
			return civhub.FieldError("templates", "err.crisis_no_tasks", "Choose at least one task. A translation needs a language of the crisis other than yours.")
		}
		need = &civhub.Need{OrganizationID: org, Title: c.Title, Description: c.Summary, Languages: c.Languages, Remote: true,
			Status: civhub.NeedOpen}
		if utf8.RuneCountInString(need.Title) < 5 {
			need.Title += " · " + strings.Join(c.Countries, ", ")
		}
		errs := []error{need.Validate()}
		for _, t := range tasks {
			errs = append(errs, s.needs.validateTask(ctx, t))
		}
		if err := civhub.MergeFieldErrors(errs...); err != nil {
			return err
		}
		if err := insertNeed(ctx, tx, need, by); err != nil {
			return err
		}
		for _, t := range tasks {
			t.NeedID = need.ID
			if err := insertTask(ctx, tx, need, t, by); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE tasks SET crisis_id = $1 WHERE id = $2`, c.ID, t.ID); err != nil {
				return err
			}
		}
		return nil
	})
	return need, err
}

// crisisTasks reads a crisis's tasks with their organizations and volunteers, and stages them.
func crisisTasks(ctx context.Context, tx *Tx, crisis int64) ([]civhub.CrisisTask, error) {
	type row struct {
		t      civhub.CrisisTask
		status string
		source string
		target string
	}
	rows, err := collect(ctx, tx, func(r scanner) (x row, err error) {
		err = r.Scan(&x.t.ID, &x.t.Title, &x.t.OrgID, &x.t.OrgName, &x.t.AtRisk, (*list)(&x.t.Skills), (*list)(&x.t.Languages), &x.source,
			&x.target, &x.status)
		return
	}, `SELECT t.id, t.title, o.id, o.name, o.at_risk, t.skills, t.languages, t.source_language, t.target_language, t.status FROM tasks t
		JOIN organizations o ON o.id = t.organization_id WHERE t.crisis_id = $1 ORDER BY t.id LIMIT 2000`, crisis)
	if err != nil {
		return nil, err
	}
	type engagement struct {
		task, volunteer int64
		status          string
	}
	engaged, err := collect(ctx, tx, func(r scanner) (e engagement, err error) {
		err = r.Scan(&e.task, &e.volunteer, &e.status)
		return
	}, `SELECT a.task_id, a.volunteer_id, a.status FROM assignments a JOIN tasks t ON t.id = a.task_id WHERE t.crisis_id = $1`, crisis)
	if err != nil {
		return nil, err
	}
	out := make([]civhub.CrisisTask, 0, len(rows))
	for _, x := range rows {
		var statuses []string
		for _, e := range engaged {
			if e.task != x.t.ID {
				continue
			}
			statuses = append(statuses, e.status)
			if civhub.IsWorking(e.status) {
				x.t.Working = append(x.t.Working, e.volunteer)
			}
		}
		// The board counts a task under the language it translates into and under its first skill
		// (a template's main one): a line for every language and skill a task accepts would bury the
		// gaps that matter ("nobody yet for Haitian Creole") under those that do not.
		x.t.Languages = nil
		if x.target != "" {
			x.t.Languages = []string{x.target}
		}
		if len(x.t.Skills) > 1 {
			x.t.Skills = x.t.Skills[:1]
		}
		x.t.Stage = civhub.TaskStage(x.status, statuses)
		out = append(out, x.t)
	}
	return out, nil
}

// Situation implements civhub.CrisisService.
func (s *CrisisService) Situation(ctx context.Context, crisis int64) (*civhub.Situation, error) {
	var out *civhub.Situation
	err := s.db.View(ctx, func(tx *Tx) error {
		c, err := findCrisis(ctx, tx, `c.id = $1`, false, crisis)
		if err != nil {
			return err
		}
		tasks, err := crisisTasks(ctx, tx, crisis)
		if err != nil {
			return err
		}
		out = civhub.BuildSituation(tasks, c.Skills, c.Languages)
		out.At = tx.Now()
		if out.Standby, err = standbyMatching(ctx, tx, c); err != nil {
			return err
		}
		return alertCounts(ctx, tx, crisis, &out.Alerts)
	})
	return out, err
}

// StandDown implements civhub.CrisisService.
func (s *CrisisService) StandDown(ctx context.Context, crisis int64, lessons string, by int64) error {
	lessons = strings.TrimSpace(lessons)
	if utf8.RuneCountInString(lessons) > 10000 {
		return civhub.FieldError("lessons", "err.description_length", "A description may be at most 10,000 characters.")
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		c, err := findCrisis(ctx, tx, `c.id = $1`, true, crisis)
		if err != nil {
			return err
		}
		if c.Status != civhub.CrisisActive {
			return civhub.E(civhub.ECONFLICT, "err.crisis_stood_down", "This crisis stood down already.")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE crises SET status = $1, stood_down_at = $2, stood_down_by = $3, lessons = $4 WHERE id = $5`,
			civhub.CrisisStoodDown, tx.Now(), by, lessons, crisis); err != nil {
			return err
		}
		// Its tasks nobody works on close, so that no volunteer takes one up after the response is over;
		// those under way stay open to be finished.
		if _, err := tx.ExecContext(ctx, `UPDATE tasks SET status = $1, updated_at = $2 WHERE crisis_id = $3 AND status = $4
			AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.task_id = tasks.id AND a.status IN `+workingStatuses+`)`,
			civhub.TaskClosed, tx.Now(), crisis, civhub.TaskOpen); err != nil {
			return err
		}
		if err := refreshListing(ctx, tx, "crisis_id", crisis); err != nil {
			return err
		}
		return audit(ctx, tx, civhub.AuditEntry{ActorID: by, Action: civhub.AuditCrisis,
			Detail: civhub.AuditDetail{Key: "audit.detail.crisis_stood_down", Args: map[string]string{"Title": c.Title}}.String()})
	})
}

// AfterAction implements civhub.CrisisService.
func (s *CrisisService) AfterAction(ctx context.Context, crisis int64) (*civhub.AfterAction, error) {
	var out *civhub.AfterAction
	err := s.db.View(ctx, func(tx *Tx) error {
		c, err := findCrisis(ctx, tx, `c.id = $1`, false, crisis)
		if err != nil {
			return err
		}
		if c.StoodDownAt == nil {
			return civhub.E(civhub.ECONFLICT, "err.crisis_active", "The after-action report is written when the crisis stands down.")
		}
		tasks, err := crisisTasks(ctx, tx, crisis)
		if err != nil {
			return err
		}
		out = &civhub.AfterAction{Asked: len(tasks), Lasted: c.StoodDownAt.Sub(c.ActivatedAt), Lessons: c.Lessons}
		orgs := map[string]bool{}
		for _, t := range tasks {
			if t.Stage == civhub.BoardDone {
				out.Done++
			}
			orgs[t.OrgName] = true
		}
		out.Organizations = len(orgs)
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(DISTINCT a.volunteer_id) FROM assignments a JOIN tasks t ON t.id = a.task_id
			WHERE t.crisis_id = $1`, crisis).Scan(&out.Volunteers); err != nil {
			return err
		}
		// MIN would give SQLite's text, not a time: the first is read as a row.
		var first time.Time
		err = tx.QueryRowContext(ctx, `SELECT a.created_at FROM assignments a JOIN tasks t ON t.id = a.task_id WHERE t.crisis_id = $1
			ORDER BY a.created_at LIMIT 1`, crisis).Scan(&first)
		switch {
		case err == nil:
			out.FirstClaim = first.Sub(c.ActivatedAt)
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		return nil
	})
	return out, err
}

// CrisisTasks implements civhub.TaskFinder.
func (s *NeedService) CrisisTasks(ctx context.Context, limit int) ([]*civhub.Task, error) {
	limit = min(max(limit, 1), 50)
	var out []*civhub.Task
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, scanTask, `SELECT `+taskColumns+taskJoins+` WHERE t.listed = TRUE AND t.crisis_id IN
			(SELECT id FROM crises WHERE status = $1) ORDER BY t.id DESC LIMIT `+strconv.Itoa(limit), civhub.CrisisActive)
		return err
	})
	return out, err
}
