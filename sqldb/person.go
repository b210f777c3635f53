package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

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
	err := tx.QueryRowContext(ctx, `INSERT INTO people (email, display_name, password_hash, locale, site_role, created_at, email_verified_at,
		came_to_volunteer, came_for_organization)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		p.Email, p.DisplayName, p.PasswordHash, p.Locale, p.SiteRole, p.CreatedAt, p.EmailVerifiedAt,
		p.Purpose.Volunteer, p.Purpose.Organization).Scan(&p.ID)
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
	err := s.db.Read(ctx, func(tx *Tx) (err error) {
		p, err = findPersonByID(ctx, tx, id)
		return err
	})
	return p, err
}

func findPersonByID(ctx context.Context, tx *Tx, id int64) (*civhub.Person, error) {
	p := &civhub.Person{ID: id}
	var verified, disabled, totp, trainer, curator sql.NullTime
	err := tx.QueryRowContext(ctx, `SELECT p.email, p.display_name, p.password_hash, p.locale, p.site_role, p.created_at,
		p.email_verified_at, p.disabled_at, p.totp_enabled_at, p.trainer_since, p.curator_since, p.came_to_volunteer, p.came_for_organization, `+personZone+`
		FROM people p WHERE p.id = $1`, id).
		Scan(&p.Email, &p.DisplayName, &p.PasswordHash, &p.Locale, &p.SiteRole, &p.CreatedAt, &verified, &disabled, &totp, &trainer, &curator,
			&p.Purpose.Volunteer, &p.Purpose.Organization, &p.TimeZone)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, civhub.Errorf(civhub.ENOTFOUND, "No such person.")
	} else if err != nil {
		return nil, fmt.Errorf("find person: %w", err)
	}
	p.CreatedAt = p.CreatedAt.UTC()
	p.EmailVerifiedAt, p.DisabledAt, p.TOTPEnabledAt = timePtr(verified), timePtr(disabled), timePtr(totp)
	p.TrainerSince, p.CuratorSince = timePtr(trainer), timePtr(curator)
	return p, nil
}

// personZone is the time zone of the person p of the query (see civhub.Person.TimeZone): their
// profile's, else that of the first organization they joined that has one, else "". People who run
// an organization often have no volunteer profile, and their organization's zone is a better guess
// than UTC.
const personZone = `COALESCE(
	NULLIF((SELECT pr.time_zone FROM profiles pr WHERE pr.person_id = p.id), ''),
	(SELECT o.time_zone FROM memberships m JOIN organizations o ON o.id = m.organization_id
		WHERE m.person_id = p.id AND o.time_zone <> '' ORDER BY m.created_at, m.organization_id LIMIT 1),
	'')`

// CountPeople implements civhub.PersonService.
func (s *PersonService) CountPeople(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM people`).Scan(&n)
	})
	return n, err
}

// FindPeople implements civhub.PersonService.
func (s *PersonService) FindPeople(ctx context.Context, f civhub.PersonFilter) ([]*civhub.Person, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	var ids []int64
	err := s.db.View(ctx, func(tx *Tx) error {
		q := strings.ToLower(strings.TrimSpace(f.Query))
		var err error
		ids, err = collect1[int64](ctx, tx, `SELECT id FROM people
			WHERE ($1 = '' OR email LIKE $2 ESCAPE '\' OR LOWER(display_name) LIKE $2 ESCAPE '\') AND ($3 = 0 OR id < $3)
			ORDER BY id DESC LIMIT $4`, q, likePrefix(q), f.After, f.Limit)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := make([]*civhub.Person, 0, len(ids))
	err = s.db.View(ctx, func(tx *Tx) error {
		for _, id := range ids {
			p, err := findPersonByID(ctx, tx, id)
			if err != nil {
				return err
			}
			out = append(out, p)
		}
		return nil
	})
	return out, err
}

// SetSiteRole implements civhub.PersonService.
func (s *PersonService) SetSiteRole(ctx context.Context, person int64, role string, by int64) error {
	if role != civhub.RoleNone && role != civhub.RoleModerator && role != civhub.RoleAdmin {
		return civhub.FieldError("site_role", "err.site_role_unknown", "Unknown site role.")
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if role != civhub.RoleAdmin {
			if err := keepAnAdmin(ctx, tx, person); err != nil {
				return err
			}
		}
		old, err := findPersonByID(ctx, tx, person)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE people SET site_role = $1 WHERE id = $2`, role, person); err != nil {
			return err
		}
		return audit(ctx, tx, civhub.AuditEntry{ActorID: by, PersonID: person, Action: civhub.AuditSiteRole, Detail: civhub.AuditDetail{Key: "audit.detail.site_role_changed",
			Terms: map[string]string{"From": siteRoleTerm(old.SiteRole), "To": siteRoleTerm(role)}}.String()})
	})
}

// SetDisabled implements civhub.PersonService.
func (s *PersonService) SetDisabled(ctx context.Context, person int64, disabled bool, by int64) error {
	if person == by {
		return civhub.E(civhub.ECONFLICT, "err.not_yourself", "You cannot do this to your own account.")
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := findPersonByID(ctx, tx, person); err != nil {
			return err
		}
		var at any
		action := civhub.AuditEnabled
		if disabled {
			if err := keepAnAdmin(ctx, tx, person); err != nil {
				return err
			}
			at, action = tx.Now(), civhub.AuditDisabled
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE person_id = $1`, person); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE people SET disabled_at = $1 WHERE id = $2`, at, person); err != nil {
			return err
		}
		return audit(ctx, tx, civhub.AuditEntry{ActorID: by, PersonID: person, Action: action})
	})
}

var errLastAdmin = civhub.E(civhub.ECONFLICT, "err.last_admin",
	"civhub would be left without an administrator: make someone else an administrator first.")

// keepAnAdmin refuses a change that takes person's place as an administrator (a new role, a disabled
// or deleted account) when no other enabled administrator is left. It locks the administrators'
// rows until the transaction ends: two administrators taking each other's role at the same moment
// are serialized, and the second sees that the first left only one.
func keepAnAdmin(ctx context.Context, tx *Tx, person int64) error {
	admins, err := collect1[int64](ctx, tx, `SELECT id FROM people WHERE site_role = $1 AND disabled_at IS NULL ORDER BY id`+
		tx.db.dialect.forUpdate(), civhub.RoleAdmin)
	if err != nil {
		return fmt.Errorf("count administrators: %w", err)
	}
	if len(admins) == 1 && admins[0] == person {
		return errLastAdmin
	}
	return nil
}
