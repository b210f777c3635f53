package sqldb

import (
	"context"
	"fmt"
	"strings"

	"civhub"
)

// OrganizationService implements civhub.OrganizationService.
type OrganizationService struct{ db *DB }

// NewOrganizationService returns an OrganizationService storing into db.
func NewOrganizationService(db *DB) *OrganizationService { return &OrganizationService{db: db} }

var _ civhub.OrganizationService = (*OrganizationService)(nil)

// CreateOrganization implements civhub.OrganizationService.
func (s *OrganizationService) CreateOrganization(ctx context.Context, o *civhub.Organization, owner int64) error {
	if err := o.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := findPersonByID(ctx, tx, owner); err != nil {
			return err
		}
		o.CreatedAt = tx.Now()
		err := tx.QueryRowContext(ctx, `INSERT INTO organizations (slug, name, mission, type, country, city, languages, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			o.Slug, o.Name, o.Mission, o.Type, o.Country, o.City, strings.Join(o.Languages, " "), o.CreatedAt).Scan(&o.ID)
		if isUniqueViolation(err) {
			return &civhub.Error{Code: civhub.ECONFLICT, Key: "err.slug_taken", Message: "This web address is taken; choose another.",
				Fields: map[string]string{"slug": "err.slug_taken"}}
		} else if err != nil {
			return fmt.Errorf("create organization: %w", err)
		}
		return addMember(ctx, tx, o.ID, owner, civhub.MemberOwner)
	})
}

// AddMember implements civhub.OrganizationService.
func (s *OrganizationService) AddMember(ctx context.Context, org, person int64, role string) error {
	return s.db.Update(ctx, func(tx *Tx) error { return addMember(ctx, tx, org, person, role) })
}

func addMember(ctx context.Context, tx *Tx, org, person int64, role string) error {
	switch role {
	case civhub.MemberOwner, civhub.MemberAdmin, civhub.MemberMember:
	default:
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
