package civhub

import "testing"

func TestJoinCheckRefusal(t *testing.T) {
	open := func() *Task {
		return &Task{Listed: true, JoinMode: JoinClaim, VolunteersWanted: 2, SlotsTaken: 1}
	}
	for _, c := range []struct {
		name   string
		change func(*JoinCheck)
		want   error
	}{
		{"OK", func(*JoinCheck) {}, nil},
		{"OKTheTasksOwnWay", func(c *JoinCheck) { c.Action = "" }, nil},
		{"ErrUnconfirmed", func(c *JoinCheck) { c.Verified = false; c.Engaged = true }, ErrEmailUnconfirmed},
		{"ErrNotListed", func(c *JoinCheck) { c.Task.Listed = false; c.Engaged = true }, ErrTaskNotOpen},
		{"ErrApplyingToAClaimTask", func(c *JoinCheck) { c.Action = ActApply }, ErrJoinMode},
		{"ErrEngaged", func(c *JoinCheck) { c.Engaged = true; c.Manages = true }, ErrJoinedAlready},
		{"ErrManager", func(c *JoinCheck) { c.Manages = true; c.Missing = []string{"safety"} }, ErrOwnTask},
		{"ErrCourses", func(c *JoinCheck) { c.Missing = []string{"safety"}; c.Task.SlotsTaken = 2 }, ErrCoursesMissing},
		{"ErrFull", func(c *JoinCheck) { c.Task.SlotsTaken = 2 }, ErrTaskFull},
	} {
		t.Run(c.name, func(t *testing.T) {
			check := JoinCheck{Task: open(), Action: ActClaim, Verified: true}
			c.change(&check)
			if got := check.Refusal(); got != c.want {
				t.Fatalf("refusal %v, want %v", got, c.want)
			}
		})
	}
}
