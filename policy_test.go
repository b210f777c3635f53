package civhub

import (
	"testing"
	"time"
)

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

// TestTrainerOrganizations: the owners and admins of an organization made a trainer write courses;
// its members do not, nor the managers of an organization that is not one.
func TestTrainerOrganizations(t *testing.T) {
	now := time.Now()
	person := func() *Person { return &Person{ID: 7, EmailVerifiedAt: &now} }
	for _, tc := range []struct {
		role    string
		trainer bool
		want    bool
	}{
		{MemberOwner, true, true},
		{MemberAdmin, true, true},
		{MemberMember, true, false},
		{MemberOwner, false, false},
	} {
		a := NewActor(person(), []Membership{{OrganizationID: 3, Role: tc.role, Trainer: tc.trainer}}, nil)
		if got := a.CanWriteCourses(); got != tc.want {
			t.Errorf("%s of an organization (trainer %v): %v, want %v", tc.role, tc.trainer, got, tc.want)
		}
	}
	unconfirmed := NewActor(&Person{ID: 8}, []Membership{{OrganizationID: 3, Role: MemberOwner, Trainer: true}}, nil)
	if unconfirmed.CanWriteCourses() {
		t.Error("an unconfirmed address writes courses")
	}
}
