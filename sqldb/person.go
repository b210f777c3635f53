package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"civhub"
)

// PersonService implements civhub.PersonService.
type PersonService struct{ db *DB }

// NewPersonService returns a PersonService storing into db.
func NewPersonService(db *DB) *PersonService { return &PersonService{db: db} }

var _ civhub.PersonService = (*PersonService)(nil)

// CreatePerson implements civhub.PersonService.
func (s *PersonService) CreatePerson(ctx context.Context, p *civhub.Person) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error { return createPerson(ctx, tx, p) })
}

func createPerson(ctx context.Context, tx *Tx, p *civhub.Person) error {
	p.CreatedAt = tx.Now()
	err := tx.QueryRowContext(ctx, `INSERT INTO people (email, display_name, password_hash, locale, site_role, created_at, email_verified_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		p.Email, p.DisplayName, p.PasswordHash, p.Locale, p.SiteRole, p.CreatedAt, p.EmailVerifiedAt).Scan(&p.ID)
	if isUniqueViolation(err) {
		return &civhub.Error{Code: civhub.ECONFLICT, Key: "err.email_taken", Message: "An account with this email already exists.",
			Fields: map[string]string{"email": "err.email_taken"}}
	} else if err != nil {
		return fmt.Errorf("create person: %w", err)
	}
	return nil
}

// FindPersonByID implements civhub.PersonService.
func (s *PersonService) FindPersonByID(ctx context.Context, id int64) (*civhub.Person, error) {
	var p *civhub.Person
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		p, err = findPersonByID(ctx, tx, id)
		return err
	})
	return p, err
}

func findPersonByID(ctx context.Context, tx *Tx, id int64) (*civhub.Person, error) {
	p := &civhub.Person{ID: id}
	var verified, disabled, totp sql.NullTime
	err := tx.QueryRowContext(ctx, `SELECT email, display_name, password_hash, locale, site_role, created_at,
		email_verified_at, disabled_at, totp_enabled_at
		FROM people WHERE id = $1`, id).
		Scan(&p.Email, &p.DisplayName, &p.PasswordHash, &p.Locale, &p.SiteRole, &p.CreatedAt, &verified, &disabled, &totp)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, civhub.Errorf(civhub.ENOTFOUND, "No such person.")
	} else if err != nil {
		return nil, fmt.Errorf("find person: %w", err)
	}
	p.CreatedAt = p.CreatedAt.UTC()
	p.EmailVerifiedAt, p.DisabledAt, p.TOTPEnabledAt = timePtr(verified), timePtr(disabled), timePtr(totp)
	return p, nil
}

// timePtr turns a nullable timestamp into a *time.Time in UTC.
func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

// CountPeople implements civhub.PersonService.
func (s *PersonService) CountPeople(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM people`).Scan(&n)
	})
	return n, err
}
