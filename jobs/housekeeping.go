package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"civhub"
)

// PurgeExpiredJob deletes expired web sessions and stale rate-limit counters.
type PurgeExpiredJob struct{}

// Kind implements Job.
func (PurgeExpiredJob) Kind() string { return "purge_expired" }

// InsertOpts makes the job unique per period, so that several nodes scheduling it do not pile up
// copies.
func (PurgeExpiredJob) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: 5 * time.Minute}}
}

type purgeExpiredWorker struct {
	river.WorkerDefaults[PurgeExpiredJob]
	svc    civhub.HousekeepingService
	logger *slog.Logger
}

func (w *purgeExpiredWorker) Work(ctx context.Context, job *river.Job[PurgeExpiredJob]) error {
	r, err := w.svc.PurgeExpired(ctx)
	if err != nil {
		return err
	}
	w.logger.Info("purged expired records", "sessions", r.Sessions, "rate_limits", r.RateLimits, "text_messages", r.TextBodies)
	return nil
}
