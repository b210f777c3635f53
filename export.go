package civhub

import (
	"context"
	"time"
)

// PersonExport is everything civhub keeps about a person, for them to download. Secrets (the
// password hash, the two-factor key, token hashes) are left out: they are of no use to the person
// and of much use to a thief.
type PersonExport struct {
	ExportedAt  time.Time    `json:"exported_at"`
	Person      ExportPerson `json:"person"`
	Profile     *Profile     `json:"profile"`
	Memberships []Membership `json:"memberships"`
	Sessions    []Session    `json:"sessions"`
	APITokens   []*APIToken  `json:"api_tokens"`
	AuditLog    []AuditEntry `json:"audit_log" doc:"Entries about this person or by them."`
	// Engagements are the tasks the person claimed or applied for, with what they wrote and got back.
	Engagements   []*Assignment   `json:"engagements"`
	Hours         []HoursEntry    `json:"hours"`
	Endorsements  []Endorsement   `json:"endorsements"`
	TaskMessages  []TaskMessage   `json:"task_messages" doc:"Messages the person wrote in task conversations."`
	Notifications []*Notification `json:"notifications" doc:"The person's inbox."`
	NoteSettings  []NoteSetting   `json:"notification_settings"`
	Resources     []*Resource     `json:"opportunities" doc:"Opportunities the person added to the directory."`
	Reports       []ResourceNote  `json:"outdated_reports" doc:"Entries the person reported outdated."`
	Suggestions   []ResourceNote  `json:"suggested_changes" doc:"Changes the person suggested, waiting or decided."`
	PlaceAlerts   []PlaceAlert    `json:"place_alerts" doc:"Full tasks the person asked to be told about when a place opens."`
	Certificates  []*Certificate  `json:"certificates" doc:"The certificates the person asked for, withdrawn ones included."`
	Learning      LearningExport  `json:"learning"`
	Toolkits      ToolkitExport   `json:"toolkits"`
	Registrations []*Registration `json:"event_registrations" doc:"The person's places at events, and waits for one."`
	Phone         *Phone          `json:"phone,omitempty" doc:"The person's mobile number, for alerts and SMS commands."`
	Standby       *StandbyPledge  `json:"standby,omitempty" doc:"The person's pledge on the standby roster for crises."`
	SMS           []SMSMessage    `json:"sms_messages" doc:"The text messages civhub sent to the person or received from them."`
	Alerts        []ExportedAlert `json:"crisis_alerts" doc:"The crisis alerts civhub sent the person, or was to send them."`
}

// SMSMessage is a text message civhub sent or received, as a person's export shows it.
type SMSMessage struct {
	Direction string    `json:"direction"` // out: civhub sent it; in: civhub received it
	Number    string    `json:"number"`
	Body      string    `json:"body"`
	Kind      string    `json:"kind"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
}

// ToolkitExport is what a person wrote in toolkits: every revision they made (its pages are the
// whole toolkit at that point, others' words included, readable at /api/v1/toolkits) and the
// files they attached.
type ToolkitExport struct {
	Revisions []RevisionExport `json:"revisions"`
	Files     []ToolkitFile    `json:"files_attached"`
}

// RevisionExport is one of a person's revisions, with its toolkit as slug/language.
type RevisionExport struct {
	Toolkit string `json:"toolkit"`
	Revision
}

// LearningExport is what civhub keeps of a person's learning: the courses they started, every
// quiz attempt with its answers, what they finished, and the courses they write.
type LearningExport struct {
	TrainerSince *time.Time       `json:"trainer_since"`
	Progress     []CourseProgress `json:"progress"`
	Attempts     []Attempt        `json:"quiz_attempts"`
	Completions  []Completion     `json:"completions"`
	Authored     []string         `json:"courses_written" doc:"Each as slug/language."`
}

// CourseProgress is how far a person got in a course.
type CourseProgress struct {
	CourseID  int64     `json:"course_id"`
	Position  int       `json:"position"`
	UpdatedAt time.Time `json:"updated_at"`
}

// PlaceAlert is a person's request to be told when a place opens on a full task.
type PlaceAlert struct {
	TaskID    int64     `json:"task_id"`
	CreatedAt time.Time `json:"created_at"`
}

// ResourceNote is something a person said about a directory entry: a report that it is outdated,
// or a suggested change.
type ResourceNote struct {
	ResourceID int64     `json:"opportunity_id"`
	Note       string    `json:"note"`
	Proposed   string    `json:"proposed,omitempty" doc:"The entry as the person proposed it (JSON)."`
	CreatedAt  time.Time `json:"created_at"`
}

// ExportPerson is the person's own account fields in an export.
type ExportPerson struct {
	ID              int64      `json:"id"`
	Email           string     `json:"email"`
	DisplayName     string     `json:"display_name"`
	Locale          string     `json:"locale"`
	SiteRole        string     `json:"site_role"`
	CreatedAt       time.Time  `json:"created_at"`
	EmailVerifiedAt *time.Time `json:"email_verified_at"`
	TwoFactorSince  *time.Time `json:"two_factor_since"`
	// Why the person came, as they said when signing up.
	CameToVolunteer     bool `json:"came_to_volunteer"`
	CameForOrganization bool `json:"came_for_organization"`
}

// OrganizationExport is everything civhub keeps about an organization, for its owner.
type OrganizationExport struct {
	ExportedAt    time.Time              `json:"exported_at"`
	Organization  *Organization          `json:"organization"`
	Members       []Member               `json:"members"`
	Invitations   []Invitation           `json:"invitations"`
	Trusted       []Member               `json:"trusted_people"`
	Verifications []*VerificationRequest `json:"verification_requests"`
	AuditLog      []AuditEntry           `json:"audit_log"`
	Tracked       []*Tracked             `json:"tracked_opportunities" doc:"The opportunities it saved and where its applications stand."`
}

// DataService exports and deletes a person's or an organization's data.
type DataService interface {
	// ExportPerson gathers everything about person.
	ExportPerson(ctx context.Context, person int64) (*PersonExport, error)
	// DeletePerson deletes person's account and personal data. Records other people depend on stay,
	// without the person's name: audit entries lose their reference, organizations keep their history.
	// Errors: ECONFLICT when the person is the only owner of an organization that has other members
	// (they must hand it over or delete it first), or the site's only administrator.
	DeletePerson(ctx context.Context, person int64) error
	// ExportOrganization gathers everything about org.
	ExportOrganization(ctx context.Context, org int64) (*OrganizationExport, error)
	// DeleteOrganization deletes org with its memberships, invitations and requests.
	DeleteOrganization(ctx context.Context, org, by int64) error
}

// ExportedAlert is a crisis alert in a person's export.
type ExportedAlert struct {
	Crisis  string     `json:"crisis"` // the crisis's address
	Channel string     `json:"channel"`
	Status  string     `json:"status"`
	Reason  string     `json:"reason,omitempty"`
	SentAt  *time.Time `json:"sent_at,omitempty"`
}
