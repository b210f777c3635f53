package civhub

import (
	"context"
	"slices"
	"sort"
	"time"
)

// RadarMatch is an opportunity an organization qualifies for, with its score and why.
type RadarMatch struct {
	Resource *Resource
	Score    int
	Reasons  []Reason // radar.* message IDs; pages say them in the viewer's language
}

// Parts of a radar score: what the entry asks for explicitly and the organization has counts more
// than an entry open to all, and a deadline close enough to act on counts too.
const (
	radarCountry  = 30
	radarAnywhere = 5
	radarCause    = 20
	radarCauseMax = 30
	radarType     = 10
	radarSize     = 5
	radarLanguage = 5
	radarSoon     = 10 // closes within two weeks
	radarMonth    = 5  // within 45 days
)

// Eligible reports whether organization o qualifies for resource r at now, and with what score and
// reasons. An entry qualifies when it is published and still open, and every list it has (countries,
// organization types, sizes, causes, languages) includes the organization; an organization that has
// not said its size or languages is not kept out by them.
func Eligible(o *Organization, r *Resource, now time.Time) (RadarMatch, bool) {
	m := RadarMatch{Resource: r}
	if r.Status != ResourcePublished || (r.Deadline != nil && !r.Deadline.After(now)) {
		return m, false
	}
	switch {
	case len(r.Countries) == 0:
		m.Score += radarAnywhere
	case slices.Contains(r.Countries, o.Country):
		m.Score += radarCountry
		m.Reasons = append(m.Reasons, Reason{Key: "radar.country", IDs: []string{o.Country}})
	default:
		return m, false
	}
	if len(r.OrgTypes) > 0 {
		if !slices.Contains(r.OrgTypes, o.Type) {
			return m, false
		}
		m.Score += radarType
		m.Reasons = append(m.Reasons, Reason{Key: "radar.type", IDs: []string{o.Type}})
	}
	if len(r.Sizes) > 0 && o.Size != "" {
		if !slices.Contains(r.Sizes, o.Size) {
			return m, false
		}
		m.Score += radarSize
	}
	if len(r.Causes) > 0 {
		var shared []string
		for _, c := range r.Causes {
			if slices.Contains(o.Causes, c) {
				shared = append(shared, c)
			}
		}
		if len(shared) == 0 {
			return m, false
		}
		m.Score += min(radarCauseMax, radarCause+5*(len(shared)-1))
		m.Reasons = append(m.Reasons, Reason{Key: "radar.causes", IDs: shared})
	}
	if len(r.Languages) > 0 && len(o.Languages) > 0 {
		var shared []string
		for _, l := range r.Languages {
			if slices.Contains(o.Languages, l) {
				shared = append(shared, l)
			}
		}
		if len(shared) == 0 {
			return m, false
		}
		m.Score += radarLanguage
		m.Reasons = append(m.Reasons, Reason{Key: "radar.languages", IDs: shared})
	}
	if r.Deadline == nil {
		m.Reasons = append(m.Reasons, Reason{Key: "radar.rolling"})
		return m, true
	}
	days := int(r.Deadline.Sub(now).Hours() / 24)
	switch {
	case days <= 14:
		m.Score += radarSoon
	case days <= 45:
		m.Score += radarMonth
	}
	m.Reasons = append(m.Reasons, Reason{Key: "radar.deadline", Number: days})
	return m, true
}

// Radar returns the best n of candidates organization o qualifies for, best first; ties go to the
// entry that closes first, then to the older entry.
func Radar(o *Organization, candidates []*Resource, now time.Time, n int) []RadarMatch {
	var out []RadarMatch
	for _, r := range candidates {
		if m, ok := Eligible(o, r, now); ok {
			out = append(out, m)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		switch da, db := a.Resource.Deadline, b.Resource.Deadline; {
		case da != nil && db != nil && !da.Equal(*db):
			return da.Before(*db)
		case (da == nil) != (db == nil):
			return da != nil
		}
		return a.Resource.ID < b.Resource.ID
	})
	return out[:min(n, len(out))]
}

// Application stages an organization moves a saved opportunity through, so that it learns what
// works.
const (
	StageSaved     = "saved"
	StagePreparing = "preparing"
	StageSubmitted = "submitted"
	StageWon       = "won"
	StageNotWon    = "not_won"
)

// Stages lists the stages in order.
var Stages = []string{StageSaved, StagePreparing, StageSubmitted, StageWon, StageNotWon}

// Tracked is an opportunity an organization saved, where its application stands, and its notes.
type Tracked struct {
	Resource  *Resource `json:"resource"`
	Stage     string    `json:"stage"`
	Notes     string    `json:"notes"`
	UpdatedAt time.Time `json:"updated_at"`
}

// RadarService is each organization's radar and application tracker.
type RadarService interface {
	// Radar returns the published, open entries organization o qualifies for, best first.
	Radar(ctx context.Context, o *Organization, limit int) ([]RadarMatch, error)
	// Track saves resource for organization org at stage, with notes (both replace what was
	// there). Errors: EINVALID, ENOTFOUND.
	Track(ctx context.Context, org, resource int64, stage, notes string, by int64) error
	// Untrack forgets a saved resource.
	Untrack(ctx context.Context, org, resource int64, by int64) error
	// Tracked lists the organization's saved resources, closing soonest first.
	Tracked(ctx context.Context, org int64) ([]*Tracked, error)
	// RemindDeadlines tells the organizations that saved an entry, once a week before its deadline
	// and once the day before, while they have not applied yet; it returns how many it reminded.
	RemindDeadlines(ctx context.Context) (int, error)
	// MatchNewResources tells the managers of organizations that qualify for entries published since
	// the last run, in their digest, and returns how many it told.
	MatchNewResources(ctx context.Context) (int, error)
}

// CalendarService keeps each organization's private calendar feed of the deadlines it saved. Its
// address holds a secret token: only a hash is stored, and a new token revokes the old one.
type CalendarService interface {
	// NewCalendar makes a new token for org's calendar, revoking any earlier one.
	NewCalendar(ctx context.Context, org, by int64) (token string, err error)
	// RevokeCalendar stops org's calendar feed. Errors: ENOTFOUND when it has none.
	RevokeCalendar(ctx context.Context, org, by int64) error
	// CalendarSince reports when org's current calendar token was made, or nil when it has none.
	CalendarSince(ctx context.Context, org int64) (*time.Time, error)
	// CalendarOrganization returns the ID and name of the organization whose calendar token is
	// token. Errors: ENOTFOUND.
	CalendarOrganization(ctx context.Context, token string) (int64, string, error)
}
