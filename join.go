package civhub

// The answers of JoinCheck.Refusal.
var (
	ErrTaskNotOpen   = E(ECONFLICT, "err.task_not_open", "This task is not open to volunteers.")
	ErrJoinMode      = E(ECONFLICT, "err.join_mode", "Volunteers join this task another way.")
	ErrJoinedAlready = E(ECONFLICT, "err.joined_already", "You have joined this task already.")
	// ErrOwnTask refuses a task to its organization's owners and admins: they would review their
	// own work and confirm their own hours.
	ErrOwnTask  = E(EFORBIDDEN, "err.own_task", "You run this organization: its tasks are for volunteers, and you would be confirming your own hours.")
	ErrTaskFull = E(ECONFLICT, "err.task_full", "Someone just took the last place on this task.")
)

// JoinCheck gathers what decides whether a person may join a task now: the one answer to "may this
// person join?". The task page asks it to offer the button, storage asks it inside the transaction
// that joins, with what it read there (the task's row locked).
type JoinCheck struct {
	Task     *Task    // as read: Listed and SlotsTaken matter
	Action   string   // ActClaim or ActApply; "" when the task's own way is meant
	Verified bool     // signed in with a confirmed email address
	Manages  bool     // an owner or admin of the task's organization
	Engaged  bool     // has an active engagement with the task already
	Missing  []string // courses the task requires that the person has not finished
}

// Refusal returns why the person may not join, as the error to show them, or nil.
func (c JoinCheck) Refusal() error {
	switch {
	case !c.Verified:
		return ErrEmailUnconfirmed
	case !c.Task.Listed:
		return ErrTaskNotOpen
	case c.Action != "" && (c.Action == ActClaim) != (c.Task.JoinMode == JoinClaim):
		return ErrJoinMode
	case c.Engaged:
		return ErrJoinedAlready
	case c.Manages:
		return ErrOwnTask
	case len(c.Missing) > 0:
		return ErrCoursesMissing
	case c.Task.SlotsLeft() == 0:
		return ErrTaskFull
	}
	return nil
}
