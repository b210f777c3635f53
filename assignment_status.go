package civhub

// The questions asked of an assignment status, each answered here and nowhere else: storage builds
// its SQL lists from them (StatusesWhere), pages and policy ask them directly, so a new status is
// decided in statusRules once.

// statusRule is what one assignment status means.
type statusRule struct {
	active    bool // still going on: a volunteer has at most one active engagement per task
	slot      bool // takes one of the task's places
	working   bool // the volunteer is at work on it: it counts towards their current load
	quiet     bool // the volunteer is expected to give news now and then (see QuietDays)
	hours     bool // hours may be logged on it
	completed bool // the work was approved
	ended     bool // the volunteer stepped back or was let go: the task's conversation is closed to them
}

// statusRules lists every assignment status, in the order of the workflow.
var statusRules = []struct {
	status string
	statusRule
}{
	{AssignClaimed, statusRule{active: true, slot: true, working: true, hours: true}},
	{AssignApplied, statusRule{active: true}},
	{AssignAccepted, statusRule{active: true, slot: true, working: true, quiet: true, hours: true}},
	{AssignInProgress, statusRule{active: true, slot: true, working: true, quiet: true, hours: true}},
	{AssignSubmitted, statusRule{active: true, slot: true, working: true, hours: true}},
	{AssignReturned, statusRule{active: true, slot: true, working: true, quiet: true, hours: true}},
	{AssignApproved, statusRule{active: true, slot: true, hours: true, completed: true}},
	{AssignDone, statusRule{slot: true, completed: true}},
	{AssignWithdrawn, statusRule{ended: true}},
	{AssignDeclined, statusRule{ended: true}},
	{AssignCancelled, statusRule{ended: true}},
	{AssignReleased, statusRule{ended: true}},
}

func ruleOf(status string) statusRule {
	for _, r := range statusRules {
		if r.status == status {
			return r.statusRule
		}
	}
	return statusRule{}
}

// AssignmentStatuses lists every assignment status, in the order of the workflow.
func AssignmentStatuses() []string { return StatusesWhere(func(string) bool { return true }) }

// StatusesWhere lists the assignment statuses for which question holds, in the order of the
// workflow: StatusesWhere(IsActive) is what storage means by "active".
func StatusesWhere(question func(status string) bool) []string {
	var out []string
	for _, r := range statusRules {
		if question(r.status) {
			out = append(out, r.status)
		}
	}
	return out
}

// IsActive reports whether an engagement in status still goes on; a volunteer has at most one
// active engagement per task (enforced by migration 25's unique index, which a test holds to this).
func IsActive(status string) bool { return ruleOf(status).active }

// HoldsSlot reports whether an assignment in status takes one of the task's slots.
func HoldsSlot(status string) bool { return ruleOf(status).slot }

// IsWorking reports whether the volunteer is at work on an engagement in status: such engagements
// are their current load.
func IsWorking(status string) bool { return ruleOf(status).working }

// IsQuiet reports whether a volunteer in status is expected to give news (see QuietDays).
func IsQuiet(status string) bool { return ruleOf(status).quiet }

// MayLogHours reports whether hours can be logged on an engagement in status.
func MayLogHours(status string) bool { return ruleOf(status).hours }

// IsCompleted reports whether the work of an engagement in status was approved.
func IsCompleted(status string) bool { return ruleOf(status).completed }

// HasEnded reports whether the volunteer stepped back or was let go.
func HasEnded(status string) bool { return ruleOf(status).ended }
