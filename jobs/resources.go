package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// ResourceKeeper is the part of the resource directory that jobs keep tidy.
type ResourceKeeper interface {
	RetireExpired(ctx context.Context) (int, error)
}

// RetireResourcesJob retires directory entries whose deadline passed.
type RetireResourcesJob struct{}

// Kind implements Job.
func (RetireResourcesJob) Kind() string { return "retire_resources" }

// InsertOpts makes the job unique per period.
func (RetireResourcesJob) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: 50 * time.Minute}}
}
