package civhub

import (
	"slices"
	"testing"
	"time"
)

// The kinds of actor the workflow test tries every move as, relative to one assignment of a task
// of organization 7.
const (
	itsVolunteer  = "its volunteer"
	orgOwner      = "the organization's owner"
	orgAdmin      = "an organization admin"
	orgMember     = "a plain member of the organization"
	someoneElse   = "another volunteer"
	unconfirmed   = "someone with an unconfirmed address"
	siteModerator = "a moderator"
	nobody        = "anonymous"
)

// workflowActors are the actors, by kind. The assignment's volunteer is person 2.
func workflowActors() map[string]*Actor {
	confirmed := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	person := func(id int64, role string) *Person {
		return &Person{ID: id, SiteRole: role, EmailVerifiedAt: &confirmed}
	}
	in := func(role string) []Membership { return []Membership{{OrganizationID: 7, Role: role}} }
	return map[string]*Actor{
		itsVolunteer:  NewActor(person(2, RoleNone), nil, nil),
		orgOwner:      NewActor(person(1, RoleNone), in(MemberOwner), nil),
		orgAdmin:      NewActor(person(3, RoleNone), in(MemberAdmin), nil),
		orgMember:     NewActor(person(4, RoleNone), in(MemberMember), nil),
		someoneElse:   NewActor(person(5, RoleNone), nil, nil),
		unconfirmed:   NewActor(&Person{ID: 6}, nil, nil),
		siteModerator: NewActor(person(8, RoleModerator), nil, nil),
		nobody:        NewActor(nil, nil, nil),
	}
}

// Who takes each kind of move.
var (
	// Anyone signed in with a confirmed address joins a task, except its organization's managers,
	// who would review their own work (the storage refuses them: errOwnTask).
	joiners       = []string{itsVolunteer, orgMember, someoneElse, siteModerator}
	volunteerOnly = []string{itsVolunteer}
	managers      = []string{orgOwner, orgAdmin}
	// Release is civhub's own step, taken by its jobs for claims and engagements gone quiet; no
	// person takes it.
	civhubOnly []string
)

// wantMove is one allowed move: from a status, an action, the status it leads to and who may take it.
type wantMove struct {
	from, action, to string
	who              []string
}

// wantMoves is the workflow written out move by move. Every (status, action) pair not listed must
// be refused to everyone. A change to the workflow must change this table too.
var wantMoves = []wantMove{
	{"", ActClaim, AssignClaimed, joiners},
	{"", ActApply, AssignApplied, joiners},

	{AssignApplied, ActAccept, AssignAccepted, managers},
	{AssignApplied, ActDecline, AssignDeclined, managers},
	{AssignApplied, ActWithdraw, AssignWithdrawn, volunteerOnly},
	{AssignApplied, ActCancel, AssignCancelled, managers},

	{AssignClaimed, ActStart, AssignInProgress, volunteerOnly},
	{AssignClaimed, ActSubmit, AssignSubmitted, volunteerOnly},
	{AssignClaimed, ActWithdraw, AssignWithdrawn, volunteerOnly},
	{AssignClaimed, ActCancel, AssignCancelled, managers},
	{AssignClaimed, ActRelease, AssignReleased, civhubOnly},

	{AssignAccepted, ActStart, AssignInProgress, volunteerOnly},
	{AssignAccepted, ActSubmit, AssignSubmitted, volunteerOnly},
	{AssignAccepted, ActWithdraw, AssignWithdrawn, volunteerOnly},
	{AssignAccepted, ActCancel, AssignCancelled, managers},
	{AssignAccepted, ActRelease, AssignReleased, civhubOnly},

	{AssignInProgress, ActSubmit, AssignSubmitted, volunteerOnly},
	{AssignInProgress, ActWithdraw, AssignWithdrawn, volunteerOnly},
	{AssignInProgress, ActCancel, AssignCancelled, managers},
	{AssignInProgress, ActRelease, AssignReleased, civhubOnly},

	{AssignSubmitted, ActReturn, AssignReturned, managers},
	{AssignSubmitted, ActApprove, AssignApproved, managers},
	{AssignSubmitted, ActCancel, AssignCancelled, managers},

	{AssignReturned, ActSubmit, AssignSubmitted, volunteerOnly},
	{AssignReturned, ActWithdraw, AssignWithdrawn, volunteerOnly},
	{AssignReturned, ActCancel, AssignCancelled, managers},
	{AssignReturned, ActRelease, AssignReleased, civhubOnly},
	// Approved, done, withdrawn, declined, cancelled and released are ends: nothing moves on.
}

// allStatuses are where an assignment can stand, with "" for no assignment yet.
var allStatuses = []string{"", AssignClaimed, AssignApplied, AssignAccepted, AssignInProgress, AssignSubmitted, AssignReturned,
	AssignApproved, AssignDone, AssignWithdrawn, AssignDeclined, AssignCancelled, AssignReleased}

// allActions are every workflow action.
var allActions = []string{ActClaim, ActApply, ActWithdraw, ActAccept, ActDecline, ActStart, ActSubmit, ActReturn, ActApprove,
	ActCancel, ActRelease}

// mayTake reports whether actor may take action on an assignment of volunteer 2 in status from, as
// the workflow table and the policy together decide.
func mayTake(a *Actor, from, action string) (string, bool) {
	to, err := Transition(from, action)
	if err != nil {
		return "", false
	}
	o := &Organization{ID: 7}
	if action == ActClaim || action == ActApply {
		return to, a.CanJoinTask() && !a.CanManageNeeds(o)
	}
	return to, a.CanAct(o, &Assignment{VolunteerID: 2, Status: from}, action)
}

// TestWorkflowMoves tries every action from every status as every kind of actor, and expects
// exactly the moves of wantMoves.
func TestWorkflowMoves(t *testing.T) {
	actors := workflowActors()
	for _, from := range allStatuses {
		for _, action := range allActions {
			i := slices.IndexFunc(wantMoves, func(m wantMove) bool { return m.from == from && m.action == action })
			if to, err := Transition(from, action); err == nil && (i < 0 || wantMoves[i].to != to) {
				t.Errorf("from %q, %s leads to %q; the test's table does not have this move", from, action, to)
			} else if err != nil && i >= 0 {
				t.Errorf("from %q, %s is refused (%v); want it to lead to %q", from, action, err, wantMoves[i].to)
			} else if err != nil && ErrorCode(err) != ECONFLICT {
				t.Errorf("from %q, %s: %v, want ECONFLICT", from, action, err)
			}
			for kind, a := range actors {
				_, got := mayTake(a, from, action)
				want := i >= 0 && slices.Contains(wantMoves[i].who, kind)
				if got != want {
					t.Errorf("from %q, %s by %s: allowed %v, want %v", from, action, kind, got, want)
				}
			}
		}
	}
}

// TestWorkflowTestKnowsEveryMove fails when the workflow gains an action or a status the test
// above does not try.
func TestWorkflowTestKnowsEveryMove(t *testing.T) {
	for action, move := range transitions {
		if !slices.Contains(allActions, action) {
			t.Errorf("action %q is not tried by TestWorkflowMoves", action)
		}
		for _, s := range append(slices.Clone(move.from), move.to) {
			if !slices.Contains(allStatuses, s) {
				t.Errorf("status %q is not tried by TestWorkflowMoves", s)
			}
		}
	}
}

// TestStatusRulesKnowEveryStatus: every status the workflow can lead to has a rule, once, and the
// rules agree with each other (a place is held only by an engagement that is active or done; an
// ended one is neither active nor holds a place).
func TestStatusRulesKnowEveryStatus(t *testing.T) {
	all := AssignmentStatuses()
	for action, tr := range transitions {
		if !slices.Contains(all, tr.to) {
			t.Errorf("%s leads to %q, which has no rule", action, tr.to)
		}
	}
	seen := map[string]bool{}
	for _, s := range all {
		if seen[s] {
			t.Errorf("%q has two rules", s)
		}
		seen[s] = true
		if HasEnded(s) && (IsActive(s) || HoldsSlot(s) || MayLogHours(s)) {
			t.Errorf("%q has ended but still counts as going on", s)
		}
		if (IsWorking(s) || IsQuiet(s) || MayLogHours(s)) && !IsActive(s) {
			t.Errorf("%q is worked on but not active", s)
		}
	}
	if len(all) != 12 || IsActive("no such status") {
		t.Errorf("statuses %q: want the 12 of the workflow, and no rule for an unknown one", all)
	}
}
