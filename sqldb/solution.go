package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"civhub"
)

// SolutionService implements civhub.SolutionService.
type SolutionService struct {
	db         *DB
	needs      *NeedService         // opens the need of an adoption
	challenges *ChallengeService    // solves the challenge a solution answers
	notes      *NotificationService // tells a solution's makers it is used; nil tells nobody
}

// SetNotes makes the service tell a solution's makers when an organization uses it.
func (s *SolutionService) SetNotes(notes *NotificationService) { s.notes = notes }

// NewSolutionService returns a SolutionService on db.
func NewSolutionService(db *DB, needs *NeedService, challenges *ChallengeService) *SolutionService {
	return &SolutionService{db: db, needs: needs, challenges: challenges}
}

var _ civhub.SolutionService = (*SolutionService)(nil)

var errSolutionNotFound = civhub.E(civhub.ENOTFOUND, "err.solution_not_found", "There is no such solution.")

// solutionLimit bounds the solutions one person makes in a day.
var solutionLimit = newLimit("solution", 20, 24*time.Hour)

const solutionColumns = `so.id, so.slug, COALESCE(so.project_id, 0), COALESCE(ev.slug, ''), COALESCE(so.challenge_id, 0), COALESCE(ch.slug, ''),
	so.title, so.problem, so.maintainer, so.how_to_use, so.language, so.licence, so.repository, so.demo_url, COALESCE(so.created_by, 0),
	(SELECT COUNT(*) FROM adoptions ad WHERE ad.solution_id = so.id), so.created_at, so.updated_at`

const solutionFrom = ` FROM solutions so LEFT JOIN projects pr ON pr.id = so.project_id LEFT JOIN events ev ON ev.id = pr.event_id
	LEFT JOIN challenges ch ON ch.id = so.challenge_id`

func scanSolution(row scanner) (*civhub.Solution, error) {
	s := &civhub.Solution{}
	if err := row.Scan(&s.ID, &s.Slug, &s.ProjectID, &s.EventSlug, &s.ChallengeID, &s.Challenge, &s.Title, &s.Problem, &s.Maintainer,
		&s.HowToUse, &s.Language, &s.Licence, &s.Repository, &s.DemoURL, &s.CreatedBy, &s.Adoptions, &s.CreatedAt, &s.UpdatedAt); err != nil {
		return nil, err
	}
	s.CreatedAt, s.UpdatedAt = s.CreatedAt.UTC(), s.UpdatedAt.UTC()
	return s, nil
}

func findSolution(ctx context.Context, tx *Tx, where string, args ...any) (*civhub.Solution, error) {
	s, err := scanSolution(tx.QueryRowContext(ctx, `SELECT `+solutionColumns+solutionFrom+` WHERE `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errSolutionNotFound
	}
	return s, err
}

// PromoteProject implements civhub.SolutionService.
func (s *SolutionService) PromoteProject(ctx context.Context, so *civhub.Solution, by int64) error {
	if err := so.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if err := hit(ctx, tx, solutionLimit, strconv.FormatInt(by, 10)); err != nil {
			return err
		}
		var challenge sql.NullInt64
		var submitted sql.NullTime
		err := tx.QueryRowContext(ctx, `SELECT challenge_id, submitted_at FROM projects WHERE id = $1`, so.ProjectID).Scan(&challenge, &submitted)
		if errors.Is(err, sql.ErrNoRows) {
			return errProjectNotFound
		} else if err != nil {
			return err
		}
		if !submitted.Valid {
			return civhub.E(civhub.ECONFLICT, "err.solution_not_handed_in", "A project becomes a solution once it is handed in.")
		}
		var made int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM solutions WHERE project_id = $1`, so.ProjectID).Scan(&made); err != nil {
			return err
		}
		if made != 0 {
			return civhub.E(civhub.ECONFLICT, "err.solution_exists", "This project is a solution already.")
		}
		so.ChallengeID, so.CreatedBy, so.CreatedAt, so.UpdatedAt = challenge.Int64, by, tx.Now(), tx.Now()
		err = tx.QueryRowContext(ctx, `INSERT INTO solutions (slug, project_id, challenge_id, title, problem, maintainer, how_to_use, language,
			licence, repository, demo_url, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)
			RETURNING id`, so.Slug, so.ProjectID, nullID(so.ChallengeID), so.Title, so.Problem, so.Maintainer, so.HowToUse, so.Language,
			so.Licence, so.Repository, so.DemoURL, nullID(by), so.CreatedAt).Scan(&so.ID)
		if isUniqueViolation(err) { // the slug, or the project made a solution at the same moment
			return civhub.FieldError("slug", "err.solution_slug_taken", "A solution has that web address already: choose another title.")
		}
		return err
	})
}

// UpdateSolution implements civhub.SolutionService.
func (s *SolutionService) UpdateSolution(ctx context.Context, so *civhub.Solution, by int64) error {
	if err := so.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		so.UpdatedAt = tx.Now()
		res, err := tx.ExecContext(ctx, `UPDATE solutions SET title = $1, problem = $2, maintainer = $3, how_to_use = $4, language = $5,
			licence = $6, repository = $7, demo_url = $8, updated_at = $9 WHERE id = $10`, so.Title, so.Problem, so.Maintainer, so.HowToUse,
			so.Language, so.Licence, so.Repository, so.DemoURL, so.UpdatedAt, so.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errSolutionNotFound
		}
		return nil
	})
}

// FindSolution implements civhub.SolutionService.
func (s *SolutionService) FindSolution(ctx context.Context, slug string) (*civhub.Solution, error) {
	var so *civhub.Solution
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		so, err = findSolution(ctx, tx, `so.slug = $1`, slug)
		return err
	})
	return so, err
}

// ProjectSolution implements civhub.SolutionService.
func (s *SolutionService) ProjectSolution(ctx context.Context, project int64) (*civhub.Solution, error) {
	var so *civhub.Solution
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		so, err = findSolution(ctx, tx, `so.project_id = $1`, project)
		return err
	})
	return so, err
}

// ListSolutions implements civhub.SolutionService.
func (s *SolutionService) ListSolutions(ctx context.Context, f civhub.SolutionFilter) ([]*civhub.Solution, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	where := []string{"1 = 1"}
	var args sqlArgs
	if f.Challenge != 0 {
		where = append(where, "so.challenge_id = "+args.add(f.Challenge))
	}
	if q := strings.ToLower(strings.TrimSpace(f.Query)); q != "" {
		like := "%" + likeEscape(q) + "%"
		where = append(where, "(LOWER(so.title) LIKE "+args.add(like)+" ESCAPE '\\' OR LOWER(so.problem) LIKE "+args.add(like)+" ESCAPE '\\')")
	}
	var out []*civhub.Solution
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, scanSolution, `SELECT `+solutionColumns+solutionFrom+` WHERE `+strings.Join(where, " AND ")+
			` ORDER BY (SELECT COUNT(*) FROM adoptions ad WHERE ad.solution_id = so.id) DESC, so.created_at DESC, so.id LIMIT `+strconv.Itoa(f.Limit), args...)
		return err
	})
	return out, err
}

// Adopt implements civhub.SolutionService.
func (s *SolutionService) Adopt(ctx context.Context, a *civhub.Adoption, plan civhub.AdoptionPlan, by int64) error {
	a.Note = strings.TrimSpace(a.Note)
	if len([]rune(a.Note)) > 2000 {
		return civhub.FieldError("note", "err.adoption_note", "Keep the note under 2,000 characters.")
	}
	if plan.Need != nil {
		plan.Need.OrganizationID = a.OrganizationID
		errs := []error{plan.Need.Validate()}
		for _, t := range plan.Tasks {
			if t.Status == "" {
				t.Status = civhub.TaskOpen
			}
			errs = append(errs, s.needs.validateTask(ctx, t))
		}
		if err := civhub.MergeFieldErrors(errs...); err != nil {
			return err
		}
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		so, err := findSolution(ctx, tx, `so.id = $1`, a.SolutionID)
		if err != nil {
			return err
		}
		if plan.Need != nil {
			if err := insertNeed(ctx, tx, plan.Need, by); err != nil {
				return err
			}
			for _, t := range plan.Tasks {
				t.NeedID = plan.Need.ID
				if err := insertTask(ctx, tx, plan.Need, t, by); err != nil {
					return err
				}
			}
			a.NeedID = plan.Need.ID
		}
		a.AdoptedAt = tx.Now()
		err = tx.QueryRowContext(ctx, `INSERT INTO adoptions (solution_id, organization_id, note, need_id, adopted_at) VALUES ($1, $2, $3, $4, $5)
			RETURNING id`, a.SolutionID, a.OrganizationID, a.Note, nullID(a.NeedID), a.AdoptedAt).Scan(&a.ID)
		if isUniqueViolation(err) {
			return civhub.E(civhub.ECONFLICT, "err.adopted_already", "Your organization uses this solution already.")
		} else if err != nil {
			return err
		}
		if s.notes != nil {
			// Who made it a solution and its team (mentors aside) hear that it is used.
			makers, err := collect1[int64](ctx, tx, `SELECT created_by FROM solutions WHERE id = $1 AND created_by IS NOT NULL
				UNION SELECT m.person_id FROM team_members m JOIN projects pr ON pr.team_id = m.team_id JOIN solutions so ON so.project_id = pr.id
				WHERE so.id = $1 AND m.role <> $2`, so.ID, civhub.TeamRoleMentor)
			if err != nil {
				return err
			}
			for _, p := range makers {
				if p == by {
					continue
				}
				if err := s.notes.notify(ctx, tx, p, note{kind: civhub.NoteSolutionAdopted, org: a.OrganizationID, actor: by,
					solution: so.ID}); err != nil {
					return err
				}
			}
		}
		if so.ChallengeID == 0 {
			return nil
		}
		// The challenge it answers is solved, once an organization uses the answer.
		c, err := lockChallenge(ctx, tx, so.ChallengeID)
		if err != nil {
			return err
		}
		if civhub.NextStatus(c.Status, c.Submitted != nil, civhub.MoveSolve) == "" {
			return nil
		}
		return s.challenges.move(ctx, tx, c, civhub.MoveSolve, "", "", by)
	})
}

const adoptionColumns = `ad.id, ad.solution_id, so.slug, so.title, ad.organization_id, o.slug, o.name, o.at_risk OR o.verification <> 'verified',
	ad.note, COALESCE(ad.need_id, 0), ad.adopted_at`

const adoptionFrom = ` FROM adoptions ad JOIN solutions so ON so.id = ad.solution_id JOIN organizations o ON o.id = ad.organization_id`

func scanAdoption(row scanner) (*civhub.Adoption, error) {
	a := &civhub.Adoption{}
	err := row.Scan(&a.ID, &a.SolutionID, &a.SolutionSlug, &a.SolutionTitle, &a.OrganizationID, &a.OrgSlug, &a.OrgName, &a.OrgHidden,
		&a.Note, &a.NeedID, &a.AdoptedAt)
	a.AdoptedAt = a.AdoptedAt.UTC()
	return a, err
}

// Adoptions implements civhub.SolutionService.
func (s *SolutionService) Adoptions(ctx context.Context, solution int64) ([]*civhub.Adoption, error) {
	var out []*civhub.Adoption
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, scanAdoption, `SELECT `+adoptionColumns+adoptionFrom+` WHERE ad.solution_id = $1 ORDER BY ad.adopted_at, ad.id LIMIT 500`, solution)
		return err
	})
	return out, err
}

// OrganizationAdoptions implements civhub.SolutionService.
func (s *SolutionService) OrganizationAdoptions(ctx context.Context, org int64) ([]*civhub.Adoption, error) {
	var out []*civhub.Adoption
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, scanAdoption, `SELECT `+adoptionColumns+adoptionFrom+` WHERE ad.organization_id = $1 ORDER BY ad.adopted_at DESC, ad.id LIMIT 200`, org)
		return err
	})
	return out, err
}
