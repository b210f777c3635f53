package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
	_ "time/tzdata" // people's time zones work on hosts without a zoneinfo database

	"civhub"
)

// QueueFunc adapts a function to Queue, for a queue that exists only after the services that use it.
type QueueFunc func(ctx context.Context, tx *Tx, job civhub.Job) error

// Enqueue implements Queue.
func (f QueueFunc) Enqueue(ctx context.Context, tx *Tx, job civhub.Job) error { return f(ctx, tx, job) }

// Channel carries notifications that ask for action beyond the inbox and email: SMS, say. Send runs
// in the transaction that makes the notification and should only enqueue the channel's own job,
// so that a slow provider never holds the transaction and a failed send is retried.
type Channel interface {
	Name() string
	Send(ctx context.Context, tx *Tx, person int64, n *civhub.Notification) error
}

// NotificationService implements civhub.NotificationService, and notifies people on behalf of the
// other services, in their transactions.
type NotificationService struct {
	db       *DB
	queue    Queue
	channels []Channel
}

// NewNotificationService returns a NotificationService that mails through queue and also sends
// through channels.
func NewNotificationService(db *DB, queue Queue, channels ...Channel) *NotificationService {
	return &NotificationService{db: db, queue: queue, channels: channels}
}

var _ civhub.NotificationService = (*NotificationService)(nil)

// note is a notification to make.
type note struct {
	kind      string
	task      int64  // 0 when it is about no task
	challenge int64  // the challenge it is about, if any
	solution  int64  // the solution it is about, if any
	resource  int64  // the resource it is about, if any
	course    int64  // the course it is about, if any
	toolkit   int64  // the toolkit it is about, if any
	event     int64  // the event it is about, if any
	org       int64  // the organization, when it is about no task
	actor     int64  // who caused it; 0 for civhub itself
	dedup     string // "" for an ordinary event; otherwise at most one entry per person
	gather    bool   // with dedup: a repeat counts into the unread entry instead of being dropped
}

// notifyManagers notifies the owners and admins of org, except the one who caused it.
func (s *NotificationService) notifyManagers(ctx context.Context, tx *Tx, org int64, n note) error {
	ids, err := collect1[int64](ctx, tx, `SELECT person_id FROM memberships WHERE organization_id = $1 AND role IN ($2, $3)
		ORDER BY person_id`, org, civhub.MemberOwner, civhub.MemberAdmin)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if id != n.actor {
			if err := s.notify(ctx, tx, id, n); err != nil {
				return err
			}
		}
	}
	return nil
}

// notify puts n in person's inbox and sends it on as the person chose, in tx.
func (s *NotificationService) notify(ctx context.Context, tx *Tx, person int64, n note) error {
	kind, ok := civhub.FindNoteKind(n.kind)
	if !ok {
		return fmt.Errorf("notify: unknown kind %q", n.kind)
	}
	var email, locale, zone string
	if err := tx.QueryRowContext(ctx, `SELECT p.email, p.locale, `+personZone+` FROM people p WHERE p.id = $1`, person).
		Scan(&email, &locale, &zone); err != nil {
		return fmt.Errorf("notify %d: %w", person, err)
	}
	delivery, err := s.delivery(ctx, tx, person, kind, civhub.ChannelEmail)
	if err != nil {
		return err
	}
	var digestAt any
	if delivery == civhub.DeliverDaily || delivery == civhub.DeliverWeekly {
		digestAt = civhub.NextDigest(tx.Now(), civhub.Location(zone), delivery)
	}
	var dedup any
	if n.dedup != "" {
		dedup = n.dedup
	}
	onConflict := `ON CONFLICT (person_id, dedup_key) DO NOTHING`
	if n.gather {
		// Reading a gathered entry frees its key (see markRead), so the conflict is with an unread one.
		onConflict = `ON CONFLICT (person_id, dedup_key) DO UPDATE SET count = notifications.count + 1,
			created_at = excluded.created_at, actor_id = excluded.actor_id,
			digest_at = COALESCE(notifications.digest_at, excluded.digest_at)`
	}
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO notifications (person_id, kind, task_id, organization_id, actor_id, dedup_key, created_at,
		digest_at, resource_id, course_id, toolkit_id, event_id, challenge_id, solution_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) `+onConflict+` RETURNING id`,
		person, n.kind, nullID(n.task), nullID(n.org), nullID(n.actor), dedup, tx.Now(), digestAt, nullID(n.resource), nullID(n.course),
		nullID(n.toolkit), nullID(n.event), nullID(n.challenge), nullID(n.solution)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // sent before
	} else if err != nil {
		return fmt.Errorf("notify: %w", err)
	}
	var item *civhub.Notification // read once, when a channel sends it at once
	read := func() (err error) {
		if item == nil {
			item, err = noteByID(ctx, tx, id)
		}
		return err
	}
	if delivery == civhub.DeliverNow {
		if err := read(); err != nil {
			return err
		}
		if err := queueMail(ctx, tx, s.queue, &civhub.QueuedMail{PersonID: person, To: email, Locale: locale,
			Kind: civhub.MailNote, Payload: notePayload(item, person)}); err != nil {
			return err
		}
	}
	for _, c := range s.channels {
		d, err := s.delivery(ctx, tx, person, kind, c.Name())
		if err != nil {
			return err
		}
		if d == civhub.DeliverNow {
			if err := read(); err != nil {
				return err
			}
			if err := c.Send(ctx, tx, person, item); err != nil {
				return fmt.Errorf("notify through %s: %w", c.Name(), err)
			}
		}
	}
	return nil
}

// notePayload is what a mail about n needs: its texts' fields, its link, and whom it is for (for
// the unsubscribe link).
func notePayload(n *civhub.Notification, person int64) map[string]string {
	return map[string]string{"note": n.Kind, "task": n.Task, "org": n.Org, "actor": n.Actor,
		"count": strconv.Itoa(n.Count), "path": n.Path(), "person": strconv.FormatInt(person, 10)}
}

// delivery returns how person wants kind through channel.
func (s *NotificationService) delivery(ctx context.Context, tx *Tx, person int64, kind civhub.NoteKind, channel string) (string, error) {
	var d string
	err := tx.QueryRowContext(ctx, `SELECT delivery FROM note_settings WHERE person_id = $1 AND kind = $2 AND channel = $3`,
		person, kind.Name, channel).Scan(&d)
	if errors.Is(err, sql.ErrNoRows) {
		if channel == civhub.ChannelEmail {
			return kind.Email, nil
		}
		return civhub.DeliverOff, nil
	}
	return d, err
}

const noteColumns = `n.id, n.kind, COALESCE(n.task_id, 0), COALESCE(t.title, r.title, c.title, k.title, ev.title, ch.title, so.title, ''), COALESCE(o.name, ''),
	COALESCE(a.display_name, ''), n.count, n.created_at, n.read_at, COALESCE(n.resource_id, 0),
	COALESCE('/courses/' || c.slug || '/' || c.language, ''), COALESCE('/toolkits/' || k.slug || '/' || k.language || '/history', ''),
	COALESCE('/events/' || ev.slug, ''), COALESCE('/challenges/' || ch.slug, ''),
	COALESCE('/solutions/' || so.slug, '')`

const noteJoins = ` FROM notifications n LEFT JOIN tasks t ON t.id = n.task_id LEFT JOIN needs nd ON nd.id = t.need_id
	LEFT JOIN organizations o ON o.id = COALESCE(nd.organization_id, n.organization_id) LEFT JOIN people a ON a.id = n.actor_id
	LEFT JOIN resources r ON r.id = n.resource_id LEFT JOIN courses c ON c.id = n.course_id LEFT JOIN toolkits k ON k.id = n.toolkit_id
	LEFT JOIN events ev ON ev.id = n.event_id LEFT JOIN challenges ch ON ch.id = n.challenge_id
	LEFT JOIN solutions so ON so.id = n.solution_id`

func scanNote(row scanner) (*civhub.Notification, error) {
	n := &civhub.Notification{}
	var read sql.NullTime
	if err := row.Scan(&n.ID, &n.Kind, &n.TaskID, &n.Task, &n.Org, &n.Actor, &n.Count, &n.CreatedAt, &read, &n.ResourceID, &n.CoursePath,
		&n.ToolkitPath, &n.EventPath, &n.ChallengePath, &n.SolutionPath); err != nil {
		return nil, err
	}
	n.ReadAt = timePtr(read)
	return n, nil
}

func noteByID(ctx context.Context, tx *Tx, id int64) (*civhub.Notification, error) {
	return scanNote(tx.QueryRowContext(ctx, `SELECT `+noteColumns+noteJoins+` WHERE n.id = $1`, id))
}

func queryNotes(ctx context.Context, tx *Tx, query string, args ...any) ([]*civhub.Notification, error) {
	return collect(ctx, tx, scanNote, `SELECT `+noteColumns+noteJoins+` WHERE `+query, args...)
}

// Notifications implements civhub.NotificationService.
func (s *NotificationService) Notifications(ctx context.Context, person, before int64, unreadOnly bool, limit int) ([]*civhub.Notification, error) {
	if limit < 1 || limit > 100 {
		limit = 100
	}
	if before <= 0 {
		before = 1<<63 - 1
	}
	where := `n.person_id = $1 AND n.id < $2`
	if unreadOnly {
		where += ` AND n.read_at IS NULL`
	}
	var out []*civhub.Notification
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = queryNotes(ctx, tx, where+` ORDER BY n.id DESC LIMIT $3`, person, before, limit)
		return err
	})
	return out, err
}

// Unread implements civhub.NotificationService.
func (s *NotificationService) Unread(ctx context.Context, person int64) (int, error) {
	var n int
	err := s.db.Read(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM notifications
			WHERE person_id = $1 AND read_at IS NULL LIMIT 99) u`, person).Scan(&n)
	})
	return n, err
}

var errNoteNotFound = civhub.E(civhub.ENOTFOUND, "err.note_not_found", "There is no such notification.")

// ReadNotification implements civhub.NotificationService.
func (s *NotificationService) ReadNotification(ctx context.Context, person, id int64) (*civhub.Notification, error) {
	var n *civhub.Notification
	err := s.db.Update(ctx, func(tx *Tx) error {
		if err := markRead(ctx, tx, `id = $2 AND person_id = $3`, id, person); err != nil {
			return err
		}
		list, err := queryNotes(ctx, tx, `n.id = $1 AND n.person_id = $2`, id, person)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return errNoteNotFound
		}
		n = list[0]
		return nil
	})
	return n, err
}

// ReadAllNotifications implements civhub.NotificationService.
func (s *NotificationService) ReadAllNotifications(ctx context.Context, person int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		return markRead(ctx, tx, `person_id = $2`, person)
	})
}

// markRead marks the unread notifications where holds read. A gathered entry (new messages) gives
// up its dedup key, so that later messages make a new entry at the top of the inbox.
func markRead(ctx context.Context, tx *Tx, where string, args ...any) error {
	_, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = $1,
		dedup_key = CASE WHEN kind = '`+civhub.NoteMessage+`' THEN NULL ELSE dedup_key END
		WHERE read_at IS NULL AND `+where, append([]any{tx.Now()}, args...)...)
	return err
}

// channelNames lists the channels beyond the inbox that this instance has.
func (s *NotificationService) channelNames() []string {
	names := []string{civhub.ChannelEmail}
	for _, c := range s.channels {
		names = append(names, c.Name())
	}
	return names
}

// NoteSettings implements civhub.NotificationService.
func (s *NotificationService) NoteSettings(ctx context.Context, person int64) ([]civhub.NoteSetting, error) {
	var out []civhub.NoteSetting
	err := s.db.View(ctx, func(tx *Tx) error {
		for _, k := range civhub.NoteKinds {
			for _, c := range s.channelNames() {
				d, err := s.delivery(ctx, tx, person, k, c)
				if err != nil {
					return err
				}
				out = append(out, civhub.NoteSetting{Kind: k.Name, Channel: c, Delivery: d})
			}
		}
		return nil
	})
	return out, err
}

// SetNoteSettings implements civhub.NotificationService. Entries already waiting for a digest
// follow the new choice.
func (s *NotificationService) SetNoteSettings(ctx context.Context, person int64, settings []civhub.NoteSetting) error {
	for _, st := range settings {
		kind, ok := civhub.FindNoteKind(st.Kind)
		if !ok {
			return civhub.E(civhub.EINVALID, "err.note_kind", "There is no such kind of notification.")
		}
		known := false
		for _, c := range s.channelNames() {
			known = known || c == st.Channel
		}
		if !known {
			return civhub.E(civhub.EINVALID, "err.note_channel", "There is no such way to be notified.")
		}
		if err := civhub.CheckDelivery(kind, st.Channel, st.Delivery); err != nil {
			return err
		}
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		var zone string
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE((SELECT `+personZone+` FROM people p WHERE p.id = $1), '')`, person).
			Scan(&zone); err != nil {
			return err
		}
		for _, st := range settings {
			if _, err := tx.ExecContext(ctx, `INSERT INTO note_settings (person_id, kind, channel, delivery) VALUES ($1, $2, $3, $4)
				ON CONFLICT (person_id, kind, channel) DO UPDATE SET delivery = excluded.delivery`,
				person, st.Kind, st.Channel, st.Delivery); err != nil {
				return err
			}
			if st.Channel != civhub.ChannelEmail || st.Delivery == civhub.DeliverNow {
				continue
			}
			var due any
			if st.Delivery != civhub.DeliverOff {
				due = civhub.NextDigest(tx.Now(), civhub.Location(zone), st.Delivery)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE notifications SET digest_at = $1
				WHERE person_id = $2 AND kind = $3 AND digest_at IS NOT NULL`, due, person, st.Kind); err != nil {
				return err
			}
		}
		return nil
	})
}

// Unsubscribe implements civhub.NotificationService.
func (s *NotificationService) Unsubscribe(ctx context.Context, person int64, kind string) error {
	var settings []civhub.NoteSetting
	for _, k := range civhub.NoteKinds {
		if kind == "" || k.Name == kind {
			settings = append(settings, civhub.NoteSetting{Kind: k.Name, Channel: civhub.ChannelEmail, Delivery: civhub.DeliverOff})
		}
	}
	if len(settings) == 0 {
		return civhub.E(civhub.EINVALID, "err.note_kind", "There is no such kind of notification.")
	}
	return s.SetNoteSettings(ctx, person, settings)
}

// digestBatch is how many people's digests one pass prepares.
const digestBatch = 200

// SendDigests implements civhub.NotificationService: it gathers each person's due entries into one
// mail. Entries the person has already read in the inbox are not mailed again.
func (s *NotificationService) SendDigests(ctx context.Context) (int, error) {
	sent := 0
	for {
		var people []int64
		err := s.db.View(ctx, func(tx *Tx) (err error) {
			people, err = collect1[int64](ctx, tx, `SELECT DISTINCT person_id FROM notifications WHERE digest_at <= $1
				ORDER BY person_id LIMIT $2`, tx.Now(), digestBatch)
			return err
		})
		if err != nil {
			return sent, err
		}
		for _, p := range people {
			var mailed bool
			if err := s.db.Update(ctx, func(tx *Tx) (err error) {
				mailed, err = s.digest(ctx, tx, p)
				return err
			}); err != nil {
				return sent, err
			}
			if mailed {
				sent++
			}
		}
		if len(people) < digestBatch {
			return sent, nil
		}
	}
}

// digestItem is one line of a digest mail.
type digestItem struct {
	Note  string `json:"note"`
	Task  string `json:"task,omitempty"`
	Org   string `json:"org,omitempty"`
	Actor string `json:"actor,omitempty"`
	Count int    `json:"count"`
	Path  string `json:"path"`
}

// digestLimit is how many entries one digest lists; the rest are in the inbox it links to.
const digestLimit = 30

// digest mails person's due entries, if any is still unread, and reports whether it did.
func (s *NotificationService) digest(ctx context.Context, tx *Tx, person int64) (bool, error) {
	due, err := queryNotes(ctx, tx, `n.person_id = $1 AND n.digest_at <= $2 ORDER BY n.id`, person, tx.Now())
	if err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE notifications SET digest_at = NULL WHERE person_id = $1 AND digest_at <= $2`,
		person, tx.Now()); err != nil {
		return false, err
	}
	var items []digestItem
	// Entries that read the same (hours confirmed twice on one task, by the same person) make one
	// line, counting them all: a digest never lists the same item twice.
	line := map[digestItem]int{}
	unread := 0
	for _, n := range due {
		if n.ReadAt != nil {
			continue
		}
		unread++
		it := digestItem{Note: n.Kind, Task: n.Task, Org: n.Org, Actor: n.Actor, Path: n.Path()}
		if i, seen := line[it]; seen {
			items[i].Count += max(n.Count, 1)
		} else if len(items) < digestLimit {
			line[it] = len(items)
			it.Count = max(n.Count, 1)
			items = append(items, it)
		}
	}
	if unread == 0 {
		return false, nil
	}
	var email, locale string
	if err := tx.QueryRowContext(ctx, `SELECT email, locale FROM people WHERE id = $1`, person).Scan(&email, &locale); err != nil {
		return false, err
	}
	list, err := json.Marshal(items)
	if err != nil {
		return false, err
	}
	return true, queueMail(ctx, tx, s.queue, &civhub.QueuedMail{PersonID: person, To: email, Locale: locale, Kind: civhub.MailDigest,
		Payload: map[string]string{"items": string(list), "count": strconv.Itoa(unread), "person": strconv.FormatInt(person, 10)}})
}

// RemindExpiringClaims implements civhub.NeedService: a volunteer whose claim runs out within a
// quarter of its time (at least an hour) is reminded once, so nobody loses a place unawares.
func (s *NeedService) RemindExpiringClaims(ctx context.Context) (int, error) {
	type claim struct {
		id, volunteer, task int64
		expires             time.Time
		hours               int
	}
	var claims []claim
	err := s.db.View(ctx, func(tx *Tx) error {
		scan := func(r scanner) (c claim, err error) {
			err = r.Scan(&c.id, &c.volunteer, &c.task, &c.expires, &c.hours)
			return
		}
		var err error
		claims, err = collect(ctx, tx, scan, `SELECT a.id, a.volunteer_id, a.task_id, a.expires_at, t.claim_hours
			FROM assignments a JOIN tasks t ON t.id = a.task_id
			WHERE a.status = $1 AND a.expires_at > $2 AND a.expires_at <= $3
			AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.person_id = a.volunteer_id AND n.dedup_key = 'claim_expiring:' || CAST(a.id AS TEXT))
			ORDER BY a.expires_at LIMIT 1000`,
			civhub.AssignClaimed, tx.Now(), tx.Now().Add(civhub.MaxClaimHours*time.Hour/4))
		return err
	})
	if err != nil {
		return 0, err
	}
	reminded := 0
	for _, c := range claims {
		lead := max(time.Duration(c.hours)*time.Hour/4, time.Hour)
		sent := false
		err := s.db.Update(ctx, func(tx *Tx) error {
			if c.expires.Sub(tx.Now()) > lead {
				return nil
			}
			sent = true
			return s.notes.notify(ctx, tx, c.volunteer, note{kind: civhub.NoteClaimExpiring, task: c.task,
				dedup: "claim_expiring:" + strconv.FormatInt(c.id, 10)})
		})
		if err != nil {
			return reminded, err
		}
		if sent {
			reminded++
		}
	}
	return reminded, nil
}
