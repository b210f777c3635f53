package sqldb

import (
	"context"
	"strings"

	"civhub"
)

// DataService implements civhub.DataService.
type DataService struct {
	db       *DB
	profiles *ProfileService
	orgs     *OrganizationService
	sessions *SessionStore
	tokens   *TokenService
	audit    *AuditService
}

// NewDataService returns a DataService on db, reading through the other services.
func NewDataService(db *DB, profiles *ProfileService, orgs *OrganizationService) *DataService {
	return &DataService{db: db, profiles: profiles, orgs: orgs, sessions: NewSessionStore(db), tokens: NewTokenService(db),
		audit: NewAuditService(db)}
}

var _ civhub.DataService = (*DataService)(nil)

// ExportPerson implements civhub.DataService.
func (s *DataService) ExportPerson(ctx context.Context, person int64) (*civhub.PersonExport, error) {
	var p *civhub.Person
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		p, err = findPersonByID(ctx, tx, person)
		return err
	})
	if err != nil {
		return nil, err
	}
	x := &civhub.PersonExport{ExportedAt: s.db.Now(), Person: civhub.ExportPerson{ID: p.ID, Email: p.Email, DisplayName: p.DisplayName,
		Locale: p.Locale, SiteRole: p.SiteRole, CreatedAt: p.CreatedAt, EmailVerifiedAt: p.EmailVerifiedAt, TwoFactorSince: p.TOTPEnabledAt,
		CameToVolunteer: p.Purpose.Volunteer, CameForOrganization: p.Purpose.Organization}}
	if x.Profile, err = s.profiles.FindProfile(ctx, person); err != nil {
		return nil, err
	}
	if x.Memberships, err = s.orgs.Memberships(ctx, person); err != nil {
		return nil, err
	}
	if x.Sessions, err = s.sessions.PersonSessions(ctx, person, ""); err != nil {
		return nil, err
	}
	for i := range x.Sessions {
		x.Sessions[i].ID = "" // the stored token hash is a secret of the server, not the person's data
	}
	if x.APITokens, err = s.tokens.Tokens(ctx, person); err != nil {
		return nil, err
	}
	if err := s.exportTaskWork(ctx, x, person); err != nil {
		return nil, err
	}
	if err := s.exportResourceWork(ctx, x, person); err != nil {
		return nil, err
	}
	notes := &NotificationService{db: s.db}
	if x.NoteSettings, err = notes.NoteSettings(ctx, person); err != nil {
		return nil, err
	}
	if err := s.db.View(ctx, func(tx *Tx) (err error) {
		x.Notifications, err = queryNotes(ctx, tx, `n.person_id = $1 ORDER BY n.id`, person)
		return err
	}); err != nil {
		return nil, err
	}
	err = s.db.View(ctx, func(tx *Tx) error {
		scan := func(r scanner) (e civhub.AuditEntry, err error) {
			err = r.Scan(&e.ID, &e.At, &e.ActorID, &e.PersonID, &e.OrganizationID, &e.Action, &e.Detail)
			return
		}
		x.AuditLog, err = collect(ctx, tx, scan, `SELECT a.id, a.at, COALESCE(a.actor_id, 0), COALESCE(a.person_id, 0),
			COALESCE(a.organization_id, 0), a.action, a.detail FROM audit_log a
			WHERE a.actor_id = $1 OR a.person_id = $1 ORDER BY a.id`, person)
		return err
	})
	return x, err
}

// exportTaskWork adds the person's engagements, hours, endorsements, certificates, place alerts and
// task messages to x.
func (s *DataService) exportTaskWork(ctx context.Context, x *civhub.PersonExport, person int64) error {
	needs := &NeedService{db: s.db}
	var err error
	if x.Hours, err = needs.hours(ctx, `h.volunteer_id = $1`, person); err != nil {
		return err
	}
	c, err := needs.Contribution(ctx, person)
	if err != nil {
		return err
	}
	x.Endorsements = c.Endorsements
	return s.db.View(ctx, func(tx *Tx) error {
		var err error
		// All of them: the page that lists certificates shows the newest hundred.
		x.Certificates, err = collect(ctx, tx, scanCertificate, `SELECT `+certificateColumns+` FROM certificates
			WHERE person_id = $1 ORDER BY id`, person)
		if err != nil {
			return err
		}
		x.PlaceAlerts, err = collect(ctx, tx, func(r scanner) (a civhub.PlaceAlert, err error) {
			err = r.Scan(&a.TaskID, &a.CreatedAt)
			return
		}, `SELECT task_id, created_at FROM place_alerts WHERE person_id = $1 ORDER BY created_at, task_id`, person)
		if err != nil {
			return err
		}
		x.Engagements, err = collect(ctx, tx, scanAssignment, `SELECT `+assignmentColumns+` FROM assignments a
			JOIN people p ON p.id = a.volunteer_id WHERE a.volunteer_id = $1 ORDER BY a.id`, person)
		if err != nil {
			return err
		}
		x.TaskMessages, err = collect(ctx, tx, func(r scanner) (m civhub.TaskMessage, err error) {
			m.Author = x.Person.DisplayName
			err = r.Scan(&m.ID, &m.TaskID, &m.AuthorID, &m.FromOrg, &m.Body, &m.CreatedAt)
			return
		}, `SELECT m.id, m.task_id, m.author_id, m.from_org, m.body, m.created_at
			FROM task_messages m WHERE m.author_id = $1 ORDER BY m.id`, person)
		if err != nil {
			return err
		}
		if err := exportLearning(ctx, tx, &x.Learning, person); err != nil {
			return err
		}
		if err := exportToolkits(ctx, tx, &x.Toolkits, person); err != nil {
			return err
		}
		x.Registrations, err = collect(ctx, tx, scanRegistration, `SELECT `+registrationColumns+` FROM registrations r
			JOIN people p ON p.id = r.person_id WHERE r.person_id = $1 ORDER BY r.id`, person)
		if err != nil {
			return err
		}
		return exportCrisis(ctx, tx, x, person)
	})
}

// DeletePerson implements civhub.DataService.
func (s *DataService) DeletePerson(ctx context.Context, person int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		if err := keepAnAdmin(ctx, tx, person); err != nil {
			return err
		}
		p, err := findPersonByID(ctx, tx, person)
		if err != nil {
			return err
		}
		// Organizations the person alone owns: an empty one goes with them; one with other members
		// must be handed over first, or its members would be left without an owner.
		owned, err := ownedAlone(ctx, tx, person)
		if err != nil {
			return err
		}
		var blocking []string
		for _, id := range owned {
			var members int
			var name string
			if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM memberships WHERE organization_id = o.id), o.name
				FROM organizations o WHERE o.id = $1`, id).Scan(&members, &name); err != nil {
				return err
			}
			if members > 1 {
				blocking = append(blocking, name)
				continue
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM organizations WHERE id = $1`, id); err != nil {
				return err
			}
		}
		if len(blocking) > 0 {
			return &civhub.Error{Code: civhub.ECONFLICT, Key: "err.delete_owner_first",
				Message: "First make someone else the owner of: " + strings.Join(blocking, ", ") + "."}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM invitations WHERE email = $1`, p.Email); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM people WHERE id = $1`, person); err != nil {
			return err
		}
		return audit(ctx, tx, civhub.AuditEntry{Action: civhub.AuditAccountDeleted})
	})
}

// ownedAlone returns the organizations that person is the only owner of, with their owners' rows
// locked (see lockOwners) so that no other owner can step down meanwhile.
func ownedAlone(ctx context.Context, tx *Tx, person int64) ([]int64, error) {
	owned, err := collect1[int64](ctx, tx, `SELECT organization_id FROM memberships WHERE person_id = $1 AND role = $2 ORDER BY organization_id`,
		person, civhub.MemberOwner)
	if err != nil {
		return nil, err
	}
	var alone []int64
	for _, org := range owned {
		owners, err := lockOwners(ctx, tx, org)
		if err != nil {
			return nil, err
		}
		if len(owners) == 1 && owners[0] == person {
			alone = append(alone, org)
		}
	}
	return alone, nil
}

// ExportOrganization implements civhub.DataService.
func (s *DataService) ExportOrganization(ctx context.Context, org int64) (*civhub.OrganizationExport, error) {
	var o *civhub.Organization
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		o, err = findOrganizationByID(ctx, tx, org)
		return err
	})
	if err != nil {
		return nil, err
	}
	x := &civhub.OrganizationExport{ExportedAt: s.db.Now(), Organization: o}
	if x.Members, err = s.orgs.Members(ctx, org); err != nil {
		return nil, err
	}
	if x.Invitations, err = s.orgs.Invitations(ctx, org); err != nil {
		return nil, err
	}
	if x.Trusted, err = s.orgs.TrustedPeople(ctx, org); err != nil {
		return nil, err
	}
	err = s.db.View(ctx, func(tx *Tx) error {
		x.Verifications, err = collect(ctx, tx, scanVerification, `SELECT `+verificationColumns+` FROM verification_requests v
			JOIN organizations o ON o.id = v.organization_id WHERE v.organization_id = $1 ORDER BY v.id`, org)
		return err
	})
	if err != nil {
		return nil, err
	}
	if x.AuditLog, err = s.audit.AuditLog(ctx, civhub.AuditFilter{OrganizationID: org, Limit: 200}); err != nil {
		return nil, err
	}
	x.Tracked, err = (&ResourceService{db: s.db}).Tracked(ctx, org)
	return x, err
}

// DeleteOrganization implements civhub.DataService.
func (s *DataService) DeleteOrganization(ctx context.Context, org, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		o, err := findOrganizationByID(ctx, tx, org)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM organizations WHERE id = $1`, org); err != nil {
			return err
		}
		return audit(ctx, tx, civhub.AuditEntry{ActorID: by, Action: civhub.AuditOrgDeleted, Detail: o.Name})
	})
}

// exportResourceWork adds what person did in the opportunity directory: the entries they added,
// the reports they made and the changes they suggested.
func (s *DataService) exportResourceWork(ctx context.Context, x *civhub.PersonExport, person int64) error {
	return s.db.View(ctx, func(tx *Tx) error {
		var err error
		x.Resources, err = collect(ctx, tx, scanResource, `SELECT `+resourceColumns+resourceJoins+`
			WHERE r.submitted_by = $1 ORDER BY r.id`, person)
		if err != nil {
			return err
		}
		for _, q := range []struct {
			query string
			to    *[]civhub.ResourceNote
		}{
			{`SELECT resource_id, note, '', created_at FROM resource_reports WHERE person_id = $1 ORDER BY created_at`, &x.Reports},
			{`SELECT resource_id, note, proposed, created_at FROM resource_suggestions WHERE person_id = $1 ORDER BY id`, &x.Suggestions},
		} {
			if *q.to, err = collect(ctx, tx, scanResourceNote, q.query, person); err != nil {
				return err
			}
		}
		return nil
	})
}

// scanResourceNote reads a report or a suggestion for a person's export.
func scanResourceNote(r scanner) (n civhub.ResourceNote, err error) {
	err = r.Scan(&n.ResourceID, &n.Note, &n.Proposed, &n.CreatedAt)
	n.CreatedAt = n.CreatedAt.UTC()
	return
}
