package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"civhub"
	"civhub/sqldb"
	"civhub/web/webtest"
)

// TestAuditDetailsInTheViewersLanguage reads an organization's audit log in Spanish and in Arabic:
// the details civhub writes are in the reader's language, while names people wrote and details
// stored in English before they were translated are shown as they are.
func TestAuditDetailsInTheViewersLanguage(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			f := newFixture(t, d) // otherOrg owns beta, whose taskB is open
			ctx := context.Background()
			if resp := f.do(volunteer, methodPost, fmt.Sprintf("/tasks/%d/join", f.taskB.ID), nil); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("claim: %d", resp.StatusCode)
			}
			if err := f.s.orgs.AddMember(ctx, f.beta.ID, f.people[member].ID, civhub.MemberMember); err != nil {
				t.Fatal(err)
			}
			const old = "task 7: accepted" // as details were stored before they were translated
			if _, err := f.db.Writer().ExecContext(ctx, `INSERT INTO audit_log (at, organization_id, action, detail) VALUES ($1, $2, $3, $4)`,
				time.Now().UTC(), f.beta.ID, civhub.AuditTaskStep, old); err != nil {
				t.Fatal(err)
			}
			details := func(lang string) string {
				t.Helper()
				resp := f.getIn(lang, otherOrg, "/orgs/beta/audit")
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("%s audit log: %d", lang, resp.StatusCode)
				}
				var all []string
				for _, n := range webtest.Parse(t, resp.Body).All("tbody td .muted bdi") {
					all = append(all, webtest.Text(n))
				}
				return strings.Join(all, "\n")
			}

			es := details("es")
			for _, want := range []string{fmt.Sprintf("tarea %d: Plaza reservada", f.taskB.ID), "rol: Miembro", "A need of BETA", old} {
				if !strings.Contains(es, want) {
					t.Errorf("the Spanish audit log lacks %q:\n%s", want, es)
				}
			}
			if strings.Contains(es, "role: ") || strings.Contains(es, fmt.Sprintf("task %d:", f.taskB.ID)) {
				t.Errorf("the Spanish audit log has English details:\n%s", es)
			}
			ar := details("ar")
			c, err := testCatalog()
			if err != nil {
				t.Fatal(err)
			}
			l := c.Locale("ar")
			if want := "المهمة " + l.Number(f.taskB.ID) + ": تم حجز مكان"; !strings.Contains(ar, want) {
				t.Errorf("the Arabic audit log lacks %q:\n%s", want, ar)
			}
		})
	}
}
