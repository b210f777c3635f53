package sqldb_test

import (
	"context"
	"strings"
	"testing"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

func TestExportAndDeletePerson(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		orgs := newOrgs(t, db)
		profiles := newProfiles(t, db)
		data := sqldb.NewDataService(db, profiles, orgs)
		amina := verifiedPerson(t, db, "amina@example.org")
		fatima := verifiedPerson(t, db, "fatima@example.org")
		shared := newOrg(t, orgs, amina, "tamount", false)
		alone := newOrg(t, orgs, amina, "amina-alone", false)
		if err := orgs.AddMember(ctx, shared.ID, fatima.ID, civhub.MemberMember); err != nil {
			t.Fatal(err)
		}
		if err := profiles.SaveProfile(ctx, &civhub.Profile{PersonID: amina.ID, Skills: []string{"crowdfunding"}, Bio: "Argan."}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := sqldb.NewTokenService(db).CreateToken(ctx, amina.ID, "phone"); err != nil {
			t.Fatal(err)
		}

		x, err := data.ExportPerson(ctx, amina.ID)
		if err != nil {
			t.Fatal(err)
		}
		if x.Person.Email != "amina@example.org" || len(x.Profile.Skills) != 1 || len(x.Memberships) != 2 ||
			len(x.APITokens) != 1 || len(x.AuditLog) == 0 {
			t.Fatalf("export = %+v", x)
		}

		if err := data.DeletePerson(ctx, amina.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("deleting the only owner of an organization with members: %v, want ECONFLICT", err)
		}
		if err := orgs.TransferOwnership(ctx, shared.ID, fatima.ID, amina.ID); err != nil {
			t.Fatal(err)
		}
		if err := data.DeletePerson(ctx, amina.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := sqldb.NewPersonService(db).FindPersonByID(ctx, amina.ID); civhub.ErrorCode(err) != civhub.ENOTFOUND {
			t.Fatalf("the person is still there: %v", err)
		}
		for _, q := range []string{`SELECT COUNT(*) FROM profiles WHERE person_id = $1`, `SELECT COUNT(*) FROM api_tokens WHERE person_id = $1`,
			`SELECT COUNT(*) FROM memberships WHERE person_id = $1`, `SELECT COUNT(*) FROM audit_log WHERE actor_id = $1 OR person_id = $1`} {
			if n := count(t, db, q, amina.ID); n != 0 {
				t.Errorf("%s: %d rows left", q, n)
			}
		}
		if n := count(t, db, `SELECT COUNT(*) FROM organizations WHERE id = $1`, alone.ID); n != 0 {
			t.Error("the organization she alone belonged to is still there")
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE organization_id = $1`, shared.ID); n == 0 {
			t.Error("the shared organization lost its history")
		}
		if n := count(t, db, `SELECT COUNT(*) FROM memberships WHERE organization_id = $1 AND role = 'owner'`, shared.ID); n != 1 {
			t.Error("the shared organization has no owner")
		}
	})
}

func TestExportAndDeleteOrganization(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		orgs := newOrgs(t, db)
		data := sqldb.NewDataService(db, newProfiles(t, db), orgs)
		owner := verifiedPerson(t, db, "diego@example.org")
		o := newOrg(t, orgs, owner, "valparaiso", false)
		if err := orgs.Invite(ctx, o.ID, "camila@example.org", civhub.MemberMember, owner.ID); err != nil {
			t.Fatal(err)
		}
		x, err := data.ExportOrganization(ctx, o.ID)
		if err != nil || x.Organization.Slug != "valparaiso" || len(x.Members) != 1 || len(x.Invitations) != 1 || len(x.AuditLog) == 0 {
			t.Fatalf("export = %+v, %v", x, err)
		}
		if err := data.DeleteOrganization(ctx, o.ID, owner.ID); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{`SELECT COUNT(*) FROM organizations WHERE id = $1`, `SELECT COUNT(*) FROM memberships WHERE organization_id = $1`,
			`SELECT COUNT(*) FROM invitations WHERE organization_id = $1`} {
			if n := count(t, db, q, o.ID); n != 0 {
				t.Errorf("%s: %d rows left", q, n)
			}
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = $1`, civhub.AuditOrgDeleted); n != 1 {
			t.Error("the deletion was not audited")
		}
	})
}

// TestExportAndDeleteTaskWork: a volunteer's engagements, hours, endorsements and messages are in
// their export, and leave with their account.
func TestExportAndDeleteTaskWork(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		data := sqldb.NewDataService(db, newProfiles(t, db), newOrgs(t, db))
		task := w.task(t, "Ingresar direcciones", "data_entry", 1)
		priya := verifiedPerson(t, db, "priya@example.org")
		a, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: task.ID, By: priya.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActSubmit, AssignmentID: a.ID, By: priya.ID, Message: "https://example.org/hoja"}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActApprove, AssignmentID: a.ID, By: w.owner.ID}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.needs.LogHours(ctx, a.ID, 60, "Todas.", priya.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.needs.Endorse(ctx, w.org.ID, priya.ID, "data_entry", "¡Gracias!", w.owner.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.needs.PostTaskMessage(ctx, &civhub.TaskMessage{TaskID: task.ID, AuthorID: priya.ID, Body: "¿Algo más?"}); err != nil {
			t.Fatal(err)
		}

		x, err := data.ExportPerson(ctx, priya.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(x.Engagements) != 1 || x.Engagements[0].Deliverable != "https://example.org/hoja" || len(x.Hours) != 1 ||
			x.Hours[0].Minutes != 60 || len(x.Endorsements) != 1 || len(x.TaskMessages) != 1 || x.TaskMessages[0].Body != "¿Algo más?" {
			t.Fatalf("export = %+v", x)
		}
		// The volunteer heard of the approval and the endorsement (hours were logged, not confirmed).
		if len(x.Notifications) != 2 || x.Notifications[0].Kind != civhub.NoteApproved || x.Notifications[1].Kind != civhub.NoteEndorsed ||
			len(x.NoteSettings) != len(civhub.NoteKinds) {
			t.Fatalf("exported notifications %+v, settings %d", x.Notifications, len(x.NoteSettings))
		}
		if other, _ := data.ExportPerson(ctx, w.owner.ID); len(other.Engagements)+len(other.Hours)+len(other.TaskMessages) != 0 {
			t.Fatalf("the owner's export holds the volunteer's work: %+v", other)
		}

		if err := data.DeletePerson(ctx, priya.ID); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{`SELECT COUNT(*) FROM assignments WHERE volunteer_id = $1`, `SELECT COUNT(*) FROM hours WHERE volunteer_id = $1`,
			`SELECT COUNT(*) FROM endorsements WHERE volunteer_id = $1`, `SELECT COUNT(*) FROM task_messages WHERE author_id = $1`,
			`SELECT COUNT(*) FROM notifications WHERE person_id = $1 OR actor_id = $1`} {
			if n := count(t, db, q, priya.ID); n != 0 {
				t.Errorf("%s: %d rows left", q, n)
			}
		}
	})
}

// TestExportAndDeleteResourceWork: the directory entries a person added, reported and suggested go
// into their export; an organization's tracker into its export; the person's reports and
// suggestions leave with the account, the entries they added stay without their name.
func TestExportAndDeleteResourceWork(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newRadarWorld(t, db)
		data := sqldb.NewDataService(db, newProfiles(t, db), newOrgs(t, db))
		bob := verifiedPerson(t, db, "bob@example.org")
		mine := grant("Fondo que Bob encontró")
		if err := w.rs.SubmitResource(ctx, mine, bob.ID); err != nil {
			t.Fatal(err)
		}
		other := w.publish(t, grant("Fondo de otra persona"))
		if err := w.rs.ReportOutdated(ctx, other.ID, bob.ID, "Cerró en marzo."); err != nil {
			t.Fatal(err)
		}
		changed, _ := w.rs.FindResource(ctx, other.ID)
		changed.URL = "https://fondo.example.org/nuevo"
		if err := w.rs.SuggestChange(ctx, changed, "Nueva página.", bob.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.rs.Track(ctx, w.coop.ID, other.ID, civhub.StageSubmitted, "Enviado.", w.amina.ID); err != nil {
			t.Fatal(err)
		}
		x, err := data.ExportPerson(ctx, bob.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(x.Resources) != 1 || x.Resources[0].ID != mine.ID || len(x.Reports) != 1 || x.Reports[0].Note != "Cerró en marzo." ||
			len(x.Suggestions) != 1 || !strings.Contains(x.Suggestions[0].Proposed, "nuevo") {
			t.Fatalf("bob's export: %+v / %+v / %+v", x.Resources, x.Reports, x.Suggestions)
		}
		ox, err := data.ExportOrganization(ctx, w.coop.ID)
		if err != nil || len(ox.Tracked) != 1 || ox.Tracked[0].Notes != "Enviado." {
			t.Fatalf("the cooperative's export: %+v, %v", ox, err)
		}
		if err := data.DeletePerson(ctx, bob.ID); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM resource_reports WHERE person_id = $1`, bob.ID) +
			count(t, db, `SELECT COUNT(*) FROM resource_suggestions WHERE person_id = $1`, bob.ID); n != 0 {
			t.Fatalf("%d reports and suggestions left", n)
		}
		if got, err := w.rs.FindResource(ctx, mine.ID); err != nil || got.SubmittedBy != 0 || got.Submitter != "" {
			t.Fatalf("the entry bob added: %+v, %v", got, err)
		}
	})
}
