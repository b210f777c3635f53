package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
)

// ClaimReleaser gives back the places of stale claims; the storage's NeedService implements it.
type ClaimReleaser interface {
	ReleaseStaleClaims(ctx context.Context) (int, error)
}

// ReleaseClaimsJob frees the places of claims that expired with nothing handed in, as mapping
// projects unlock stale locks, so that a task never waits on a volunteer who moved on.
type ReleaseClaimsJob struct{}

// Kind implements Job.
func (ReleaseClaimsJob) Kind() string { return "release_claims" }

// InsertOpts makes the job unique per period.
func (ReleaseClaimsJob) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: 10 * time.Minute}}
}

type releaseClaimsWorker struct {
	river.WorkerDefaults[ReleaseClaimsJob]
	workflow ClaimReleaser
	logger   *slog.Logger
}

func (w *releaseClaimsWorker) Work(ctx context.Context, job *river.Job[ReleaseClaimsJob]) error {
	if w.workflow == nil {
		return nil
	}
	n, err := w.workflow.ReleaseStaleClaims(ctx)
	if n > 0 {
		w.logger.Info("released stale claims", "count", n)
	}
	return err
}
