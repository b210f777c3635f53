package civhub

import (
	"context"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // time zones validate the same on every machine, with or without a system zone database
	"unicode/utf8"

	"golang.org/x/text/language"
)

// Visibility says who may see a part of a volunteer's profile.
type Visibility string

// The visibilities, from the widest to the narrowest.
const (
	VisiblePublic   Visibility = "public"   // anyone, signed in or not
	VisibleMembers  Visibility = "members"  // people signed in to this civhub
	VisiblePartners Visibility = "partners" // the organizations the volunteer works with
	VisibleOnlyMe   Visibility = "private"  // the volunteer alone
)

// Visibilities lists the visibilities in menu order.
var Visibilities = []Visibility{VisiblePublic, VisibleMembers, VisiblePartners, VisibleOnlyMe}

// Profile parts, each with its own visibility.
const (
	PartSkills       = "skills"
	PartLanguages    = "languages"
	PartAvailability = "availability" // time zone and hours per week
	PartCauses       = "causes"
	PartLocation     = "location"
	PartAbout        = "about"  // the bio and links
	PartRecord       = "record" // confirmed hours, approved tasks and endorsements
)

// ProfileParts lists the parts in page order.
var ProfileParts = []string{PartSkills, PartLanguages, PartAvailability, PartCauses, PartLocation, PartAbout, PartRecord}

// defaultVisibility is what a part shows before the volunteer chooses: skills, languages,
// availability and causes help organizations find them, and so does the record of confirmed work
// (which shows only the organizations each viewer may see); where they live and what they write
// about themselves stay with signed-in members.
var defaultVisibility = map[string]Visibility{
	PartSkills: VisiblePublic, PartLanguages: VisiblePublic, PartAvailability: VisibleMembers,
	PartCauses: VisiblePublic, PartLocation: VisibleMembers, PartAbout: VisibleMembers, PartRecord: VisiblePublic,
}

// Language levels, in order.
var LanguageLevels = []string{"basic", "conversational", "fluent", "native"}

// LanguageSkill is a language a volunteer knows, and how well.
type LanguageSkill struct {
	Code  string // BCP 47
	Level string // one of LanguageLevels
}

// Profile is a volunteer's profile. A person without one has the zero Profile with default
// visibilities. Contact details are never part of it.
type Profile struct {
	PersonID     int64
	Skills       []string // skill IDs from the taxonomy
	Languages    []LanguageSkill
	TimeZone     string // IANA name, such as Africa/Casablanca
	HoursPerWeek int
	Causes       []string // cause IDs (sdg1 … sdg17)
	Country      string   // ISO 3166-1 alpha-2, or ""
	City         string   // city-level at most, or ""
	Bio          string
	Links        []string
	Visibility   map[string]Visibility // by part
	UpdatedAt    time.Time
}

// VisibilityOf returns who may see part.
func (p *Profile) VisibilityOf(part string) Visibility {
	if v, ok := p.Visibility[part]; ok {
		return v
	}
	return defaultVisibility[part]
}

// Empty reports whether the volunteer has told nothing yet.
func (p *Profile) Empty() bool {
	return len(p.Skills) == 0 && len(p.Languages) == 0 && p.HoursPerWeek == 0 && len(p.Causes) == 0 && p.Bio == ""
}

// Validate checks the profile against the taxonomy's skill and cause IDs (validSkill, validCause)
// and returns an EINVALID error naming every field at fault.
func (p *Profile) Validate(validSkill, validCause func(string) bool) error {
	p.City, p.Bio, p.TimeZone = strings.TrimSpace(p.City), strings.TrimSpace(p.Bio), strings.TrimSpace(p.TimeZone)
	p.Country = strings.ToUpper(strings.TrimSpace(p.Country))
	var errs []error
	for _, s := range p.Skills {
		if !validSkill(s) {
			errs = append(errs, FieldError("skills", "err.skill_unknown", "Choose skills from the list."))
			break
		}
	}
	if len(p.Skills) > 30 {
		errs = append(errs, FieldError("skills", "err.skills_too_many", "Choose at most 30 skills."))
	}
	for _, l := range p.Languages {
		if _, err := language.Parse(l.Code); err != nil || !slices.Contains(LanguageLevels, l.Level) {
			errs = append(errs, FieldError("languages", "err.language_unknown", "Choose languages from the list."))
			break
		}
	}
	if len(p.Languages) > 20 {
		errs = append(errs, FieldError("languages", "err.list_too_long", "That list is too long: remove some entries and try again."))
	}
	errs = append(errs, checkList("causes", &p.Causes, 17, validCause, "err.cause_unknown", "Choose causes from the list."))
	if !ValidTimeZone(p.TimeZone) {
		errs = append(errs, FieldError("time_zone", "err.time_zone_unknown", "Enter a time zone like Africa/Casablanca or America/Santiago."))
	}
	if p.HoursPerWeek < 0 || p.HoursPerWeek > 60 {
		errs = append(errs, FieldError("hours_per_week", "err.hours_range", "Enter between 0 and 60 hours a week."))
	}
	if p.Country != "" && !IsCountry(p.Country) {
		errs = append(errs, FieldError("country", "err.country_unknown", "Choose a country."))
	}
	if utf8.RuneCountInString(p.City) > 80 {
		errs = append(errs, FieldError("city", "err.city_length", "A city name may be at most 80 characters."))
	}
	if utf8.RuneCountInString(p.Bio) > 1000 {
		errs = append(errs, FieldError("bio", "err.bio_length", "Write at most 1,000 characters about yourself."))
	}
	for _, l := range p.Links {
		if !IsWebURL(l) {
			errs = append(errs, FieldError("links", "err.url_invalid", "Enter web addresses starting with https:// or http://."))
			break
		}
	}
	if len(p.Links) > 5 {
		errs = append(errs, FieldError("links", "err.profile_links_too_many", "Give at most 5 links."))
	}
	for part, v := range p.Visibility {
		if !slices.Contains(ProfileParts, part) || !slices.Contains(Visibilities, v) {
			errs = append(errs, FieldError("visibility", "err.visibility_unknown", "Choose who may see each part."))
			break
		}
	}
	return MergeFieldErrors(errs...)
}

// ProfileService stores volunteer profiles.
type ProfileService interface {
	// FindProfile returns person's profile; a person who never filled one in has an empty profile.
	// Errors: ENOTFOUND when there is no such person.
	FindProfile(ctx context.Context, person int64) (*Profile, error)
	// SaveProfile validates and stores p. Errors: EINVALID.
	SaveProfile(ctx context.Context, p *Profile) error
	// SharesOrganization reports whether two people belong to a common organization, which makes
	// them partners for the profile's "partners" visibility.
	SharesOrganization(ctx context.Context, a, b int64) (bool, error)
}
