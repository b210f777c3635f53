package civhub

import (
	"context"
	"encoding/json"
	"strings"
	"time"
)

// The audit log: every change to a task, membership, verification, role or account's security.

// Audit actions recorded for account security.
const (
	AuditSignUp          = "sign_up"
	AuditEmailVerified   = "email_verified"
	AuditSignIn          = "sign_in"
	AuditPasswordReset   = "password_reset"
	AuditSessionsRevoked = "session_revoked"
	AuditPasswordChanged = "password_changed"
	AuditTwoFactorOn     = "two_factor_on"
	AuditTwoFactorOff    = "two_factor_off"
	AuditRecoveryCodes   = "recovery_codes_renewed"
	AuditRecoveryUsed    = "recovery_code_used"
	AuditEmailChanged    = "email_changed"
	AuditSiteRole        = "site_role_changed"
	AuditDisabled        = "account_disabled"
	AuditEnabled         = "account_enabled"

	AuditOrgCreated       = "organization_created"
	AuditOrgUpdated       = "organization_updated"
	AuditMemberAdded      = "member_added"
	AuditMemberInvited    = "member_invited"
	AuditMemberRole       = "member_role_changed"
	AuditMemberRemoved    = "member_removed"
	AuditOwnerTransfer    = "ownership_transferred"
	AuditTrusted          = "person_trusted"
	AuditUntrusted        = "person_untrusted"
	AuditVerifyRequested  = "verification_requested"
	AuditVerified         = "verification_approved"
	AuditVerifyRejected   = "verification_rejected"
	AuditTokenCreated     = "api_token_created"
	AuditTokenRevoked     = "api_token_revoked"
	AuditAccountDeleted   = "account_deleted"
	AuditOrgDeleted       = "organization_deleted"
	AuditNeedCreated      = "need_created"
	AuditNeedUpdated      = "need_updated"
	AuditTaskCreated      = "task_created"
	AuditTaskUpdated      = "task_updated"
	AuditTaskStep         = "task_step" // a workflow step; the detail says which
	AuditHours            = "hours_decided"
	AuditEndorsed         = "skill_endorsed"
	AuditResourceUpdated  = "resource_updated"
	AuditResourceReviewed = "resource_reviewed" // a moderator's decision; the detail says which
	AuditCourseReviewed   = "course_reviewed"   // a moderator's decision on a course; the detail says which
	AuditTrainer          = "trainer_changed"   // a moderator made someone a trainer, or took it back
	AuditResourceTracked  = "resource_tracked"  // an organization saved an opportunity or moved its application on
	AuditCalendar         = "calendar_changed"  // an organization's private calendar address was made or stopped
	AuditToolkitReviewed  = "toolkit_reviewed"  // a moderator published or rejected an edit of a toolkit
	AuditToolkitUndone    = "toolkit_undone"    // a moderator undid every edit of one person
	AuditCurator          = "curator_changed"   // an administrator made someone a curator of challenges, or took it back
	AuditCrisis           = "crisis_changed"    // a coordinator activated a crisis or a drill, or stood it down
)

// AuditActions lists every audit action, for the pages and tests that name them all.
var AuditActions = []string{AuditSignUp, AuditEmailVerified, AuditSignIn, AuditPasswordReset, AuditSessionsRevoked,
	AuditPasswordChanged, AuditTwoFactorOn, AuditTwoFactorOff, AuditRecoveryCodes, AuditRecoveryUsed, AuditEmailChanged,
	AuditSiteRole, AuditDisabled, AuditEnabled, AuditOrgCreated, AuditOrgUpdated, AuditMemberAdded, AuditMemberInvited,
	AuditMemberRole, AuditMemberRemoved, AuditOwnerTransfer, AuditTrusted, AuditUntrusted, AuditVerifyRequested,
	AuditVerified, AuditVerifyRejected, AuditTokenCreated, AuditTokenRevoked, AuditAccountDeleted, AuditOrgDeleted,
	AuditNeedCreated, AuditNeedUpdated, AuditTaskCreated, AuditTaskUpdated, AuditTaskStep, AuditHours, AuditEndorsed,
	AuditResourceUpdated, AuditResourceReviewed, AuditResourceTracked, AuditCalendar, AuditCourseReviewed, AuditTrainer,
	AuditToolkitReviewed, AuditToolkitUndone, AuditCurator, AuditCrisis}

// AuditEntry is one line of the audit log: who did what to whom, and when.
type AuditEntry struct {
	ID             int64
	At             time.Time
	ActorID        int64 // 0 when the system acted
	PersonID       int64 // the person affected, if any
	OrganizationID int64 // the organization affected, if any
	Action         string
	Detail         string // an AuditDetail's String, or text shown as it is (see ParseAuditDetail)

	// Names, filled when the log is read: display names (empty for deleted people) and the
	// organization's name.
	ActorName, PersonName, OrganizationName string
}

// AuditFilter narrows a reading of the audit log.
type AuditFilter struct {
	OrganizationID int64 // 0 for every organization
	Before         int64 // keyset: entries older than this ID; 0 for the newest
	Limit          int
}

// AuditService reads the audit log (the services write it as they change things).
type AuditService interface {
	// AuditLog lists entries, newest first.
	AuditLog(ctx context.Context, f AuditFilter) ([]AuditEntry, error)
}

// AuditDetail is what an audit entry says beyond its action, stored as a message ID with what fills
// it, so that everyone reads the log in their own language. Args are shown as they are (a task's
// number, a count); Terms are message IDs the reader's language names (a role, a status).
type AuditDetail struct {
	Key   string            `json:"key"` // audit.detail.NAME
	Args  map[string]string `json:"args,omitempty"`
	Terms map[string]string `json:"terms,omitempty"`
}

// auditDetailPrefix starts every stored AuditDetail and every one of their message IDs.
const auditDetailPrefix = "audit.detail."

// String encodes d for AuditEntry.Detail.
func (d AuditDetail) String() string {
	b, err := json.Marshal(d)
	if err != nil {
		return d.Key // a struct of strings always encodes
	}
	return string(b)
}

// ParseAuditDetail reads a detail stored by AuditDetail.String. ok is false for any other detail: a
// name or title people wrote, and the English details stored before details were translated; both
// are shown as they are.
func ParseAuditDetail(detail string) (d AuditDetail, ok bool) {
	if !strings.HasPrefix(detail, `{"key":"`+auditDetailPrefix) {
		return AuditDetail{}, false
	}
	if err := json.Unmarshal([]byte(detail), &d); err != nil || !strings.HasPrefix(d.Key, auditDetailPrefix) {
		return AuditDetail{}, false
	}
	return d, true
}
