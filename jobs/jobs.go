// Package jobs runs civhub's background work through River: durable, retried jobs that are enqueued
// in the same transaction as the change that causes them, and a declared table of periodic jobs. It
// runs on SQLite (River's SQLite driver, over the single writer connection) and on PostgreSQL (River's
// database/sql driver, polling), so that both sides share one transaction type, *sql.Tx.
package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"civhub"
	"civhub/sqldb"
)

// Job is the argument of one kind of job. Its Kind names the worker that runs it; its fields are
// stored as JSON, so they hold identifiers, never secrets or personal data.
type Job = civhub.Job

// Services are what the workers act on.
type Services struct {
	Housekeeping civhub.HousekeepingService
	Mail         MailDeliverer   // nil in tools that never send mail
	Workflow     ClaimReleaser   // nil in tools that run no workflow
	Digests      DigestSender    // nil in tools that send no digests
	Resources    ResourceKeeper  // nil in tools without the resource directory
	Events       EventKeeper     // nil in tools without events
	Alerts       AlertDispatcher // nil in tools that send no alerts
	SMS          *SMSSender      // nil in tools that send no text messages
}

// periodic is one row of the table of scheduled jobs.
type periodic struct {
	every time.Duration
	job   Job
}

// schedule declares every job that runs on a timer. River runs them on one elected node only.
var schedule = []periodic{
	{every: time.Minute, job: civhub.DispatchAlertsJob{}}, // alerts that waited for quiet hours to end
	{every: smsEvery, job: SendSMSJob{}},
	{every: time.Minute, job: FetchSMSJob{}}, // a gateway whose inbox civhub reads
	{every: 10 * time.Minute, job: PurgeExpiredJob{}},
	{every: 15 * time.Minute, job: ReleaseClaimsJob{}},
	{every: 15 * time.Minute, job: SendDigestsJob{}},
	{every: 15 * time.Minute, job: MatchTasksJob{}},
	{every: 15 * time.Minute, job: ExpireOffersJob{}},
	{every: 15 * time.Minute, job: RemindEventsJob{}},
	{every: time.Hour, job: RetireResourcesJob{}},
	{every: time.Hour, job: RemindResourcesJob{}},
	{every: time.Hour, job: MatchResourcesJob{}},
}

// Runner runs jobs on this node and implements sqldb.Queue: enqueue inside the transaction that
// makes the change, so the job exists if and only if the change was committed.
type Runner struct {
	client *river.Client[*sql.Tx]
	logger *slog.Logger
	// soon is the due second of the last fetch_sms this node enqueued for a callback: the
	// callbacks of the same two seconds ask no more of the database.
	soon atomic.Int64
}

var _ sqldb.Queue = (*Runner)(nil)

// driverFor returns the River driver for db's dialect.
func driverFor(db *sqldb.DB) riverdriver.Driver[*sql.Tx] {
	pick := sqldb.ByDialect[func(*sql.DB) riverdriver.Driver[*sql.Tx]](db.Dialect(),
		func(w *sql.DB) riverdriver.Driver[*sql.Tx] { return riversqlite.New(w) },
		func(w *sql.DB) riverdriver.Driver[*sql.Tx] { return riverdatabasesql.New(w) })
	return pick(db.Writer())
}

// Migrate creates or updates River's own tables.
func Migrate(ctx context.Context, db *sqldb.DB) error {
	m, err := rivermigrate.New(driverFor(db), nil)
	if err != nil {
		return fmt.Errorf("jobs: migrate: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("jobs: migrate: %w", err)
	}
	return nil
}

// New returns a Runner for db. Call Start to begin working jobs; a Runner that is never started can
// still enqueue.
func New(db *sqldb.DB, logger *slog.Logger, svc Services) (*Runner, error) {
	workers := river.NewWorkers()
	if err := river.AddWorkerSafely(workers, &purgeExpiredWorker{svc: svc.Housekeeping, logger: logger}); err != nil {
		return nil, err
	}
	if err := river.AddWorkerSafely(workers, &sendMailWorker{mail: svc.Mail}); err != nil {
		return nil, err
	}
	if err := river.AddWorkerSafely(workers, &releaseClaimsWorker{workflow: svc.Workflow, logger: logger}); err != nil {
		return nil, err
	}
	matches := &countingWorker[MatchTasksJob]{logger: logger, did: "matched new tasks to volunteers"}
	if svc.Workflow != nil {
		matches.run = svc.Workflow.MatchNewTasks
	}
	if err := river.AddWorkerSafely(workers, matches); err != nil {
		return nil, err
	}
	digests := &countingWorker[SendDigestsJob]{logger: logger, did: "sent digests"}
	if svc.Digests != nil {
		digests.run = svc.Digests.SendDigests
	}
	if err := river.AddWorkerSafely(workers, digests); err != nil {
		return nil, err
	}
	offers := &countingWorker[ExpireOffersJob]{logger: logger, did: "moved on event places not confirmed in time"}
	reminders := &countingWorker[RemindEventsJob]{logger: logger, did: "reminded people of events tomorrow"}
	if svc.Events != nil {
		offers.run, reminders.run = svc.Events.ExpireOffers, svc.Events.RemindTomorrow
	}
	if err := river.AddWorkerSafely(workers, offers); err != nil {
		return nil, err
	}
	if err := river.AddWorkerSafely(workers, reminders); err != nil {
		return nil, err
	}
	retire := &countingWorker[RetireResourcesJob]{logger: logger, did: "retired resources past their deadline"}
	remind := &countingWorker[RemindResourcesJob]{logger: logger, did: "reminded organizations of saved deadlines"}
	match := &countingWorker[MatchResourcesJob]{logger: logger, did: "told organizations of new opportunities"}
	if svc.Resources != nil {
		retire.run, remind.run, match.run = svc.Resources.RetireExpired, svc.Resources.RemindDeadlines, svc.Resources.MatchNewResources
	}
	if err := river.AddWorkerSafely(workers, retire); err != nil {
		return nil, err
	}
	if err := river.AddWorkerSafely(workers, remind); err != nil {
		return nil, err
	}
	if err := river.AddWorkerSafely(workers, match); err != nil {
		return nil, err
	}
	alerts := &countingWorker[civhub.DispatchAlertsJob]{logger: logger, did: "sent crisis alerts"}
	if svc.Alerts != nil {
		alerts.run = dispatchAll(svc.Alerts)
	}
	if err := river.AddWorkerSafely(workers, alerts); err != nil {
		return nil, err
	}
	sendTexts := &countingWorker[SendSMSJob]{logger: logger, did: "sent text messages"}
	fetchTexts := &countingWorker[FetchSMSJob]{logger: logger, did: "answered text messages read from the gateway"}
	if svc.SMS != nil {
		sendTexts.run = func(ctx context.Context) (int, error) { return svc.SMS.SendDue(ctx, smsWindow) }
		fetchTexts.run = svc.SMS.FetchDue
	}
	if err := river.AddWorkerSafely(workers, sendTexts); err != nil {
		return nil, err
	}
	if err := river.AddWorkerSafely(workers, fetchTexts); err != nil {
		return nil, err
	}
	var periodicJobs []*river.PeriodicJob
	for _, p := range schedule {
		job := p.job
		periodicJobs = append(periodicJobs, river.NewPeriodicJob(river.PeriodicInterval(p.every),
			func() (river.JobArgs, *river.InsertOpts) { return job, nil },
			&river.PeriodicJobOpts{RunOnStart: true}))
	}
	client, err := river.NewClient(driverFor(db), &river.Config{
		// River's own chatter goes to the log only when something is wrong.
		Logger:            slog.New(&levelFloor{Handler: logger.Handler(), min: slog.LevelWarn}),
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 4}},
		Workers:           workers,
		PeriodicJobs:      periodicJobs,
		FetchPollInterval: 200 * time.Millisecond,
		PollOnly:          true,
		MaxAttempts:       8,
		JobTimeout:        5 * time.Minute,
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return &Runner{client: client, logger: logger}, nil
}

// Start begins working jobs until Stop.
func (r *Runner) Start(ctx context.Context) error { return r.client.Start(ctx) }

// Stop stops fetching new jobs and waits for running ones to finish. If ctx ends first, running jobs
// are cancelled (River retries them later) and ctx's error is returned.
func (r *Runner) Stop(ctx context.Context) error {
	err := r.client.Stop(ctx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		cancelCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return errors.Join(err, r.client.StopAndCancel(cancelCtx))
	}
	return err
}

// FetchSMSSoon has the gateway's inbox read within a few seconds: a provider called back about
// a message that arrived. Calls within the same two seconds make one job.
func (r *Runner) FetchSMSSoon(ctx context.Context) error {
	soon := time.Now().Add(fetchSoon).Truncate(fetchSoon).Unix()
	if r.soon.Swap(soon) == soon {
		return nil
	}
	if _, err := r.client.Insert(ctx, FetchSMSJob{Soon: soon}, nil); err != nil {
		r.soon.CompareAndSwap(soon, 0) // the next callback tries again
		return fmt.Errorf("jobs: enqueue fetch_sms: %w", err)
	}
	return nil
}

// Enqueue implements sqldb.Queue.
func (r *Runner) Enqueue(ctx context.Context, tx *sqldb.Tx, job Job) error {
	args, ok := job.(river.JobArgs)
	if !ok {
		return fmt.Errorf("jobs: %T cannot be enqueued", job)
	}
	if _, err := r.client.InsertTx(ctx, tx.Tx, args, nil); err != nil {
		return fmt.Errorf("jobs: enqueue %s: %w", job.Kind(), err)
	}
	return nil
}

// levelFloor drops log records below min.
type levelFloor struct {
	slog.Handler
	min slog.Level
}

func (h *levelFloor) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.Handler.Enabled(ctx, l)
}

func (h *levelFloor) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &levelFloor{Handler: h.Handler.WithAttrs(attrs), min: h.min}
}

func (h *levelFloor) WithGroup(name string) slog.Handler {
	return &levelFloor{Handler: h.Handler.WithGroup(name), min: h.min}
}
