package civhub

import (
	"context"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
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
	OrgOther         = "other"
)

// OrganizationTypes lists the valid Organization.Type values.
var OrganizationTypes = []string{OrgNGO, OrgCSO, OrgCommunity, OrgWomen, OrgFaithBased, OrgMovement,
	OrgCooperative, OrgCoalition, OrgAdvocacy, OrgSmallBusiness, OrgOther}

// Membership roles within an organization.
const (
	MemberOwner  = "owner"
	MemberAdmin  = "admin"
	MemberMember = "member"
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
	Languages []string // BCP 47 tags the organization works in
	CreatedAt time.Time
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Validate reports the first problem with o's fields as an EINVALID error naming the field.
func (o *Organization) Validate() error {
	o.Name = strings.TrimSpace(o.Name)
	o.Country = strings.ToUpper(strings.TrimSpace(o.Country))
	if n := utf8.RuneCountInString(o.Name); n < 2 || n > 120 {
		return FieldError("name", "err.org_name_length", "A name needs 2 to 120 characters.")
	}
	if len(o.Slug) > 60 || !slugPattern.MatchString(o.Slug) {
		return FieldError("slug", "err.slug_invalid", "A web address may use lower-case letters, digits and single dashes.")
	}
	if !validOrganizationType(o.Type) {
		return FieldError("type", "err.org_type_unknown", "Choose one of the organization types.")
	}
	if len(o.Country) != 2 {
		return FieldError("country", "err.country_unknown", "Choose a country.")
	}
	if utf8.RuneCountInString(o.Mission) > 2000 {
		return FieldError("mission", "err.mission_length", "A mission may be at most 2,000 characters.")
	}
	return nil
}

func validOrganizationType(t string) bool {
	for _, v := range OrganizationTypes {
		if v == t {
			return true
		}
	}
	return false
}

// OrganizationService stores organizations and their members.
type OrganizationService interface {
	// CreateOrganization validates o, stores it with owner as its first member (role owner) and sets
	// its ID and CreatedAt. It returns EINVALID for bad fields and ECONFLICT when the slug is taken.
	CreateOrganization(ctx context.Context, o *Organization, owner int64) error
	// AddMember makes person a member of org with role; ECONFLICT if already a member.
	AddMember(ctx context.Context, org, person int64, role string) error
}
