package civhub

import (
	"context"
	"time"
)

// Sessions: a person's signed-in browsers, listed so that they can be ended.

// Session is one signed-in session of a person, as the session list shows it.
type Session struct {
	// ID is the stored hash of the session's token: it names the session in the list and in the
	// revoke form, and is useless as a cookie.
	ID        string
	Device    string
	CreatedAt time.Time
	Expiry    time.Time
	Current   bool // the session of the request that lists them
}

// SessionService ties web sessions to people.
type SessionService interface {
	// Attach ties the committed session with cookie token to person, signed in from device.
	Attach(ctx context.Context, token string, person int64, device string) error
	// PersonSessions lists person's live sessions, newest first, marking the one with token current.
	PersonSessions(ctx context.Context, person int64, token string) ([]Session, error)
	// Revoke ends person's session id. Errors: ENOTFOUND if person has no such session.
	Revoke(ctx context.Context, person int64, id string) error
}
