package civhub

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// StandbyPledge is a volunteer's promise to be woken when a crisis strikes where, and in what, they
// can help: the standby roster is everyone's pledges that are not paused.
type StandbyPledge struct {
	PersonID       int64      `json:"-"`
	Countries      []string   `json:"countries"` // ISO 3166-1 alpha-2: where they can help on the ground or know well
	Anywhere       bool       `json:"anywhere"`  // they help from afar wherever a crisis strikes (translation, mapping, checking reports)
	Regions        string     `json:"regions,omitempty"`
	Skills         []string   `json:"skills"`     // taxonomy IDs
	Languages      []string   `json:"languages"`  // language codes
	Channels       []string   `json:"channels"`   // ChannelSMS, ChannelEmail: what may wake them
	QuietFrom      int        `json:"quiet_from"` // minutes after midnight in their time zone; equal to QuietTo: none
	QuietTo        int        `json:"quiet_to"`
	FirstWeekHours int        `json:"first_week_hours"`
	PausedAt       *time.Time `json:"paused_at,omitempty"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

// StandbyChannels are the channels an alert may take, in the order they are tried.
var StandbyChannels = []string{ChannelSMS, ChannelEmail}

// Active reports whether the pledge is on the roster.
func (p *StandbyPledge) Active() bool { return p != nil && p.PausedAt == nil }

// Validate cleans the pledge and names every field at fault; validSkill checks skill IDs against
// the taxonomy.
func (p *StandbyPledge) Validate(validSkill func(string) bool) error {
	p.Regions = strings.Join(strings.Fields(p.Regions), " ")
	var errs []error
	for i, c := range p.Countries {
		p.Countries[i] = strings.ToUpper(c)
	}
	p.Countries = compactSorted(p.Countries)
	for _, c := range p.Countries {
		if !IsCountry(c) {
			errs = append(errs, FieldError("countries", "err.country_unknown", "Choose a country."))
			break
		}
	}
	if len(p.Countries) > 10 {
		errs = append(errs, FieldError("countries", "err.standby_countries", "Choose at most 10 countries, or help from anywhere."))
	}
	if len(p.Countries) == 0 && !p.Anywhere {
		errs = append(errs, FieldError("countries", "err.standby_where", "Say where you can help: choose a country, or help from anywhere."))
	}
	if utf8.RuneCountInString(p.Regions) > 200 {
		errs = append(errs, FieldError("regions", "err.standby_regions", "Keep the regions under 200 characters."))
	}
	p.Skills = compactSorted(p.Skills)
	for _, s := range p.Skills {
		if !validSkill(s) {
			errs = append(errs, FieldError("skills", "err.skill_unknown", "Choose skills from the list."))
			break
		}
	}
	if len(p.Skills) > 30 {
		errs = append(errs, FieldError("skills", "err.skills_too_many", "Choose at most 30 skills."))
	}
	p.Languages = compactSorted(p.Languages)
	for _, l := range p.Languages {
		if !isLanguage(l) {
			errs = append(errs, FieldError("languages", "err.language_unknown", "Choose languages from the list."))
			break
		}
	}
	if len(p.Languages) > 20 {
		errs = append(errs, FieldError("languages", "err.list_too_long", "That list is too long: remove some entries and try again."))
	}
	p.Channels = compactSorted(p.Channels)
	if len(p.Channels) == 0 || slices.ContainsFunc(p.Channels, func(c string) bool { return !slices.Contains(StandbyChannels, c) }) {
		errs = append(errs, FieldError("channels", "err.standby_channels", "Choose how an alert may reach you: by SMS, by email, or both."))
	}
	if p.QuietFrom < 0 || p.QuietFrom >= 24*60 || p.QuietTo < 0 || p.QuietTo >= 24*60 {
		errs = append(errs, FieldError("quiet_from", "err.standby_quiet", "Give quiet hours as times of day, such as 22:00 and 07:00."))
	}
	if p.FirstWeekHours < 1 || p.FirstWeekHours > 80 {
		errs = append(errs, FieldError("first_week_hours", "err.standby_hours", "Give the hours you could help in a crisis's first week: 1 to 80."))
	}
	return MergeFieldErrors(errs...)
}

// compactSorted is list without blanks and repeats, sorted.
func compactSorted(list []string) []string {
	out := make([]string, 0, len(list))
	for _, s := range list {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// InQuietHours reports whether t falls in the pledge's quiet hours, read in zone (a pledge whose
// quiet hours start and end at the same minute has none). Quiet hours may span midnight.
func (p *StandbyPledge) InQuietHours(t time.Time, zone string) bool {
	if p.QuietFrom == p.QuietTo {
		return false
	}
	local := t.In(Location(zone))
	m := local.Hour()*60 + local.Minute()
	if p.QuietFrom < p.QuietTo {
		return m >= p.QuietFrom && m < p.QuietTo
	}
	return m >= p.QuietFrom || m < p.QuietTo
}

// StandbyService keeps the standby roster.
type StandbyService interface {
	// Pledge returns person's pledge. Errors: ENOTFOUND when they never joined the roster.
	Pledge(ctx context.Context, person int64) (*StandbyPledge, error)
	// SavePledge validates and stores p, which joins the roster unless paused. Errors: EINVALID,
	// with channels at fault when SMS is chosen without a verified number that takes messages.
	SavePledge(ctx context.Context, p *StandbyPledge) error
	// PausePledge takes person off the roster, or puts them back on it, keeping what they pledged.
	PausePledge(ctx context.Context, person int64, paused bool) error
	// LeaveRoster deletes person's pledge.
	LeaveRoster(ctx context.Context, person int64) error
	// RosterSize counts the pledges on the roster (not paused).
	RosterSize(ctx context.Context) (int, error)
}
