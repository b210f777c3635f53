package civhub

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"time"
)

// Notification kinds. Each is a message in every locale (note.KIND) and a row of NoteKinds.
const (
	NoteApplied        = "applied"         // to the organization: a volunteer applied
	NoteClaimed        = "claimed"         // to the organization: a volunteer claimed a place
	NoteAccepted       = "accepted"        // to the volunteer: the organization took them on
	NoteDeclined       = "declined"        // to the volunteer: the application was declined
	NoteSubmitted      = "submitted"       // to the organization: work waits for review
	NoteReturned       = "returned"        // to the volunteer: work came back with feedback
	NoteApproved       = "approved"        // to the volunteer: the work was approved
	NoteWithdrawn      = "withdrawn"       // to the organization: a volunteer stepped back
	NoteCancelled      = "cancelled"       // to the volunteer: the organization ended the engagement
	NoteMessage        = "message"         // to the other side: new messages on a task
	NoteHoursLogged    = "hours_logged"    // to the organization: hours wait for confirmation
	NoteHoursConfirmed = "hours_confirmed" // to the volunteer
	NoteEndorsed       = "endorsed"        // to the volunteer: thanks and an endorsed skill
	NoteClaimExpiring  = "claim_expiring"  // to the volunteer: the claim is released soon
	NoteClaimReleased  = "claim_released"  // to the volunteer: the claim was released
	NoteNewMatch       = "new_match"       // to the volunteer: a new task suits them
	NoteAnswerDue      = "answer_due"      // to the organization: an application waits too long
	NoteExpired        = "expired"         // to the volunteer: the unanswered application was closed
	NoteQuiet          = "quiet"           // to the volunteer: how is it going?
	NoteQuietReleased  = "quiet_released"  // to the volunteer: the place went back after no news
	NoteAgreed         = "agreed"          // to the organization: the volunteer agreed; contacts are shown
	NoteInvited        = "invited"         // to the volunteer: an organization invites them to a task
	NotePlaceOpen      = "place_open"      // to who asked: a place opened on a task that was full

	NoteResourcePublished = "resource_published"  // to its submitter: moderators published the entry
	NoteResourceReturned  = "resource_returned"   // to its submitter: sent back with a reason, to fix
	NoteResourceRejected  = "resource_rejected"   // to its submitter, with the reason
	NoteResourceMatch     = "resource_match"      // to an organization's managers: a new opportunity it qualifies for
	NoteCoursePublished   = "course_published"    // to a course's authors: a moderator published it
	NoteCourseReturned    = "course_returned"     // to a course's authors: sent back with a reason, to fix
	NoteToolkitPublished  = "toolkit_published"   // to the writer of an edit that waited: a moderator published it
	NoteToolkitRejected   = "toolkit_rejected"    // to the writer of an edit that waited: a moderator did not accept it
	NoteEventPlaceOffered = "event_place_offered" // to the first person waiting: a place opened, to confirm before its deadline
	NoteEventTomorrow     = "event_tomorrow"      // to people with a place: the event starts within a day
	NoteEventCancelled    = "event_cancelled"     // to people with a place or waiting for one: the organizers cancelled the event
	NoteChallengeReturned = "challenge_returned"  // to a challenge's writer: a curator sent it back with feedback
	NoteSolutionAdopted   = "solution_adopted"    // to who made a project a solution, and its team: an organization uses it
	NoteTeamInvited       = "team_invited"        // to a person looking for a team: a team asks them to join
	NoteChallengeMoved    = "challenge_moved"     // to a challenge's writer and followers: it was vetted, opened, taken up, solved or archived
	NoteResourceWeek      = "resource_week"       // to an organization's managers: a saved opportunity closes in a week
	NoteResourceDay       = "resource_day"        // … closes tomorrow
)

// NoteKind describes one kind of notification: whether it asks the person to act (only those may
// be mailed at once; the rest wait for a digest) and how it is mailed unless the person chose.
type NoteKind struct {
	Name   string
	Action bool
	Email  string // the default email delivery
}

// NoteKinds lists every kind, in the order the preferences page shows them.
var NoteKinds = []NoteKind{
	{NoteAccepted, true, DeliverNow},
	{NoteReturned, true, DeliverNow},
	{NoteClaimExpiring, true, DeliverNow},
	{NoteInvited, true, DeliverNow},
	{NotePlaceOpen, true, DeliverNow},
	{NoteResourceReturned, true, DeliverNow},
	{NoteCourseReturned, true, DeliverNow},
	{NoteEventPlaceOffered, true, DeliverNow},
	{NoteEventTomorrow, true, DeliverNow},
	{NoteEventCancelled, true, DeliverNow},
	{NoteChallengeReturned, true, DeliverNow},
	{NoteTeamInvited, true, DeliverNow},
	{NoteResourceWeek, true, DeliverNow},
	{NoteResourceDay, true, DeliverNow},
	{NoteApplied, true, DeliverNow},
	{NoteSubmitted, true, DeliverNow},
	{NoteAnswerDue, true, DeliverNow},
	{NoteQuiet, true, DeliverNow},
	{NoteHoursLogged, true, DeliverDaily},
	{NoteMessage, false, DeliverDaily},
	{NoteNewMatch, false, DeliverWeekly},
	{NoteAgreed, false, DeliverDaily},
	{NoteApproved, false, DeliverDaily},
	{NoteDeclined, false, DeliverDaily},
	{NoteCancelled, false, DeliverDaily},
	{NoteClaimReleased, false, DeliverDaily},
	{NoteExpired, false, DeliverDaily},
	{NoteQuietReleased, false, DeliverDaily},
	{NoteClaimed, false, DeliverDaily},
	{NoteWithdrawn, false, DeliverDaily},
	{NoteHoursConfirmed, false, DeliverDaily},
	{NoteEndorsed, false, DeliverDaily},
	{NoteResourcePublished, false, DeliverDaily},
	{NoteCoursePublished, false, DeliverDaily},
	{NoteToolkitPublished, false, DeliverDaily},
	{NoteToolkitRejected, false, DeliverDaily},
	{NoteChallengeMoved, false, DeliverDaily},
	{NoteSolutionAdopted, false, DeliverDaily},
	{NoteResourceRejected, false, DeliverDaily},
	{NoteResourceMatch, false, DeliverWeekly},
}

// FindNoteKind returns the kind called name.
func FindNoteKind(name string) (NoteKind, bool) {
	for _, k := range NoteKinds {
		if k.Name == name {
			return k, true
		}
	}
	return NoteKind{}, false
}

// Deliveries: when a notification leaves through a channel other than the inbox.
const (
	DeliverNow    = "now"    // at once: only for kinds that ask for action
	DeliverDaily  = "daily"  // in the daily digest, at 08:00 in the person's time zone
	DeliverWeekly = "weekly" // in the weekly digest, Mondays at 08:00
	DeliverOff    = "off"    // only in the inbox
)

// Channels other than the in-app inbox, which always gets every notification.
const (
	ChannelEmail = "email"
	ChannelSMS   = "sms"
)

// CheckDelivery reports whether delivery is allowed for kind on channel. SMS carries only what needs
// action, at once: a digest by SMS would be a flood.
func CheckDelivery(kind NoteKind, channel, delivery string) error {
	switch delivery {
	case DeliverOff:
		return nil
	case DeliverNow:
		if kind.Action {
			return nil
		}
		return E(EINVALID, "err.delivery_now", "Only notifications that ask you to act can be sent at once.")
	case DeliverDaily, DeliverWeekly:
		if channel == ChannelEmail {
			return nil
		}
	}
	return E(EINVALID, "err.delivery_unknown", "Choose when these notifications reach you.")
}

// NoteSetting is a person's choice for one kind on one channel.
type NoteSetting struct {
	Kind     string `json:"kind"`
	Channel  string `json:"channel"`
	Delivery string `json:"delivery"`
}

// Notification is one entry of a person's inbox. Its text is made from its kind and fields in the
// reader's language.
type Notification struct {
	ID            int64      `json:"id"`
	Kind          string     `json:"kind"`
	TaskID        int64      `json:"task_id,omitempty"`
	Task          string     `json:"task,omitempty"` // the title of the task, or of the resource
	ResourceID    int64      `json:"resource_id,omitempty"`
	CoursePath    string     `json:"course,omitempty"`    // the course's page, for a note about a course
	ToolkitPath   string     `json:"toolkit,omitempty"`   // the toolkit's history, for a note about an edit of it
	EventPath     string     `json:"event,omitempty"`     // the event's page, for a note about an event
	ChallengePath string     `json:"challenge,omitempty"` // the challenge's page, for a note about a challenge
	SolutionPath  string     `json:"solution,omitempty"`  // the solution's page, for a note about a solution
	Org           string     `json:"org,omitempty"`       // the organization's name
	Actor         string     `json:"actor,omitempty"`     // who did it: a display name
	Count         int        `json:"count"`               // how many events this entry gathers (messages)
	CreatedAt     time.Time  `json:"created_at"`
	ReadAt        *time.Time `json:"read_at,omitempty"`
}

// Path returns the page a notification points to: its task, or for a closed application the
// volunteer's page, where tasks like it are suggested.
func (n *Notification) Path() string {
	if n.CoursePath != "" {
		return n.CoursePath
	}
	if n.ToolkitPath != "" {
		return n.ToolkitPath
	}
	if n.EventPath != "" {
		return n.EventPath
	}
	if n.ChallengePath != "" {
		return n.ChallengePath
	}
	if n.SolutionPath != "" {
		return n.SolutionPath
	}
	if n.ResourceID != 0 {
		return "/resources/" + strconv.FormatInt(n.ResourceID, 10)
	}
	if n.TaskID != 0 && n.Kind != NoteExpired {
		return "/tasks/" + strconv.FormatInt(n.TaskID, 10)
	}
	return "/me"
}

// NotificationService is a person's inbox and notification settings.
type NotificationService interface {
	// Notifications returns the person's newest notifications before the ID before (0: the newest).
	Notifications(ctx context.Context, person, before int64, unreadOnly bool, limit int) ([]*Notification, error)
	// Unread counts unread notifications, up to 99.
	Unread(ctx context.Context, person int64) (int, error)
	// ReadNotification marks one notification read and returns it; ENOTFOUND unless it is the person's.
	ReadNotification(ctx context.Context, person, id int64) (*Notification, error)
	// ReadAllNotifications marks every notification of the person read.
	ReadAllNotifications(ctx context.Context, person int64) error
	// NoteSettings returns the person's delivery for every kind and channel, defaults filled in.
	NoteSettings(ctx context.Context, person int64) ([]NoteSetting, error)
	// SetNoteSettings stores settings; EINVALID names the first bad one.
	SetNoteSettings(ctx context.Context, person int64, settings []NoteSetting) error
	// Unsubscribe turns email off for kind, or for every kind when kind is "".
	Unsubscribe(ctx context.Context, person int64, kind string) error
	// SendDigests mails every digest that is due, and returns how many it sent.
	SendDigests(ctx context.Context) (int, error)
}

// UnsubscribeToken is the proof, in an unsubscribe link, that the link came from a mail to person:
// a keyed hash of the person and the kind ("" for all mail), so it needs no storage and cannot be
// forged for someone else.
func UnsubscribeToken(key []byte, person int64, kind string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("unsubscribe\x00" + strconv.FormatInt(person, 10) + "\x00" + kind))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

// CheckUnsubscribeToken reports whether token is UnsubscribeToken(key, person, kind).
func CheckUnsubscribeToken(key []byte, person int64, kind, token string) bool {
	return hmac.Equal([]byte(UnsubscribeToken(key, person, kind)), []byte(token))
}

// NextDigest returns when a digest of the given delivery, for a person in loc, goes out after t:
// 08:00 local the next day it is not yet past, and for weekly digests on a Monday.
func NextDigest(t time.Time, loc *time.Location, delivery string) time.Time {
	local := t.In(loc)
	next := time.Date(local.Year(), local.Month(), local.Day(), 8, 0, 0, 0, loc)
	if !next.After(local) {
		next = next.AddDate(0, 0, 1)
	}
	if delivery == DeliverWeekly {
		for next.Weekday() != time.Monday {
			next = next.AddDate(0, 0, 1)
		}
	}
	return next.UTC()
}
