package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"civhub"
)

// ClaimReleaser reminds volunteers whose claims run out soon, gives back the places of stale
// claims, keeps the response promises, and tells people waiting for a place on a full task that
// one opened; the storage's NeedService implements it.
type ClaimReleaser interface {
	RemindExpiringClaims(ctx context.Context) (int, error)
	ReleaseStaleClaims(ctx context.Context) (int, error)
	KeepPromises(ctx context.Context) (civhub.FollowUp, error)
	MatchNewTasks(ctx context.Context) (int, error)
	TellOpenPlaces(ctx context.Context) (int, error)
}

// DigestSender mails the digests that are due; the storage's NotificationService implements it.
type DigestSender interface {
	SendDigests(ctx context.Context) (int, error)
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
	n, err := w.workflow.RemindExpiringClaims(ctx)
	if n > 0 {
		w.logger.Info("reminded volunteers of expiring claims", "count", n)
	}
	if err != nil {
		return err
	}
	n, err = w.workflow.ReleaseStaleClaims(ctx)
	if n > 0 {
		w.logger.Info("released stale claims", "count", n)
	}
	if err != nil {
		return err
	}
	f, err := w.workflow.KeepPromises(ctx)
	if f != (civhub.FollowUp{}) {
		w.logger.Info("kept response promises", "answer_nudges", f.AnswerNudges, "expired", f.Expired,
			"quiet_nudges", f.QuietNudges, "released", f.Released)
	}
	if err != nil {
		return err
	}
	// Steps that free a place tell those waiting at once; this finds places opened by an edit.
	n, err = w.workflow.TellOpenPlaces(ctx)
	if n > 0 {
		w.logger.Info("told people waiting that a place opened", "count", n)
	}
	return err
}

// SendDigestsJob mails the daily and weekly digests that are due. Digests go out at 08:00 in each
// person's time zone, so the job runs often and each run sends only what is due.
type SendDigestsJob struct{}

// Kind implements Job.
func (SendDigestsJob) Kind() string { return "send_digests" }

// InsertOpts makes the job unique per period.
func (SendDigestsJob) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: 10 * time.Minute}}
}

// MatchTasksJob suggests tasks newly open to volunteers to those they suit best, for their digests.
type MatchTasksJob struct{}

// Kind implements Job.
func (MatchTasksJob) Kind() string { return "match_tasks" }

// InsertOpts makes the job unique per period.
func (MatchTasksJob) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: 10 * time.Minute}}
}

// countingWorker runs one service call that returns how many things it did, and logs the count
// when it did something. run is nil in tools that lack the service.
type countingWorker[T river.JobArgs] struct {
	river.WorkerDefaults[T]
	run    func(ctx context.Context) (int, error)
	logger *slog.Logger
	did    string // the log message
}

func (w *countingWorker[T]) Work(ctx context.Context, _ *river.Job[T]) error {
	if w.run == nil {
		return nil
	}
	n, err := w.run(ctx)
	if n > 0 {
		w.logger.Info(w.did, "count", n)
	}
	return err
}
