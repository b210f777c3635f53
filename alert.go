package civhub

import (
	"context"
	"slices"
	"time"
)

// Alerts: when a crisis is activated, its coordinators alert the volunteers on the standby roster
// who match it (StandbyPledge.Matches), once per channel they chose. An alert is queued at once for
// everyone (one statement however many there are) and sent by the dispatcher when its time comes:
// after the person's quiet hours unless the crisis is life-safety, and never closer than
// AlertSpacing to the last alert the person had on the same channel.

// Alert statuses.
const (
	AlertQueued  = "queued"  // waiting for its time, or for the dispatcher
	AlertSent    = "sent"    // its text message or mail is queued for the gateway or the mail server
	AlertSkipped = "skipped" // nothing may carry it any more: see AlertDecision
)

// AlertSpacing is the least time between two alerts to one person on one channel: two crises
// activated together wake nobody twice in a row.
const AlertSpacing = 10 * time.Minute

// Alert is one person's alert about one crisis on one channel.
type Alert struct {
	ID        int64
	CrisisID  int64
	PersonID  int64
	Channel   string // ChannelSMS, ChannelEmail
	Status    string
	TaskID    int64 // the task it offered, chosen when it was sent; 0 for none
	SendAfter time.Time
	SentAt    *time.Time
	Reason    string // why it was skipped, or why it waits
}

// Reasons an alert is skipped, or waits.
const (
	AlertOffRoster  = "off_roster"  // the pledge was paused or withdrawn, or no longer takes this channel
	AlertNoNumber   = "no_number"   // the number was removed, or said STOP
	AlertStoodDown  = "stood_down"  // the crisis stood down before the alert's time came
	AlertNoMatch    = "no_match"    // the pledge no longer matches the crisis
	AlertWaitQuiet  = "quiet_hours" // (not a skip) waiting for the person's quiet hours to end
	AlertWaitSpaced = "spacing"     // (not a skip) waiting for AlertSpacing after the last alert
)

// AlertContext is what the dispatcher knows of an alert's person when its time comes.
type AlertContext struct {
	Pledge    *StandbyPledge // nil when they left the roster
	Zone      string         // their time zone; "" for UTC
	Reachable bool           // for SMS: a confirmed number that did not say STOP
	LastSent  *time.Time     // their last alert sent on the same channel
}

// AlertDecision is the one rule of what becomes of a due alert at now: skip it (with the reason),
// let it wait until a later time (with the reason), or send it (wait is zero and skip empty).
func AlertDecision(a *Alert, c *Crisis, x AlertContext, now time.Time) (skip string, wait time.Time, why string) {
	switch {
	case c.Status != CrisisActive:
		return AlertStoodDown, time.Time{}, ""
	case !x.Pledge.Active() || !slices.Contains(x.Pledge.Channels, a.Channel):
		return AlertOffRoster, time.Time{}, ""
	case !x.Pledge.Matches(c):
		return AlertNoMatch, time.Time{}, ""
	case a.Channel == ChannelSMS && !x.Reachable:
		return AlertNoNumber, time.Time{}, ""
	}
	if x.LastSent != nil && now.Before(x.LastSent.Add(AlertSpacing)) {
		return "", x.LastSent.Add(AlertSpacing), AlertWaitSpaced
	}
	if !(c.LifeSafety && !c.Drill) && x.Pledge.InQuietHours(now, x.Zone) {
		return "", x.Pledge.QuietUntil(now, x.Zone), AlertWaitQuiet
	}
	return "", time.Time{}, ""
}

// QuietUntil returns the end of the quiet hours that t falls in (t itself outside them): the
// next time the clock in zone reads QuietTo.
func (p *StandbyPledge) QuietUntil(t time.Time, zone string) time.Time {
	if !p.InQuietHours(t, zone) {
		return t
	}
	local := t.In(Location(zone))
	end := time.Date(local.Year(), local.Month(), local.Day(), p.QuietTo/60, p.QuietTo%60, 0, 0, local.Location())
	if !end.After(local) {
		end = time.Date(local.Year(), local.Month(), local.Day()+1, p.QuietTo/60, p.QuietTo%60, 0, 0, local.Location())
	}
	return end.UTC()
}

// AlertCounts sums a crisis's alerts for its board.
type AlertCounts struct {
	Queued   int `json:"queued"`   // waiting: for the dispatcher, quiet hours or spacing
	Sent     int `json:"sent"`     // sent, by SMS or email
	Skipped  int `json:"skipped"`  // not sent: paused, number gone, stood down
	People   int `json:"people"`   // alerted, once however many channels
	Answered int `json:"answered"` // alerted people who then took one of its tasks
}

// AlertMessage is what an alert's text message says, for the function that words it in the
// person's language.
type AlertMessage struct {
	Crisis    *Crisis
	TaskTitle string // the task it offers; "" for none yet
	Path      string // where to answer: the task's page, or the crisis's board
}

// AlertService alerts the standby roster and sends the alerts when their time comes.
type AlertService interface {
	// AlertRoster queues an alert for every volunteer on the roster who matches the crisis, on
	// each channel they chose (SMS only with a confirmed number), and returns how many it queued:
	// those alerted before are not alerted again. Errors: ECONFLICT once the crisis stood down.
	AlertRoster(ctx context.Context, crisis, by int64) (int, error)
	// DispatchAlerts sends at most limit of the alerts whose time came, and returns how many it
	// decided (sent, skipped or put off). Each alert's message is queued in the transaction that
	// marks it sent, so that a dispatcher killed at any point sends nothing twice and loses nothing.
	DispatchAlerts(ctx context.Context, limit int) (int, error)
	// AlertCounts sums a crisis's alerts.
	AlertCounts(ctx context.Context, crisis int64) (*AlertCounts, error)
}

// DispatchAlertsJob asks the jobs runner to send the alerts whose time came.
type DispatchAlertsJob struct{}

// Kind implements Job.
func (DispatchAlertsJob) Kind() string { return "dispatch_alerts" }
