package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"civhub"
)

// SetAlerts gives the service what sending alerts needs: queue enqueues the mail and the
// dispatcher's job with the change, text words an alert's text message in a locale.
func (s *CrisisService) SetAlerts(queue Queue, text func(locale string, m civhub.AlertMessage) string) {
	s.queue, s.alertText = queue, text
}

var _ civhub.AlertService = (*CrisisService)(nil)

// rosterMatch is StandbyPledge.Matches in SQL over the standby row s, on an account that is not
// disabled: its condition and its parameters, numbered from $first. Lists are stored as JSON
// arrays of codes that are checked on the way in (country and language codes, skill IDs: no
// quotes), so a code is in a list when the list's text contains the code in quotes.
func rosterMatch(d Dialect, c *civhub.Crisis, first int) (string, []any) {
	var args []any
	in := func(col string, codes []string) string {
		var or []string
		for _, code := range codes {
			args = append(args, `"`+code+`"`)
			or = append(or, d.contains(col, "$"+strconv.Itoa(first+len(args)-1)))
		}
		if len(or) == 0 {
			return "FALSE"
		}
		return "(" + strings.Join(or, " OR ") + ")"
	}
	where := `s.paused_at IS NULL AND EXISTS (SELECT 1 FROM people p WHERE p.id = s.person_id AND p.disabled_at IS NULL)
		AND (s.anywhere OR ` + in("s.countries", c.Countries) + `)`
	if len(c.Skills) > 0 || len(c.Languages) > 0 {
		where += ` AND (` + in("s.skills", c.Skills) + ` OR ` + in("s.languages", c.Languages) + `)`
	}
	return where, args
}

// smsReachable is the condition that the person of standby row s has a confirmed number that did
// not say STOP (Phone.Reachable).
const smsReachable = `EXISTS (SELECT 1 FROM person_phones ph WHERE ph.person_id = s.person_id AND ph.verified_at IS NOT NULL
	AND ph.stopped_at IS NULL)`

// AlertRoster implements civhub.AlertService.
func (s *CrisisService) AlertRoster(ctx context.Context, crisis, by int64) (int, error) {
	n := 0
	err := s.db.Update(ctx, func(tx *Tx) error {
		n = 0
		c, err := findCrisis(ctx, tx, `c.id = $1`, true, crisis)
		if err != nil {
			return err
		}
		if c.Status != civhub.CrisisActive {
			return errCrisisOver
		}
		now := tx.Now()
		for _, channel := range civhub.StandbyChannels {
			where, args := rosterMatch(tx.db.dialect, c, 5)
			where += ` AND ` + tx.db.dialect.contains("s.channels", "$4")
			if channel == civhub.ChannelSMS {
				where += ` AND ` + smsReachable
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO alerts (crisis_id, person_id, channel, status, send_after, created_at)
				SELECT $1, s.person_id, $2, '`+civhub.AlertQueued+`', $3, $3 FROM standby s WHERE `+where+`
				ON CONFLICT (crisis_id, person_id, channel) DO NOTHING`,
				append([]any{c.ID, channel, now, `"` + channel + `"`}, args...)...)
			if err != nil {
				return fmt.Errorf("alert the roster: %w", err)
			}
			added, err := res.RowsAffected()
			if err != nil {
				return err
			}
			n += int(added)
		}
		if n == 0 {
			return nil
		}
		if err := audit(ctx, tx, civhub.AuditEntry{ActorID: by, Action: civhub.AuditCrisis,
			Detail: civhub.AuditDetail{Key: "audit.detail.crisis_alerted", Args: map[string]string{"Title": c.Title, "Count": strconv.Itoa(n)}}.String()}); err != nil {
			return err
		}
		if s.queue == nil {
			return nil // the periodic dispatcher sends them
		}
		return s.queue.Enqueue(ctx, tx, civhub.DispatchAlertsJob{})
	})
	return n, err
}

// standbyMatching counts the volunteers on the roster a crisis's alerts would reach, by the
// fan-out's own condition.
func standbyMatching(ctx context.Context, tx *Tx, c *civhub.Crisis) (int, error) {
	where, args := rosterMatch(tx.db.dialect, c, 1)
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM standby s WHERE `+where, args...).Scan(&n)
	return n, err
}

// AlertCounts implements civhub.AlertService.
func (s *CrisisService) AlertCounts(ctx context.Context, crisis int64) (*civhub.AlertCounts, error) {
	out := &civhub.AlertCounts{}
	err := s.db.View(ctx, func(tx *Tx) error { return alertCounts(ctx, tx, crisis, out) })
	return out, err
}

func alertCounts(ctx context.Context, tx *Tx, crisis int64, out *civhub.AlertCounts) error {
	rows, err := tx.QueryContext(ctx, `SELECT status, COUNT(*) FROM alerts WHERE crisis_id = $1 GROUP BY status`, crisis)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var status string
		var n int
		if err := rows.Scan(&status, &n); err != nil {
			return err
		}
		switch status {
		case civhub.AlertQueued:
			out.Queued = n
		case civhub.AlertSent:
			out.Sent = n
		case civhub.AlertSkipped:
			out.Skipped = n
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return tx.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(DISTINCT person_id) FROM alerts WHERE crisis_id = $1 AND status = $2),
		(SELECT COUNT(DISTINCT al.person_id) FROM alerts al WHERE al.crisis_id = $1 AND al.status = $2 AND EXISTS (
			SELECT 1 FROM assignments a JOIN tasks t ON t.id = a.task_id WHERE t.crisis_id = $1 AND a.volunteer_id = al.person_id))`,
		crisis, civhub.AlertSent).Scan(&out.People, &out.Answered)
}

// dueAlert is an alert the dispatcher holds, with what it needs to decide and to write.
type dueAlert struct {
	civhub.Alert
	email, locale string
	number        string
	x             civhub.AlertContext
}

// DispatchAlerts implements civhub.AlertService. One transaction decides a batch: it takes the
// due alerts (on PostgreSQL skipping those another dispatcher holds), and for each either queues
// its message and marks it sent, marks it skipped, or puts it off. An alert is marked only while
// still queued, so two dispatchers never both send one.
func (s *CrisisService) DispatchAlerts(ctx context.Context, limit int) (int, error) {
	n := 0
	err := s.db.Update(ctx, func(tx *Tx) error {
		n = 0
		now := tx.Now()
		due, err := collect(ctx, tx, func(row scanner) (*dueAlert, error) {
			d := &dueAlert{}
			err := row.Scan(&d.ID, &d.CrisisID, &d.PersonID, &d.Channel, &d.SendAfter)
			return d, err
		}, `SELECT a.id, a.crisis_id, a.person_id, a.channel, a.send_after FROM alerts a
			WHERE a.status = $1 AND a.send_after <= $2 ORDER BY a.send_after, a.id LIMIT $3`+tx.db.dialect.skipLocked(), civhub.AlertQueued, now, limit)
		if err != nil || len(due) == 0 {
			return err
		}
		crises := map[int64]*civhub.Crisis{}
		tasks := map[int64][]civhub.CrisisTask{}
		for _, d := range due {
			if crises[d.CrisisID] != nil {
				continue
			}
			if crises[d.CrisisID], err = findCrisis(ctx, tx, `c.id = $1`, false, d.CrisisID); err != nil {
				return err
			}
			if tasks[d.CrisisID], err = crisisTasks(ctx, tx, d.CrisisID); err != nil {
				return err
			}
		}
		if err := s.alertContexts(ctx, tx, due); err != nil {
			return err
		}
		// Decide every alert first, then write the decisions a group at a time: the skipped by
		// reason, the sent by the task they offer (each UPDATE returns the alerts it took, still
		// queued), the put off one by one.
		skipped, sent := map[string][]int64{}, map[int64][]*dueAlert{}
		offered := map[int64]civhub.CrisisTask{}
		for _, d := range due {
			skip, wait, why := civhub.AlertDecision(&d.Alert, crises[d.CrisisID], d.x, now)
			switch {
			case skip != "":
				skipped[skip] = append(skipped[skip], d.ID)
			case !wait.IsZero():
				res, err := tx.ExecContext(ctx, `UPDATE alerts SET send_after = $1, reason = $2 WHERE id = $3 AND status = $4`,
					wait, why, d.ID, civhub.AlertQueued)
				if err != nil {
					return fmt.Errorf("put off alert %d: %w", d.ID, err)
				}
				if affected(res) {
					n++
				}
			default:
				task := offeredTask(tasks[d.CrisisID], d.x.Pledge)
				offered[task.ID] = task
				sent[task.ID] = append(sent[task.ID], d)
				// The next alert to this person on this channel waits its turn.
				at := now
				for _, o := range due {
					if o.PersonID == d.PersonID && o.Channel == d.Channel {
						o.x.LastSent = &at
					}
				}
			}
		}
		for reason, ids := range skipped {
			taken, err := collect1[int64](ctx, tx, `UPDATE alerts SET status = $1, reason = $2 WHERE id IN (`+inList(ids)+`) AND status = $3
				RETURNING id`, civhub.AlertSkipped, reason, civhub.AlertQueued)
			if err != nil {
				return fmt.Errorf("skip alerts: %w", err)
			}
			n += len(taken)
		}
		for task, list := range sent {
			ids := make([]int64, len(list))
			for i, d := range list {
				ids[i] = d.ID
			}
			taken, err := collect1[int64](ctx, tx, `UPDATE alerts SET status = $1, sent_at = $2, task_id = $3, reason = '' WHERE id IN (`+inList(ids)+`)
				AND status = $4 RETURNING id`, civhub.AlertSent, now, nullID(task), civhub.AlertQueued)
			if err != nil {
				return fmt.Errorf("send alerts: %w", err)
			}
			for _, d := range list {
				if !slices.Contains(taken, d.ID) {
					continue // another dispatcher sent it
				}
				if err := s.sendAlert(ctx, tx, d, crises[d.CrisisID], offered[task]); err != nil {
					return fmt.Errorf("send alert %d: %w", d.ID, err)
				}
				n++
			}
		}
		return nil
	})
	return n, err
}

// inList is a list of IDs for IN (…): integers read from the database, never a person's input.
func inList(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ", ")
}

// affected reports whether res changed a row.
func affected(res sql.Result) bool {
	n, err := res.RowsAffected()
	return err == nil && n > 0
}

// alertContexts reads, for each due alert, its person's pledge, number and last alert sent.
func (s *CrisisService) alertContexts(ctx context.Context, tx *Tx, due []*dueAlert) error {
	ids := make([]int64, len(due))
	for i, d := range due {
		ids[i] = d.PersonID
	}
	in := inList(ids)
	type reader struct {
		id                  int64
		email, locale, zone string
	}
	readers, err := collect(ctx, tx, func(row scanner) (r reader, err error) {
		var zone sql.NullString
		err = row.Scan(&r.id, &r.email, &r.locale, &zone)
		r.zone = zone.String
		return
	}, `SELECT p.id, p.email, p.locale, `+personZone+` FROM people p WHERE p.id IN (`+in+`)`)
	if err != nil {
		return err
	}
	pledges, err := collect(ctx, tx, scanPledge, `SELECT `+pledgeColumns+` FROM standby s
		WHERE s.person_id IN (`+in+`) AND EXISTS (SELECT 1 FROM people p WHERE p.id = s.person_id AND p.disabled_at IS NULL)`)
	if err != nil {
		return err
	}
	phones, err := collect(ctx, tx, scanPhone, `SELECT `+phoneColumns+` FROM person_phones WHERE person_id IN (`+in+`)`)
	if err != nil {
		return err
	}
	type last struct {
		person  int64
		channel string
		at      time.Time
	}
	// Newest first: the first row for a person and channel is their last alert on it.
	lasts, err := collect(ctx, tx, func(row scanner) (last, error) {
		var l last
		err := row.Scan(&l.person, &l.channel, &l.at)
		return l, err
	}, `SELECT person_id, channel, sent_at FROM alerts WHERE person_id IN (`+in+`) AND status = $1 AND sent_at IS NOT NULL
		ORDER BY sent_at DESC`, civhub.AlertSent)
	if err != nil {
		return err
	}
	for _, d := range due {
		for _, r := range readers {
			if r.id == d.PersonID {
				d.email, d.locale, d.x.Zone = r.email, r.locale, r.zone
			}
		}
		for _, p := range pledges {
			if p.PersonID == d.PersonID {
				d.x.Pledge = p
			}
		}
		for _, ph := range phones {
			if ph.PersonID == d.PersonID {
				d.x.Reachable, d.number = ph.Reachable(), ph.Number
			}
		}
		for _, l := range lasts {
			if l.person == d.PersonID && l.channel == d.Channel {
				at := l.at.UTC()
				d.x.LastSent = &at
				break
			}
		}
	}
	return nil
}

// offeredTask is the open task of a crisis an alert offers a person: the first that needs one of
// their skills or translates into one of their languages, or else the first open one.
func offeredTask(tasks []civhub.CrisisTask, p *civhub.StandbyPledge) civhub.CrisisTask {
	var first *civhub.CrisisTask
	for i, t := range tasks {
		if t.Stage != civhub.BoardOpen || t.AtRisk {
			continue
		}
		if first == nil {
			first = &tasks[i]
		}
		if p != nil && (slices.ContainsFunc(t.Skills, func(s string) bool { return slices.Contains(p.Skills, s) }) ||
			slices.ContainsFunc(t.Languages, func(l string) bool { return slices.Contains(p.Languages, l) })) {
			return t
		}
	}
	if first == nil {
		return civhub.CrisisTask{}
	}
	return *first
}

// sendAlert queues an alert's text message or mail, in tx.
func (s *CrisisService) sendAlert(ctx context.Context, tx *Tx, d *dueAlert, c *civhub.Crisis, task civhub.CrisisTask) error {
	path := "/crises/" + c.Slug
	if task.ID != 0 {
		path = "/tasks/" + strconv.FormatInt(task.ID, 10)
	}
	if d.Channel == civhub.ChannelSMS {
		if s.alertText == nil {
			return fmt.Errorf("alerts: no words for text messages (SetAlerts)")
		}
		return queueSMS(ctx, tx, d.PersonID, d.number, smsAlert, s.alertText(d.locale, civhub.AlertMessage{Crisis: c, TaskTitle: task.Title, Path: path}))
	}
	if s.queue == nil {
		return fmt.Errorf("alerts: no mail queue (SetAlerts)")
	}
	drill := ""
	if c.Drill {
		drill = "yes"
	}
	return queueMail(ctx, tx, s.queue, &civhub.QueuedMail{PersonID: d.PersonID, To: d.email, Locale: d.locale, Kind: civhub.MailCrisisAlert,
		Payload: map[string]string{"crisis": c.Title, "task": task.Title, "path": path, "drill": drill}})
}
