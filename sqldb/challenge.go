package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"civhub"
)

// ChallengeService implements civhub.ChallengeService.
type ChallengeService struct {
	db    *DB
	notes *NotificationService // tells writers and followers how a challenge moves; nil tells nobody
}

// NewChallengeService returns a ChallengeService on db.
func NewChallengeService(db *DB) *ChallengeService { return &ChallengeService{db: db} }

// SetNotes makes the service tell a challenge's writer and followers when it moves.
func (s *ChallengeService) SetNotes(notes *NotificationService) { s.notes = notes }

var _ civhub.ChallengeService = (*ChallengeService)(nil)

var errChallengeNotFound = civhub.E(civhub.ENOTFOUND, "err.challenge_not_found", "There is no such challenge.")

// challengeLimit bounds the challenges one person writes in a day.
var challengeLimit = newLimit("challenge", 20, 24*time.Hour)

const challengeColumns = `c.id, c.slug, c.organization_id, o.slug, o.name, o.at_risk, o.verification <> 'verified', COALESCE(c.need_id, 0), c.title, c.affected, c.today, c.outcome,
	c.constraints, c.data, c.measure, c.languages, c.size, c.status, c.submitted_at, c.feedback, COALESCE(c.created_by, 0),
	COALESCE(c.curated_by, 0), (SELECT COUNT(*) FROM challenge_follows f WHERE f.challenge_id = c.id), c.created_at, c.updated_at`

const challengeFrom = ` FROM challenges c JOIN organizations o ON o.id = c.organization_id`

func scanChallenge(row scanner) (*civhub.Challenge, error) {
	c := &civhub.Challenge{}
	var languages list
	var submitted sql.NullTime
	if err := row.Scan(&c.ID, &c.Slug, &c.OrganizationID, &c.OrgSlug, &c.OrgName, &c.OrgAtRisk, &c.OrgUnverified, &c.NeedID, &c.Title, &c.Affected, &c.Today, &c.Outcome,
		&c.Constraints, &c.Data, &c.Measure, &languages, &c.Size, &c.Status, &submitted, &c.Feedback, &c.CreatedBy, &c.CuratedBy,
		&c.Followers, &c.CreatedAt, &c.UpdatedAt); err != nil {
		return nil, err
	}
	c.Languages, c.Submitted = []string(languages), timePtr(submitted)
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return c, nil
}

func findChallenge(ctx context.Context, tx *Tx, where string, args ...any) (*civhub.Challenge, error) {
	c, err := scanChallenge(tx.QueryRowContext(ctx, `SELECT `+challengeColumns+challengeFrom+` WHERE `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errChallengeNotFound
	}
	return c, err
}

// lockChallenge reads a challenge and, on PostgreSQL, locks its row until the transaction ends.
func lockChallenge(ctx context.Context, tx *Tx, id int64) (*civhub.Challenge, error) {
	return findChallenge(ctx, tx, `c.id = $1`+tx.db.dialect.forUpdateOf("c"), id)
}

// CreateChallenge implements civhub.ChallengeService.
func (s *ChallengeService) CreateChallenge(ctx context.Context, c *civhub.Challenge, by int64) error {
	c.Status, c.Size, c.Submitted, c.Feedback = civhub.ChallengeDraft, "", nil, ""
	if err := c.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if err := hit(ctx, tx, challengeLimit, strconv.FormatInt(by, 10)); err != nil {
			return err
		}
		if c.NeedID != 0 {
			var org int64
			err := tx.QueryRowContext(ctx, `SELECT organization_id FROM needs WHERE id = $1`, c.NeedID).Scan(&org)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && org != c.OrganizationID) {
				return civhub.FieldError("need", "err.need_not_found", "There is no such need.")
			} else if err != nil {
				return err
			}
		}
		c.CreatedBy, c.CreatedAt, c.UpdatedAt = by, tx.Now(), tx.Now()
		err := tx.QueryRowContext(ctx, `INSERT INTO challenges (slug, organization_id, need_id, title, affected, today, outcome, constraints,
			data, measure, languages, size, status, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, '', $12, $13, $14, $14) RETURNING id`,
			c.Slug, c.OrganizationID, nullID(c.NeedID), c.Title, c.Affected, c.Today, c.Outcome, c.Constraints, c.Data, c.Measure,
			list(c.Languages), c.Status, by, c.CreatedAt).Scan(&c.ID)
		if isUniqueViolation(err) {
			return civhub.FieldError("slug", "err.challenge_slug_taken", "A challenge has that web address already: choose another title.")
		}
		if err != nil {
			return err
		}
		return challengeStep(ctx, tx, c.ID, "create", c.Status, "", by)
	})
}

// challengeStep writes a move in a challenge's history.
func challengeStep(ctx context.Context, tx *Tx, id int64, move, status, note string, by int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO challenge_history (challenge_id, move, status, note, by_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, id, move, status, note, nullID(by), tx.Now())
	return err
}

// UpdateChallenge implements civhub.ChallengeService. Whether by may edit is the caller's to ask
// (civhub.Actor.CanEditChallenge); the canvas of a vetted challenge is edited by curators only.
func (s *ChallengeService) UpdateChallenge(ctx context.Context, c *civhub.Challenge, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		old, err := lockChallenge(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		if old.Status == civhub.ChallengeArchived {
			return civhub.E(civhub.ECONFLICT, "err.challenge_archived", "This challenge is archived.")
		}
		c.Status, c.Size, c.OrganizationID, c.Slug = old.Status, old.Size, old.OrganizationID, old.Slug
		if err := c.Validate(); err != nil {
			return err
		}
		if old.Submitted != nil && old.Status == civhub.ChallengeDraft {
			if err := c.Complete(); err != nil {
				return err // it waits for a curator: it stays complete
			}
		}
		c.UpdatedAt = tx.Now()
		_, err = tx.ExecContext(ctx, `UPDATE challenges SET title = $1, affected = $2, today = $3, outcome = $4, constraints = $5, data = $6,
			measure = $7, languages = $8, updated_at = $9 WHERE id = $10`, c.Title, c.Affected, c.Today, c.Outcome, c.Constraints, c.Data,
			c.Measure, list(c.Languages), c.UpdatedAt, c.ID)
		return err
	})
}

// FindChallenge implements civhub.ChallengeService.
func (s *ChallengeService) FindChallenge(ctx context.Context, slug string) (*civhub.Challenge, error) {
	var c *civhub.Challenge
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		c, err = findChallenge(ctx, tx, `c.slug = $1`, slug)
		return err
	})
	return c, err
}

// ListChallenges implements civhub.ChallengeService. Challenges of organizations whose needs are
// hidden (at risk, or not verified yet) are left out: lists are for everyone.
func (s *ChallengeService) ListChallenges(ctx context.Context, f civhub.ChallengeFilter) ([]*civhub.Challenge, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	var where []string
	var args sqlArgs
	arg := args.add
	switch {
	case f.Waiting:
		where = append(where, "c.status = "+arg(civhub.ChallengeDraft)+" AND c.submitted_at IS NOT NULL")
	case f.Status != "":
		where = append(where, "c.status = "+arg(f.Status))
	default:
		where = append(where, "c.status NOT IN ("+arg(civhub.ChallengeDraft)+", "+arg(civhub.ChallengeArchived)+")")
	}
	if !f.Waiting {
		where = append(where, "NOT o.at_risk AND o.verification = "+arg(civhub.Verified))
	}
	if f.Org != 0 {
		where = append(where, "c.organization_id = "+arg(f.Org))
	}
	if f.Event != 0 {
		where = append(where, "EXISTS (SELECT 1 FROM event_challenges ec WHERE ec.challenge_id = c.id AND ec.event_id = "+arg(f.Event)+")")
	}
	if f.Language != "" {
		where = append(where, "c.languages LIKE "+arg(`%"`+f.Language+`"%`))
	}
	if f.Size != "" {
		where = append(where, "c.size = "+arg(f.Size))
	}
	if q := strings.ToLower(strings.TrimSpace(f.Query)); q != "" {
		like := "%" + likeEscape(q) + "%"
		where = append(where, "(LOWER(c.title) LIKE "+arg(like)+" ESCAPE '\\' OR LOWER(c.today) LIKE "+arg(like)+" ESCAPE '\\')")
	}
	var out []*civhub.Challenge
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, scanChallenge, `SELECT `+challengeColumns+challengeFrom+` WHERE `+strings.Join(where, " AND ")+
			` ORDER BY c.updated_at DESC, c.id DESC LIMIT `+strconv.Itoa(f.Limit), args...)
		return err
	})
	return out, err
}

// MoveChallenge implements civhub.ChallengeService.
func (s *ChallengeService) MoveChallenge(ctx context.Context, id int64, move civhub.ChallengeMove, size, note string, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		c, err := lockChallenge(ctx, tx, id)
		if err != nil {
			return err
		}
		return s.move(ctx, tx, c, move, size, note, by)
	})
}

// move takes move on c, locked, in tx.
func (s *ChallengeService) move(ctx context.Context, tx *Tx, c *civhub.Challenge, move civhub.ChallengeMove, size, feedbackText string, by int64) error {
	next := civhub.NextStatus(c.Status, c.Submitted != nil, move)
	if next == "" {
		return civhub.E(civhub.ECONFLICT, "err.challenge_move", "This challenge cannot take that step from where it stands: the page shows what it can.")
	}
	text := strings.TrimSpace(feedbackText)
	submitted := any(nil)
	feedback := c.Feedback
	switch move {
	case civhub.MoveSubmit:
		if err := c.Complete(); err != nil {
			return err
		}
		submitted, feedback = tx.Now(), ""
	case civhub.MoveVet:
		if !civhub.ValidSize(size) {
			return civhub.FieldError("size", "err.challenge_size", "Say whether it fits a weekend, weeks or months.")
		}
		c.Size, feedback = size, ""
	case civhub.MoveReturn:
		if n := utf8.RuneCountInString(text); n < 5 || n > 5000 {
			return civhub.FieldError("note", "err.challenge_feedback", "Tell its writers what to change, in 5 to 5,000 characters.")
		}
		feedback = text
	}
	c.Status, c.Feedback, c.UpdatedAt = next, feedback, tx.Now()
	curated := any(nullID(c.CuratedBy))
	if move == civhub.MoveVet {
		curated = nullID(by)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE challenges SET status = $1, size = $2, submitted_at = $3, feedback = $4, curated_by = $5,
		updated_at = $6 WHERE id = $7`, c.Status, c.Size, submitted, c.Feedback, curated, c.UpdatedAt, c.ID); err != nil {
		return err
	}
	if move != civhub.MoveSubmit {
		c.Submitted = nil
	}
	if err := challengeStep(ctx, tx, c.ID, string(move), c.Status, text, by); err != nil {
		return err
	}
	if s.notes == nil || move == civhub.MoveSubmit {
		return nil
	}
	if move == civhub.MoveReturn {
		if c.CreatedBy == 0 || c.CreatedBy == by {
			return nil
		}
		return s.notes.notify(ctx, tx, c.CreatedBy, note{kind: civhub.NoteChallengeReturned, challenge: c.ID, actor: by})
	}
	told, err := collect1[int64](ctx, tx, `SELECT person_id FROM challenge_follows WHERE challenge_id = $1 AND person_id <> $2
		UNION SELECT created_by FROM challenges WHERE id = $1 AND created_by IS NOT NULL AND created_by <> $2`, c.ID, by)
	if err != nil {
		return err
	}
	for _, p := range told {
		if err := s.notes.notify(ctx, tx, p, note{kind: civhub.NoteChallengeMoved, challenge: c.ID, actor: by}); err != nil {
			return err
		}
	}
	return nil
}

// History implements civhub.ChallengeService.
func (s *ChallengeService) History(ctx context.Context, id int64) ([]*civhub.ChallengeStep, error) {
	var out []*civhub.ChallengeStep
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, func(r scanner) (*civhub.ChallengeStep, error) {
			st := &civhub.ChallengeStep{}
			err := r.Scan(&st.Move, &st.Status, &st.Note, &st.By, &st.CreatedAt)
			st.CreatedAt = st.CreatedAt.UTC()
			return st, err
		}, `SELECT h.move, h.status, h.note, COALESCE(p.display_name, ''), h.created_at FROM challenge_history h
			LEFT JOIN people p ON p.id = h.by_id WHERE h.challenge_id = $1 ORDER BY h.id LIMIT 500`, id)
		return err
	})
	return out, err
}

// Follow implements civhub.ChallengeService.
func (s *ChallengeService) Follow(ctx context.Context, id, person int64, follow bool) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		if !follow {
			_, err := tx.ExecContext(ctx, `DELETE FROM challenge_follows WHERE challenge_id = $1 AND person_id = $2`, id, person)
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO challenge_follows (challenge_id, person_id, created_at) VALUES ($1, $2, $3)
			ON CONFLICT (challenge_id, person_id) DO NOTHING`, id, person, tx.Now())
		return err
	})
}

// Following implements civhub.ChallengeService.
func (s *ChallengeService) Following(ctx context.Context, id, person int64) (bool, error) {
	var n int
	err := s.db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM challenge_follows WHERE challenge_id = $1 AND person_id = $2`, id, person).Scan(&n)
	})
	return n == 1, err
}

// TakeChallenge implements civhub.ChallengeService.
func (s *ChallengeService) TakeChallenge(ctx context.Context, event, challenge int64, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		c, err := lockChallenge(ctx, tx, challenge)
		if err != nil {
			return err
		}
		switch c.Status {
		case civhub.ChallengeVetted, civhub.ChallengeOpen, civhub.ChallengeInProgress:
		default:
			return civhub.E(civhub.ECONFLICT, "err.challenge_not_takeable", "Only a vetted challenge that is not solved or archived can be taken.")
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO event_challenges (event_id, challenge_id, added_by, created_at) VALUES ($1, $2, $3, $4)`,
			event, challenge, nullID(by), tx.Now())
		if isUniqueViolation(err) {
			return civhub.E(civhub.ECONFLICT, "err.challenge_taken", "This event has that challenge already.")
		} else if err != nil {
			return err
		}
		if c.Status == civhub.ChallengeVetted {
			return s.move(ctx, tx, c, civhub.MoveOpen, "", "", by)
		}
		return nil
	})
}

// DropChallenge implements civhub.ChallengeService.
func (s *ChallengeService) DropChallenge(ctx context.Context, event, challenge int64, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM event_challenges WHERE event_id = $1 AND challenge_id = $2`, event, challenge)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errChallengeNotFound
		}
		return nil
	})
}

// EventChallenges implements civhub.ChallengeService.
func (s *ChallengeService) EventChallenges(ctx context.Context, event int64) ([]*civhub.Challenge, error) {
	var out []*civhub.Challenge
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, scanChallenge, `SELECT `+challengeColumns+challengeFrom+` JOIN event_challenges ec ON ec.challenge_id = c.id
			WHERE ec.event_id = $1 ORDER BY ec.created_at, c.id LIMIT 200`, event)
		return err
	})
	return out, err
}

// ChallengeEvents implements civhub.ChallengeService.
func (s *ChallengeService) ChallengeEvents(ctx context.Context, challenge int64) ([]*civhub.Event, error) {
	var out []*civhub.Event
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, scanEvent, `SELECT `+eventColumns+` FROM events e JOIN event_challenges ec ON ec.event_id = e.id
			WHERE ec.challenge_id = $1 AND e.status <> $2 ORDER BY e.starts DESC, e.id LIMIT 100`, challenge, civhub.EventDraft)
		return err
	})
	return out, err
}

// SetCurator implements civhub.ChallengeService.
func (s *ChallengeService) SetCurator(ctx context.Context, person int64, curator bool, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		return setPersonRole(ctx, tx, "curator_since", person, curator, by, civhub.AuditCurator, "audit.detail.curator_granted",
			"audit.detail.curator_removed")
	})
}
