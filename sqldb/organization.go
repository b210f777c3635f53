package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"civhub"
)

// OrganizationService implements civhub.OrganizationService.
type OrganizationService struct {
	db    *DB
	queue Queue
}

// NewOrganizationService returns an OrganizationService on db that sends mail through queue.
func NewOrganizationService(db *DB, queue Queue) *OrganizationService {
	return &OrganizationService{db: db, queue: queue}
}

var _ civhub.OrganizationService = (*OrganizationService)(nil)

const organizationColumns = `id, slug, name, mission, type, country, city, time_zone, causes, size, languages, website, links,
	at_risk, verification, verified_at, logo_updated_at, created_at, trainer_since`

// orgColumns are organizationColumns of the organization joined as "o".
var orgColumns = qualified("o", organizationColumns)

func scanOrganization(row scanner) (*civhub.Organization, error) {
	o := &civhub.Organization{}
	var causes, languages, links list
	var verified, logo, trainer sql.NullTime
	err := row.Scan(&o.ID, &o.Slug, &o.Name, &o.Mission, &o.Type, &o.Country, &o.City, &o.TimeZone, &causes, &o.Size, &languages,
		&o.Website, &links, &o.AtRisk, &o.Verification, &verified, &logo, &o.CreatedAt, &trainer)
	if err != nil {
		return nil, err
	}
	o.Causes, o.Languages, o.Links = []string(causes), []string(languages), []string(links)
	o.VerifiedAt, o.LogoUpdatedAt, o.TrainerSince = timePtr(verified), timePtr(logo), timePtr(trainer)
	o.CreatedAt = o.CreatedAt.UTC()
	return o, nil
}

// CreateOrganization implements civhub.OrganizationService.
func (s *OrganizationService) CreateOrganization(ctx context.Context, o *civhub.Organization, owner int64) error {
	if o.AtRisk {
		o.Slug = civhub.HiddenSlug()
	}
	if err := o.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := findPersonByID(ctx, tx, owner); err != nil {
			return err
		}
		o.CreatedAt = tx.Now()
		if o.Verification == "" {
			o.Verification = civhub.Unverified
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO organizations (slug, name, mission, type, country, city, causes, size,
			languages, website, links, at_risk, verification, verified_at, created_at, time_zone)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
			o.Slug, o.Name, o.Mission, o.Type, o.Country, o.City, list(o.Causes), o.Size,
			list(o.Languages), o.Website, list(o.Links), o.AtRisk, o.Verification, o.VerifiedAt,
			o.CreatedAt, o.TimeZone).Scan(&o.ID)
		if isUniqueViolation(err) {
			return &civhub.Error{Code: civhub.ECONFLICT, Key: "err.slug_taken", Message: "This web address is taken; choose another.",
				Fields: map[string]string{"slug": "err.slug_taken"}}
		} else if err != nil {
			return fmt.Errorf("create organization: %w", err)
		}
		if err := addMember(ctx, tx, o.ID, owner, civhub.MemberOwner); err != nil {
			return err
		}
		return audit(ctx, tx, civhub.AuditEntry{ActorID: owner, OrganizationID: o.ID, Action: civhub.AuditOrgCreated})
	})
}

// FindOrganizationBySlug implements civhub.OrganizationService.
func (s *OrganizationService) FindOrganizationBySlug(ctx context.Context, slug string) (*civhub.Organization, error) {
	var o *civhub.Organization
	err := s.db.Read(ctx, func(tx *Tx) (err error) {
		o, err = scanOrganization(tx.QueryRowContext(ctx, `SELECT `+organizationColumns+` FROM organizations WHERE slug = $1`, slug))
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, civhub.E(civhub.ENOTFOUND, "err.org_not_found", "No such organization.")
	}
	return o, err
}

// FindOrganizations implements civhub.OrganizationService.
func (s *OrganizationService) FindOrganizations(ctx context.Context, f civhub.OrganizationFilter) ([]*civhub.Organization, error) {
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 50
	}
	var out []*civhub.Organization
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, scanOrganization, `SELECT `+organizationColumns+` FROM organizations
			WHERE at_risk = FALSE AND name > $1 AND ($2 = '' OR country = $2) AND ($3 = '' OR type = $3)
			ORDER BY name LIMIT $4`, f.After, f.Country, f.Type, f.Limit)
		return err
	})
	return out, err
}

// UpdateOrganization implements civhub.OrganizationService.
func (s *OrganizationService) UpdateOrganization(ctx context.Context, o *civhub.Organization, by int64) error {
	if err := o.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		var wasAtRisk bool
		var slug string
		err := tx.QueryRowContext(ctx, `SELECT at_risk, slug FROM organizations WHERE id = $1`, o.ID).Scan(&wasAtRisk, &slug)
		if errors.Is(err, sql.ErrNoRows) {
			return civhub.E(civhub.ENOTFOUND, "err.org_not_found", "No such organization.")
		} else if err != nil {
			return err
		}
		if o.AtRisk && !wasAtRisk {
			// Its old address may be its name, which people know: it moves to one nobody can guess.
			slug = civhub.HiddenSlug()
		}
		o.Slug = slug
		if _, err := tx.ExecContext(ctx, `UPDATE organizations SET name = $1, mission = $2, type = $3, country = $4, city = $5,
			causes = $6, size = $7, languages = $8, website = $9, links = $10, at_risk = $11, time_zone = $13, slug = $14 WHERE id = $12`,
			o.Name, o.Mission, o.Type, o.Country, o.City, list(o.Causes), o.Size, list(o.Languages),
			o.Website, list(o.Links), o.AtRisk, o.ID, o.TimeZone, o.Slug); err != nil {
			return fmt.Errorf("update organization: %w", err)
		}
		if err := refreshListing(ctx, tx, "organization_id", o.ID); err != nil {
			return err
		}
		return audit(ctx, tx, civhub.AuditEntry{ActorID: by, OrganizationID: o.ID, Action: civhub.AuditOrgUpdated})
	})
}

// AddMember implements civhub.OrganizationService.
func (s *OrganizationService) AddMember(ctx context.Context, org, person int64, role string) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		if err := addMember(ctx, tx, org, person, role); err != nil {
			return err
		}
		return audit(ctx, tx, civhub.AuditEntry{PersonID: person, OrganizationID: org, Action: civhub.AuditMemberAdded, Detail: civhub.AuditDetail{Key: "audit.detail.role", Terms: map[string]string{"Role": "role." + role}}.String()})
	})
}

func addMember(ctx context.Context, tx *Tx, org, person int64, role string) error {
	if !validRole(role) {
		return civhub.E(civhub.EINVALID, "err.member_role_unknown", "Unknown member role.")
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO memberships (organization_id, person_id, role, created_at)
		VALUES ($1, $2, $3, $4)`, org, person, role, tx.Now())
	if isUniqueViolation(err) {
		return civhub.E(civhub.ECONFLICT, "err.already_member", "This person is already a member.")
	} else if err != nil {
		return fmt.Errorf("add member: %w", err)
	}
	return nil
}

func validRole(role string) bool {
	return role == civhub.MemberOwner || role == civhub.MemberAdmin || role == civhub.MemberMember
}

// Members implements civhub.OrganizationService.
func (s *OrganizationService) Members(ctx context.Context, org int64) ([]civhub.Member, error) {
	return s.people(ctx, `SELECT m.person_id, p.display_name, m.role, m.created_at FROM memberships m
		JOIN people p ON p.id = m.person_id WHERE m.organization_id = $1
		ORDER BY CASE m.role WHEN 'owner' THEN 0 WHEN 'admin' THEN 1 ELSE 2 END, p.display_name`, org)
}

// TrustedPeople implements civhub.OrganizationService.
func (s *OrganizationService) TrustedPeople(ctx context.Context, org int64) ([]civhub.Member, error) {
	return s.people(ctx, `SELECT t.person_id, p.display_name, '', t.created_at FROM trusted_people t
		JOIN people p ON p.id = t.person_id WHERE t.organization_id = $1 ORDER BY p.display_name`, org)
}

func (s *OrganizationService) people(ctx context.Context, query string, org int64) ([]civhub.Member, error) {
	var out []civhub.Member
	err := s.db.View(ctx, func(tx *Tx) error {
		scan := func(r scanner) (m civhub.Member, err error) {
			err = r.Scan(&m.PersonID, &m.DisplayName, &m.Role, &m.Since)
			return
		}
		var err error
		out, err = collect(ctx, tx, scan, query, org)
		return err
	})
	return out, err
}

// Memberships implements civhub.OrganizationService.
func (s *OrganizationService) Memberships(ctx context.Context, person int64) ([]civhub.Membership, error) {
	var out []civhub.Membership
	err := s.db.Read(ctx, func(tx *Tx) error {
		scan := func(r scanner) (m civhub.Membership, err error) {
			err = r.Scan(&m.OrganizationID, &m.Slug, &m.Name, &m.Role, &m.Trainer)
			return
		}
		var err error
		out, err = collect(ctx, tx, scan, `SELECT o.id, o.slug, o.name, m.role, o.trainer_since IS NOT NULL FROM memberships m
			JOIN organizations o ON o.id = m.organization_id WHERE m.person_id = $1 ORDER BY o.name`, person)
		return err
	})
	return out, err
}

// TrustedBy implements civhub.OrganizationService.
func (s *OrganizationService) TrustedBy(ctx context.Context, person int64) ([]int64, error) {
	var out []int64
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = collect1[int64](ctx, tx, `SELECT organization_id FROM trusted_people WHERE person_id = $1`, person)
		return err
	})
	return out, err
}

// SetLogo implements civhub.OrganizationService.
func (s *OrganizationService) SetLogo(ctx context.Context, org int64, png []byte, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := findOrganizationByID(ctx, tx, org); err != nil {
			return err
		}
		var at any
		if png == nil {
			if _, err := tx.ExecContext(ctx, `DELETE FROM organization_logos WHERE organization_id = $1`, org); err != nil {
				return err
			}
		} else {
			at = tx.Now()
			if _, err := tx.ExecContext(ctx, `INSERT INTO organization_logos (organization_id, data) VALUES ($1, $2)
				ON CONFLICT (organization_id) DO UPDATE SET data = excluded.data`, org, png); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE organizations SET logo_updated_at = $1 WHERE id = $2`, at, org); err != nil {
			return err
		}
		return audit(ctx, tx, civhub.AuditEntry{ActorID: by, OrganizationID: org, Action: civhub.AuditOrgUpdated, Detail: civhub.AuditDetail{Key: "audit.detail.logo"}.String()})
	})
}

// Logo implements civhub.OrganizationService.
func (s *OrganizationService) Logo(ctx context.Context, org int64) ([]byte, error) {
	var data []byte
	err := s.db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, `SELECT data FROM organization_logos WHERE organization_id = $1`, org).Scan(&data)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, civhub.E(civhub.ENOTFOUND, "err.no_file", "There is no such file.")
	}
	return data, err
}
