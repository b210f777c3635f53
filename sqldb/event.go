package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"civhub"
)

// EventService implements civhub.EventService.
type EventService struct {
	db    *DB
	notes *NotificationService // tells a waiting person a place opened; nil tells nobody
}

// NewEventService returns an EventService on db.
func NewEventService(db *DB) *EventService { return &EventService{db: db} }

// SetNotes makes the service tell people waiting for a place when one is offered to them.
func (s *EventService) SetNotes(notes *NotificationService) { s.notes = notes }

var _ civhub.EventService = (*EventService)(nil)

var (
	errEventNotFound        = civhub.E(civhub.ENOTFOUND, "err.event_not_found", "There is no such event.")
	errRegistrationNotFound = civhub.E(civhub.ENOTFOUND, "err.registration_not_found", "You are not registered for this event.")
)

// eventLimit bounds the events one person creates in a day.
var eventLimit = newLimit("event", 20, 24*time.Hour)

const eventColumns = `e.id, e.slug, e.kind, e.mode, e.title, e.summary, e.language, e.time_zone, e.starts, e.ends, e.country, e.city,
	e.venue, e.online_url, e.capacity, e.seats_taken, e.confirm_hours, e.status, COALESCE(e.organizer_id, 0),
	COALESCE(e.organization_id, 0), COALESCE(e.kit_of, 0), e.created_at, e.updated_at, e.results_at, e.co_organizers`

func scanEvent(row scanner) (*civhub.Event, error) {
	e := &civhub.Event{}
	var results sql.NullTime
	var co idList
	if err := row.Scan(&e.ID, &e.Slug, &e.Kind, &e.Mode, &e.Title, &e.Summary, &e.Language, &e.TimeZone, &e.Starts, &e.Ends, &e.Country,
		&e.City, &e.Venue, &e.OnlineURL, &e.Capacity, &e.SeatsTaken, &e.ConfirmHours, &e.Status, &e.OrganizerID, &e.OrganizationID,
		&e.KitOf, &e.CreatedAt, &e.UpdatedAt, &results, &co); err != nil {
		return nil, err
	}
	e.CoOrganizers = []int64(co)
	e.ResultsAt = timePtr(results)
	e.Starts, e.Ends, e.CreatedAt, e.UpdatedAt = e.Starts.UTC(), e.Ends.UTC(), e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	return e, nil
}

func findEvent(ctx context.Context, tx *Tx, where string, args ...any) (*civhub.Event, error) {
	e, err := scanEvent(tx.QueryRowContext(ctx, `SELECT `+eventColumns+` FROM events e WHERE `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errEventNotFound
	}
	return e, err
}

// lockEvent reads an event and, on PostgreSQL, locks its row until the transaction ends: the moves
// of its places are taken one after the other.
func lockEvent(ctx context.Context, tx *Tx, id int64) (*civhub.Event, error) {
	return findEvent(ctx, tx, `e.id = $1`+tx.db.dialect.forUpdateOf("e"), id)
}

// CreateEvent implements civhub.EventService.
func (s *EventService) CreateEvent(ctx context.Context, e *civhub.Event, by int64) error {
	if e.Status == "" {
		e.Status = civhub.EventDraft
	}
	if err := e.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if err := hit(ctx, tx, eventLimit, strconv.FormatInt(by, 10)); err != nil {
			return err
		}
		e.OrganizerID, e.SeatsTaken, e.CreatedAt, e.UpdatedAt = by, 0, tx.Now(), tx.Now()
		err := tx.QueryRowContext(ctx, `INSERT INTO events (slug, kind, mode, title, summary, language, time_zone, starts, ends, country,
			city, venue, online_url, capacity, confirm_hours, status, organizer_id, organization_id, kit_of, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20) RETURNING id`,
			e.Slug, e.Kind, e.Mode, e.Title, e.Summary, e.Language, e.TimeZone, e.Starts.UTC(), e.Ends.UTC(), e.Country, e.City, e.Venue,
			e.OnlineURL, e.Capacity, e.ConfirmHours, e.Status, by, nullID(e.OrganizationID), nullID(e.KitOf), e.CreatedAt).Scan(&e.ID)
		if isUniqueViolation(err) {
			return civhub.FieldError("slug", "err.event_slug_taken", "An event has that web address already: choose another title.")
		}
		if err != nil || e.KitOf == 0 {
			return err
		}
		return copyKit(ctx, tx, e)
	})
}

// UpdateEvent implements civhub.EventService. More places offer the new ones to the waitlist.
func (s *EventService) UpdateEvent(ctx context.Context, e *civhub.Event, by int64) error {
	if err := e.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		old, err := lockEvent(ctx, tx, e.ID)
		if err != nil {
			return err
		}
		if old.Status == civhub.EventCancelled {
			e.Status = civhub.EventCancelled // a cancelled event stays cancelled: its people were told
		}
		if e.Capacity != 0 && e.Capacity < old.SeatsTaken {
			return civhub.FieldError("capacity", "err.event_capacity_taken", "More places are taken than that: cancel registrations first.")
		}
		e.UpdatedAt = tx.Now()
		if _, err := tx.ExecContext(ctx, `UPDATE events SET kind = $1, mode = $2, title = $3, summary = $4, language = $5, time_zone = $6,
			starts = $7, ends = $8, country = $9, city = $10, venue = $11, online_url = $12, capacity = $13, confirm_hours = $14,
			status = $15, updated_at = $16 WHERE id = $17`, e.Kind, e.Mode, e.Title, e.Summary, e.Language, e.TimeZone, e.Starts.UTC(),
			e.Ends.UTC(), e.Country, e.City, e.Venue, e.OnlineURL, e.Capacity, e.ConfirmHours, e.Status, e.UpdatedAt, e.ID); err != nil {
			return err
		}
		return s.offerPlaces(ctx, tx, e.ID, 0)
	})
}

// FindEvent implements civhub.EventService.
func (s *EventService) FindEvent(ctx context.Context, slug string) (*civhub.Event, error) {
	var e *civhub.Event
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		e, err = findEvent(ctx, tx, `e.slug = $1`, slug)
		return err
	})
	return e, err
}

// ListEvents implements civhub.EventService.
func (s *EventService) ListEvents(ctx context.Context, f civhub.EventFilter) ([]*civhub.Event, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	var where []string
	var args sqlArgs
	arg := args.add
	if f.Organizer != 0 {
		where = append(where, "(e.status = "+arg(civhub.EventPublished)+" OR e.organizer_id = "+arg(f.Organizer)+")")
	} else {
		where = append(where, "e.status = "+arg(civhub.EventPublished))
	}
	if !f.From.IsZero() {
		where = append(where, "e.ends > "+arg(f.From.UTC()))
	}
	if f.Country != "" {
		where = append(where, "e.country = "+arg(f.Country))
	}
	if f.Near != "" {
		where = append(where, "(e.country = "+arg(f.Near)+" OR e.mode <> "+arg(civhub.ModeInPerson)+")")
	}
	if f.Online {
		where = append(where, "e.mode <> "+arg(civhub.ModeInPerson))
	}
	if f.Kind != "" {
		where = append(where, "e.kind = "+arg(f.Kind))
	}
	var out []*civhub.Event
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, scanEvent, `SELECT `+eventColumns+` FROM events e WHERE `+strings.Join(where, " AND ")+
			` ORDER BY e.starts, e.id LIMIT `+strconv.Itoa(f.Limit), args...)
		return err
	})
	return out, err
}

const registrationColumns = `r.id, r.event_id, r.person_id, p.display_name, r.status, r.code, r.waiting_since, r.offer_expires,
	r.created_at, r.updated_at, r.looking_for_team, r.answers`

func scanRegistration(row scanner) (*civhub.Registration, error) { return scanRegistrationWith(row) }

// scanRegistrationWith scans registrationColumns and then extra columns into more.
func scanRegistrationWith(row scanner, more ...any) (*civhub.Registration, error) {
	r := &civhub.Registration{}
	var waiting, expires sql.NullTime
	if err := row.Scan(append([]any{&r.ID, &r.EventID, &r.PersonID, &r.Name, &r.Status, &r.Code, &waiting, &expires, &r.CreatedAt,
		&r.UpdatedAt, &r.Looking, (*answersColumn)(&r.Answers)}, more...)...); err != nil {
		return nil, err
	}
	r.WaitingSince, r.OfferExpires = timePtr(waiting), timePtr(expires)
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return r, nil
}

func findRegistration(ctx context.Context, tx *Tx, where string, args ...any) (*civhub.Registration, error) {
	r, err := scanRegistration(tx.QueryRowContext(ctx, `SELECT `+registrationColumns+` FROM registrations r
		JOIN people p ON p.id = r.person_id WHERE `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errRegistrationNotFound
	}
	return r, err
}

// takeSeat gives one of event's places, if one is free: the one statement every path that gives a
// place goes through.
func takeSeat(ctx context.Context, tx *Tx, event int64) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE events SET seats_taken = seats_taken + 1 WHERE id = $1 AND (capacity = 0 OR seats_taken < capacity)`, event)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// freeSeat gives a place back.
func freeSeat(ctx context.Context, tx *Tx, event int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE events SET seats_taken = seats_taken - 1 WHERE id = $1 AND seats_taken > 0`, event)
	return err
}

// moveRegistration sets r's status (and the times that go with it) and writes the move in its history.
func moveRegistration(ctx context.Context, tx *Tx, r *civhub.Registration, status string, by int64) error {
	r.Status, r.UpdatedAt = status, tx.Now()
	if _, err := tx.ExecContext(ctx, `UPDATE registrations SET status = $1, waiting_since = $2, offer_expires = $3, updated_at = $4
		WHERE id = $5`, status, utcPtr(r.WaitingSince), utcPtr(r.OfferExpires), r.UpdatedAt, r.ID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO registration_history (registration_id, status, by_id, created_at) VALUES ($1, $2, $3, $4)`,
		r.ID, status, nullID(by), tx.Now())
	return err
}

var errEventClosed = civhub.E(civhub.ECONFLICT, "err.event_closed", "This event does not take registrations now.")

// idList reads a JSON list of IDs.
type idList []int64

// Scan implements sql.Scanner; an empty value is an empty list.
func (l *idList) Scan(src any) error {
	b, err := textBytes("id list", src)
	if err != nil {
		return err
	}
	*l = nil
	if len(b) == 0 {
		return nil
	}
	return json.Unmarshal(b, (*[]int64)(l))
}

// SetCoOrganizer implements civhub.EventService.
func (s *EventService) SetCoOrganizer(ctx context.Context, event, person int64, on bool, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		e, err := lockEvent(ctx, tx, event)
		if err != nil {
			return err
		}
		list := slices.DeleteFunc(slices.Clone(e.CoOrganizers), func(id int64) bool { return id == person })
		if on {
			if person == e.OrganizerID {
				return civhub.FieldError("email", "err.co_organizer_self", "This person organizes the event already.")
			}
			if len(list) >= civhub.MaxCoOrganizers {
				return civhub.FieldError("email", "err.co_organizers_full", "An event has at most 10 co-organizers.")
			}
			list = append(list, person)
		}
		b, _ := json.Marshal(append([]int64{}, list...)) // a list of numbers always encodes
		_, err = tx.ExecContext(ctx, `UPDATE events SET co_organizers = $1, updated_at = $2 WHERE id = $3`, string(b), tx.Now(), event)
		return err
	})
}

// answersColumn reads and writes a registration's answers as a JSON object.
type answersColumn civhub.Answers

// Scan implements sql.Scanner; an empty value is no answers.
func (a *answersColumn) Scan(src any) error {
	b, err := textBytes("answers", src)
	if err != nil {
		return err
	}
	*a = nil
	if len(b) == 0 || string(b) == "{}" {
		return nil
	}
	return json.Unmarshal(b, (*map[string]string)(a))
}

// value is the JSON the column stores.
func (a answersColumn) value() string {
	if len(a) == 0 {
		return "{}"
	}
	b, _ := json.Marshal(map[string]string(a)) // a map of strings always encodes
	return string(b)
}

// Register implements civhub.EventService.
func (s *EventService) Register(ctx context.Context, event, person int64) (*civhub.Registration, error) {
	return s.RegisterWithAnswers(ctx, event, person, nil)
}

// RegisterWithAnswers implements civhub.EventService.
func (s *EventService) RegisterWithAnswers(ctx context.Context, event, person int64, given civhub.Answers) (*civhub.Registration, error) {
	var out *civhub.Registration
	err := s.db.Update(ctx, func(tx *Tx) error {
		e, err := lockEvent(ctx, tx, event)
		if err != nil {
			return err
		}
		if e.Status != civhub.EventPublished || !tx.Now().Before(e.Starts) {
			return errEventClosed
		}
		questions, err := readQuestions(ctx, tx, event)
		if err != nil {
			return err
		}
		answers, err := civhub.CheckAnswers(questions, given)
		if err != nil {
			return err
		}
		r, err := findRegistration(ctx, tx, `r.event_id = $1 AND r.person_id = $2`, event, person)
		switch {
		case err == nil && r.Status != civhub.RegCancelled:
			return civhub.E(civhub.ECONFLICT, "err.registered_already", "You are registered already.")
		case err != nil && !errors.Is(err, errRegistrationNotFound):
			return err
		}
		if err != nil { // the first time: a new row with its own check-in code
			r = &civhub.Registration{EventID: event, PersonID: person, CreatedAt: tx.Now(), UpdatedAt: tx.Now()}
			if err := insertRegistration(ctx, tx, r); err != nil {
				return err
			}
		}
		got, err := takeSeat(ctx, tx, event)
		if err != nil {
			return err
		}
		r.Answers = answers
		if _, err := tx.ExecContext(ctx, `UPDATE registrations SET answers = $1 WHERE id = $2`, answersColumn(answers).value(), r.ID); err != nil {
			return err
		}
		status := civhub.RegRegistered
		r.WaitingSince, r.OfferExpires = nil, nil
		if !got {
			now := tx.Now()
			status, r.WaitingSince = civhub.RegWaitlisted, &now
		}
		out = r
		return moveRegistration(ctx, tx, r, status, person)
	})
	return out, err
}

// readQuestions reads an event's questions in order.
func readQuestions(ctx context.Context, tx *Tx, event int64) ([]*civhub.EventQuestion, error) {
	return collect(ctx, tx, func(r scanner) (*civhub.EventQuestion, error) {
		q := &civhub.EventQuestion{EventID: event}
		var choices list
		err := r.Scan(&q.ID, &q.Position, &q.Prompt, &q.Kind, &choices, &q.Required)
		q.Choices = []string(choices)
		if len(q.Choices) == 0 {
			q.Choices = nil
		}
		return q, err
	}, `SELECT id, position, prompt, kind, choices, required FROM event_questions WHERE event_id = $1 ORDER BY position, id`, event)
}

// Questions implements civhub.EventService.
func (s *EventService) Questions(ctx context.Context, event int64) ([]*civhub.EventQuestion, error) {
	var out []*civhub.EventQuestion
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = readQuestions(ctx, tx, event)
		return err
	})
	return out, err
}

// AddQuestion implements civhub.EventService.
func (s *EventService) AddQuestion(ctx context.Context, q *civhub.EventQuestion, by int64) error {
	if err := q.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := lockEvent(ctx, tx, q.EventID); err != nil {
			return err
		}
		var n, last int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MAX(position), 0) FROM event_questions WHERE event_id = $1`, q.EventID).
			Scan(&n, &last); err != nil {
			return err
		}
		if n >= civhub.MaxEventQuestions {
			return civhub.E(civhub.ECONFLICT, "err.questions_full", "An event asks at most 10 questions.")
		}
		q.Position = last + 1
		return tx.QueryRowContext(ctx, `INSERT INTO event_questions (event_id, position, prompt, kind, choices, required)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, q.EventID, q.Position, q.Prompt, q.Kind, list(q.Choices), q.Required).Scan(&q.ID)
	})
}

// DeleteQuestion implements civhub.EventService.
func (s *EventService) DeleteQuestion(ctx context.Context, event, question int64, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM event_questions WHERE event_id = $1 AND id = $2`, event, question)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return civhub.E(civhub.ENOTFOUND, "err.ask_not_found", "There is no such question.")
		}
		return nil
	})
}

// insertRegistration stores r with a fresh check-in code, drawing again on the rare code taken.
func insertRegistration(ctx context.Context, tx *Tx, r *civhub.Registration) error {
	for range 5 {
		r.Code = civhub.NewCheckInCode()
		var taken int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM registrations WHERE event_id = $1 AND code = $2`, r.EventID, r.Code).Scan(&taken); err != nil {
			return err
		}
		if taken != 0 {
			continue
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO registrations (event_id, person_id, status, code, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`, r.EventID, r.PersonID, civhub.RegCancelled, r.Code, r.CreatedAt).Scan(&r.ID)
		if isUniqueViolation(err) {
			return civhub.E(civhub.ECONFLICT, "err.registered_already", "You are registered already.")
		}
		return err
	}
	return fmt.Errorf("register: no free check-in code")
}

// offerPlaces offers event's free places to the people waiting, in order, but skip: each offered
// place is held until its deadline and the person is told.
func (s *EventService) offerPlaces(ctx context.Context, tx *Tx, event, skip int64) error {
	e, err := findEvent(ctx, tx, `e.id = $1`, event)
	if err != nil {
		return err
	}
	if e.Status != civhub.EventPublished || !tx.Now().Before(e.Starts) {
		return nil
	}
	for {
		next, err := findRegistration(ctx, tx, `r.event_id = $1 AND r.status = $2 AND r.person_id <> $3
			ORDER BY r.waiting_since, r.id LIMIT 1`, event, civhub.RegWaitlisted, skip)
		if errors.Is(err, errRegistrationNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		got, err := takeSeat(ctx, tx, event)
		if err != nil || !got {
			return err
		}
		expires := tx.Now().Add(time.Duration(e.ConfirmHours) * time.Hour)
		next.OfferExpires = &expires
		if err := moveRegistration(ctx, tx, next, civhub.RegOffered, 0); err != nil {
			return err
		}
		if s.notes != nil {
			if err := s.notes.notify(ctx, tx, next.PersonID, note{kind: civhub.NoteEventPlaceOffered, event: event}); err != nil {
				return err
			}
		}
	}
}

// Cancel implements civhub.EventService.
func (s *EventService) Cancel(ctx context.Context, event, person, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := lockEvent(ctx, tx, event); err != nil {
			return err
		}
		r, err := findRegistration(ctx, tx, `r.event_id = $1 AND r.person_id = $2`, event, person)
		if err != nil {
			return err
		}
		if r.Status == civhub.RegCancelled {
			return civhub.E(civhub.ECONFLICT, "err.registration_cancelled", "This registration is cancelled already.")
		}
		held := civhub.HoldsSeat(r.Status)
		r.WaitingSince, r.OfferExpires = nil, nil
		if err := moveRegistration(ctx, tx, r, civhub.RegCancelled, by); err != nil {
			return err
		}
		if !held {
			return nil
		}
		if err := freeSeat(ctx, tx, event); err != nil {
			return err
		}
		return s.offerPlaces(ctx, tx, event, 0)
	})
}

// Confirm implements civhub.EventService.
func (s *EventService) Confirm(ctx context.Context, event, person int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := lockEvent(ctx, tx, event); err != nil {
			return err
		}
		r, err := findRegistration(ctx, tx, `r.event_id = $1 AND r.person_id = $2`, event, person)
		if err != nil {
			return err
		}
		if r.Status != civhub.RegOffered || r.OfferExpires == nil || !tx.Now().Before(*r.OfferExpires) {
			return civhub.E(civhub.ECONFLICT, "err.offer_gone", "There is no place offered to you now: the offer may have expired.")
		}
		r.OfferExpires = nil
		return moveRegistration(ctx, tx, r, civhub.RegRegistered, person)
	})
}

// ExpireOffers implements civhub.EventService. Each expired offer is its own transaction.
func (s *EventService) ExpireOffers(ctx context.Context) (int, error) {
	var due []*civhub.Registration
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		due, err = collect(ctx, tx, scanRegistration, `SELECT `+registrationColumns+` FROM registrations r JOIN people p ON p.id = r.person_id
			WHERE r.status = $1 AND r.offer_expires <= $2 ORDER BY r.offer_expires LIMIT 1000`, civhub.RegOffered, tx.Now())
		return err
	})
	if err != nil {
		return 0, err
	}
	expired := 0
	for _, d := range due {
		err := s.db.Update(ctx, func(tx *Tx) error {
			if _, err := lockEvent(ctx, tx, d.EventID); err != nil {
				return err
			}
			r, err := findRegistration(ctx, tx, `r.id = $1`, d.ID)
			if err != nil {
				return err
			}
			if r.Status != civhub.RegOffered || r.OfferExpires == nil || tx.Now().Before(*r.OfferExpires) {
				return nil // confirmed or cancelled meanwhile
			}
			// Back to the end of the waitlist; the place goes to the next person, not to them again.
			now := tx.Now()
			r.WaitingSince, r.OfferExpires = &now, nil
			if err := moveRegistration(ctx, tx, r, civhub.RegWaitlisted, 0); err != nil {
				return err
			}
			if err := freeSeat(ctx, tx, r.EventID); err != nil {
				return err
			}
			expired++
			return s.offerPlaces(ctx, tx, r.EventID, r.PersonID)
		})
		if err != nil {
			return expired, err
		}
	}
	return expired, nil
}

// Registration implements civhub.EventService.
func (s *EventService) Registration(ctx context.Context, event, person int64) (*civhub.Registration, error) {
	var r *civhub.Registration
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		r, err = findRegistration(ctx, tx, `r.event_id = $1 AND r.person_id = $2`, event, person)
		return err
	})
	return r, err
}

// Registrations implements civhub.EventService.
func (s *EventService) Registrations(ctx context.Context, event int64) ([]*civhub.Registration, error) {
	var out []*civhub.Registration
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, func(row scanner) (*civhub.Registration, error) {
			var noShows int
			r, err := scanRegistrationWith(row, &noShows)
			if r != nil {
				r.NoShows = noShows
			}
			return r, err
		}, `SELECT `+registrationColumns+`, (SELECT COUNT(*) FROM registrations o WHERE o.person_id = r.person_id AND o.status = $6
			AND o.event_id <> r.event_id) FROM registrations r JOIN people p ON p.id = r.person_id
			WHERE r.event_id = $1 ORDER BY CASE r.status WHEN $2 THEN 0 WHEN $3 THEN 0 WHEN $4 THEN 0 WHEN $5 THEN 1 WHEN $6 THEN 2 ELSE 3 END,
			r.waiting_since, r.id LIMIT 5000`, event, civhub.RegAttended, civhub.RegRegistered, civhub.RegOffered, civhub.RegWaitlisted,
			civhub.RegNoShow)
		return err
	})
	return out, err
}

// CheckIn implements civhub.EventService.
func (s *EventService) CheckIn(ctx context.Context, event int64, code string, by int64) (*civhub.Registration, error) {
	code = civhub.NormalizeCheckInCode(code)
	var out *civhub.Registration
	err := s.db.Update(ctx, func(tx *Tx) error {
		r, err := findRegistration(ctx, tx, `r.event_id = $1 AND r.code = $2`, event, code)
		if errors.Is(err, errRegistrationNotFound) {
			return civhub.FieldError("code", "err.checkin_code", "No registration has this code: check it with the person.")
		} else if err != nil {
			return err
		}
		out = r
		switch r.Status {
		case civhub.RegAttended:
			return nil // checked in already
		case civhub.RegRegistered, civhub.RegOffered:
		default:
			return civhub.E(civhub.ECONFLICT, "err.checkin_no_place", "This person has no place at the event: see the list.")
		}
		r.OfferExpires = nil
		return moveRegistration(ctx, tx, r, civhub.RegAttended, by)
	})
	return out, err
}

// MarkNoShows implements civhub.EventService.
func (s *EventService) MarkNoShows(ctx context.Context, event int64, by int64) (int, error) {
	n := 0
	err := s.db.Update(ctx, func(tx *Tx) error {
		e, err := lockEvent(ctx, tx, event)
		if err != nil {
			return err
		}
		if tx.Now().Before(e.Ends) {
			return civhub.E(civhub.ECONFLICT, "err.event_not_over", "Absences are counted once the event is over.")
		}
		absent, err := collect(ctx, tx, scanRegistration, `SELECT `+registrationColumns+` FROM registrations r
			JOIN people p ON p.id = r.person_id WHERE r.event_id = $1 AND r.status IN ($2, $3) ORDER BY r.id`,
			event, civhub.RegRegistered, civhub.RegOffered)
		if err != nil {
			return err
		}
		for _, r := range absent {
			r.OfferExpires = nil
			if err := moveRegistration(ctx, tx, r, civhub.RegNoShow, by); err != nil {
				return err
			}
		}
		n = len(absent)
		return nil
	})
	return n, err
}

// PersonRegistrations implements civhub.EventService.
func (s *EventService) PersonRegistrations(ctx context.Context, person int64) ([]*civhub.Registration, []*civhub.Event, error) {
	var regs []*civhub.Registration
	var events []*civhub.Event
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		if regs, err = collect(ctx, tx, scanRegistration, `SELECT `+registrationColumns+` FROM registrations r
			JOIN people p ON p.id = r.person_id JOIN events e ON e.id = r.event_id WHERE r.person_id = $1
			ORDER BY e.starts DESC, r.id LIMIT 500`, person); err != nil {
			return err
		}
		// Their events, read in one statement.
		ids := make([]any, len(regs))
		for i, r := range regs {
			ids[i] = r.EventID
		}
		byID := map[int64]*civhub.Event{}
		if len(ids) > 0 {
			list, err := collect(ctx, tx, scanEvent, `SELECT `+eventColumns+` FROM events e WHERE e.id IN (`+placeholders(1, len(ids))+`)`, ids...)
			if err != nil {
				return err
			}
			for _, e := range list {
				byID[e.ID] = e
			}
		}
		events = make([]*civhub.Event, len(regs))
		for i, r := range regs {
			events[i] = byID[r.EventID]
		}
		return nil
	})
	return regs, events, err
}

// AddSession implements civhub.EventService.
func (s *EventService) AddSession(ctx context.Context, ses *civhub.AgendaItem, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		e, err := lockEvent(ctx, tx, ses.EventID)
		if err != nil {
			return err
		}
		if err := ses.Validate(e); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM event_sessions WHERE event_id = $1`, e.ID).Scan(&n); err != nil {
			return err
		}
		if n >= civhub.MaxSessions {
			return civhub.E(civhub.ECONFLICT, "err.sessions_full", "An agenda may have at most 100 sessions.")
		}
		var errs []error
		if ses.CourseSlug != "" {
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM courses WHERE slug = $1 AND status = $2`, ses.CourseSlug,
				civhub.CoursePublished).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				errs = append(errs, civhub.FieldError("course", "err.course_unknown", "There is no such course."))
			}
		}
		if ses.ToolkitSlug != "" {
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM toolkits WHERE slug = $1 AND language = $2 AND current_rev <> 0
				AND NOT hidden`, ses.ToolkitSlug, ses.ToolkitLang).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				errs = append(errs, civhub.FieldError("toolkit", "err.toolkit_not_found", "There is no such toolkit."))
			}
		}
		if err := civhub.MergeFieldErrors(errs...); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `INSERT INTO event_sessions (event_id, title, track, room, leader, starts, ends, course_slug,
			toolkit_slug, toolkit_language) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`, e.ID, ses.Title, ses.Track,
			ses.Room, ses.Leader, ses.Starts.UTC(), ses.Ends.UTC(), ses.CourseSlug, ses.ToolkitSlug, ses.ToolkitLang).Scan(&ses.ID)
	})
}

// DeleteSession implements civhub.EventService.
func (s *EventService) DeleteSession(ctx context.Context, event, session int64, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM event_sessions WHERE event_id = $1 AND id = $2`, event, session)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return civhub.E(civhub.ENOTFOUND, "err.session_not_found", "There is no such session.")
		}
		return nil
	})
}

// Sessions implements civhub.EventService.
func (s *EventService) Sessions(ctx context.Context, event int64) ([]*civhub.AgendaItem, error) {
	var out []*civhub.AgendaItem
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = readSessions(ctx, tx, event)
		return err
	})
	return out, err
}

// readSessions reads an event's agenda, in time order.
func readSessions(ctx context.Context, tx *Tx, event int64) ([]*civhub.AgendaItem, error) {
	return collect(ctx, tx, func(r scanner) (*civhub.AgendaItem, error) {
		ses := &civhub.AgendaItem{EventID: event}
		err := r.Scan(&ses.ID, &ses.Title, &ses.Track, &ses.Room, &ses.Leader, &ses.Starts, &ses.Ends, &ses.CourseSlug, &ses.ToolkitSlug,
			&ses.ToolkitLang)
		ses.Starts, ses.Ends = ses.Starts.UTC(), ses.Ends.UTC()
		return ses, err
	}, `SELECT id, title, track, room, leader, starts, ends, course_slug, toolkit_slug, toolkit_language FROM event_sessions
		WHERE event_id = $1 ORDER BY starts, id`, event)
}

// RemindTomorrow implements civhub.EventService. Each reminder is its own transaction, kept to one
// a person and event by its dedup key.
func (s *EventService) RemindTomorrow(ctx context.Context) (int, error) {
	if s.notes == nil {
		return 0, nil
	}
	type due struct{ event, person int64 }
	var list []due
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		list, err = collect(ctx, tx, func(r scanner) (d due, err error) {
			err = r.Scan(&d.event, &d.person)
			return
		}, `SELECT r.event_id, r.person_id FROM registrations r JOIN events e ON e.id = r.event_id
			WHERE e.status = $1 AND e.starts > $2 AND e.starts <= $3 AND r.status IN ($4, $5)
			AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.person_id = r.person_id
				AND n.dedup_key = 'event_tomorrow:' || CAST(e.id AS TEXT))
			ORDER BY e.starts, r.id LIMIT 1000`, civhub.EventPublished, tx.Now(), tx.Now().Add(24*time.Hour), civhub.RegRegistered,
			civhub.RegOffered)
		return err
	})
	if err != nil {
		return 0, err
	}
	for i, d := range list {
		if err := s.db.Update(ctx, func(tx *Tx) error {
			return s.notes.notify(ctx, tx, d.person, note{kind: civhub.NoteEventTomorrow, event: d.event,
				dedup: "event_tomorrow:" + strconv.FormatInt(d.event, 10)})
		}); err != nil {
			return i, err
		}
	}
	return len(list), nil
}
