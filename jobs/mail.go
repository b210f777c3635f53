package jobs

import (
	"context"
	"errors"
	"time"

	"github.com/riverqueue/river"

	"civhub"
)

// MailDeliverer sends one queued mail; mail.Deliverer implements it.
type MailDeliverer interface {
	Deliver(ctx context.Context, id int64) error
}

type sendMailWorker struct {
	river.WorkerDefaults[civhub.SendMailJob]
	mail MailDeliverer
}

func (w *sendMailWorker) Work(ctx context.Context, job *river.Job[civhub.SendMailJob]) error {
	if w.mail == nil {
		return river.JobCancel(errors.New("no mail deliverer configured"))
	}
	return w.mail.Deliver(ctx, job.Args.MailID)
}

// Timeout bounds one delivery attempt; a slow SMTP server is retried later with backoff.
func (w *sendMailWorker) Timeout(*river.Job[civhub.SendMailJob]) time.Duration { return time.Minute }
