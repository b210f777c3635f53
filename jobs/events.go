package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// EventKeeper is the part of events that jobs run: places offered to people waiting that were not
// confirmed in time go to the next person, and people with a place are reminded the day before.
type EventKeeper interface {
	ExpireOffers(ctx context.Context) (int, error)
	RemindTomorrow(ctx context.Context) (int, error)
}

// ExpireOffersJob moves on the offers of places that were not confirmed before their deadline.
type ExpireOffersJob struct{}

// Kind implements Job.
func (ExpireOffersJob) Kind() string { return "expire_event_offers" }

// InsertOpts makes the job unique per period.
func (ExpireOffersJob) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: 10 * time.Minute}}
}

// RemindEventsJob tells people with a place at an event that it starts within a day.
type RemindEventsJob struct{}

// Kind implements Job.
func (RemindEventsJob) Kind() string { return "remind_events" }

// InsertOpts makes the job unique per period.
func (RemindEventsJob) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: 10 * time.Minute}}
}
