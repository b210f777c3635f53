package sqldb

import (
	"context"
	"database/sql"
	"errors"

	"civhub"
)

var _ civhub.CertificateService = (*NeedService)(nil)

const certificateColumns = `code, person_id, name, minutes, tasks, organizations, courses, issued_at, withdrawn_at`

func scanCertificate(r scanner) (*civhub.Certificate, error) {
	c := &civhub.Certificate{}
	var withdrawn sql.NullTime
	var courses list
	if err := r.Scan(&c.Code, &c.PersonID, &c.Name, &c.Minutes, &c.Tasks, &c.Organizations, &courses, &c.IssuedAt, &withdrawn); err != nil {
		return nil, err
	}
	if len(courses) > 0 {
		c.Courses = courses
	}
	c.IssuedAt, c.WithdrawnAt = c.IssuedAt.UTC(), timePtr(withdrawn)
	return c, nil
}

// IssueCertificate implements civhub.CertificateService. The figures are the volunteer's record as
// Contribution reads it, the same the certificate page shows.
func (s *NeedService) IssueCertificate(ctx context.Context, person int64) (*civhub.Certificate, error) {
	record, err := s.Contribution(ctx, person)
	if err != nil {
		return nil, err
	}
	if record.ConfirmedMinutes == 0 && record.TasksApproved == 0 && len(record.Courses) == 0 {
		return nil, civhub.E(civhub.ECONFLICT, "certificate.error.nothing_yet",
			"There is nothing to certify yet: once an organization confirms your hours or approves your work, or you finish a course, you can add an address.")
	}
	var c *civhub.Certificate
	err = s.db.Update(ctx, func(tx *Tx) error {
		latest, err := collect(ctx, tx, scanCertificate, `SELECT `+certificateColumns+` FROM certificates
			WHERE person_id = $1 AND withdrawn_at IS NULL ORDER BY id DESC LIMIT 1`, person)
		if err != nil {
			return err
		}
		if len(latest) == 1 && latest[0].Matches(record) {
			c = latest[0]
			return nil
		}
		var name string
		err = tx.QueryRowContext(ctx, `SELECT display_name FROM people WHERE id = $1`, person).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return civhub.E(civhub.ENOTFOUND, "err.person_not_found", "No such person.")
		} else if err != nil {
			return err
		}
		c = &civhub.Certificate{Code: civhub.NewCertificateCode(), PersonID: person, Name: name, Minutes: record.ConfirmedMinutes,
			Tasks: record.TasksApproved, Organizations: record.Organizations, Courses: record.CourseTitles(), IssuedAt: tx.Now()}
		_, err = tx.ExecContext(ctx, `INSERT INTO certificates (`+certificateColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL)`,
			c.Code, c.PersonID, c.Name, c.Minutes, c.Tasks, c.Organizations, list(c.Courses), c.IssuedAt)
		return err
	})
	return c, err
}

// Certificates implements civhub.CertificateService.
func (s *NeedService) Certificates(ctx context.Context, person int64) ([]*civhub.Certificate, error) {
	var out []*civhub.Certificate
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, scanCertificate, `SELECT `+certificateColumns+` FROM certificates WHERE person_id = $1
			ORDER BY id DESC LIMIT 100`, person)
		return err
	})
	return out, err
}

// FindCertificate implements civhub.CertificateService.
func (s *NeedService) FindCertificate(ctx context.Context, code string) (*civhub.Certificate, error) {
	notFound := civhub.E(civhub.ENOTFOUND, "certificate.error.not_found", "No certificate has this code.")
	code, ok := civhub.NormalizeCertificateCode(code)
	if !ok {
		return nil, notFound
	}
	var c *civhub.Certificate
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		c, err = scanCertificate(tx.QueryRowContext(ctx, `SELECT `+certificateColumns+` FROM certificates WHERE code = $1`, code))
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound
	}
	return c, err
}

// WithdrawCertificate implements civhub.CertificateService.
func (s *NeedService) WithdrawCertificate(ctx context.Context, person int64, code string) error {
	notFound := civhub.E(civhub.ENOTFOUND, "certificate.error.not_found", "No certificate has this code.")
	code, ok := civhub.NormalizeCertificateCode(code)
	if !ok {
		return notFound
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		c, err := scanCertificate(tx.QueryRowContext(ctx, `SELECT `+certificateColumns+` FROM certificates
			WHERE code = $1 AND person_id = $2`, code, person))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound
		} else if err != nil {
			return err
		}
		if c.WithdrawnAt != nil {
			return civhub.E(civhub.ECONFLICT, "certificate.error.withdrawn_already", "This certificate is withdrawn already.")
		}
		_, err = tx.ExecContext(ctx, `UPDATE certificates SET withdrawn_at = $1 WHERE code = $2 AND withdrawn_at IS NULL`, tx.Now(), code)
		return err
	})
}
