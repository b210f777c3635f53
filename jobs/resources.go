package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// ResourceKeeper is the part of the opportunity directory and radar that jobs run.
type ResourceKeeper interface {
	RetireExpired(ctx context.Context) (int, error)
	RemindDeadlines(ctx context.Context) (int, error)
	MatchNewResources(ctx context.Context) (int, error)
}

// hourly makes a job unique per period, for jobs the schedule starts every hour.
func hourly() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: 50 * time.Minute}}
}

// RetireResourcesJob retires directory entries whose deadline passed.
type RetireResourcesJob struct{}

// Kind implements Job.
func (RetireResourcesJob) Kind() string { return "retire_resources" }

// InsertOpts makes the job unique per period.
func (RetireResourcesJob) InsertOpts() river.InsertOpts { return hourly() }

// RemindResourcesJob reminds organizations of the deadlines of the opportunities they saved.
type RemindResourcesJob struct{}

// Kind implements Job.
func (RemindResourcesJob) Kind() string { return "remind_resources" }

// InsertOpts makes the job unique per period.
func (RemindResourcesJob) InsertOpts() river.InsertOpts { return hourly() }

// MatchResourcesJob tells organizations of newly published opportunities they qualify for.
type MatchResourcesJob struct{}

// Kind implements Job.
func (MatchResourcesJob) Kind() string { return "match_resources" }

// InsertOpts makes the job unique per period.
func (MatchResourcesJob) InsertOpts() river.InsertOpts { return hourly() }
