package civhub

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// A challenge is an organization's problem written so that people who never met it can work on
// it: the problem canvas. Organizations turn one of their needs into a challenge, or an event's
// organizers write one with them; curators vet it (with feedback, and a check of its size) before
// events and hackathons take it; volunteers follow it.

// Challenge statuses, in the order a challenge moves through them.
const (
	ChallengeDraft      = "draft"       // being written; Submitted once its writers ask curators to vet it
	ChallengeVetted     = "vetted"      // a curator found it clear and sized it
	ChallengeOpen       = "open"        // an event or a global hackathon takes it
	ChallengeInProgress = "in_progress" // a team works on it
	ChallengeSolved     = "solved"
	ChallengeArchived   = "archived"
)

// ChallengeStatuses lists the statuses, in order.
var ChallengeStatuses = []string{ChallengeDraft, ChallengeVetted, ChallengeOpen, ChallengeInProgress, ChallengeSolved, ChallengeArchived}

// Sizes: what a curator says the challenge takes.
const (
	SizeWeekend = "weekend" // fits a hackathon weekend
	SizeWeeks   = "weeks"
	SizeMonths  = "months"
)

// ChallengeSizes lists the sizes, smallest first.
var ChallengeSizes = []string{SizeWeekend, SizeWeeks, SizeMonths}

// ValidSize reports whether size is one of ChallengeSizes.
func ValidSize(size string) bool { return slices.Contains(ChallengeSizes, size) }

// Challenge is a problem statement: the canvas, whose problem it is, where it came from, and
// where it stands.
type Challenge struct {
	ID             int64      `json:"id"`
	Slug           string     `json:"slug"`
	OrganizationID int64      `json:"-"`
	OrgSlug        string     `json:"organization"`      // filled when read
	OrgName        string     `json:"organization_name"` // filled when read
	OrgAtRisk      bool       `json:"-"`                 // its organization is in at-risk mode, filled when read
	OrgUnverified  bool       `json:"-"`                 // its organization is not verified yet, filled when read
	NeedID         int64      `json:"need_id,omitempty"` // the need it was made from
	Title          string     `json:"title"`
	Affected       string     `json:"affected"`    // who is affected
	Today          string     `json:"today"`       // the situation today
	Outcome        string     `json:"outcome"`     // the outcome wanted
	Constraints    string     `json:"constraints"` // what any answer must live with
	Data           string     `json:"data"`        // the data available
	Measure        string     `json:"measure"`     // how success would be measured
	Languages      []string   `json:"languages"`
	Size           string     `json:"size,omitempty"` // set by the curator who vets it
	Status         string     `json:"status"`
	Submitted      *time.Time `json:"-"` // when its writers asked curators to vet it; nil again when sent back
	Feedback       string     `json:"-"` // the curator's, when sent back: for its writers
	CreatedBy      int64      `json:"-"`
	CuratedBy      int64      `json:"-"`
	Followers      int        `json:"followers"` // filled when read
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

// canvasParts are the canvas's fields, by form name, with the bounds of each.
func (c *Challenge) canvasParts() []struct {
	name     string
	text     *string
	required bool
} {
	return []struct {
		name     string
		text     *string
		required bool
	}{{"affected", &c.Affected, true}, {"today", &c.Today, true}, {"outcome", &c.Outcome, true},
		{"constraints", &c.Constraints, false}, {"data", &c.Data, false}, {"measure", &c.Measure, true}}
}

// Validate checks the canvas and names every field at fault. A draft may leave parts empty; a
// challenge submitted for vetting must say who is affected, the situation, the outcome and the measure.
func (c *Challenge) Validate() error {
	c.Title = strings.TrimSpace(c.Title)
	var errs []error
	if len(c.Slug) < 2 || len(c.Slug) > 60 || !slugPattern.MatchString(c.Slug) {
		errs = append(errs, FieldError("slug", "err.slug_invalid", "A web address may use lower-case letters, digits and single dashes."))
	}
	if n := utf8.RuneCountInString(c.Title); n < 5 || n > 140 {
		errs = append(errs, FieldError("title", "err.title_length", "Write a title of 5 to 140 characters."))
	}
	for _, p := range c.canvasParts() {
		*p.text = strings.TrimSpace(*p.text)
		if utf8.RuneCountInString(*p.text) > 5000 {
			errs = append(errs, FieldError(p.name, "err.canvas_length", "Keep each part under 5,000 characters."))
		}
	}
	errs = append(errs, checkList("languages", &c.Languages, 10, isLanguage, "err.language_unknown", "Choose languages from the list."))
	if c.Size != "" && !ValidSize(c.Size) {
		errs = append(errs, FieldError("size", "err.challenge_size", "Say whether it fits a weekend, weeks or months."))
	}
	if !slices.Contains(ChallengeStatuses, c.Status) {
		errs = append(errs, FieldError("status", "err.status_unknown", "Choose one of the statuses."))
	}
	return MergeFieldErrors(errs...)
}

// Complete checks that the canvas is filled enough to be vetted, and names every part missing.
func (c *Challenge) Complete() error {
	var errs []error
	for _, p := range c.canvasParts() {
		if p.required && utf8.RuneCountInString(strings.TrimSpace(*p.text)) < 10 {
			errs = append(errs, FieldError(p.name, "err.canvas_missing", "Write this part (at least 10 characters) before asking for vetting."))
		}
	}
	return MergeFieldErrors(errs...)
}

// Public reports whether anyone who sees its organization sees it: once vetted.
func (c *Challenge) Public() bool { return c.Status != ChallengeDraft }

// ChallengeMove is a step of a challenge's life, and who may take it.
type ChallengeMove string

// The moves of a challenge.
const (
	MoveSubmit   ChallengeMove = "submit"   // its writers ask for vetting
	MoveVet      ChallengeMove = "vet"      // a curator vets it and sizes it
	MoveReturn   ChallengeMove = "return"   // a curator sends it back with feedback
	MoveOpen     ChallengeMove = "open"     // open it to teams (an event taking it opens it too)
	MoveProgress ChallengeMove = "progress" // a team works on it
	MoveSolve    ChallengeMove = "solve"
	MoveArchive  ChallengeMove = "archive"
)

// NextStatus returns the status move leads to from status, or "" when the move does not apply
// there. The one table of a challenge's life.
func NextStatus(status string, submitted bool, move ChallengeMove) string {
	switch move {
	case MoveSubmit:
		if status == ChallengeDraft && !submitted {
			return ChallengeDraft
		}
	case MoveVet, MoveReturn:
		if status == ChallengeDraft && submitted {
			if move == MoveVet {
				return ChallengeVetted
			}
			return ChallengeDraft
		}
	case MoveOpen:
		if status == ChallengeVetted {
			return ChallengeOpen
		}
	case MoveProgress:
		if status == ChallengeOpen {
			return ChallengeInProgress
		}
	case MoveSolve:
		if status == ChallengeOpen || status == ChallengeInProgress {
			return ChallengeSolved
		}
	case MoveArchive:
		if status != ChallengeArchived && status != ChallengeSolved {
			return ChallengeArchived
		}
	}
	return ""
}

// ChallengeFilter chooses challenges to list.
type ChallengeFilter struct {
	Status   string // "" for every public status but archived
	Language string
	Size     string
	Org      int64
	Event    int64 // those an event takes
	Query    string
	Waiting  bool // drafts submitted for vetting: the curators' queue
	Limit    int
}

// ChallengeStep is one move in a challenge's history.
type ChallengeStep struct {
	Status    string    `json:"status"`
	Move      string    `json:"move"`
	Note      string    `json:"note,omitempty"` // feedback, when sent back
	By        string    `json:"by"`
	CreatedAt time.Time `json:"created_at"`
}

// ChallengeService keeps challenges, their curation, their followers and the events that take them.
type ChallengeService interface {
	// CreateChallenge stores a draft challenge of c.OrganizationID, written by by. With NeedID, the
	// need must be the organization's.
	CreateChallenge(ctx context.Context, c *Challenge, by int64) error
	// UpdateChallenge saves the canvas. Errors: ECONFLICT once it is vetted (then only curators edit).
	UpdateChallenge(ctx context.Context, c *Challenge, by int64) error
	// FindChallenge returns the challenge with slug.
	FindChallenge(ctx context.Context, slug string) (*Challenge, error)
	// ListChallenges lists challenges, the latest moved first.
	ListChallenges(ctx context.Context, f ChallengeFilter) ([]*Challenge, error)
	// MoveChallenge takes move on a challenge: size goes with MoveVet, note (required) with
	// MoveReturn. Its writers and followers are told. Errors: ECONFLICT when the move does not
	// apply to where it stands (NextStatus); EINVALID for an incomplete canvas or a missing note.
	MoveChallenge(ctx context.Context, id int64, move ChallengeMove, size, note string, by int64) error
	// History lists a challenge's moves, the first first.
	History(ctx context.Context, id int64) ([]*ChallengeStep, error)
	// Follow starts or stops person following a challenge.
	Follow(ctx context.Context, id, person int64, follow bool) error
	// Following reports whether person follows a challenge.
	Following(ctx context.Context, id, person int64) (bool, error)
	// TakeChallenge adds a challenge to an event, opening it if it was vetted. Errors: ECONFLICT for
	// a draft or an archived or solved challenge, or one the event has already.
	TakeChallenge(ctx context.Context, event, challenge int64, by int64) error
	// DropChallenge removes a challenge from an event.
	DropChallenge(ctx context.Context, event, challenge int64, by int64) error
	// EventChallenges lists the challenges an event takes.
	EventChallenges(ctx context.Context, event int64) ([]*Challenge, error)
	// ChallengeEvents lists the events that take a challenge and are not drafts.
	ChallengeEvents(ctx context.Context, challenge int64) ([]*Event, error)
	// SetCurator grants or takes back the right to vet challenges.
	SetCurator(ctx context.Context, person int64, curator bool, by int64) error
}

// IsCurator: moderators, and people administrators made curators.
func (a *Actor) IsCurator() bool {
	return a.SignedIn() && a.Person.Verified() && (a.Person.CuratorSince != nil || a.IsModerator())
}

// CanMakeCurator: administrators make people curators.
func (a *Actor) CanMakeCurator() bool { return a.IsAdmin() }

// CanWriteChallenge: the owners and admins of the organization write its challenges; an event's
// organizers and curators write them with any organization.
func (a *Actor) CanWriteChallenge(o *Organization, event *Event) bool {
	if !a.SignedIn() || !a.Person.Verified() {
		return false
	}
	return a.managesOrganization(o.ID) || a.IsCurator() || (event != nil && a.CanManageEvent(event))
}

// OwnsChallenge: its writer and the owners and admins of its organization.
func (a *Actor) OwnsChallenge(c *Challenge) bool {
	return a.SignedIn() && (c.CreatedBy == a.ID() || a.managesOrganization(c.OrganizationID))
}

// CanViewChallenge: a draft is its owners' and the curators'; the others are seen by whoever may
// see the needs of its organization (CanViewNeed): an at-risk organization's by its members, the
// people it trusts and moderators; an unverified one's by its members and moderators.
func (a *Actor) CanViewChallenge(c *Challenge) bool {
	member := a.RoleIn(c.OrganizationID) != ""
	if c.OrgAtRisk && !member && !(a.SignedIn() && a.trusted[c.OrganizationID]) && !a.IsModerator() {
		return false
	}
	if !c.Public() {
		return a.OwnsChallenge(c) || a.IsCurator()
	}
	return member || a.IsModerator() || !c.OrgUnverified
}

// CanEditChallenge: its owners while it is a draft; curators always, until it is archived.
func (a *Actor) CanEditChallenge(c *Challenge) bool {
	if c.Status == ChallengeArchived {
		return false
	}
	return (c.Status == ChallengeDraft && a.OwnsChallenge(c)) || a.IsCurator()
}

// CanMoveChallenge: its owners submit it, open it, say a team works on it, solve it and archive
// it; curators do all of that and vet it or send it back.
func (a *Actor) CanMoveChallenge(c *Challenge, move ChallengeMove) bool {
	if !a.SignedIn() || !a.Person.Verified() {
		return false
	}
	switch move {
	case MoveVet, MoveReturn:
		return a.IsCurator()
	default:
		return a.OwnsChallenge(c) || a.IsCurator()
	}
}

// CanFollowChallenge: anyone signed in follows a challenge they see that is not a draft.
func (a *Actor) CanFollowChallenge(c *Challenge) bool { return a.SignedIn() && c.Public() }
