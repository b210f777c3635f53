package jobs

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"time"

	"github.com/riverqueue/river"

	"civhub"
	"civhub/sms"
)

// SendSMSJob sends the queued text messages through the gateway, paced. It runs on a timer on one
// elected node, so that the pace holds for the whole site.
type SendSMSJob struct{}

// Kind implements Job.
func (SendSMSJob) Kind() string { return "send_sms" }

// InsertOpts makes the job unique per period.
func (SendSMSJob) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: smsEvery}}
}

// smsEvery is how often the sender runs; each run sends for a little less. Runs that overlap
// (a slow gateway) share the gateway's slots, so the pace holds.
const (
	smsEvery  = 10 * time.Second
	smsWindow = 8 * time.Second
)

// smsLease is how long a claimed message is a sender's: long enough for a slow gateway's answer,
// short enough that a message whose sender died goes out again soon.
const smsLease = 2 * time.Minute

// SMSSender sends queued text messages through Gateway at most Rate a second: an Android phone's
// SIM is the gateway a small organization can afford, and operators block a SIM that sends too
// fast.
type SMSSender struct {
	Outbox  civhub.SMSOutbox
	Gateway sms.Gateway // nil: none set up; messages wait for the administrators' page
	Rate    float64     // messages a second
	Logger  *slog.Logger
	// Inbox answers what arrives, and Marks remember how far the gateway's inbox was read, for
	// a gateway whose messages are read through its API (an sms.Inbox); nil in tools that
	// answer nothing.
	Inbox civhub.SMSInbox
	Marks civhub.SMSReadMarks
}

// SendDue sends what is queued until nothing is, or for window, and returns how many went out.
// Each message waits for the gateway's next free slot, shared with every other sender (a run
// that overlaps this one, another node), then is claimed with a lease before it is sent and
// recorded after: a sender that dies in between leaves it to be claimed again when the lease
// ends, under the same reference, which the gateways that take one refuse to send twice.
func (s *SMSSender) SendDue(ctx context.Context, window time.Duration) (int, error) {
	if s.Gateway == nil {
		return 0, nil
	}
	gap := time.Duration(float64(time.Second) / max(s.Rate, 0.01))
	deadline := time.Now().Add(window)
	sent := 0
	for {
		wait, ok, err := s.Outbox.ReserveSMSSlot(ctx, s.Gateway.Name(), gap, time.Until(deadline))
		if err != nil || !ok {
			return sent, err // nothing to send, or not before the window ends: the next run goes on
		}
		if wait > 0 {
			select {
			case <-time.After(wait):
			case <-ctx.Done():
				return sent, ctx.Err()
			}
		}
		claimed, err := s.Outbox.ClaimSMS(ctx, s.Gateway.Name(), 1, smsLease)
		if err != nil || len(claimed) == 0 {
			return sent, err
		}
		m := claimed[0]
		id, sendErr := s.send(ctx, sms.Message{Ref: m.Ref, To: m.Number, Body: m.Body}, m.Attempts)
		permanent := errors.Is(sendErr, sms.ErrPermanent)
		if err := s.Outbox.FinishSMS(ctx, m.ID, id, sendErr, permanent, smsBackoff(m.Attempts)); err != nil {
			return sent, err
		}
		if sendErr != nil {
			// The log names the message and the gateway's words, never the number.
			s.Logger.Warn("text message not sent", "sms", m.ID, "to", civhub.MaskPhone(m.Number), "attempt", m.Attempts,
				"permanent", permanent, "err", sendErr)
			continue
		}
		sent++
	}
}

// send hands m to the gateway. A message tried before through a gateway that takes no reference
// of ours is first looked for there: its sender may have died after sending it. (The look-up
// matches the text sent to the number within a day, so a message the person got word for word
// earlier that day counts as sent.)
func (s *SMSSender) send(ctx context.Context, m sms.Message, attempts int) (string, error) {
	if f, ok := s.Gateway.(sms.Finder); ok && attempts > 1 {
		id, found, err := f.Find(ctx, m, time.Now().Add(-24*time.Hour))
		if err != nil || found {
			return id, err
		}
	}
	return s.Gateway.Send(ctx, m)
}

// smsBackoff is how long a message waits after a failed try: a minute, doubling, at most an hour.
func smsBackoff(attempts int) time.Duration {
	return min(time.Minute<<min(max(attempts-1, 0), 6), time.Hour)
}

// FetchSMSJob reads the gateway's inbox through its API (an sms.Inbox) and answers what arrived.
// It runs every minute, and soon after the provider calls back about a message: Soon names the
// second it is due, so that the callbacks of two seconds make one job, due after them all.
type FetchSMSJob struct {
	Soon int64 `json:"soon,omitempty"` // Unix seconds; 0 for the job on the timer
}

// Kind implements Job.
func (FetchSMSJob) Kind() string { return "fetch_sms" }

// InsertOpts makes the job unique per minute and per second it is due.
func (j FetchSMSJob) InsertOpts() river.InsertOpts {
	opts := river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true, ByPeriod: time.Minute}}
	if j.Soon != 0 {
		// Tried once: while the provider does not answer, the job on the timer tries each minute.
		opts.ScheduledAt, opts.MaxAttempts = time.Unix(j.Soon, 0), 1
	}
	return opts
}

// fetchSoon is how long callbacks gather before the inbox is read.
const fetchSoon = 2 * time.Second

// fetchPages bounds one reading of an inbox; what is left waits for the next.
const fetchPages = 50

// FetchDue reads the messages that arrived at the gateway since the last read and answers them,
// and returns how many it answered. Until civhub first reaches the end of the inbox, what it reads
// is only marked, not answered: the account's history (a number's old messages) is not civhub's
// to answer. That first reading goes on where it stopped, however many runs it takes.
func (s *SMSSender) FetchDue(ctx context.Context) (int, error) {
	in, ok := s.Gateway.(sms.Inbox)
	if !ok || s.Inbox == nil || s.Marks == nil {
		return 0, nil
	}
	last, listening, err := s.Marks.ReadMark(ctx, in.Name())
	if err != nil {
		return 0, err
	}
	answered := 0
	for range fetchPages {
		page, err := in.Received(ctx, last)
		if err != nil {
			return answered, err
		}
		if len(page) == 0 {
			if !listening {
				s.Logger.Info("listening to a gateway's messages from here on", "gateway", in.Name(), "after", last)
				return answered, s.Marks.MoveReadMark(ctx, in.Name(), last, true)
			}
			return answered, nil
		}
		for _, m := range page {
			if listening {
				if _, err := s.Inbox.ReceiveSMS(ctx, in.Name(), m.From, m.Text, strconv.FormatInt(m.ID, 10)); err != nil {
					return answered, err
				}
				answered++
				if err := s.Marks.MoveReadMark(ctx, in.Name(), m.ID, true); err != nil {
					return answered, err
				}
			}
			last = max(last, m.ID)
		}
		if !listening {
			if err := s.Marks.MoveReadMark(ctx, in.Name(), last, false); err != nil {
				return answered, err
			}
		}
	}
	return answered, nil
}
