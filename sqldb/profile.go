package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"civhub"
)

// ProfileService implements civhub.ProfileService.
type ProfileService struct {
	db         *DB
	validSkill func(string) bool
	validCause func(string) bool
}

// NewProfileService returns a ProfileService on db that accepts the skills and causes the two
// functions know.
func NewProfileService(db *DB, validSkill, validCause func(string) bool) *ProfileService {
	return &ProfileService{db: db, validSkill: validSkill, validCause: validCause}
}

var _ civhub.ProfileService = (*ProfileService)(nil)

// FindProfile implements civhub.ProfileService.
func (s *ProfileService) FindProfile(ctx context.Context, person int64) (*civhub.Profile, error) {
	var p *civhub.Profile
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		p, err = findProfile(ctx, tx, person)
		return err
	})
	return p, err
}

func findProfile(ctx context.Context, tx *Tx, person int64) (*civhub.Profile, error) {
	if _, err := findPersonByID(ctx, tx, person); err != nil {
		return nil, err
	}
	p := &civhub.Profile{PersonID: person, Visibility: map[string]civhub.Visibility{}}
	var links list
	var visibility string
	err := tx.QueryRowContext(ctx, `SELECT time_zone, hours_per_week, country, city, bio, links, visibility, updated_at
		FROM profiles WHERE person_id = $1`, person).
		Scan(&p.TimeZone, &p.HoursPerWeek, &p.Country, &p.City, &p.Bio, &links, &visibility, &p.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return p, nil
	} else if err != nil {
		return nil, fmt.Errorf("find profile: %w", err)
	}
	p.Links = []string(links)
	if visibility != "" {
		if err := json.Unmarshal([]byte(visibility), &p.Visibility); err != nil {
			return nil, fmt.Errorf("profile %d visibility: %w", person, err)
		}
	}
	if p.Skills, err = collect1[string](ctx, tx, `SELECT skill_id FROM profile_skills WHERE person_id = $1 ORDER BY skill_id`, person); err != nil {
		return nil, err
	}
	if p.Causes, err = collect1[string](ctx, tx, `SELECT cause_id FROM profile_causes WHERE person_id = $1 ORDER BY cause_id`, person); err != nil {
		return nil, err
	}
	p.Languages, err = collect(ctx, tx, func(r scanner) (l civhub.LanguageSkill, err error) {
		err = r.Scan(&l.Code, &l.Level)
		return
	}, `SELECT code, level FROM profile_languages WHERE person_id = $1 ORDER BY code`, person)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// SaveProfile implements civhub.ProfileService.
func (s *ProfileService) SaveProfile(ctx context.Context, p *civhub.Profile) error {
	if err := p.Validate(s.validSkill, s.validCause); err != nil {
		return err
	}
	visibility, err := json.Marshal(p.Visibility)
	if err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := findPersonByID(ctx, tx, p.PersonID); err != nil {
			return err
		}
		p.UpdatedAt = tx.Now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO profiles (person_id, time_zone, hours_per_week, country, city, bio, links, visibility, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
			ON CONFLICT (person_id) DO UPDATE SET time_zone = excluded.time_zone, hours_per_week = excluded.hours_per_week,
			country = excluded.country, city = excluded.city, bio = excluded.bio, links = excluded.links,
			visibility = excluded.visibility, updated_at = excluded.updated_at`,
			p.PersonID, p.TimeZone, p.HoursPerWeek, p.Country, p.City, p.Bio, list(p.Links), string(visibility), p.UpdatedAt); err != nil {
			return fmt.Errorf("save profile: %w", err)
		}
		for _, table := range []string{"profile_skills", "profile_causes", "profile_languages"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE person_id = $1`, p.PersonID); err != nil {
				return err
			}
		}
		for _, skill := range unique(p.Skills) {
			if _, err := tx.ExecContext(ctx, `INSERT INTO profile_skills (person_id, skill_id) VALUES ($1, $2)`, p.PersonID, skill); err != nil {
				return err
			}
		}
		for _, cause := range unique(p.Causes) {
			if _, err := tx.ExecContext(ctx, `INSERT INTO profile_causes (person_id, cause_id) VALUES ($1, $2)`, p.PersonID, cause); err != nil {
				return err
			}
		}
		seen := map[string]bool{}
		for _, l := range p.Languages {
			if seen[l.Code] {
				continue
			}
			seen[l.Code] = true
			if _, err := tx.ExecContext(ctx, `INSERT INTO profile_languages (person_id, code, level) VALUES ($1, $2, $3)`, p.PersonID, l.Code, l.Level); err != nil {
				return err
			}
		}
		return nil
	})
}

func unique(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// SharesOrganization implements civhub.ProfileService.
func (s *ProfileService) SharesOrganization(ctx context.Context, a, b int64) (bool, error) {
	var n int
	err := s.db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM memberships x JOIN memberships y ON x.organization_id = y.organization_id
			WHERE x.person_id = $1 AND y.person_id = $2`, a, b).Scan(&n)
	})
	return n > 0, err
}
