package jobs

import "context"

// AlertDispatcher is the part of crises that jobs run: the alerts whose time came are sent.
type AlertDispatcher interface {
	DispatchAlerts(ctx context.Context, limit int) (int, error)
}

// alertBatch is how many alerts one transaction decides: large enough that 100,000 alerts take
// a few hundred transactions, small enough that a transaction holds its rows briefly.
const alertBatch = 500

// dispatchAll sends alerts in batches until none is due, or ctx ends.
func dispatchAll(alerts AlertDispatcher) func(ctx context.Context) (int, error) {
	return func(ctx context.Context) (int, error) {
		total := 0
		for ctx.Err() == nil {
			n, err := alerts.DispatchAlerts(ctx, alertBatch)
			total += n
			if err != nil || n < alertBatch {
				return total, err
			}
		}
		return total, ctx.Err()
	}
}
