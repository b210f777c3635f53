package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"civhub"
)

var _ civhub.VerificationService = (*OrganizationService)(nil)

const verificationColumns = `v.id, v.organization_id, o.name, o.slug, COALESCE(v.requested_by, 0), v.evidence, v.links, v.status,
	v.reason, COALESCE(v.decided_by, 0), v.decided_at, v.created_at,
	COALESCE((SELECT f.name FROM verification_files f WHERE f.request_id = v.id), ''),
	COALESCE((SELECT f.content_type FROM verification_files f WHERE f.request_id = v.id), '')`

func scanVerification(row scanner) (*civhub.VerificationRequest, error) {
	v := &civhub.VerificationRequest{}
	var links list
	var fileName, fileType string
	var decided sql.NullTime
	if err := row.Scan(&v.ID, &v.OrganizationID, &v.OrgName, &v.OrgSlug, &v.RequestedBy, &v.Evidence, &links, &v.Status,
		&v.Reason, &v.DecidedBy, &decided, &v.CreatedAt, &fileName, &fileType); err != nil {
		return nil, err
	}
	if fileName != "" {
		v.File = &civhub.EvidenceFile{Name: fileName, ContentType: fileType}
	}
	v.Links, v.DecidedAt = []string(links), timePtr(decided)
	return v, nil
}

// RequestVerification implements civhub.VerificationService.
func (s *OrganizationService) RequestVerification(ctx context.Context, v *civhub.VerificationRequest, by int64) error {
	if err := v.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		o, err := findOrganizationByID(ctx, tx, v.OrganizationID)
		if err != nil {
			return err
		}
		if o.Verification == civhub.Verified || o.Verification == civhub.VerificationPending {
			return civhub.E(civhub.ECONFLICT, "err.verification_open", "This organization is verified or waiting for a decision already.")
		}
		v.Status, v.RequestedBy, v.CreatedAt = civhub.RequestPending, by, tx.Now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO verification_requests (organization_id, requested_by, evidence, links, status, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, v.OrganizationID, by, v.Evidence, list(v.Links), v.Status,
			v.CreatedAt).Scan(&v.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE organizations SET verification = $1 WHERE id = $2`, civhub.VerificationPending, o.ID); err != nil {
			return err
		}
		if f := v.File; f != nil {
			if _, err := tx.ExecContext(ctx, `INSERT INTO verification_files (request_id, name, content_type, data) VALUES ($1, $2, $3, $4)`,
				v.ID, f.Name, f.ContentType, f.Data); err != nil {
				return err
			}
		}
		return audit(ctx, tx, civhub.AuditEntry{ActorID: by, OrganizationID: o.ID, Action: civhub.AuditVerifyRequested})
	})
}

// LatestVerification implements civhub.VerificationService.
func (s *OrganizationService) LatestVerification(ctx context.Context, org int64) (*civhub.VerificationRequest, error) {
	var v *civhub.VerificationRequest
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		v, err = scanVerification(tx.QueryRowContext(ctx, `SELECT `+verificationColumns+` FROM verification_requests v
			JOIN organizations o ON o.id = v.organization_id WHERE v.organization_id = $1 ORDER BY v.id DESC LIMIT 1`, org))
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, civhub.E(civhub.ENOTFOUND, "err.no_verification", "This organization has not asked to be verified.")
	}
	return v, err
}

// PendingVerifications implements civhub.VerificationService.
func (s *OrganizationService) PendingVerifications(ctx context.Context, limit int) ([]*civhub.VerificationRequest, error) {
	var out []*civhub.VerificationRequest
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, scanVerification, `SELECT `+verificationColumns+` FROM verification_requests v
			JOIN organizations o ON o.id = v.organization_id WHERE v.status = $1 ORDER BY v.id LIMIT $2`, civhub.RequestPending, limit)
		return err
	})
	return out, err
}

// DecideVerification implements civhub.VerificationService.
func (s *OrganizationService) DecideVerification(ctx context.Context, id int64, approve bool, reason string, by int64) error {
	reason = strings.TrimSpace(reason)
	if !approve && reason == "" {
		return civhub.FieldError("reason", "err.reason_needed", "Say why, so that the organization can do better.")
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		v, err := scanVerification(tx.QueryRowContext(ctx, `SELECT `+verificationColumns+` FROM verification_requests v
			JOIN organizations o ON o.id = v.organization_id WHERE v.id = $1`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return civhub.E(civhub.ENOTFOUND, "err.no_verification", "No such verification request.")
		} else if err != nil {
			return err
		}
		if v.Status != civhub.RequestPending {
			return civhub.E(civhub.ECONFLICT, "err.decided_already", "Someone decided this request already.")
		}
		status, orgState, action, kind := civhub.RequestApproved, civhub.Verified, civhub.AuditVerified, civhub.MailVerified
		if !approve {
			status, orgState, action, kind = civhub.RequestRejected, civhub.VerificationRejected, civhub.AuditVerifyRejected, civhub.MailNotVerified
		}
		if _, err := tx.ExecContext(ctx, `UPDATE verification_requests SET status = $1, reason = $2, decided_by = $3, decided_at = $4
			WHERE id = $5`, status, reason, by, tx.Now(), id); err != nil {
			return err
		}
		var verifiedAt any
		if approve {
			verifiedAt = tx.Now()
		}
		if _, err := tx.ExecContext(ctx, `UPDATE organizations SET verification = $1, verified_at = $2 WHERE id = $3`,
			orgState, verifiedAt, v.OrganizationID); err != nil {
			return err
		}
		if err := refreshListing(ctx, tx, "organization_id", v.OrganizationID); err != nil {
			return err
		}
		if err := audit(ctx, tx, civhub.AuditEntry{ActorID: by, OrganizationID: v.OrganizationID, Action: action, Detail: reason}); err != nil {
			return err
		}
		return s.mailOwners(ctx, tx, v.OrganizationID, kind, map[string]string{"org": v.OrgName, "slug": v.OrgSlug, "reason": reason})
	})
}

// mailOwners queues a mail of kind to every owner of org, each in their language.
func (s *OrganizationService) mailOwners(ctx context.Context, tx *Tx, org int64, kind string, payload map[string]string) error {
	owners, err := collect1[int64](ctx, tx, `SELECT person_id FROM memberships WHERE organization_id = $1 AND role = $2`, org, civhub.MemberOwner)
	if err != nil {
		return err
	}
	for _, id := range owners {
		p, err := findPersonByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := queueMail(ctx, tx, s.queue, &civhub.QueuedMail{PersonID: p.ID, To: p.Email, Locale: p.Locale, Kind: kind, Payload: payload}); err != nil {
			return err
		}
	}
	return nil
}

// VerificationFile implements civhub.VerificationService.
func (s *OrganizationService) VerificationFile(ctx context.Context, id int64) (*civhub.EvidenceFile, error) {
	f := &civhub.EvidenceFile{}
	err := s.db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, `SELECT name, content_type, data FROM verification_files WHERE request_id = $1`, id).
			Scan(&f.Name, &f.ContentType, &f.Data)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, civhub.E(civhub.ENOTFOUND, "err.no_file", "There is no such file.")
	}
	return f, err
}
