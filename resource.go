package civhub

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/currency"
	"golang.org/x/text/language"
)

// Resource kinds: what an opportunity offers.
const (
	ResourceGrant            = "grant"
	ResourceCrowdfunding     = "crowdfunding" // a crowdfunding competition
	ResourceAward            = "award"        // an award or prize
	ResourceFellowship       = "fellowship"
	ResourceSoftware         = "software" // donated or discounted software or tools
	ResourceTraining         = "training" // a training offer
	ResourceVolunteerProgram = "volunteer_program"
	ResourceOther            = "other_kind" // (the message format reserves "other", as for task types)
)

// ResourceKinds lists the kinds, in the order pages offer them.
var ResourceKinds = []string{ResourceGrant, ResourceCrowdfunding, ResourceAward, ResourceFellowship, ResourceSoftware,
	ResourceTraining, ResourceVolunteerProgram, ResourceOther}

// Resource statuses: a submitted entry waits for a moderator, who publishes it, sends it back to its
// submitter with a reason, or rejects it. A published entry retires when its deadline passes.
const (
	ResourcePending   = "pending"
	ResourcePublished = "published"
	ResourceReturned  = "returned"
	ResourceRejected  = "rejected"
	ResourceRetired   = "retired"
)

// ResourceStatuses lists the statuses.
var ResourceStatuses = []string{ResourcePending, ResourcePublished, ResourceReturned, ResourceRejected, ResourceRetired}

// Moderators' decisions on a resource.
const (
	DecidePublish = "publish"
	DecideReturn  = "return" // back to the submitter, with the reason
	DecideReject  = "reject" // with the reason
	DecideRetire  = "retire" // outdated or gone
)

// decisions says, for each decision, the statuses it may be taken from and the status it leads to.
var decisions = map[string]struct {
	from []string
	to   string
}{
	DecidePublish: {[]string{ResourcePending, ResourceReturned, ResourceRejected, ResourceRetired}, ResourcePublished},
	DecideReturn:  {[]string{ResourcePending, ResourcePublished}, ResourceReturned},
	DecideReject:  {[]string{ResourcePending, ResourceReturned}, ResourceRejected},
	DecideRetire:  {[]string{ResourcePublished}, ResourceRetired},
}

// Decide returns the status a moderator's decision moves an entry from status to: EINVALID for an
// unknown decision, ECONFLICT when it does not apply to the entry as it is.
func Decide(status, decision string) (string, error) {
	d, ok := decisions[decision]
	if !ok {
		return "", FieldError("decision", "err.decision_unknown", "Choose what to do with the entry.")
	}
	if !slices.Contains(d.from, status) {
		return "", E(ECONFLICT, "err.resource_state", "The entry has moved on since: look at it again.")
	}
	return d.to, nil
}

// CanDecideResource reports whether decision applies to an entry in status.
func CanDecideResource(status, decision string) bool {
	_, err := Decide(status, decision)
	return err == nil
}

// Resource is an opportunity in the directory: a grant, a competition, a tool, a training offer.
// Empty eligibility lists mean "any".
type Resource struct {
	ID          int64      `json:"id,omitempty"`
	Kind        string     `json:"kind,omitempty"`
	Title       string     `json:"title,omitempty"`
	Provider    string     `json:"provider,omitempty"`
	Description string     `json:"description,omitempty"` // Markdown
	AmountMin   int64      `json:"amount_min,omitempty"`  // whole units of Currency; 0 when not said
	AmountMax   int64      `json:"amount_max,omitempty"`
	Currency    string     `json:"currency,omitempty"`  // ISO 4217, when an amount is given
	Deadline    *time.Time `json:"deadline,omitempty"`  // nil: rolling, apply any time
	Countries   []string   `json:"countries,omitempty"` // ISO 3166-1 alpha-2 codes of eligible organizations' countries
	OrgTypes    []string   `json:"org_types,omitempty"` // eligible organization types
	Causes      []string   `json:"causes,omitempty"`    // cause IDs
	Sizes       []string   `json:"sizes,omitempty"`     // eligible organization sizes
	Languages   []string   `json:"languages,omitempty"` // languages one may apply in
	URL         string     `json:"url,omitempty"`       // where to apply
	Tags        []string   `json:"tags,omitempty"`
	Status      string     `json:"status,omitempty"`
	Reason      string     `json:"reason,omitempty"` // why a moderator sent it back or rejected it
	SubmittedBy int64      `json:"submitted_by,omitempty"`
	Submitter   string     `json:"submitter,omitempty"`        // the submitter's display name, filled when read
	Outdated    int        `json:"outdated_reports,omitempty"` // open reports that it is outdated
	CreatedAt   time.Time  `json:"created_at,omitempty"`
	UpdatedAt   time.Time  `json:"updated_at,omitempty"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
}

// Rolling reports whether one may apply at any time.
func (r *Resource) Rolling() bool { return r.Deadline == nil }

// Limits of a resource's fields.
const (
	maxResourceList = 60 // countries, causes, tags…
	maxTag          = 40
)

// Validate checks the resource's fields, normalizing what it may (codes to their case, duplicates
// out), and names every field at fault.
func (r *Resource) Validate(validCause func(string) bool) error {
	r.Title, r.Provider = strings.TrimSpace(r.Title), strings.TrimSpace(r.Provider)
	r.Description, r.URL = strings.TrimSpace(r.Description), strings.TrimSpace(r.URL)
	r.Currency = strings.ToUpper(strings.TrimSpace(r.Currency))
	r.Countries = normalize(r.Countries, strings.ToUpper)
	r.Languages = normalize(r.Languages, strings.ToLower)
	r.Tags = normalize(r.Tags, strings.ToLower)
	r.OrgTypes, r.Causes, r.Sizes = normalize(r.OrgTypes, nil), normalize(r.Causes, nil), normalize(r.Sizes, nil)
	var errs []error
	if !slices.Contains(ResourceKinds, r.Kind) {
		errs = append(errs, FieldError("kind", "err.resource_kind", "Choose what kind of opportunity it is."))
	}
	if c := utf8.RuneCountInString(r.Title); c < 5 || c > 140 {
		errs = append(errs, FieldError("title", "err.title_length", "Write a title of 5 to 140 characters."))
	}
	if c := utf8.RuneCountInString(r.Provider); c < 2 || c > 120 {
		errs = append(errs, FieldError("provider", "err.provider_length", "Say who offers it, in 2 to 120 characters."))
	}
	if utf8.RuneCountInString(r.Description) > 10000 {
		errs = append(errs, FieldError("description", "err.description_length", "A description may be at most 10,000 characters."))
	}
	if r.AmountMin < 0 || r.AmountMax < 0 || (r.AmountMax > 0 && r.AmountMin > r.AmountMax) || r.AmountMax > 1e12 {
		errs = append(errs, FieldError("amount_max", "err.amount_range", "Give amounts from the smallest to the largest, or leave them out."))
	}
	if r.AmountMin > 0 && r.AmountMax == 0 {
		r.AmountMax = r.AmountMin
	}
	if r.AmountMax > 0 || r.Currency != "" {
		if _, err := currency.ParseISO(r.Currency); err != nil || len(r.Currency) != 3 {
			errs = append(errs, FieldError("currency", "err.currency", "Give the currency as three letters, like USD, EUR or MAD."))
		}
	}
	errs = append(errs, CheckTime("deadline", r.Deadline))
	if !IsWebURL(r.URL) {
		errs = append(errs, FieldError("url", "err.url_invalid", "Enter a web address starting with https:// or http://."))
	}
	languageOK := func(l string) bool { _, err := language.Parse(l); return err == nil && len(l) <= 12 }
	for _, c := range []struct {
		field, key, message string
		list                []string
		ok                  func(string) bool
	}{
		{"countries", "err.country_unknown", "Choose a country.", r.Countries, IsCountry},
		{"org_types", "err.org_type_unknown", "Choose one of the organization types.", r.OrgTypes, func(t string) bool { return slices.Contains(OrganizationTypes, t) }},
		{"causes", "err.cause_unknown", "Choose causes from the list.", r.Causes, validCause},
		{"sizes", "err.org_size_unknown", "Choose one of the sizes.", r.Sizes, func(z string) bool { return slices.Contains(OrganizationSizes, z) }},
		{"languages", "err.language_unknown", "Choose languages from the list.", r.Languages, languageOK},
	} {
		if slices.ContainsFunc(c.list, func(v string) bool { return !c.ok(v) }) {
			errs = append(errs, FieldError(c.field, c.key, c.message))
		}
	}
	for _, t := range r.Tags {
		if utf8.RuneCountInString(t) > maxTag || strings.ContainsAny(t, ",;\n") {
			errs = append(errs, FieldError("tags", "err.tag", "Tags are single words or short phrases of at most 40 characters."))
			break
		}
	}
	for field, list := range map[string][]string{"countries": r.Countries, "causes": r.Causes, "languages": r.Languages, "tags": r.Tags} {
		if len(list) > maxResourceList {
			errs = append(errs, FieldError(field, "err.list_long", "That is too many: keep to 60."))
		}
	}
	return MergeFieldErrors(errs...)
}

// normalize trims, cases (when to is not nil) and de-duplicates a list, keeping its order.
func normalize(list []string, to func(string) string) []string {
	var out []string
	for _, s := range list {
		s = strings.TrimSpace(s)
		if to != nil {
			s = to(s)
		}
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// ResourceFilter searches the directory. Zero fields do not filter.
type ResourceFilter struct {
	Query     string // words in the title, provider, description or tags
	Kind      string
	Country   string // eligible organizations' country (entries open to any country match)
	Cause     string
	OrgType   string
	Language  string     // one may apply in it
	MinAmount int64      // the amount can reach at least this much
	ClosingBy *time.Time // deadline by then (rolling entries never close, so they drop out)
	Status    string     // published unless a moderator asks for another
	Reported  bool       // only entries someone reported outdated

	// EligibleFor keeps the open entries the organization qualifies for (see Eligible).
	EligibleFor *Organization
	After       string // keyset cursor from the previous page
	Limit       int
}

// ResourcePage is one page of resources, closing soonest first, rolling ones last.
type ResourcePage struct {
	Resources []*Resource
	Next      string
}

// ResourceService stores the directory. Who may call what is decided by Actor's policy methods
// before the call.
type ResourceService interface {
	// SubmitResource stores r, pending a moderator. Errors: EINVALID.
	SubmitResource(ctx context.Context, r *Resource, by int64) error
	// UpdateResource saves r's fields; a returned entry goes back to the moderators. Errors:
	// EINVALID, ENOTFOUND.
	UpdateResource(ctx context.Context, r *Resource, by int64) error
	// ReviewResource records a moderator's decision (DecidePublish…) with its reason (needed to
	// return or reject) and tells the submitter. Errors: EINVALID, ENOTFOUND, ECONFLICT.
	ReviewResource(ctx context.Context, id int64, decision, reason string, by int64) error
	// FindResource returns a resource. Errors: ENOTFOUND.
	FindResource(ctx context.Context, id int64) (*Resource, error)
	// SearchResources pages through the directory, closing soonest first.
	SearchResources(ctx context.Context, f ResourceFilter) (*ResourcePage, error)
	// ReportOutdated records that person thinks the entry is outdated, once per person.
	ReportOutdated(ctx context.Context, id, by int64, note string) error
	// RetireExpired retires published entries whose deadline passed, and returns how many.
	RetireExpired(ctx context.Context) (int, error)
	// ImportResources publishes entries a moderator imported, all or none. Errors: EINVALID.
	ImportResources(ctx context.Context, list []*Resource, by int64) error
}

// Suggestion is a change someone proposed to a published entry they may not edit, waiting for a
// moderator.
type Suggestion struct {
	ID        int64
	Current   *Resource // the entry as it is
	Proposed  *Resource // as it would become
	Note      string
	By        int64
	ByName    string
	CreatedAt time.Time
}

// Changes names the fields the suggestion changes, in the order of the entry's form.
func (s *Suggestion) Changes() []string {
	a, b := s.Current, s.Proposed
	var out []string
	add := func(name string, changed bool) {
		if changed {
			out = append(out, name)
		}
	}
	add("kind", a.Kind != b.Kind)
	add("title", a.Title != b.Title)
	add("provider", a.Provider != b.Provider)
	add("description", a.Description != b.Description)
	add("url", a.URL != b.URL)
	add("deadline", (a.Deadline == nil) != (b.Deadline == nil) || (a.Deadline != nil && !a.Deadline.Equal(*b.Deadline)))
	add("amount", a.AmountMin != b.AmountMin || a.AmountMax != b.AmountMax || a.Currency != b.Currency)
	add("countries", !slices.Equal(a.Countries, b.Countries))
	add("org_types", !slices.Equal(a.OrgTypes, b.OrgTypes))
	add("sizes", !slices.Equal(a.Sizes, b.Sizes))
	add("causes", !slices.Equal(a.Causes, b.Causes))
	add("languages", !slices.Equal(a.Languages, b.Languages))
	add("tags", !slices.Equal(a.Tags, b.Tags))
	return out
}

// SuggestionService keeps the changes people propose to entries they may not edit.
type SuggestionService interface {
	// SuggestChange records proposed, a changed copy of a published entry, with a note for the
	// moderators. Errors: EINVALID (also when nothing changes), ENOTFOUND, ECONFLICT.
	SuggestChange(ctx context.Context, proposed *Resource, note string, by int64) error
	// Suggestions lists the suggestions waiting for a moderator, oldest first.
	Suggestions(ctx context.Context, limit int) ([]*Suggestion, error)
	// DecideSuggestion applies a suggestion to its entry, or dismisses it. Errors: ENOTFOUND,
	// ECONFLICT when it was decided already.
	DecideSuggestion(ctx context.Context, id int64, apply bool, by int64) error
}
