package sqldb

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"time"

	"civhub"
)

var _ civhub.CalendarService = (*ResourceService)(nil)

// calendarHash is what is stored of a calendar token.
func calendarHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// NewCalendar implements civhub.CalendarService.
func (s *ResourceService) NewCalendar(ctx context.Context, org, by int64) (string, error) {
	token := "cal" + rand.Text()
	err := s.db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO org_calendars (organization_id, token_hash, created_by, created_at)
			VALUES ($1, $2, $3, $4) ON CONFLICT (organization_id) DO UPDATE SET token_hash = excluded.token_hash,
			created_by = excluded.created_by, created_at = excluded.created_at`, org, calendarHash(token), nullID(by), tx.Now()); err != nil {
			return err
		}
		return audit(ctx, tx, civhub.AuditEntry{ActorID: by, OrganizationID: org, Action: civhub.AuditCalendar, Detail: civhub.AuditDetail{Key: "audit.detail.calendar_new"}.String()})
	})
	return token, err
}

var errNoCalendar = civhub.E(civhub.ENOTFOUND, "err.no_calendar", "There is no such calendar: it may have been replaced or stopped.")

// RevokeCalendar implements civhub.CalendarService.
func (s *ResourceService) RevokeCalendar(ctx context.Context, org, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM org_calendars WHERE organization_id = $1`, org)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errNoCalendar
		}
		return audit(ctx, tx, civhub.AuditEntry{ActorID: by, OrganizationID: org, Action: civhub.AuditCalendar, Detail: civhub.AuditDetail{Key: "audit.detail.calendar_stopped"}.String()})
	})
}

// CalendarSince implements civhub.CalendarService.
func (s *ResourceService) CalendarSince(ctx context.Context, org int64) (*time.Time, error) {
	var at time.Time
	err := s.db.read.QueryRowContext(ctx, `SELECT created_at FROM org_calendars WHERE organization_id = $1`, org).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	at = at.UTC()
	return &at, err
}

// CalendarOrganization implements civhub.CalendarService.
func (s *ResourceService) CalendarOrganization(ctx context.Context, token string) (int64, string, error) {
	var org int64
	var name string
	err := s.db.read.QueryRowContext(ctx, `SELECT c.organization_id, o.name FROM org_calendars c
		JOIN organizations o ON o.id = c.organization_id WHERE c.token_hash = $1`, calendarHash(token)).Scan(&org, &name)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", errNoCalendar
	}
	return org, name, err
}

// NewPersonCalendar implements civhub.EventService.
func (s *EventService) NewPersonCalendar(ctx context.Context, person int64) (string, error) {
	token := "cal" + rand.Text()
	err := s.db.Update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO person_calendars (person_id, token_hash, created_at) VALUES ($1, $2, $3)
			ON CONFLICT (person_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at`,
			person, calendarHash(token), tx.Now())
		return err
	})
	return token, err
}

// StopPersonCalendar implements civhub.EventService.
func (s *EventService) StopPersonCalendar(ctx context.Context, person int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM person_calendars WHERE person_id = $1`, person)
		return err // stopping a calendar there is none of leaves none: nothing to refuse
	})
}

// PersonCalendarSince implements civhub.EventService.
func (s *EventService) PersonCalendarSince(ctx context.Context, person int64) (*time.Time, error) {
	var at time.Time
	err := s.db.read.QueryRowContext(ctx, `SELECT created_at FROM person_calendars WHERE person_id = $1`, person).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	at = at.UTC()
	return &at, err
}

// CalendarPerson implements civhub.EventService.
func (s *EventService) CalendarPerson(ctx context.Context, token string) (int64, error) {
	var person int64
	err := s.db.read.QueryRowContext(ctx, `SELECT person_id FROM person_calendars WHERE token_hash = $1`, calendarHash(token)).Scan(&person)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, errNoCalendar
	}
	return person, err
}
