package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"civhub"
	"civhub/sqldb"
)

// TestOnlyAdminKeepsTheRole checks that the only administrator is told, on the page, why she cannot
// take her own role away or delete her account, and that the site keeps its administrator.
func TestOnlyAdminKeepsTheRole(t *testing.T) {
	eachServer(t, func(t *testing.T, s *Server, db *sqldb.DB) {
		ines := createPerson(t, db, "ines@example.org", "admin-password-1", civhub.RoleAdmin)
		b := newBrowser(t, s)
		b.signIn("ines@example.org", "admin-password-1")
		const why = "without an administrator"
		action := "/admin/people/" + itoa(ines.ID) + "/role"
		for _, role := range []string{civhub.RoleNone, civhub.RoleModerator} {
			resp, doc := b.submit("/admin/people", action, map[string]string{"site_role": role})
			if resp.StatusCode != http.StatusConflict || !strings.Contains(doc.Text(".problem"), why) {
				t.Fatalf("the only admin made herself %q: status %d, %q; want 409 saying why", role, resp.StatusCode, doc.Text(".problem"))
			}
		}
		resp, doc := b.submit("/account/delete", "/account/delete", map[string]string{"confirm": "on"})
		if resp.StatusCode != http.StatusConflict || !strings.Contains(doc.Text(".problem"), why) {
			t.Fatalf("the only admin deleted her account: status %d, %q; want 409 saying why", resp.StatusCode, doc.Text(".problem"))
		}
		p, err := s.people.FindPersonByID(context.Background(), ines.ID)
		if err != nil || p.SiteRole != civhub.RoleAdmin {
			t.Fatalf("after the refusals: %+v, %v; want her still an administrator", p, err)
		}
		if resp, _ := b.get("/admin/people"); resp.StatusCode != http.StatusOK {
			t.Fatalf("the admin console answers %d to her", resp.StatusCode)
		}
	})
}
