package web

import (
	"time"

	"civhub"
	"civhub/i18n"
)

// doneView says that a volunteer's approved work is done: with the hours the organization
// confirmed and the day it last confirmed some ("Done — 6 hours confirmed on 4 December 2026."),
// or, before it confirmed any, the day the work was approved.
type doneView struct {
	Text string // the line that says it is done
	Next string // message ID of what is left to do, if anything: log hours, or wait for their confirmation
}

// doneFor tells the done state of engagement a from the hours its volunteer logged on its task
// (entries of other engagements are skipped).
func doneFor(l *i18n.Locale, a *civhub.Assignment, entries []civhub.HoursEntry) *doneView {
	if !civhub.IsCompleted(a.Status) {
		return nil
	}
	minutes, pending := 0, false
	var last time.Time
	for _, e := range entries {
		if e.AssignmentID != a.ID {
			continue
		}
		switch e.Status {
		case civhub.HoursConfirmed:
			minutes += e.Minutes
			if e.DecidedAt != nil && e.DecidedAt.After(last) {
				last = *e.DecidedAt
			}
		case civhub.HoursPending:
			pending = true
		}
	}
	d := &doneView{}
	switch {
	case minutes > 0 && !last.IsZero():
		d.Text = l.T("task.done.confirmed", map[string]any{"Hours": hoursText(l, minutes), "Date": l.Date(last)})
	default:
		d.Text = l.T("task.done.approved", map[string]any{"Date": l.Date(a.UpdatedAt)})
	}
	switch {
	case pending:
		d.Next = "task.done.hours_waiting"
	case minutes == 0:
		d.Next = "task.done.log_hours"
	}
	return d
}

// hoursText says minutes as whole hours ("6 hours") or, with a part of an hour, as "2 h 30 min".
func hoursText(l *i18n.Locale, minutes int) string {
	if minutes%60 == 0 {
		return l.N("task.done.hours", minutes/60)
	}
	return l.T("hours.amount", map[string]any{"H": minutes / 60, "M": minutes % 60})
}
