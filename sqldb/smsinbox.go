package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"civhub"
	"civhub/sms"
)

// SMSInbox implements civhub.SMSInbox: it records the text messages that arrive and carries out
// their commands as the person whose confirmed number sent them.
type SMSInbox struct {
	db    *DB
	needs *NeedService
	words func(locale, key string, args map[string]any) string // words a reply in a locale
}

// NewSMSInbox returns an SMSInbox on db; words words the replies.
func NewSMSInbox(db *DB, needs *NeedService, words func(locale, key string, args map[string]any) string) *SMSInbox {
	return &SMSInbox{db: db, needs: needs, words: words}
}

var _ civhub.SMSInbox = (*SMSInbox)(nil)

// Limits on what arrives: per number, so that nobody is made to pay for a conversation with a
// loop, and per gateway, so that a flood from anywhere cannot make civhub a spammer.
var (
	smsInboundNumberLimit  = newLimit("sms_in_number", 20, time.Hour)
	smsInboundGatewayLimit = newLimit("sms_in_gateway", 2000, time.Hour)
)

const smsReply = "reply" // the kind of the messages that answer a command

// ReceiveSMS implements civhub.SMSInbox.
func (s *SMSInbox) ReceiveSMS(ctx context.Context, gateway, from, body, providerID string) (string, error) {
	number, err := civhub.NormalizePhone(from)
	if err != nil {
		return "", nil // a sender ID or a short code: nothing to answer
	}
	body = sms.Clean(body)
	var person, kept int64
	locale, stopped := "", false
	limited := false
	err = s.db.Update(ctx, func(tx *Tx) error {
		var pid sql.NullInt64
		var loc sql.NullString
		var stop sql.NullTime
		err := tx.QueryRowContext(ctx, `SELECT ph.person_id, p.locale, ph.stopped_at FROM person_phones ph JOIN people p ON p.id = ph.person_id
			WHERE ph.number = $1 AND ph.verified_at IS NOT NULL AND p.disabled_at IS NULL`, number).Scan(&pid, &loc, &stop)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		person, locale, stopped = pid.Int64, loc.String, stop.Valid
		c := sms.Segments(body)
		err = tx.QueryRowContext(ctx, `INSERT INTO sms_messages (direction, person_id, number, body, encoding, segments, kind, status, gateway,
			provider_id, created_at) VALUES ('in', $1, $2, $3, $4, $5, 'command', $6, $7, $8, $9) RETURNING id`,
			nullID(person), number, body, c.Encoding, c.Segments, civhub.SMSReceived, gateway, providerID, tx.Now()).Scan(&kept)
		if isUniqueViolation(err) {
			return errDuplicateSMS
		}
		return err
	})
	if errors.Is(err, errDuplicateSMS) {
		return "", nil // the gateway told us twice: answered the first time
	}
	if err != nil {
		return "", err
	}
	// Limits are counted apart, so that a message over them is still kept (and not answered).
	if err := s.db.Update(ctx, func(tx *Tx) error {
		if err := hit(ctx, tx, smsInboundNumberLimit, hashToken(number)[:24]); err != nil {
			return err
		}
		return hit(ctx, tx, smsInboundGatewayLimit, gateway)
	}); civhub.ErrorCode(err) == civhub.ETOOMANY {
		limited = true
	} else if err != nil {
		return "", err
	}
	cmd := civhub.ParseSMSCommand(body)
	if limited || (stopped && cmd.Verb != civhub.SMSStart) {
		return "", nil // over the limits, or said STOP: nothing goes back
	}
	if locale == "" {
		locale = civhub.SMSLanguage(body)
	}
	if person == 0 && cmd.Verb == civhub.SMSStop {
		return "", nil // a stranger's STOP is kept, and not answered
	}
	key, args, err := s.carryOut(ctx, person, number, locale, cmd)
	reply := ""
	if err == nil {
		reply = sms.Fit(func(c sms.Cut) string { return s.words(locale, key, cutTitles(args, c)) })
		err = s.db.Update(ctx, func(tx *Tx) error { return queueSMS(ctx, tx, person, number, smsReply, reply) })
	}
	if err != nil {
		// Unanswered: the message is forgotten, so that the gateway's next try (or the next
		// reading of its inbox) answers it rather than finding it answered.
		bg := context.WithoutCancel(ctx) // a request that ended still forgets it
		if derr := s.db.Update(bg, func(tx *Tx) error {
			_, err := tx.ExecContext(bg, `DELETE FROM sms_messages WHERE id = $1`, kept)
			return err
		}); derr != nil {
			err = errors.Join(err, derr)
		}
		return "", err
	}
	return reply, nil
}

var errDuplicateSMS = errors.New("sms: received before")

// carryOut does what cmd asks for person (0: a number civhub does not know), and returns the
// reply's message ID and fields.
func (s *SMSInbox) carryOut(ctx context.Context, person int64, number, locale string, cmd civhub.SMSCommand) (string, map[string]any, error) {
	if person == 0 {
		return "sms.reply.unknown", nil, nil
	}
	switch cmd.Verb {
	case civhub.SMSStop, civhub.SMSStart:
		var at any
		key := "sms.reply.started"
		if cmd.Verb == civhub.SMSStop {
			at, key = time.Now().UTC(), "sms.reply.stopped"
		}
		err := s.db.Update(ctx, func(tx *Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE person_phones SET stopped_at = $1, updated_at = $2 WHERE number = $3`, at, tx.Now(), number)
			return err
		})
		return key, nil, err
	case civhub.SMSTake:
		task := cmd.Task
		if task == 0 {
			// YES alone answers the last alert: it takes the task the alert offered.
			err := s.db.View(ctx, func(tx *Tx) error {
				err := tx.QueryRowContext(ctx, `SELECT COALESCE(task_id, 0) FROM alerts WHERE person_id = $1 AND status = $2
					ORDER BY sent_at DESC, id DESC LIMIT 1`, person, civhub.AlertSent).Scan(&task)
				if errors.Is(err, sql.ErrNoRows) {
					return nil
				}
				return err
			})
			if err != nil {
				return "", nil, err
			}
			if task == 0 {
				return "sms.reply.which_task", nil, nil
			}
		}
		_, err := s.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: task, By: person})
		if err != nil {
			return s.refusal(locale, err)
		}
		t, err := s.needs.FindTask(ctx, task)
		if err != nil {
			return "", nil, err
		}
		return "sms.reply.taken", map[string]any{"Task": t.Title, "N": task}, nil
	case civhub.SMSDone, civhub.SMSDecline:
		if cmd.Task == 0 {
			return "sms.reply.which_task", nil, nil
		}
		var assignment int64
		err := s.db.View(ctx, func(tx *Tx) error {
			err := tx.QueryRowContext(ctx, `SELECT id FROM assignments WHERE task_id = $1 AND volunteer_id = $2 AND status IN `+activeStatuses+`
				ORDER BY id DESC LIMIT 1`, cmd.Task, person).Scan(&assignment)
			if errors.Is(err, sql.ErrNoRows) {
				return nil
			}
			return err
		})
		if err != nil {
			return "", nil, err
		}
		if assignment == 0 {
			return "sms.reply.not_yours", map[string]any{"N": cmd.Task}, nil
		}
		req := civhub.ActRequest{Action: civhub.ActWithdraw, AssignmentID: assignment, By: person}
		key := "sms.reply.declined"
		if cmd.Verb == civhub.SMSDone {
			req.Action, req.Message, key = civhub.ActSubmit, "Done, by text message.", "sms.reply.done"
		}
		if _, err := s.needs.Act(ctx, req); err != nil {
			return s.refusal(locale, err)
		}
		return key, map[string]any{"N": cmd.Task}, nil
	case civhub.SMSTasks:
		recs, err := s.needs.RecommendTasks(ctx, person, 3)
		if err != nil {
			return "", nil, err
		}
		if len(recs) == 0 {
			return "sms.reply.no_tasks", nil, nil
		}
		items := make([]smsItem, len(recs))
		for i, r := range recs {
			items[i] = smsItem{r.Task.ID, r.Task.Title}
		}
		return "sms.reply.tasks", map[string]any{smsItems: items, "N": recs[0].Task.ID}, nil
	case civhub.SMSNeed:
		return s.postNeed(ctx, person, locale, cmd.Rest)
	}
	return "sms.reply.help", nil, nil
}

// refusal is the reply to a step the workflow refused: its reason, in the person's language.
func (s *SMSInbox) refusal(locale string, err error) (string, map[string]any, error) {
	var e *civhub.Error
	if !errors.As(err, &e) || e.Code == "" || e.Key == "" || e.Code == civhub.EINTERNAL {
		return "", nil, err
	}
	return "sms.reply.refused", map[string]any{"Reason": s.words(locale, e.Key, nil)}, nil
}

// smsItem is a task a reply lists: its number and title.
type smsItem struct {
	ID    int64
	Title string
}

// smsItems is the field of a reply's fields that holds the tasks it lists, worded as its List.
const smsItems = "items"

// cutTitles returns a reply's fields with the titles it names cut as c says (the task's, the
// organization's, those of the tasks it lists), and the list worded.
func cutTitles(args map[string]any, c sms.Cut) map[string]any {
	if args == nil {
		return nil
	}
	out := make(map[string]any, len(args))
	for k, v := range args {
		out[k] = v
	}
	for _, k := range []string{"Task", "Org"} {
		if t, ok := args[k].(string); ok {
			out[k] = excerptRunes(t, c.Runes)
		}
	}
	if items, ok := args[smsItems].([]smsItem); ok {
		delete(out, smsItems)
		list := ""
		for i, it := range items[:min(len(items), c.Items)] {
			if i > 0 {
				list += " / "
			}
			list += strconv.FormatInt(it.ID, 10) + " " + excerptRunes(it.Title, c.Runes)
		}
		out["List"] = list
	}
	return out
}

// excerptRunes is s cut to n characters, with an ellipsis when cut.
func excerptRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// smsNeedSkills are the skills a need posted by text message asks for, by its kind of work.
var smsNeedSkills = map[string][]string{civhub.TaskTranslation: {"translation"}, "mapping": {"mapping"}, "data_entry": {"data_entry"}}

// postNeed posts, for the organization person runs (the first they joined, when several), a need
// with one task from a NEED message: the kind of work, a language pair, hours and a title.
func (s *SMSInbox) postNeed(ctx context.Context, person int64, locale, rest string) (string, map[string]any, error) {
	var org int64
	var name, verification string
	err := s.db.View(ctx, func(tx *Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT o.id, o.name, o.verification FROM memberships m JOIN organizations o ON o.id = m.organization_id
			WHERE m.person_id = $1 AND m.role IN ($2, $3) ORDER BY m.created_at, o.id LIMIT 1`, person, civhub.MemberOwner, civhub.MemberAdmin).Scan(&org, &name, &verification)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	})
	if err != nil || org == 0 {
		return "sms.reply.not_manager", nil, err
	}
	n := civhub.ParseSMSNeed(rest)
	if n.Title == "" {
		return "sms.reply.need_help", nil, nil
	}
	need := &civhub.Need{OrganizationID: org, Title: n.Title, Description: rest, Remote: true, Status: civhub.NeedOpen}
	task := &civhub.Task{Title: n.Title, Type: n.Type, Skills: smsNeedSkills[n.Type], EstimatedHours: max(n.Hours, 1), VolunteersWanted: 1,
		Urgency: civhub.UrgencyNormal, JoinMode: civhub.JoinClaim, ClaimHours: 72, SourceLanguage: n.Source, TargetLanguage: n.Target}
	if err := s.needs.CreateNeedWithTasks(ctx, need, []*civhub.Task{task}, person); err != nil {
		return s.refusal(locale, err)
	}
	key := "sms.reply.need_posted"
	if (&civhub.Organization{Verification: verification}).HidesNeeds() {
		key = "sms.reply.need_posted_unverified" // volunteers see its tasks once it is verified
	}
	return key, map[string]any{"N": task.ID, "Org": name}, nil
}
