package sqldb_test

import (
	"context"
	"testing"

	"civhub"
	"civhub/jobs"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

func newOrgs(t *testing.T, db *sqldb.DB) *sqldb.OrganizationService {
	t.Helper()
	ctx := context.Background()
	if err := jobs.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	r, err := jobs.New(db, discardLogger(), jobs.Services{})
	if err != nil {
		t.Fatal(err)
	}
	return sqldb.NewOrganizationService(db, r)
}

func newOrg(t *testing.T, s *sqldb.OrganizationService, owner *civhub.Person, slug string, atRisk bool) *civhub.Organization {
	t.Helper()
	o := &civhub.Organization{Slug: slug, Name: "Org " + slug, Type: civhub.OrgNGO, Country: "CL", City: "Valparaíso",
		Causes: []string{"sdg11", "sdg13"}, Languages: []string{"es"}, AtRisk: atRisk, Links: []string{"https://example.org/" + slug}}
	if err := s.CreateOrganization(context.Background(), o, owner.ID); err != nil {
		t.Fatal(err)
	}
	return o
}

func TestOrganizationRoundTrip(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newOrgs(t, db)
		owner := verifiedPerson(t, db, "diego@example.org")
		o := newOrg(t, s, owner, "valparaiso-preparado", false)
		got, err := s.FindOrganizationBySlug(ctx, "valparaiso-preparado")
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != o.Name || len(got.Causes) != 2 || got.Languages[0] != "es" || got.Verification != civhub.Unverified ||
			got.Links[0] != "https://example.org/valparaiso-preparado" {
			t.Fatalf("read back %+v", got)
		}
		got.Mission, got.AtRisk = "Mapas de albergues.", true
		if err := s.UpdateOrganization(ctx, got, owner.ID); err != nil {
			t.Fatal(err)
		}
		again, _ := s.FindOrganizationBySlug(ctx, got.Slug) // at-risk mode moved it to an address nobody can guess
		if !again.AtRisk || again.Mission != "Mapas de albergues." {
			t.Fatalf("update lost: %+v", again)
		}
		if _, err := s.FindOrganizationBySlug(ctx, "nope"); civhub.ErrorCode(err) != civhub.ENOTFOUND {
			t.Fatalf("missing slug: %v", err)
		}
		list, err := s.FindOrganizations(ctx, civhub.OrganizationFilter{})
		if err != nil || len(list) != 0 {
			t.Fatalf("the directory lists an at-risk organization: %d, %v", len(list), err)
		}
	})
}

func TestOrganizationValidate(t *testing.T) {
	o := &civhub.Organization{Slug: "Bad Slug", Name: "x", Type: "club", Country: "XX", Website: "javascript:alert(1)", Size: "huge"}
	err := o.Validate()
	var e *civhub.Error
	if !asError(err, &e) {
		t.Fatalf("Validate = %v", err)
	}
	for _, f := range []string{"slug", "name", "type", "country", "website", "size"} {
		if e.Fields[f] == "" {
			t.Errorf("field %s not reported", f)
		}
	}
}

func TestMembersKeepAnOwner(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newOrgs(t, db)
		owner := verifiedPerson(t, db, "amina@example.org")
		helper := verifiedPerson(t, db, "fatima@example.org")
		o := newOrg(t, s, owner, "tamount", false)
		if err := s.Invite(ctx, o.ID, "FATIMA@example.org", civhub.MemberAdmin, owner.ID); err != nil {
			t.Fatal(err)
		}
		_, token := lastMail(t, db, "fatima@example.org")
		t.Run("ErrOtherAccount", func(t *testing.T) {
			if _, err := s.AcceptInvitation(ctx, token, owner.ID); civhub.ErrorCode(err) != civhub.EFORBIDDEN {
				t.Fatalf("accepted by the wrong person: %v", err)
			}
		})
		if _, err := s.AcceptInvitation(ctx, token, helper.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AcceptInvitation(ctx, token, helper.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("second use of an invitation: %v, want EINVALID", err)
		}
		if err := s.Invite(ctx, o.ID, "fatima@example.org", civhub.MemberMember, owner.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("inviting a member again: %v", err)
		}
		if err := s.RemoveMember(ctx, o.ID, owner.ID, owner.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("the last owner left: %v", err)
		}
		if err := s.SetMemberRole(ctx, o.ID, owner.ID, civhub.MemberMember, owner.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("the last owner was demoted: %v", err)
		}
		if err := s.TransferOwnership(ctx, o.ID, helper.ID, helper.ID); civhub.ErrorCode(err) != civhub.EFORBIDDEN {
			t.Fatalf("an admin transferred ownership: %v", err)
		}
		if err := s.TransferOwnership(ctx, o.ID, helper.ID, owner.ID); err != nil {
			t.Fatal(err)
		}
		members, _ := s.Members(ctx, o.ID)
		if len(members) != 2 || members[0].PersonID != helper.ID || members[0].Role != civhub.MemberOwner || members[1].Role != civhub.MemberAdmin {
			t.Fatalf("after the transfer: %+v", members)
		}
		if err := s.RemoveMember(ctx, o.ID, owner.ID, owner.ID); err != nil {
			t.Fatalf("the former owner could not leave: %v", err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE organization_id = $1`, o.ID); n < 5 {
			t.Fatalf("%d audit entries for the organization, want every change", n)
		}
	})
}

func TestTrustAtRisk(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newOrgs(t, db)
		owner := verifiedPerson(t, db, "owner@example.org")
		friend := verifiedPerson(t, db, "friend@example.org")
		o := newOrg(t, s, owner, "observatorio", true)
		if err := s.Trust(ctx, o.ID, "nobody@example.org", owner.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("trusting an unknown email: %v", err)
		}
		if err := s.Trust(ctx, o.ID, "friend@example.org", owner.ID); err != nil {
			t.Fatal(err)
		}
		ids, _ := s.TrustedBy(ctx, friend.ID)
		if len(ids) != 1 || ids[0] != o.ID {
			t.Fatalf("TrustedBy = %v", ids)
		}
		actor := civhub.NewActor(friend, nil, ids)
		if !actor.CanViewOrganization(o) || actor.CanSeeMembers(o) || actor.CanSeeCity(o) {
			t.Fatal("a trusted person must see the page but not its members or city")
		}
		if err := s.Untrust(ctx, o.ID, friend.ID, owner.ID); err != nil {
			t.Fatal(err)
		}
		ids, _ = s.TrustedBy(ctx, friend.ID)
		if civhub.NewActor(friend, nil, ids).CanViewOrganization(o) {
			t.Fatal("an untrusted person still sees the at-risk organization")
		}
	})
}

func TestVerification(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newOrgs(t, db)
		owner := verifiedPerson(t, db, "sam@example.org")
		kofi := verifiedPerson(t, db, "kofi@example.org")
		o := newOrg(t, s, owner, "nairobi-civic-tech", false)
		if err := s.RequestVerification(ctx, &civhub.VerificationRequest{OrganizationID: o.ID, Evidence: "short"}, owner.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("thin evidence: %v", err)
		}
		req := &civhub.VerificationRequest{OrganizationID: o.ID, Evidence: "Registered with the NGO Coordination Board since 2019.",
			Links: []string{"https://example.org/registry"}}
		if err := s.RequestVerification(ctx, req, owner.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.RequestVerification(ctx, req, owner.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("a second pending request: %v", err)
		}
		queue, _ := s.PendingVerifications(ctx, 10)
		if len(queue) != 1 || queue[0].OrgName != o.Name {
			t.Fatalf("queue = %+v", queue)
		}
		if err := s.DecideVerification(ctx, req.ID, false, " ", kofi.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("a rejection without a reason: %v", err)
		}
		if err := s.DecideVerification(ctx, req.ID, false, "Please add a link to the registry entry itself.", kofi.ID); err != nil {
			t.Fatal(err)
		}
		if kind, _ := lastMail(t, db, "sam@example.org"); kind != civhub.MailNotVerified {
			t.Fatalf("owner mail %q, want the rejection with its reason", kind)
		}
		latest, _ := s.LatestVerification(ctx, o.ID)
		if latest.Status != civhub.RequestRejected || latest.Reason == "" {
			t.Fatalf("latest = %+v", latest)
		}
		req2 := &civhub.VerificationRequest{OrganizationID: o.ID, Evidence: req.Evidence, Links: []string{"https://example.org/registry/123"}}
		if err := s.RequestVerification(ctx, req2, owner.ID); err != nil {
			t.Fatalf("asking again after a rejection: %v", err)
		}
		if err := s.DecideVerification(ctx, req2.ID, true, "", kofi.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.DecideVerification(ctx, req2.ID, true, "", kofi.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("deciding twice: %v", err)
		}
		got, _ := s.FindOrganizationBySlug(ctx, o.Slug)
		if !got.IsVerified() || got.VerifiedAt == nil {
			t.Fatalf("not verified: %+v", got)
		}
	})
}

func TestAdminPeople(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		ps := sqldb.NewPersonService(db)
		admin := verifiedPerson(t, db, "admin@example.org")
		kofi := verifiedPerson(t, db, "kofi@example.org")
		verifiedPerson(t, db, "under_score@example.org")
		if list, _ := ps.FindPeople(ctx, civhub.PersonFilter{Query: "KOF"}); len(list) != 1 || list[0].ID != kofi.ID {
			t.Fatalf("search by prefix = %v", list)
		}
		if list, _ := ps.FindPeople(ctx, civhub.PersonFilter{Query: "under_"}); len(list) != 1 {
			t.Fatalf("an underscore in the query must match literally: %d found", len(list))
		}
		if list, _ := ps.FindPeople(ctx, civhub.PersonFilter{Query: "%"}); len(list) != 0 {
			t.Fatalf("a %% in the query must match literally: %d found", len(list))
		}
		if err := ps.SetSiteRole(ctx, kofi.ID, civhub.RoleModerator, admin.ID); err != nil {
			t.Fatal(err)
		}
		if err := ps.SetSiteRole(ctx, kofi.ID, "emperor", admin.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("unknown role: %v", err)
		}
		if err := ps.SetDisabled(ctx, admin.ID, true, admin.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("an admin disabled themselves: %v", err)
		}
		if err := ps.SetDisabled(ctx, kofi.ID, true, admin.ID); err != nil {
			t.Fatal(err)
		}
		got, _ := ps.FindPersonByID(ctx, kofi.ID)
		if got.DisabledAt == nil || got.SiteRole != civhub.RoleModerator {
			t.Fatalf("after changes: %+v", got)
		}
		log, err := sqldb.NewAuditService(db).AuditLog(ctx, civhub.AuditFilter{})
		if err != nil || len(log) != 2 || log[0].Action != civhub.AuditDisabled || log[0].PersonName != "P" {
			t.Fatalf("audit log = %+v, %v", log, err)
		}
	})
}
