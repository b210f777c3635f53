package civhub

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
)

// Organization types, from the seed's list of who Civil Society 2.0 helps.
const (
	OrgNGO           = "ngo"
	OrgCSO           = "cso"
	OrgCommunity     = "community_group"
	OrgWomen         = "womens_organization"
	OrgFaithBased    = "faith_based"
	OrgMovement      = "social_movement"
	OrgCooperative   = "cooperative"
	OrgCoalition     = "coalition"
	OrgAdvocacy      = "advocacy_group"
	OrgSmallBusiness = "small_business"
	OrgOther         = "other_type"
)

// OrganizationTypes lists the valid Organization.Type values.
var OrganizationTypes = []string{OrgNGO, OrgCSO, OrgCommunity, OrgWomen, OrgFaithBased, OrgMovement,
	OrgCooperative, OrgCoalition, OrgAdvocacy, OrgSmallBusiness, OrgOther}

// OrganizationSizes lists the valid Organization.Size values: how many people work in it, paid or
// not ("tiny" is 1 to 5, "small" 6 to 20, "medium" 21 to 100, "large" more).
var OrganizationSizes = []string{"tiny", "small", "medium", "large"}

// Membership roles within an organization.
const (
	MemberOwner  = "owner"
	MemberAdmin  = "admin"
	MemberMember = "member"
)

// MemberRoles lists the membership roles, most powerful first.
var MemberRoles = []string{MemberOwner, MemberAdmin, MemberMember}

// Verification states of an organization.
const (
	Unverified           = "unverified"
	VerificationPending  = "pending"
	Verified             = "verified"
	VerificationRejected = "rejected"
)

// Organization is a civil-society group on civhub. Country is an ISO 3166-1 alpha-2 code; City is
// city-level at most, never a street address.
type Organization struct {
	ID        int64
	Slug      string
	Name      string
	Mission   string
	Type      string
	Country   string
	City      string
	TimeZone  string   // IANA name, or "": where its working hours are, for matching volunteers
	Causes    []string // cause IDs (the UN goals: sdg1 … sdg17)
	Size      string   // one of OrganizationSizes, or ""
	Languages []string // BCP 47 tags the organization works in
	Website   string
	Links     []string // social media pages and other links

	// AtRisk hides the organization from everyone but its members and the people it chose to work
	// with: its page, its member list and its city. For groups in hostile places.
	AtRisk bool

	Verification  string // Unverified, VerificationPending, Verified or VerificationRejected
	VerifiedAt    *time.Time
	TrainerSince  *time.Time // set while administrators let its owners and admins write courses
	LogoUpdatedAt *time.Time // nil when it has no logo
	CreatedAt     time.Time
}

// Verified reports whether moderators verified the organization.
func (o *Organization) IsVerified() bool { return o.Verification == Verified }

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Validate checks o's fields and returns an EINVALID error naming every field at fault.
func (o *Organization) Validate() error {
	o.Name = strings.TrimSpace(o.Name)
	o.Slug = strings.TrimSpace(o.Slug)
	o.City = strings.TrimSpace(o.City)
	o.Website = strings.TrimSpace(o.Website)
	o.Country = strings.ToUpper(strings.TrimSpace(o.Country))
	var errs []error
	if n := utf8.RuneCountInString(o.Name); n < 2 || n > 120 {
		errs = append(errs, FieldError("name", "err.org_name_length", "A name needs 2 to 120 characters."))
	}
	if len(o.Slug) > 60 || !slugPattern.MatchString(o.Slug) {
		errs = append(errs, FieldError("slug", "err.slug_invalid", "A web address may use lower-case letters, digits and single dashes."))
	}
	if !slices.Contains(OrganizationTypes, o.Type) {
		errs = append(errs, FieldError("type", "err.org_type_unknown", "Choose one of the organization types."))
	}
	if !IsCountry(o.Country) {
		errs = append(errs, FieldError("country", "err.country_unknown", "Choose a country."))
	}
	if utf8.RuneCountInString(o.City) > 80 {
		errs = append(errs, FieldError("city", "err.city_length", "A city name may be at most 80 characters."))
	}
	if o.TimeZone = strings.TrimSpace(o.TimeZone); !ValidTimeZone(o.TimeZone) {
		errs = append(errs, FieldError("time_zone", "err.time_zone_unknown", "Enter a time zone like Africa/Casablanca or America/Santiago."))
	}
	if utf8.RuneCountInString(o.Mission) > 2000 {
		errs = append(errs, FieldError("mission", "err.mission_length", "A mission may be at most 2,000 characters."))
	}
	if o.Size != "" && !slices.Contains(OrganizationSizes, o.Size) {
		errs = append(errs, FieldError("size", "err.org_size_unknown", "Choose one of the sizes."))
	}
	if o.Website != "" && !IsWebURL(o.Website) {
		errs = append(errs, FieldError("website", "err.url_invalid", "Enter a web address starting with https:// or http://."))
	}
	for _, l := range o.Links {
		if !IsWebURL(l) {
			errs = append(errs, FieldError("links", "err.url_invalid", "Enter a web address starting with https:// or http://."))
			break
		}
	}
	if len(o.Links) > 10 {
		errs = append(errs, FieldError("links", "err.links_too_many", "Give at most 10 links."))
	}
	errs = append(errs,
		checkList("causes", &o.Causes, 17, IsCause, "err.cause_unknown", "Choose causes from the list."),
		checkList("languages", &o.Languages, 20, isLanguage, "err.language_unknown", "Choose languages from the list."))
	return MergeFieldErrors(errs...)
}

// IsCountry reports whether code is an ISO 3166-1 alpha-2 country code in use today.
func IsCountry(code string) bool {
	if len(code) != 2 {
		return false
	}
	r, err := language.ParseRegion(code)
	return err == nil && r.IsCountry() && r.String() == code && !retiredRegions[code]
}

// retiredRegions are region codes that ISO reserves, deprecated, or that name no country today.
var retiredRegions = map[string]bool{
	"AC": true, "AN": true, "BU": true, "CP": true, "CQ": true, "CS": true, "CT": true, "DD": true, "DG": true,
	"DY": true, "EA": true, "EU": true, "EZ": true, "FQ": true, "FX": true, "HV": true, "IC": true, "JT": true,
	"MI": true, "NH": true, "NQ": true, "NT": true, "PC": true, "PU": true, "PZ": true, "RH": true, "SU": true,
	"TA": true, "TP": true, "UK": true, "UN": true, "VD": true, "WK": true, "YD": true, "YU": true, "ZR": true,
}

// IsWebURL reports whether s is an absolute http or https address with a host, at most 500 bytes,
// without spaces or control characters (a client that splits text on spaces would find a second
// link, of any scheme, in "https://ok.example/ javascript:…") and without a user name or password.
func IsWebURL(s string) bool {
	if len(s) > 500 || !ListItemOK(s) || strings.ContainsFunc(s, unicode.IsSpace) {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.User == nil
}

// Member is a person in an organization, as its member list shows them.
type Member struct {
	PersonID    int64
	DisplayName string
	Role        string
	Since       time.Time
}

// Membership is one organization a person belongs to, with their role there.
type Membership struct {
	OrganizationID int64
	Slug, Name     string
	Role           string
	Trainer        bool // the organization was made a trainer: its owners and admins write courses
}

// Invitation asks someone, by email, to join an organization with a role.
type Invitation struct {
	ID             int64
	OrganizationID int64
	Email          string
	Role           string
	InvitedBy      int64
	CreatedAt      time.Time
	ExpiresAt      time.Time
}

// InvitationLifetime is how long an invitation link works.
const InvitationLifetime = 14 * 24 * time.Hour

// OrganizationFilter narrows a listing of organizations.
type OrganizationFilter struct {
	Country string // "" for any
	Type    string // "" for any
	After   string // keyset: list names after this one
	Limit   int
}

// OrganizationService stores organizations and their members. Who may call what is decided by
// Actor's policy methods before the call; these methods keep the invariants (an organization
// always has an owner) and record every change in the audit log.
type OrganizationService interface {
	// CreateOrganization validates o, stores it with owner as its first member (role owner) and sets
	// its ID and CreatedAt. Errors: EINVALID, ECONFLICT when the slug is taken.
	CreateOrganization(ctx context.Context, o *Organization, owner int64) error
	// FindOrganizationBySlug returns ENOTFOUND when there is none.
	FindOrganizationBySlug(ctx context.Context, slug string) (*Organization, error)
	// FindOrganizations lists organizations that are not at risk, by name.
	FindOrganizations(ctx context.Context, f OrganizationFilter) ([]*Organization, error)
	// UpdateOrganization saves o's editable fields (not its slug or verification). Errors: EINVALID.
	UpdateOrganization(ctx context.Context, o *Organization, by int64) error
	// AddMember makes person a member of org with role; ECONFLICT if already a member.
	AddMember(ctx context.Context, org, person int64, role string) error
	// Members lists org's members, owners first.
	Members(ctx context.Context, org int64) ([]Member, error)
	// Memberships lists the organizations person belongs to.
	Memberships(ctx context.Context, person int64) ([]Membership, error)
	// Invite mails an invitation to join org. Errors: EINVALID, ECONFLICT if that email is a member.
	Invite(ctx context.Context, org int64, email, role string, by int64) error
	// Invitations lists org's open invitations.
	Invitations(ctx context.Context, org int64) ([]Invitation, error)
	// AcceptInvitation makes person a member with the invitation's role and returns the
	// organization. Errors: EINVALID for a bad or expired token.
	AcceptInvitation(ctx context.Context, token string, person int64) (*Organization, error)
	// SetMemberRole changes a member's role; ECONFLICT if that would leave no owner.
	SetMemberRole(ctx context.Context, org, person int64, role string, by int64) error
	// RemoveMember removes a member (or lets one leave); ECONFLICT for the last owner.
	RemoveMember(ctx context.Context, org, person, by int64) error
	// TransferOwnership makes person the owner and the previous owner (by) an admin.
	TransferOwnership(ctx context.Context, org, person, by int64) error
	// TrustedPeople lists who may see an at-risk organization without being a member.
	TrustedPeople(ctx context.Context, org int64) ([]Member, error)
	// Trust lets the person with email see at-risk org. Errors: ENOTFOUND for an unknown email.
	Trust(ctx context.Context, org int64, email string, by int64) error
	// Untrust takes it back.
	Untrust(ctx context.Context, org, person, by int64) error
	// TrustedBy lists the at-risk organizations that let person see them.
	TrustedBy(ctx context.Context, person int64) ([]int64, error)
	// SetLogo stores org's logo, a PNG (see package upload), or removes it when png is nil.
	SetLogo(ctx context.Context, org int64, png []byte, by int64) error
	// Logo returns org's logo. Errors: ENOTFOUND when it has none.
	Logo(ctx context.Context, org int64) ([]byte, error)
}

// HiddenSlug returns a fresh, unguessable web address for an organization in at-risk mode. Such an
// organization's address never comes from its name: anyone could otherwise confirm that a hidden
// group exists by trying its name (as a page address or as a new organization's address).
func HiddenSlug() string {
	b := make([]byte, 8)
	rand.Read(b)
	return "g-" + hex.EncodeToString(b)
}
