package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"civhub"
)

var limitInvitations = newLimit("invite-org", 50, 24*time.Hour)

var errLastOwner = civhub.E(civhub.ECONFLICT, "err.last_owner",
	"An organization needs an owner: make someone else the owner first.")

// memberRole returns person's role in org, or ENOTFOUND.
func memberRole(ctx context.Context, tx *Tx, org, person int64) (string, error) {
	var role string
	err := tx.QueryRowContext(ctx, `SELECT role FROM memberships WHERE organization_id = $1 AND person_id = $2`, org, person).Scan(&role)
	if errors.Is(err, sql.ErrNoRows) {
		return "", civhub.E(civhub.ENOTFOUND, "err.member_not_found", "This person is not a member.")
	}
	return role, err
}

// lockOwners returns the IDs of org's owners and locks their memberships until the transaction
// ends, so that two owners stepping down at the same moment are serialized and cannot leave the
// organization without one.
func lockOwners(ctx context.Context, tx *Tx, org int64) ([]int64, error) {
	owners, err := collect1[int64](ctx, tx, `SELECT person_id FROM memberships WHERE organization_id = $1 AND role = $2 ORDER BY person_id`+
		tx.db.dialect.forUpdate(), org, civhub.MemberOwner)
	if err != nil {
		return nil, fmt.Errorf("owners: %w", err)
	}
	return owners, nil
}

// keepAnOwner refuses a change that takes person's place as an owner of org when nobody else owns it.
func keepAnOwner(ctx context.Context, tx *Tx, org, person int64) error {
	owners, err := lockOwners(ctx, tx, org)
	if err != nil {
		return err
	}
	if len(owners) == 1 && owners[0] == person {
		return errLastOwner
	}
	return nil
}

func findOrganizationByID(ctx context.Context, tx *Tx, id int64) (*civhub.Organization, error) {
	o, err := scanOrganization(tx.QueryRowContext(ctx, `SELECT `+organizationColumns+` FROM organizations WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, civhub.E(civhub.ENOTFOUND, "err.org_not_found", "No such organization.")
	}
	return o, err
}

// Invite implements civhub.OrganizationService.
func (s *OrganizationService) Invite(ctx context.Context, org int64, email, role string, by int64) error {
	invitee := &civhub.Person{Email: email, DisplayName: "x", Locale: "en"}
	if err := invitee.Validate(); err != nil {
		return err
	}
	if !validRole(role) {
		return civhub.FieldError("role", "err.member_role_unknown", "Unknown member role.")
	}
	if err := s.db.limits(ctx, limitOn(ctx, limitInvitations, personKey(org))); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		o, err := findOrganizationByID(ctx, tx, org)
		if err != nil {
			return err
		}
		inviter, err := findPersonByID(ctx, tx, by)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM memberships m JOIN people p ON p.id = m.person_id
			WHERE m.organization_id = $1 AND p.email = $2`, org, invitee.Email).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return civhub.FieldError("email", "err.already_member", "This person is already a member.")
		}
		token := newToken()
		if _, err := tx.ExecContext(ctx, `INSERT INTO invitations (organization_id, email, role, token_hash, invited_by, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, org, invitee.Email, role, hashToken(token), by, tx.Now(),
			tx.Now().Add(civhub.InvitationLifetime)); err != nil {
			return fmt.Errorf("invite: %w", err)
		}
		// Write to the invitee in their own language when they have an account, else in the inviter's.
		locale := inviter.Locale
		if p, err := findPersonByEmail(ctx, tx, invitee.Email); err == nil {
			locale = p.Locale
		}
		if err := queueMail(ctx, tx, s.queue, &civhub.QueuedMail{To: invitee.Email, Locale: locale, Kind: civhub.MailInvitation,
			Payload: map[string]string{"token": token, "org": o.Name, "inviter": inviter.DisplayName}}); err != nil {
			return err
		}
		return audit(ctx, tx, civhub.AuditEntry{ActorID: by, OrganizationID: org, Action: civhub.AuditMemberInvited, Detail: civhub.AuditDetail{Key: "audit.detail.role", Terms: map[string]string{"Role": "role." + role}}.String()})
	})
}

// Invitations implements civhub.OrganizationService.
func (s *OrganizationService) Invitations(ctx context.Context, org int64) ([]civhub.Invitation, error) {
	var out []civhub.Invitation
	err := s.db.View(ctx, func(tx *Tx) error {
		scan := func(r scanner) (i civhub.Invitation, err error) {
			err = r.Scan(&i.ID, &i.OrganizationID, &i.Email, &i.Role, &i.InvitedBy, &i.CreatedAt, &i.ExpiresAt)
			return
		}
		var err error
		out, err = collect(ctx, tx, scan, `SELECT id, organization_id, email, role, COALESCE(invited_by, 0), created_at, expires_at
			FROM invitations WHERE organization_id = $1 AND accepted_at IS NULL AND expires_at > $2 ORDER BY id DESC`, org, tx.Now())
		return err
	})
	return out, err
}

// AcceptInvitation implements civhub.OrganizationService. The invitation works only for the
// address it was sent to, so that a forwarded or leaked link lets nobody else in.
func (s *OrganizationService) AcceptInvitation(ctx context.Context, token string, person int64) (*civhub.Organization, error) {
	var o *civhub.Organization
	err := s.db.Update(ctx, func(tx *Tx) error {
		var id, org int64
		var email, role string
		var expires time.Time
		var accepted sql.NullTime
		err := tx.QueryRowContext(ctx, `SELECT id, organization_id, email, role, expires_at, accepted_at FROM invitations
			WHERE token_hash = $1`, hashToken(token)).Scan(&id, &org, &email, &role, &expires, &accepted)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && (accepted.Valid || !tx.Now().Before(expires))) {
			return errBadToken
		} else if err != nil {
			return err
		}
		p, err := findPersonByID(ctx, tx, person)
		if err != nil {
			return err
		}
		if !strings.EqualFold(p.Email, email) {
			return civhub.E(civhub.EFORBIDDEN, "err.invitation_other_email",
				"This invitation was sent to another email address. Sign in with the account of that address.")
		}
		if err := addMember(ctx, tx, org, person, role); err != nil && civhub.ErrorCode(err) != civhub.ECONFLICT {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE invitations SET accepted_at = $1 WHERE id = $2`, tx.Now(), id); err != nil {
			return err
		}
		if err := audit(ctx, tx, civhub.AuditEntry{ActorID: person, PersonID: person, OrganizationID: org, Action: civhub.AuditMemberAdded, Detail: civhub.AuditDetail{Key: "audit.detail.role", Terms: map[string]string{"Role": "role." + role}}.String()}); err != nil {
			return err
		}
		o, err = findOrganizationByID(ctx, tx, org)
		return err
	})
	return o, err
}

// SetMemberRole implements civhub.OrganizationService.
func (s *OrganizationService) SetMemberRole(ctx context.Context, org, person int64, role string, by int64) error {
	if !validRole(role) {
		return civhub.FieldError("role", "err.member_role_unknown", "Unknown member role.")
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if role != civhub.MemberOwner {
			if err := keepAnOwner(ctx, tx, org, person); err != nil {
				return err
			}
		}
		current, err := memberRole(ctx, tx, org, person)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE memberships SET role = $1 WHERE organization_id = $2 AND person_id = $3`, role, org, person); err != nil {
			return err
		}
		return audit(ctx, tx, civhub.AuditEntry{ActorID: by, PersonID: person, OrganizationID: org, Action: civhub.AuditMemberRole,
			Detail: civhub.AuditDetail{Key: "audit.detail.role_changed",
				Terms: map[string]string{"From": "role." + current, "To": "role." + role}}.String()})
	})
}

// RemoveMember implements civhub.OrganizationService.
func (s *OrganizationService) RemoveMember(ctx context.Context, org, person, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		if err := keepAnOwner(ctx, tx, org, person); err != nil {
			return err
		}
		current, err := memberRole(ctx, tx, org, person)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM memberships WHERE organization_id = $1 AND person_id = $2`, org, person); err != nil {
			return err
		}
		return audit(ctx, tx, civhub.AuditEntry{ActorID: by, PersonID: person, OrganizationID: org, Action: civhub.AuditMemberRemoved, Detail: civhub.AuditDetail{Key: "audit.detail.role", Terms: map[string]string{"Role": "role." + current}}.String()})
	})
}

// TransferOwnership implements civhub.OrganizationService.
func (s *OrganizationService) TransferOwnership(ctx context.Context, org, person, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := lockOwners(ctx, tx, org); err != nil {
			return err
		}
		if _, err := memberRole(ctx, tx, org, person); err != nil {
			return err
		}
		if role, err := memberRole(ctx, tx, org, by); err != nil {
			return err
		} else if role != civhub.MemberOwner {
			return civhub.ErrOwnersOnly
		}
		for _, change := range []struct {
			who  int64
			role string
		}{{person, civhub.MemberOwner}, {by, civhub.MemberAdmin}} {
			if _, err := tx.ExecContext(ctx, `UPDATE memberships SET role = $1 WHERE organization_id = $2 AND person_id = $3`,
				change.role, org, change.who); err != nil {
				return err
			}
		}
		return audit(ctx, tx, civhub.AuditEntry{ActorID: by, PersonID: person, OrganizationID: org, Action: civhub.AuditOwnerTransfer})
	})
}

// Trust implements civhub.OrganizationService.
func (s *OrganizationService) Trust(ctx context.Context, org int64, email string, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		p, err := findPersonByEmail(ctx, tx, strings.TrimSpace(email))
		if civhub.ErrorCode(err) == civhub.ENOTFOUND {
			return civhub.FieldError("email", "err.no_account_for_email", "Nobody on civhub uses this email address.")
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO trusted_people (organization_id, person_id, created_at) VALUES ($1, $2, $3)
			ON CONFLICT (organization_id, person_id) DO NOTHING`, org, p.ID, tx.Now()); err != nil {
			return err
		}
		return audit(ctx, tx, civhub.AuditEntry{ActorID: by, PersonID: p.ID, OrganizationID: org, Action: civhub.AuditTrusted})
	})
}

// Untrust implements civhub.OrganizationService.
func (s *OrganizationService) Untrust(ctx context.Context, org, person, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM trusted_people WHERE organization_id = $1 AND person_id = $2`, org, person)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return civhub.E(civhub.ENOTFOUND, "err.member_not_found", "This person is not a member.")
		}
		return audit(ctx, tx, civhub.AuditEntry{ActorID: by, PersonID: person, OrganizationID: org, Action: civhub.AuditUntrusted})
	})
}
