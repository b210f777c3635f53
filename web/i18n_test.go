package web

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"civhub"
	"civhub/i18n"
)

// messageIDPrefixes are the first parts of every message ID.
const messageIDPrefixes = `site|nav|lang|footer|home|about|error|form|auth|account|outbox|err|mail|list|org|org_type|org_size|role|site_role|verification|admin|audit|visibility|profile|task|task_type|need|need_status|task_status|resource|resource_kind|resource_status|radar|stage|guide|urgency|join_mode|assignment|action|match|dashboard|hours|certificate|thread|note|unsubscribe|agreement|course|course_level|course_status|lesson|quiz|question|question_kind|learning|offline|toolkit|revision_status|event|event_kind|event_mode|event_status|registration_status|challenge|challenge_status|challenge_size|team|team_role|judging|solution|phone|standby|sms_outbox|sms|crisis|incident`

// messageIDPattern matches a message ID such as "home.org.heading".
var messageIDPattern = regexp.MustCompile(`\b(?:` + messageIDPrefixes + `)(?:\.[a-z_]+)+\b`)

// usedMessageIDs finds every message ID civhub uses: quoted IDs in the templates and Go code of the
// whole module, plus the IDs built from error codes (the error page) and mail kinds (the mail).
func usedMessageIDs(t *testing.T) []string {
	t.Helper()
	literal := regexp.MustCompile(`"((?:` + messageIDPrefixes + `)(?:\.[a-z_]+)+)"`)
	used := map[string]bool{"lang.native_name": true} // read by the catalog to name each language
	for _, code := range errorCodes {
		used["error."+code+".title"] = true
		used["error."+code+".body"] = true
	}
	for _, a := range civhub.AuditActions {
		used["audit.action."+a] = true
	}
	for _, t := range civhub.OrganizationTypes {
		used["org_type."+t] = true
	}
	for _, z := range civhub.OrganizationSizes {
		used["org_size."+z] = true
	}
	for _, r := range civhub.MemberRoles {
		used["role."+r] = true
	}
	for _, r := range []string{"none", civhub.RoleModerator, civhub.RoleAdmin} {
		used["site_role."+r] = true
	}
	for _, v := range []string{civhub.Unverified, civhub.VerificationPending, civhub.Verified, civhub.VerificationRejected} {
		used["verification."+v] = true
	}
	for _, ty := range civhub.TaskTypes {
		used["task_type."+ty] = true
	}
	for _, k := range civhub.ResourceKinds {
		used["guide."+k+".title"], used["guide."+k+".intro"] = true, true
		steps, tips := guideMessageIDs(k)
		for _, id := range append(steps, tips...) {
			used[id] = true
		}
	}
	for _, st := range civhub.Stages {
		used["stage."+st] = true
	}
	for _, k := range []string{"country", "type", "causes", "languages", "rolling", "deadline"} {
		used["radar."+k] = true // the reasons of civhub.Eligible
	}
	for _, k := range civhub.ResourceKinds {
		used["resource_kind."+k] = true
	}
	for _, st := range civhub.ResourceStatuses {
		used["resource_status."+st] = true
	}
	for _, d := range []string{civhub.DecidePublish, civhub.DecideReturn, civhub.DecideReject, civhub.DecideRetire} {
		used["resource.review."+d] = true // the moderator's buttons
		used["resource.decided."+d] = true
	}
	for _, st := range civhub.TaskStatuses {
		used["task_status."+st] = true
	}
	for _, lv := range civhub.CourseLevels {
		used["course_level."+lv] = true
	}
	for _, st := range []string{civhub.CourseDraft, civhub.CourseInReview, civhub.CourseReturned, civhub.CoursePublished, civhub.CourseWithdrawn} {
		used["course_status."+st] = true
	}
	for _, d := range []string{civhub.CourseDecidePublish, civhub.CourseDecideReturn, civhub.CourseDecideWithdraw} {
		used["course.review."+d] = true // the moderator's buttons
	}
	for _, k := range civhub.QuestionKinds {
		used["question_kind."+k] = true
	}
	for _, k := range civhub.EventKinds {
		used["event_kind."+k] = true
	}
	for _, m := range civhub.EventModes {
		used["event_mode."+m] = true
	}
	for _, st := range []string{civhub.EventDraft, civhub.EventPublished, civhub.EventCancelled} {
		used["event_status."+st] = true
	}
	for _, st := range []string{civhub.RegRegistered, civhub.RegWaitlisted, civhub.RegOffered, civhub.RegCancelled, civhub.RegAttended, civhub.RegNoShow} {
		used["registration_status."+st] = true
	}
	for _, st := range []string{civhub.RevisionPublished, civhub.RevisionPending, civhub.RevisionRejected, civhub.RevisionTask} {
		used["revision_status."+st] = true
	}
	for _, st := range civhub.NeedStatuses {
		used["need_status."+st] = true
	}
	for _, r := range []string{civhub.TeamRoleLead, civhub.TeamRoleMember, civhub.TeamRoleMentor} {
		used["team_role."+r] = true
	}
	for _, c := range []civhub.Conflict{civhub.ConflictTeam, civhub.ConflictOrganization} {
		used["judging.conflict."+string(c)] = true
	}
	for _, k := range []string{civhub.AskText, civhub.AskChoice} {
		used["event.question.answer."+k] = true
	}
	for _, k := range civhub.IncidentKinds {
		used["incident."+k] = true
	}
	for _, tpl := range civhub.CrisisTaskTemplates {
		used["crisis.template."+tpl.ID] = true
		used["crisis.task."+tpl.ID+".title"] = true
		used["crisis.task."+tpl.ID+".body"] = true
	}
	for _, st := range []string{civhub.BoardOpen, civhub.BoardClaimed, civhub.BoardSubmitted, civhub.BoardDone, civhub.BoardClosed} {
		used["crisis.stage."+st] = true
	}
	for _, st := range []string{civhub.CrisisActive, civhub.CrisisStoodDown} {
		used["crisis.status."+st] = true
	}
	for _, d := range []string{"crisis_activated", "drill_activated", "crisis_stood_down"} {
		used["audit.detail."+d] = true
	}
	for _, c := range civhub.StandbyChannels {
		used["standby.channel."+c] = true
	}
	for _, st := range civhub.SMSStatuses {
		used["sms_outbox.status_"+st] = true
	}
	for _, st := range civhub.ChallengeStatuses {
		used["challenge_status."+st] = true
	}
	for _, size := range civhub.ChallengeSizes {
		used["challenge_size."+size] = true
	}
	for _, m := range []string{"create", "submit", "vet", "return", "open", "progress", "solve", "archive"} {
		used["challenge.step."+m] = true // the moves of a challenge's history
		if m != "create" {
			used["challenge.move."+m] = true
			used["challenge.moved."+m] = true
		}
	}
	for _, st := range []string{civhub.AssignClaimed, civhub.AssignApplied, civhub.AssignAccepted, civhub.AssignInProgress,
		civhub.AssignSubmitted, civhub.AssignReturned, civhub.AssignApproved, civhub.AssignDone, civhub.AssignWithdrawn,
		civhub.AssignDeclined, civhub.AssignCancelled, civhub.AssignReleased} {
		used["assignment."+st] = true
	}
	for _, a := range []string{civhub.ActClaim, civhub.ActApply, civhub.ActWithdraw, civhub.ActAccept, civhub.ActDecline,
		civhub.ActStart, civhub.ActSubmit, civhub.ActReturn, civhub.ActApprove, civhub.ActCancel, civhub.ActRelease} {
		used["action."+a] = true
	}
	for _, m := range []string{civhub.JoinClaim, civhub.JoinApply} {
		used["join_mode."+m] = true
		used["task.join."+m] = true
		used["task.join."+m+"_submit"] = true
		used["task."+m+".done"] = true
	}
	for _, u := range []string{civhub.UrgencyNormal, civhub.UrgencyUrgent} {
		used["urgency."+u] = true
	}
	for _, st := range []string{civhub.HoursPending, civhub.HoursConfirmed, civhub.HoursRejected} {
		used["hours."+st] = true
	}
	for _, r := range []string{"skills", "languages", "pair", "hours", "causes", "city", "country", "zone", "pace.weeks", "pace.late"} {
		used["match.them."+r] = true // a task's reasons (match.*) said of a volunteer
	}
	for _, field := range []string{"scope", "hours", "deadline", "answer_days"} {
		used["agreement."+field] = true // the accept form's labels
	}
	for _, k := range civhub.NoteKinds {
		used["note.text."+k.Name] = true
		used["note.kind."+k.Name] = true
	}
	for _, d := range []string{civhub.DeliverNow, civhub.DeliverDaily, civhub.DeliverWeekly, civhub.DeliverOff} {
		used["note.delivery."+d] = true
	}
	for _, c := range []string{civhub.ChannelEmail, civhub.ChannelSMS} {
		used["note.settings."+c] = true
	}
	for _, lv := range civhub.LanguageLevels {
		used["profile.level."+lv] = true
	}
	for _, v := range civhub.Visibilities {
		used["visibility."+string(v)] = true
	}
	for _, kind := range civhub.MailKinds {
		if kind == civhub.MailNote || kind == civhub.MailDigest {
			continue // their message IDs are written out in the renderer
		}
		for _, part := range []string{"subject", "intro", "action", "outro"} {
			used["mail."+kind+"."+part] = true
		}
	}
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() || !(strings.HasSuffix(path, ".html") || strings.HasSuffix(path, ".go")) ||
			strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range literal.FindAllSubmatch(src, -1) {
			used[string(m[1])] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for id := range used {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// TestMessageCatalog fails on a message that a locale lacks, or one that no page uses.
func TestMessageCatalog(t *testing.T) {
	used := usedMessageIDs(t)
	if len(used) < 20 {
		t.Fatalf("found only %d used message IDs; the scan is broken", len(used))
	}
	for _, code := range civhub.Locales {
		ids, err := i18n.MessageIDs(code)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range used {
			if !slices.Contains(ids, id) {
				t.Errorf("%s.toml lacks %q", code, id)
			}
		}
		for _, id := range ids {
			if !slices.Contains(used, id) {
				t.Errorf("%s.toml has %q, which nothing uses", code, id)
			}
		}
	}
}

// TestPlurals renders the plural messages for many counts in every locale; go-i18n fails when a
// locale lacks a plural form its language needs.
func TestPlurals(t *testing.T) {
	catalog, err := i18n.NewCatalog()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range catalog.Locales() {
		for _, id := range []string{"home.reach.languages", "form.retry_in", "match.pace.span"} {
			seen := map[string]bool{}
			for n := 0; n <= 1_000_001; n = next(n) {
				s := l.N(id, n)
				if s == id {
					t.Fatalf("%s: no plural form of %s for %d", l.Code, id, n)
				}
				seen[s] = true
			}
			if len(seen) < 2 {
				t.Errorf("%s: every count gives the same text for %s", l.Code, id)
			}
		}
	}
}

func next(n int) int {
	if n < 200 {
		return n + 1
	}
	return n*10 + 1
}
