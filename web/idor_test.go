package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"civhub"
	"civhub/sqldb"
)

// TestIDOR swaps identifiers across people and organizations: every request names a record that
// exists but belongs to someone else, and must neither succeed nor reveal it.
func TestIDOR(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			f := newFixture(t, d)
			betaOwner := f.people[otherOrg]

			t.Run("RemoveAnotherOrganizationsOwnerThroughMine", func(t *testing.T) {
				resp := f.do(orgAdmin, methodPost, fmt.Sprintf("/orgs/alpha/members/%d/remove", betaOwner.ID), nil)
				if resp.StatusCode != http.StatusNotFound {
					t.Fatalf("status %d, want 404", resp.StatusCode)
				}
				if members, _ := f.s.orgs.Members(ctx, f.beta.ID); len(members) != 1 {
					t.Fatal("beta lost its owner")
				}
			})
			t.Run("MakeOwnerOfSomeoneElsesOrganization", func(t *testing.T) {
				resp := f.do(otherOrg, methodPost, fmt.Sprintf("/orgs/alpha/members/%d/owner", betaOwner.ID), nil)
				if resp.StatusCode != http.StatusForbidden {
					t.Fatalf("status %d, want 403", resp.StatusCode)
				}
			})
			t.Run("RevokeAnotherPersonsSession", func(t *testing.T) {
				sessions, err := f.s.sessionStore.PersonSessions(ctx, f.people[member].ID, "")
				if err != nil || len(sessions) == 0 {
					t.Fatalf("the member has no session: %v", err)
				}
				resp := f.do(volunteer, methodPost, "/account/sessions/revoke", url.Values{"session": {sessions[0].ID}})
				if resp.StatusCode != http.StatusNotFound {
					t.Fatalf("status %d, want 404", resp.StatusCode)
				}
				if resp := f.do(member, methodGet, "/account", nil); resp.StatusCode != http.StatusOK {
					t.Fatal("the member was signed out by someone else")
				}
			})
			t.Run("AcceptAnInvitationForSomeoneElse", func(t *testing.T) {
				if err := f.s.orgs.Invite(ctx, f.alpha.ID, f.people[other].Email, civhub.MemberAdmin, f.people[orgAdmin].ID); err != nil {
					t.Fatal(err)
				}
				token := latestToken(t, f.db, f.people[other].Email, civhub.MailInvitation)
				resp := f.do(volunteer, methodPost, "/invitations/"+token, nil)
				if resp.StatusCode != http.StatusForbidden {
					t.Fatalf("status %d, want 403", resp.StatusCode)
				}
				if actorRole(t, f, volunteer, f.alpha) != "" {
					t.Fatal("the volunteer joined with another person's invitation")
				}
			})
			t.Run("AtRiskOrganizationStaysHidden", func(t *testing.T) {
				for _, path := range []string{"/orgs/gamma", "/orgs/gamma/members", "/orgs/gamma/audit", "/orgs/gamma/verification"} {
					if resp := f.do(otherOrg, methodGet, path, nil); resp.StatusCode != http.StatusNotFound {
						t.Errorf("GET %s by an outsider: status %d, want 404", path, resp.StatusCode)
					}
				}
			})
			t.Run("DecideMyOwnVerification", func(t *testing.T) {
				req := &civhub.VerificationRequest{OrganizationID: f.alpha.ID, Evidence: "We are who we say we are, honestly."}
				if err := f.s.organizations.verifications.RequestVerification(ctx, req, f.people[orgAdmin].ID); err != nil {
					t.Fatal(err)
				}
				resp := f.do(orgAdmin, methodPost, fmt.Sprintf("/admin/verification/%d", req.ID), url.Values{"decision": {"approve"}})
				if resp.StatusCode != http.StatusForbidden {
					t.Fatalf("status %d, want 403", resp.StatusCode)
				}
				if o, _ := f.s.orgs.FindOrganizationBySlug(ctx, "alpha"); o.IsVerified() {
					t.Fatal("an organization verified itself")
				}
			})
			t.Run("ReadAnotherOrganizationsAuditLog", func(t *testing.T) {
				if resp := f.do(otherOrg, methodGet, "/orgs/alpha/audit", nil); resp.StatusCode != http.StatusForbidden {
					t.Fatalf("status %d, want 403", resp.StatusCode)
				}
			})
			t.Run("EditAnotherOrganization", func(t *testing.T) {
				resp := f.do(otherOrg, methodPost, "/orgs/alpha/edit", url.Values{"name": {"Hijacked"}, "type": {"ngo"}, "country": {"KE"}})
				if resp.StatusCode != http.StatusForbidden {
					t.Fatalf("status %d, want 403", resp.StatusCode)
				}
				if o, _ := f.s.orgs.FindOrganizationBySlug(ctx, "alpha"); o.Name != "ALPHA" {
					t.Fatal("another organization's admin renamed alpha")
				}
			})
		})
	}
}

// actorRole returns role's person's role in o, straight from storage.
func actorRole(t *testing.T, f *fixture, role string, o *civhub.Organization) string {
	t.Helper()
	ms, err := f.s.orgs.Memberships(context.Background(), f.people[role].ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.OrganizationID == o.ID {
			return m.Role
		}
	}
	return ""
}
