package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"slices"

	"civhub"
)

// StandbyService implements civhub.StandbyService.
type StandbyService struct {
	db         *DB
	validSkill func(string) bool
}

// NewStandbyService returns a StandbyService on db; validSkill checks skill IDs.
func NewStandbyService(db *DB, validSkill func(string) bool) *StandbyService {
	return &StandbyService{db: db, validSkill: validSkill}
}

var _ civhub.StandbyService = (*StandbyService)(nil)

var errNoPledge = civhub.E(civhub.ENOTFOUND, "err.standby_none", "You are not on the standby roster.")

const pledgeColumns = `person_id, countries, anywhere, regions, skills, languages, channels, quiet_from, quiet_to, first_week_hours,
	paused_at, updated_at`

func scanPledge(row scanner) (*civhub.StandbyPledge, error) {
	p := &civhub.StandbyPledge{}
	var paused sql.NullTime
	if err := row.Scan(&p.PersonID, (*list)(&p.Countries), &p.Anywhere, &p.Regions, (*list)(&p.Skills), (*list)(&p.Languages),
		(*list)(&p.Channels), &p.QuietFrom, &p.QuietTo, &p.FirstWeekHours, &paused, &p.UpdatedAt); err != nil {
		return nil, err
	}
	p.PausedAt, p.UpdatedAt = timePtr(paused), p.UpdatedAt.UTC()
	return p, nil
}

// Pledge implements civhub.StandbyService.
func (s *StandbyService) Pledge(ctx context.Context, person int64) (*civhub.StandbyPledge, error) {
	var p *civhub.StandbyPledge
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		p, err = scanPledge(tx.QueryRowContext(ctx, `SELECT `+pledgeColumns+` FROM standby WHERE person_id = $1`, person))
		if errors.Is(err, sql.ErrNoRows) {
			return errNoPledge
		}
		return err
	})
	return p, err
}

// SavePledge implements civhub.StandbyService.
func (s *StandbyService) SavePledge(ctx context.Context, p *civhub.StandbyPledge) error {
	if err := p.Validate(s.validSkill); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if slices.Contains(p.Channels, civhub.ChannelSMS) {
			if err := reachableBySMS(ctx, tx, p.PersonID); err != nil {
				return err
			}
		}
		p.UpdatedAt = tx.Now()
		res, err := tx.ExecContext(ctx, `UPDATE standby SET countries = $1, anywhere = $2, regions = $3, skills = $4, languages = $5,
			channels = $6, quiet_from = $7, quiet_to = $8, first_week_hours = $9, updated_at = $10 WHERE person_id = $11`,
			list(p.Countries), p.Anywhere, p.Regions, list(p.Skills), list(p.Languages), list(p.Channels), p.QuietFrom, p.QuietTo,
			p.FirstWeekHours, p.UpdatedAt, p.PersonID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO standby (person_id, countries, anywhere, regions, skills, languages, channels,
				quiet_from, quiet_to, first_week_hours, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)`,
				p.PersonID, list(p.Countries), p.Anywhere, p.Regions, list(p.Skills), list(p.Languages), list(p.Channels), p.QuietFrom,
				p.QuietTo, p.FirstWeekHours, p.UpdatedAt); err != nil {
				return err
			}
		}
		var paused sql.NullTime
		if err := tx.QueryRowContext(ctx, `SELECT paused_at FROM standby WHERE person_id = $1`, p.PersonID).Scan(&paused); err != nil {
			return err
		}
		p.PausedAt = timePtr(paused)
		return nil
	})
}

// PausePledge implements civhub.StandbyService.
func (s *StandbyService) PausePledge(ctx context.Context, person int64, paused bool) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		p, err := scanPledge(tx.QueryRowContext(ctx, `SELECT `+pledgeColumns+` FROM standby WHERE person_id = $1`+tx.db.dialect.forUpdate(), person))
		if errors.Is(err, sql.ErrNoRows) {
			return errNoPledge
		}
		if err != nil {
			return err
		}
		var at any
		if paused {
			at = tx.Now()
		} else if slices.Contains(p.Channels, civhub.ChannelSMS) {
			if err := reachableBySMS(ctx, tx, person); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE standby SET paused_at = $1, updated_at = $2 WHERE person_id = $3`, at, tx.Now(), person)
		return err
	})
}

// LeaveRoster implements civhub.StandbyService.
func (s *StandbyService) LeaveRoster(ctx context.Context, person int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM standby WHERE person_id = $1`, person)
		return err
	})
}

// RosterSize implements civhub.StandbyService.
func (s *StandbyService) RosterSize(ctx context.Context) (int, error) {
	var n int
	err := s.db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM standby WHERE paused_at IS NULL`).Scan(&n)
	})
	return n, err
}

// reachableBySMS refuses SMS as a channel for a person without a verified number that takes messages.
func reachableBySMS(ctx context.Context, tx *Tx, person int64) error {
	ph, err := findPhone(ctx, tx, person)
	if err != nil && civhub.ErrorCode(err) != civhub.ENOTFOUND {
		return err
	}
	if !ph.Reachable() {
		return civhub.FieldError("channels", "err.standby_no_phone", "To be woken by SMS, add and verify your phone number first, or choose email.")
	}
	return nil
}

// exportCrisis adds a person's phone, pledge and text messages to their export.
func exportCrisis(ctx context.Context, tx *Tx, x *civhub.PersonExport, person int64) error {
	ph, err := findPhone(ctx, tx, person)
	switch {
	case err == nil:
		x.Phone = ph
	case civhub.ErrorCode(err) != civhub.ENOTFOUND:
		return err
	}
	pl, err := scanPledge(tx.QueryRowContext(ctx, `SELECT `+pledgeColumns+` FROM standby WHERE person_id = $1`, person))
	switch {
	case err == nil:
		x.Standby = pl
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	x.SMS, err = collect(ctx, tx, func(r scanner) (m civhub.SMSMessage, err error) {
		err = r.Scan(&m.Direction, &m.Number, &m.Body, &m.Kind, &m.Status, &m.CreatedAt)
		m.CreatedAt = m.CreatedAt.UTC()
		return
	}, `SELECT direction, number, body, kind, status, created_at FROM sms_messages WHERE person_id = $1 ORDER BY id`, person)
	if err != nil {
		return err
	}
	if x.SMS == nil {
		x.SMS = []civhub.SMSMessage{}
	}
	x.Alerts, err = collect(ctx, tx, func(r scanner) (a civhub.ExportedAlert, err error) {
		var sent sql.NullTime
		err = r.Scan(&a.Crisis, &a.Channel, &a.Status, &a.Reason, &sent)
		a.SentAt = timePtr(sent)
		return
	}, `SELECT c.slug, a.channel, a.status, a.reason, a.sent_at FROM alerts a JOIN crises c ON c.id = a.crisis_id
		WHERE a.person_id = $1 ORDER BY a.id`, person)
	if x.Alerts == nil {
		x.Alerts = []civhub.ExportedAlert{}
	}
	return err
}
