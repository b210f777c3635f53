package civhub

import "slices"

// This file is the one place that decides who may do what to which record. Handlers of the web
// pages and of the API build an Actor for the request and ask it before they act; the tests of the
// authorization matrix go through every route for every kind of actor.

// Actor is whoever makes a request: a signed-in person with their memberships, or nobody.
type Actor struct {
	Person *Person // nil when nobody is signed in

	roles    map[int64]string // organization ID → role there
	trusted  map[int64]bool   // at-risk organizations that let this person see them
	trainers map[int64]bool   // the person's organizations that were made trainers
}

// NewActor returns the actor for p (nil for an anonymous request), with p's memberships and the
// at-risk organizations that trust p.
func NewActor(p *Person, memberships []Membership, trustedBy []int64) *Actor {
	a := &Actor{Person: p, roles: map[int64]string{}, trusted: map[int64]bool{}, trainers: map[int64]bool{}}
	for _, m := range memberships {
		a.roles[m.OrganizationID] = m.Role
		a.trainers[m.OrganizationID] = m.Trainer
	}
	for _, id := range trustedBy {
		a.trusted[id] = true
	}
	return a
}

// SignedIn reports whether someone is signed in.
func (a *Actor) SignedIn() bool { return a != nil && a.Person != nil }

// ID returns the signed-in person's ID, or 0.
func (a *Actor) ID() int64 {
	if !a.SignedIn() {
		return 0
	}
	return a.Person.ID
}

// IsAdmin reports whether the actor administers this civhub.
func (a *Actor) IsAdmin() bool { return a.SignedIn() && a.Person.SiteRole == RoleAdmin }

// IsModerator reports whether the actor moderates (admins moderate too).
func (a *Actor) IsModerator() bool {
	return a.SignedIn() && (a.Person.SiteRole == RoleModerator || a.Person.SiteRole == RoleAdmin)
}

// RoleIn returns the actor's role in organization org, or "".
func (a *Actor) RoleIn(org int64) string {
	if !a.SignedIn() {
		return ""
	}
	return a.roles[org]
}

// ManagedOrganizations lists the organizations whose needs and tasks a runs (as owner or admin),
// in ID order: those whose waiting answers are a's to give.
func (a *Actor) ManagedOrganizations() []int64 {
	var out []int64
	for org := range a.roles {
		if a.managesOrganization(org) {
			out = append(out, org)
		}
	}
	slices.Sort(out)
	return out
}

func (a *Actor) managesOrganization(org int64) bool {
	r := a.RoleIn(org)
	return r == MemberOwner || r == MemberAdmin
}

// CanViewOrganization: everyone may see an organization, except an at-risk one, which only its
// members, the people it trusts, and moderators (who must verify it) may see.
func (a *Actor) CanViewOrganization(o *Organization) bool {
	if !o.AtRisk {
		return true
	}
	return a.RoleIn(o.ID) != "" || (a.SignedIn() && a.trusted[o.ID]) || a.IsModerator()
}

// CanSeeMembers: who belongs to an at-risk organization is for its members alone; otherwise anyone
// who sees the organization sees its members.
func (a *Actor) CanSeeMembers(o *Organization) bool {
	if o.AtRisk {
		return a.RoleIn(o.ID) != ""
	}
	return true
}

// CanSeeCity: the city of an at-risk organization is hidden from everyone but its members.
func (a *Actor) CanSeeCity(o *Organization) bool { return !o.AtRisk || a.RoleIn(o.ID) != "" }

// CanCreateOrganization: any signed-in person with a confirmed email address.
func (a *Actor) CanCreateOrganization() bool { return a.SignedIn() && a.Person.Verified() }

// CanEditOrganization: its owners and admins.
func (a *Actor) CanEditOrganization(o *Organization) bool { return a.managesOrganization(o.ID) }

// CanManageMembers: its owners and admins invite, change roles and remove members. Only an owner
// may make or unmake owners (see CanSetRole).
func (a *Actor) CanManageMembers(o *Organization) bool { return a.managesOrganization(o.ID) }

// CanSetRole reports whether the actor may give member a role of newRole, where member now has
// role current ("" for someone invited).
func (a *Actor) CanSetRole(o *Organization, current, newRole string) bool {
	if !a.managesOrganization(o.ID) {
		return false
	}
	if current == MemberOwner || newRole == MemberOwner {
		return a.RoleIn(o.ID) == MemberOwner
	}
	return true
}

// CanLeave: any member may leave (the last owner must first hand ownership over).
func (a *Actor) CanLeave(o *Organization) bool { return a.RoleIn(o.ID) != "" }

// CanTransferOwnership: an owner.
func (a *Actor) CanTransferOwnership(o *Organization) bool { return a.RoleIn(o.ID) == MemberOwner }

// CanRequestVerification: its owners and admins, while it is not verified or pending.
func (a *Actor) CanRequestVerification(o *Organization) bool {
	return a.managesOrganization(o.ID) && (o.Verification == Unverified || o.Verification == VerificationRejected)
}

// CanModerate: moderators and admins decide verification requests.
func (a *Actor) CanModerate() bool { return a.IsModerator() }

// CanAdminister: admins grant roles and disable accounts.
func (a *Actor) CanAdminister() bool { return a.IsAdmin() }

// CanSeeAuditLog reports whether the actor may read the audit log of organization org (0: the
// whole log, for admins only).
func (a *Actor) CanSeeAuditLog(org int64) bool {
	if org == 0 {
		return a.IsAdmin()
	}
	return a.RoleIn(org) == MemberOwner || a.IsAdmin()
}

// CanDeleteOrganization: its owner.
func (a *Actor) CanDeleteOrganization(o *Organization) bool { return a.RoleIn(o.ID) == MemberOwner }

// CanSeeProfilePart reports whether the actor may see a part of owner's profile with visibility v.
// partner says whether the actor works with the volunteer (they share an organization). A person
// always sees their own profile.
func (a *Actor) CanSeeProfilePart(owner int64, v Visibility, partner bool) bool {
	if a.ID() == owner && owner != 0 {
		return true
	}
	switch v {
	case VisiblePublic:
		return true
	case VisibleMembers:
		return a.SignedIn()
	case VisiblePartners:
		return a.SignedIn() && partner
	}
	return false
}

// CanSeeWorkFor: whether a volunteer worked for an organization — on their public profile — is
// seen by whoever may see the organization's tasks: never, for strangers, that they worked for
// an organization in at-risk mode, nor for one whose tasks are still hidden until verification.
func (a *Actor) CanSeeWorkFor(o *Organization) bool {
	return a.CanViewOrganization(o) && (!o.HidesNeeds() || a.RoleIn(o.ID) != "" || a.IsModerator())
}

// CanManageNeeds: an organization's owners and admins post and edit its needs and tasks, and run
// the workflow on the organization's side (accept, return, approve …).
func (a *Actor) CanManageNeeds(o *Organization) bool { return a.managesOrganization(o.ID) }

// CanViewNeed: a need is seen by whoever sees its organization once the organization is verified,
// and by its members and moderators before; a draft is seen by the organization's owners and admins
// only, who are still writing it.
func (a *Actor) CanViewNeed(o *Organization, n *Need) bool {
	if !a.CanViewOrganization(o) {
		return false
	}
	if n.Status == NeedDraft {
		return a.managesOrganization(o.ID)
	}
	return a.RoleIn(o.ID) != "" || a.IsModerator() || !o.HidesNeeds()
}

// HidesNeeds reports whether o's needs and tasks are still hidden from volunteers: until moderators
// verify an organization, only its members and moderators see them, and nobody is suggested its
// tasks. Its members are told so on each need and task.
func (o *Organization) HidesNeeds() bool { return !o.IsVerified() }

// CanViewTask: a task is seen by whoever sees its need, except a draft, which the organization's
// owners and admins alone see.
func (a *Actor) CanViewTask(o *Organization, n *Need, t *Task) bool {
	return a.CanViewNeed(o, n) && (t.Status != TaskDraft || a.managesOrganization(o.ID))
}

// CanJoinTask: signed-in people with a confirmed email address claim and apply.
func (a *Actor) CanJoinTask() bool { return a.SignedIn() && a.Person.Verified() }

// volunteerActions are the workflow steps the volunteer takes; the others are the organization's.
var volunteerActions = map[string]bool{ActWithdraw: true, ActStart: true, ActSubmit: true}

// CanTalkOnTask reports whether a may read and write the conversation of a task of o, given a's own
// engagement with the task (nil if none): the organization's managers, and its volunteers and
// applicants until they withdraw, are declined, released or cancelled.
func (a *Actor) CanTalkOnTask(o *Organization, mine *Assignment) bool {
	if a.CanManageNeeds(o) {
		return true
	}
	if !a.SignedIn() || mine == nil || mine.VolunteerID != a.Person.ID {
		return false
	}
	return !HasEnded(mine.Status)
}

// CanAct reports whether the actor may take workflow action on assignment asg of a task of o.
func (a *Actor) CanAct(o *Organization, asg *Assignment, action string) bool {
	if action == ActRelease {
		return false // civhub's own step, for claims and engagements gone quiet
	}
	if volunteerActions[action] {
		return a.SignedIn() && a.Person.ID == asg.VolunteerID
	}
	return a.CanManageNeeds(o)
}

// CanSubmitResource: anyone signed in with a confirmed email address adds to the directory.
func (a *Actor) CanSubmitResource() bool { return a.SignedIn() && a.Person.Verified() }

// CanViewResource: published and retired entries are public; the others only their submitter and
// moderators see.
func (a *Actor) CanViewResource(r *Resource) bool {
	if r.Status == ResourcePublished || r.Status == ResourceRetired {
		return true
	}
	return a.IsModerator() || (a.SignedIn() && r.SubmittedBy == a.Person.ID)
}

// CanEditResource: moderators, and its submitter while it waits for a moderator or was sent back.
// Others may report it outdated.
func (a *Actor) CanEditResource(r *Resource) bool {
	if a.IsModerator() {
		return true
	}
	return a.SignedIn() && r.SubmittedBy == a.Person.ID && (r.Status == ResourcePending || r.Status == ResourceReturned)
}

// CanUseRadar: an organization's members see its radar and keep its application tracker.
func (a *Actor) CanUseRadar(o *Organization) bool { return a.RoleIn(o.ID) != "" }

// CanSuggestChange: someone signed in (with a confirmed address) who may not edit a published entry
// may suggest a change to it, for a moderator to apply.
func (a *Actor) CanSuggestChange(r *Resource) bool {
	return a.CanSubmitResource() && r.Status == ResourcePublished && !a.CanEditResource(r)
}

// CanWriteCourses: trainers (people made trainers, and the owners and admins of organizations made
// trainers) and moderators write courses, once their email address is confirmed.
func (a *Actor) CanWriteCourses() bool {
	if !a.SignedIn() || !a.Person.Verified() {
		return false
	}
	if a.Person.TrainerSince != nil || a.IsModerator() {
		return true
	}
	for org, trainer := range a.trainers {
		if trainer && a.managesOrganization(org) {
			return true
		}
	}
	return false
}

// CanMakeTrainer: administrators make people and organizations trainers.
func (a *Actor) CanMakeTrainer() bool { return a.IsAdmin() }

// CanViewCourse: published courses are public; the others only their authors and moderators see.
func (a *Actor) CanViewCourse(c *Course) bool {
	return c.Status == CoursePublished || a.IsModerator() || (a.SignedIn() && c.HasAuthor(a.Person.ID))
}

// CanEditCourse: its authors while they are trainers, and moderators.
func (a *Actor) CanEditCourse(c *Course) bool {
	return a.IsModerator() || (a.CanWriteCourses() && c.HasAuthor(a.Person.ID))
}

// CanTranslateCourse: trainers translate published courses, and the courses they may edit.
func (a *Actor) CanTranslateCourse(c *Course) bool {
	return a.CanWriteCourses() && (c.Status == CoursePublished || a.CanEditCourse(c))
}

// CanTakeQuiz: anyone signed in takes a published course's quizzes; reading its lessons needs no
// account.
func (a *Actor) CanTakeQuiz(c *Course) bool { return a.SignedIn() && c.Status == CoursePublished }
