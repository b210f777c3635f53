package civhub

import "testing"

// TestReleaseIsCivhubsOwnStep: nobody releases an engagement by hand, not even the organization's
// owner; the organization cancels with a reason instead.
func TestReleaseIsCivhubsOwnStep(t *testing.T) {
	o := &Organization{ID: 7}
	owner := NewActor(&Person{ID: 1}, []Membership{{OrganizationID: 7, Role: MemberOwner}}, nil)
	volunteer := NewActor(&Person{ID: 2}, nil, nil)
	asg := &Assignment{VolunteerID: 2, Status: AssignInProgress}
	if owner.CanAct(o, asg, ActRelease) || volunteer.CanAct(o, asg, ActRelease) {
		t.Error("someone may release an engagement by hand")
	}
	if !owner.CanAct(o, asg, ActCancel) || !volunteer.CanAct(o, asg, ActWithdraw) {
		t.Error("the owner cannot cancel, or the volunteer cannot withdraw")
	}
}
