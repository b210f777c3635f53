package web

import (
	"net/http"
	"strconv"

	"civhub"
)

// membersPage manages who is in an organization, who is invited, and (when it is at risk) who may
// see it.
type membersPage struct {
	authPage
	Org         *civhub.Organization
	Members     []memberRow
	Invitations []civhub.Invitation
	Trusted     []civhub.Member
	Roles       []Option // the roles the viewer may give
	CanManage   bool
	CanTransfer bool
	MyRole      string
}

// memberRow is a member with what the viewer may do to them.
type memberRow struct {
	civhub.Member
	Roles        []Option // the roles the viewer may set; empty when none
	CanRemove    bool
	CanMakeOwner bool
	IsViewer     bool
}

func (s *organizations) members(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findOrgFor(r, (*civhub.Actor).CanSeeMembers)
	if err != nil {
		return err
	}
	p, err := s.membersPage(r, o)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "members", p)
}

func (s *organizations) membersPage(r *http.Request, o *civhub.Organization) (*membersPage, error) {
	a, l := actorOf(r), requestInfoOf(r).locale
	p := &membersPage{authPage: *s.authPage(r, "org.members.title"), Org: o, CanManage: a.CanManageMembers(o),
		CanTransfer: a.CanTransferOwnership(o), MyRole: a.RoleIn(o.ID)}
	p.Title = l.T("org.members.title_of", map[string]any{"Org": l.Isolate(o.Name)})
	p.Nav = "orgs"
	members, err := s.orgs.Members(r.Context(), o.ID)
	if err != nil {
		return nil, err
	}
	for _, m := range members {
		row := memberRow{Member: m, IsViewer: m.PersonID == a.ID()}
		for _, role := range civhub.MemberRoles {
			if a.CanSetRole(o, m.Role, role) {
				row.Roles = append(row.Roles, Option{role, l.T("role." + role), m.Role == role})
			}
		}
		row.CanRemove = a.CanManageMembers(o) && (m.Role != civhub.MemberOwner || a.RoleIn(o.ID) == civhub.MemberOwner) && !row.IsViewer
		row.CanMakeOwner = a.CanTransferOwnership(o) && m.Role != civhub.MemberOwner
		p.Members = append(p.Members, row)
	}
	for _, role := range civhub.MemberRoles {
		if a.CanSetRole(o, "", role) {
			p.Roles = append(p.Roles, Option{role, l.T("role." + role), role == civhub.MemberMember})
		}
	}
	if p.CanManage {
		if p.Invitations, err = s.orgs.Invitations(r.Context(), o.ID); err != nil {
			return nil, err
		}
		if o.AtRisk {
			if p.Trusted, err = s.orgs.TrustedPeople(r.Context(), o.ID); err != nil {
				return nil, err
			}
		}
	}
	return p, nil
}

// memberAction runs one change to an organization's members from a posted form, then goes back to
// the member list with the notice that names it; a refused change is shown on the list.
func (s *organizations) memberAction(w http.ResponseWriter, r *http.Request, check func(*civhub.Actor, *civhub.Organization) bool,
	notice string, act func(o *civhub.Organization, by int64) error) error {
	o, err := s.findOrgFor(r, check)
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	if err := act(o, requestInfoOf(r).viewer.ID); err != nil {
		p, perr := s.membersPage(r, o)
		if perr != nil {
			return perr
		}
		p.Form.Values = formValues(r, "email")
		return s.renderForm(w, r, err, "members", &p.authPage, p)
	}
	return s.redirectWith(w, r, "/orgs/"+o.Slug+"/members", notice)
}

// personParam reads the {person} of the route.
func personParam(r *http.Request) int64 {
	id, _ := strconv.ParseInt(r.PathValue("person"), 10, 64)
	return id
}

func (s *organizations) invite(w http.ResponseWriter, r *http.Request) error {
	return s.memberAction(w, r, (*civhub.Actor).CanManageMembers, "org.members.invite_sent", func(o *civhub.Organization, by int64) error {
		role := r.PostFormValue("role")
		if !actorOf(r).CanSetRole(o, "", role) {
			return civhub.FieldError("role", "err.not_allowed", "You are not allowed to do this.")
		}
		return s.orgs.Invite(r.Context(), o.ID, r.PostFormValue("email"), role, by)
	})
}

func (s *organizations) setRole(w http.ResponseWriter, r *http.Request) error {
	return s.memberAction(w, r, (*civhub.Actor).CanManageMembers, "org.members.role_changed", func(o *civhub.Organization, by int64) error {
		person, role := personParam(r), r.PostFormValue("role")
		current, err := s.roleOf(r, o, person)
		if err != nil {
			return err
		}
		if !actorOf(r).CanSetRole(o, current, role) {
			return civhub.ErrNotAllowed
		}
		return s.orgs.SetMemberRole(r.Context(), o.ID, person, role, by)
	})
}

// roleOf returns person's role in o, or ENOTFOUND.
func (s *organizations) roleOf(r *http.Request, o *civhub.Organization, person int64) (string, error) {
	members, err := s.orgs.Members(r.Context(), o.ID)
	if err != nil {
		return "", err
	}
	for _, m := range members {
		if m.PersonID == person {
			return m.Role, nil
		}
	}
	return "", civhub.E(civhub.ENOTFOUND, "err.member_not_found", "This person is not a member.")
}

func (s *organizations) removeMember(w http.ResponseWriter, r *http.Request) error {
	return s.memberAction(w, r, (*civhub.Actor).CanManageMembers, "org.members.removed", func(o *civhub.Organization, by int64) error {
		person := personParam(r)
		current, err := s.roleOf(r, o, person)
		if err != nil {
			return err
		}
		if current == civhub.MemberOwner && actorOf(r).RoleIn(o.ID) != civhub.MemberOwner {
			return civhub.ErrNotAllowed
		}
		return s.orgs.RemoveMember(r.Context(), o.ID, person, by)
	})
}

func (s *organizations) transferOwnership(w http.ResponseWriter, r *http.Request) error {
	return s.memberAction(w, r, (*civhub.Actor).CanTransferOwnership, "org.members.owner_changed", func(o *civhub.Organization, by int64) error {
		return s.orgs.TransferOwnership(r.Context(), o.ID, personParam(r), by)
	})
}

func (s *organizations) leaveOrg(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findOrgFor(r, (*civhub.Actor).CanLeave)
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	me := requestInfoOf(r).viewer.ID
	if err := s.orgs.RemoveMember(r.Context(), o.ID, me, me); err != nil {
		p, perr := s.membersPage(r, o)
		if perr != nil {
			return perr
		}
		return s.renderForm(w, r, err, "members", &p.authPage, p)
	}
	return s.redirectWith(w, r, "/account", "org.members.left")
}

func (s *organizations) trust(w http.ResponseWriter, r *http.Request) error {
	return s.memberAction(w, r, (*civhub.Actor).CanManageMembers, "org.trusted.added", func(o *civhub.Organization, by int64) error {
		return s.orgs.Trust(r.Context(), o.ID, r.PostFormValue("email"), by)
	})
}

func (s *organizations) untrust(w http.ResponseWriter, r *http.Request) error {
	return s.memberAction(w, r, (*civhub.Actor).CanManageMembers, "org.trusted.removed", func(o *civhub.Organization, by int64) error {
		return s.orgs.Untrust(r.Context(), o.ID, personParam(r), by)
	})
}

func (s *organizations) invitationForm(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireViewer(r); err != nil {
		return err
	}
	p := s.authPage(r, "org.invitation.title")
	p.Lead, p.Token = "org.invitation.lead", r.PathValue("token")
	return s.render(w, r, http.StatusOK, "invitation", p)
}

func (s *organizations) acceptInvitation(w http.ResponseWriter, r *http.Request) error {
	v, err := requireViewer(r)
	if err != nil {
		return err
	}
	p := s.authPage(r, "org.invitation.title")
	p.Lead, p.Token = "org.invitation.lead", r.PathValue("token")
	if err := s.parseForm(w, r); err != nil {
		return s.renderForm(w, r, err, "invitation", p)
	}
	o, err := s.orgs.AcceptInvitation(r.Context(), p.Token, v.ID)
	if err != nil {
		return s.renderForm(w, r, err, "invitation", p)
	}
	return s.redirectWith(w, r, "/orgs/"+o.Slug, "org.invitation.done")
}
