// Package civhub holds the domain of civhub, the online home of Civil Society 2.0: the types that
// describe people, organizations and their work, and the service interfaces that adapters (storage,
// web, jobs, mail) implement or call. It imports nothing else of the project.
package civhub

import "context"

// Version is the version of civhub reported by the API and the about page. Builds may override it
// with -ldflags "-X civhub.Version=…".
var Version = "0.1.0-dev"

// HousekeepingService removes records whose lifetime has ended. It runs as a periodic job on every
// node; running it twice at once is harmless.
type HousekeepingService interface {
	// PurgeExpired deletes sessions and rate-limit counters that expired before now and reports how
	// many of each it removed.
	PurgeExpired(ctx context.Context) (PurgeResult, error)
}

// PurgeResult counts what one PurgeExpired call removed.
type PurgeResult struct {
	Sessions   int64
	RateLimits int64
	TextBodies int64 // text messages older than SMSKeepBodies whose words were cleared, or, from strangers, deleted
}
