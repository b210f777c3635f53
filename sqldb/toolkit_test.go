package sqldb_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// frenchToolkit is a toolkit of two pages from the need world's organization, written by its owner.
func frenchToolkit(t *testing.T, kits *sqldb.ToolkitService, w *needWorld) (*civhub.Toolkit, *civhub.Revision) {
	t.Helper()
	k := &civhub.Toolkit{Slug: "preparer-crue", Language: "fr", Tags: []string{"Crise", "crue", "crise"}, OrganizationID: w.org.ID,
		Origin: "TechCamp Valparaíso 2026"}
	r := &civhub.Revision{Title: "Se préparer à une crue", Summary: "Ce que l'association fait avant, pendant et après une crue.",
		Note: "Première version", Pages: []civhub.Page{
			{Title: "Avant", Body: "Faire la liste des familles à prévenir."},
			{Title: "Pendant", Body: "Appeler les familles une par une."},
		}}
	if err := kits.CreateToolkit(context.Background(), k, r, w.owner.ID); err != nil {
		t.Fatal(err)
	}
	return k, r
}

// TestToolkitHistory: every edit is a revision; an edit made on an old version is refused; a
// revert restores an older revision as a new one; contributors are counted.
func TestToolkitHistory(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		kits := sqldb.NewToolkitService(db, w.needs)
		k, first := frenchToolkit(t, kits, w)
		if first.Status != civhub.RevisionPublished || first.Number != 1 || k.CurrentRev != first.ID {
			t.Fatalf("the organization's own toolkit is not published at once: %+v %+v", first, k)
		}
		if got := k.Tags; len(got) != 2 || got[0] != "crise" || got[1] != "crue" {
			t.Fatalf("tags %q", got)
		}
		edit := func(base int64, body, note string) (*civhub.Revision, error) {
			r := &civhub.Revision{Title: first.Title, Summary: first.Summary, Note: note,
				Pages: []civhub.Page{{Title: "Avant", Body: body}, {Title: "Pendant", Body: "Appeler les familles une par une."}}}
			return r, kits.Edit(ctx, k.ID, r, base, w.owner.ID)
		}
		second, err := edit(first.ID, "Faire la liste des familles à prévenir, avec leur téléphone.", "Téléphones")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := edit(first.ID, "Un texte écrit sur l'ancienne version.", "Vieux"); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("an edit on an old version: %v", err)
		}
		third, err := edit(second.ID, "Effacé par erreur.", "Oups")
		if err != nil {
			t.Fatal(err)
		}
		reverted, err := kits.Revert(ctx, k.ID, second.ID, w.owner.ID)
		if err != nil {
			t.Fatal(err)
		}
		if reverted.Number != 4 || reverted.RevertOf != 2 {
			t.Fatalf("revert: %+v", reverted)
		}
		if _, err := kits.Revert(ctx, k.ID, reverted.ID, w.owner.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("reverting to the current revision: %v", err)
		}
		got, err := kits.FindToolkit(ctx, "preparer-crue", "fr")
		if err != nil {
			t.Fatal(err)
		}
		if got.CurrentRev != reverted.ID || got.Pages[0].Body != "Faire la liste des familles à prévenir, avec leur téléphone." {
			t.Fatalf("after the revert: %+v", got)
		}
		revs, err := kits.Revisions(ctx, k.ID, false)
		if err != nil || len(revs) != 4 || revs[0].Number != 4 || revs[3].Number != 1 || revs[1].ID != third.ID {
			t.Fatalf("history: %d %v", len(revs), err)
		}
		old, err := kits.Revision(ctx, k.ID, 3)
		if err != nil || old.Pages[0].Body != "Effacé par erreur." || old.Author != w.owner.DisplayName {
			t.Fatalf("revision 3: %+v %v", old, err)
		}
		if c, err := kits.Contributors(ctx, k.ID); err != nil || len(c) != 1 || c[0].Edits != 4 {
			t.Fatalf("contributors: %+v %v", c, err)
		}
		if list, err := kits.ListToolkits(ctx, civhub.ToolkitFilter{Query: "téléphone"}); err != nil || len(list) != 1 {
			t.Fatalf("search: %d %v", len(list), err)
		}
		if list, err := kits.ListToolkits(ctx, civhub.ToolkitFilter{Tag: "crue"}); err != nil || len(list) != 1 {
			t.Fatalf("by tag: %d %v", len(list), err)
		}
		if list, err := kits.ListToolkits(ctx, civhub.ToolkitFilter{Query: "effacé"}); err != nil || len(list) != 0 {
			t.Fatalf("search finds an old revision's words: %d %v", len(list), err)
		}
	})
}

// TestToolkitConcurrentEdits: of edits made at once from the same version, one is kept and the
// others are told someone changed it first; no revision number is used twice.
func TestToolkitConcurrentEdits(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		kits := sqldb.NewToolkitService(db, w.needs)
		k, first := frenchToolkit(t, kits, w)
		var wg sync.WaitGroup
		errs := make([]error, 6)
		for i := range errs {
			wg.Go(func() {
				r := &civhub.Revision{Title: first.Title, Summary: first.Summary, Pages: []civhub.Page{{Title: "Avant", Body: "Version " + string(rune('a'+i))}}}
				errs[i] = kits.Edit(ctx, k.ID, r, first.ID, w.owner.ID)
			})
		}
		wg.Wait()
		kept := 0
		for _, err := range errs {
			switch civhub.ErrorCode(err) {
			case "":
				kept++
			case civhub.ECONFLICT:
			default:
				t.Fatal(err)
			}
		}
		if revs, err := kits.Revisions(ctx, k.ID, true); kept != 1 || err != nil || len(revs) != 2 {
			t.Fatalf("%d kept, %d revisions, %v", kept, len(revs), err)
		}
	})
}

// TestToolkitModeration: a new account's edit waits for a moderator; once one was published and
// the account is a week old, its edits are published at once; a moderator undoes all of one
// person's edits in one step.
func TestToolkitModeration(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		kits := sqldb.NewToolkitService(db, w.needs)
		kits.SetNotes(w.notes)
		k, first := frenchToolkit(t, kits, w)
		newcomer, mod := verifiedPerson(t, db, "nouvelle@example.org"), verifiedPerson(t, db, "mod@example.org")
		if err := sqldb.NewPersonService(db).SetSiteRole(ctx, mod.ID, civhub.RoleModerator, mod.ID); err != nil {
			t.Fatal(err)
		}
		edit := func(base int64, body string) *civhub.Revision {
			t.Helper()
			r := &civhub.Revision{Title: first.Title, Summary: first.Summary, Pages: []civhub.Page{{Title: "Avant", Body: body}}}
			if err := kits.Edit(ctx, k.ID, r, base, newcomer.ID); err != nil {
				t.Fatal(err)
			}
			return r
		}
		pending := edit(first.ID, "Une bonne idée.")
		if pending.Status != civhub.RevisionPending {
			t.Fatalf("a new account's edit: %s", pending.Status)
		}
		if got, _ := kits.FindToolkit(ctx, k.Slug, k.Language); got.CurrentRev != first.ID {
			t.Fatal("a pending edit became current")
		}
		if _, err := kits.Revert(ctx, k.ID, first.ID, newcomer.ID); civhub.ErrorCode(err) != civhub.EFORBIDDEN {
			t.Fatalf("a newcomer reverts: %v", err)
		}
		if err := kits.Review(ctx, pending.ID, civhub.RevisionDecidePublish, newcomer.ID); civhub.ErrorCode(err) != civhub.EFORBIDDEN {
			t.Fatalf("a newcomer reviews: %v", err)
		}
		revs, _, err := kits.Pending(ctx, 10)
		if err != nil || len(revs) != 1 || revs[0].ID != pending.ID {
			t.Fatalf("queue: %d %v", len(revs), err)
		}
		if err := kits.Review(ctx, pending.ID, civhub.RevisionDecidePublish, mod.ID); err != nil {
			t.Fatal(err)
		}
		if err := kits.Review(ctx, pending.ID, civhub.RevisionDecideReject, mod.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("reviewed twice: %v", err)
		}
		// The newcomer hears it, with a link to the history.
		inbox, err := w.notes.Notifications(ctx, newcomer.ID, 0, false, 10)
		if err != nil || len(inbox) != 1 || inbox[0].Kind != civhub.NoteToolkitPublished || inbox[0].Task != first.Title ||
			inbox[0].Path() != "/toolkits/preparer-crue/fr/history" {
			t.Fatalf("the newcomer's inbox: %+v %v", inbox, err)
		}
		// Still under a week old: waits again.
		if r := edit(pending.ID, "Encore une idée."); r.Status != civhub.RevisionPending {
			t.Fatalf("a young account's second edit: %s", r.Status)
		}
		db.Now = func() time.Time { return time.Now().Add(civhub.TrustAfter + time.Hour) }
		vandal := edit(pending.ID, "VANDALISME")
		if vandal.Status != civhub.RevisionPublished {
			t.Fatalf("a trusted account's edit: %s", vandal.Status)
		}
		n, err := kits.UndoPerson(ctx, newcomer.ID, mod.ID)
		if err != nil || n != 1 {
			t.Fatalf("undo: %d %v", n, err)
		}
		got, _ := kits.FindToolkit(ctx, k.Slug, k.Language)
		if got.Pages[0].Body != first.Pages[0].Body {
			t.Fatalf("after the undo: %q", got.Pages[0].Body)
		}
		if revs, _, _ := kits.Pending(ctx, 10); len(revs) != 0 {
			t.Fatalf("pending after the undo: %d", len(revs))
		}
	})
}

// TestToolkitTranslationTask walks the second story in storage: translating a toolkit is
// a task; the volunteer's translation waits for the approval, which publishes it credited to them;
// an edit of the source makes it out of date.
func TestToolkitTranslationTask(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		kits := sqldb.NewToolkitService(db, w.needs)
		k, first := frenchToolkit(t, kits, w)
		task := &civhub.Task{NeedID: w.need.ID, Title: "Traduire la boîte à outils en arabe", Description: "Traduire.", Type: civhub.TaskTranslation,
			SourceLanguage: "fr", TargetLanguage: "ar", Skills: []string{"translation"}, EstimatedHours: 1, VolunteersWanted: 1,
			Urgency: civhub.UrgencyNormal, JoinMode: civhub.JoinClaim, ClaimHours: 72}
		stranger := verifiedPerson(t, db, "stranger@example.org")
		if err := kits.CreateTranslationTask(ctx, task, k.ID, "ar", stranger.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("a stranger's task on the organization's need: %v", err)
		}
		if err := kits.CreateTranslationTask(ctx, task, k.ID, "ar", w.owner.ID); err != nil {
			t.Fatal(err)
		}
		if tt, err := kits.TaskToolkit(ctx, task.ID); err != nil || tt == nil || tt.ToolkitID != k.ID || tt.Language != "ar" {
			t.Fatalf("task toolkit: %+v %v", tt, err)
		}
		volunteer := verifiedPerson(t, db, "jean@example.org")
		a, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: task.ID, By: volunteer.ID})
		if err != nil {
			t.Fatal(err)
		}
		work := &civhub.Revision{Title: "الاستعداد للفيضان", Summary: "ما تفعله الجمعية قبل الفيضان وأثناءه وبعده.",
			Pages: []civhub.Page{{Title: "قبل", Body: "قائمة العائلات."}, {Title: "أثناء", Body: "الاتصال بالعائلات."}}}
		if err := kits.SaveTaskWork(ctx, a.ID, work, stranger.ID); civhub.ErrorCode(err) != civhub.ENOTFOUND {
			t.Fatalf("someone else saves the volunteer's work: %v", err)
		}
		if err := kits.SaveTaskWork(ctx, a.ID, work, volunteer.ID); err != nil {
			t.Fatal(err)
		}
		work.Pages[1].Body = "الاتصال بكل عائلة."
		if err := kits.SaveTaskWork(ctx, a.ID, work, volunteer.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := kits.FindToolkit(ctx, k.Slug, "ar"); err != nil {
			t.Fatal(err)
		}
		if list, _ := kits.ListToolkits(ctx, civhub.ToolkitFilter{Language: "ar"}); len(list) != 0 {
			t.Fatal("an unapproved translation is listed")
		}
		if _, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActSubmit, AssignmentID: a.ID, By: volunteer.ID, Message: "Voilà."}); err != nil {
			t.Fatal(err)
		}
		if err := kits.SaveTaskWork(ctx, a.ID, work, volunteer.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("saving handed-in work: %v", err)
		}
		if _, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActApprove, AssignmentID: a.ID, By: w.owner.ID}); err != nil {
			t.Fatal(err)
		}
		ar, err := kits.FindToolkit(ctx, k.Slug, "ar")
		if err != nil {
			t.Fatal(err)
		}
		if !ar.Published() || ar.SourceID != k.ID || ar.SourceKind != civhub.ToolkitTranslation || ar.ChangesSince != 0 ||
			ar.Pages[1].Body != "الاتصال بكل عائلة." || ar.Source == nil || ar.Source.Language != "fr" {
			t.Fatalf("the Arabic toolkit: %+v", ar)
		}
		if c, err := kits.Contributors(ctx, ar.ID); err != nil || len(c) != 1 || c[0].ID != volunteer.ID {
			t.Fatalf("credit: %+v %v", c, err)
		}
		src, _ := kits.FindToolkit(ctx, k.Slug, "fr")
		if len(src.Translations) != 1 || src.Translations[0].Language != "ar" {
			t.Fatalf("the source's translations: %+v", src.Translations)
		}
		r := &civhub.Revision{Title: first.Title, Summary: first.Summary, Pages: []civhub.Page{{Title: "Avant", Body: "Nouveau texte."}}}
		if err := kits.Edit(ctx, k.ID, r, src.CurrentRev, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		if ar, _ = kits.FindToolkit(ctx, k.Slug, "ar"); ar.ChangesSince != 1 {
			t.Fatalf("changes since: %d", ar.ChangesSince)
		}
		if list, err := kits.ListToolkits(ctx, civhub.ToolkitFilter{Language: "ar"}); err != nil || len(list) != 1 || list[0].ChangesSince != 1 {
			t.Fatalf("the list's changes since: %v", err)
		}
		// An edit of the translation that says it follows the source again brings it up to date.
		up := &civhub.Revision{Title: ar.Title, Summary: ar.Summary, Pages: []civhub.Page{{Title: "قبل", Body: "نص جديد."}}, SourceRev: 1}
		if err := kits.Edit(ctx, ar.ID, up, ar.CurrentRev, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		if ar, _ = kits.FindToolkit(ctx, k.Slug, "ar"); ar.ChangesSince != 0 {
			t.Fatalf("changes since, after catching up: %d", ar.ChangesSince)
		}
	})
}

// TestToolkitAdapt: an adaptation is a toolkit of its own, linked both ways to its source.
func TestToolkitAdapt(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		kits := sqldb.NewToolkitService(db, w.needs)
		k, _ := frenchToolkit(t, kits, w)
		fork := &civhub.Toolkit{Slug: "preparer-crue-maroc", Language: "fr", SourceKind: civhub.ToolkitAdaptation, OrganizationID: w.org.ID}
		if err := kits.Adapt(ctx, k.ID, fork, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		again := &civhub.Toolkit{Slug: "preparer-crue-maroc", Language: "fr", SourceKind: civhub.ToolkitAdaptation}
		if err := kits.Adapt(ctx, k.ID, again, w.owner.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("a taken address: %v", err)
		}
		got, err := kits.FindToolkit(ctx, "preparer-crue-maroc", "fr")
		if err != nil || !got.Published() || got.Source == nil || got.Source.ID != k.ID || len(got.Pages) != 2 {
			t.Fatalf("the adaptation: %+v %v", got, err)
		}
		src, _ := kits.FindToolkit(ctx, k.Slug, k.Language)
		if len(src.Adaptations) != 1 || src.Adaptations[0].ID != fork.ID {
			t.Fatalf("the source's adaptations: %+v", src.Adaptations)
		}
	})
}

// TestToolkitFiles: trusted editors attach and remove files; others may not; a toolkit holds at
// most MaxToolkitFiles; names keep only their last part, without quotes or control characters.
func TestToolkitFiles(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		kits := sqldb.NewToolkitService(db, w.needs)
		k, _ := frenchToolkit(t, kits, w)
		pdf := func(name string) *civhub.ToolkitFile {
			return &civhub.ToolkitFile{Name: name, ContentType: "application/pdf", Data: []byte("%PDF-1.7\nplan")}
		}
		stranger := verifiedPerson(t, db, "stranger@example.org")
		if err := kits.AddFile(ctx, k.ID, pdf("plan.pdf"), stranger.ID); civhub.ErrorCode(err) != civhub.EFORBIDDEN {
			t.Fatalf("a newcomer attaches a file: %v", err)
		}
		f := pdf("../../etc/\"plan\"\x07 d'urgence.pdf")
		if err := kits.AddFile(ctx, k.ID, f, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		if f.Name != "plan d'urgence.pdf" || f.Size != 13 {
			t.Fatalf("stored as %q, %d bytes", f.Name, f.Size)
		}
		got, err := kits.File(ctx, k.ID, f.ID)
		if err != nil || string(got.Data) != "%PDF-1.7\nplan" || got.ContentType != "application/pdf" {
			t.Fatalf("read back: %+v %v", got, err)
		}
		if _, err := kits.File(ctx, k.ID+1, f.ID); civhub.ErrorCode(err) != civhub.ENOTFOUND {
			t.Fatalf("the file through another toolkit: %v", err)
		}
		for i := 1; i < civhub.MaxToolkitFiles; i++ {
			if err := kits.AddFile(ctx, k.ID, pdf("more.pdf"), w.owner.ID); err != nil {
				t.Fatal(err)
			}
		}
		if err := kits.AddFile(ctx, k.ID, pdf("one-too-many.pdf"), w.owner.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("a file past the limit: %v", err)
		}
		if err := kits.RemoveFile(ctx, k.ID, f.ID, stranger.ID); civhub.ErrorCode(err) != civhub.EFORBIDDEN {
			t.Fatalf("a newcomer removes a file: %v", err)
		}
		if err := kits.RemoveFile(ctx, k.ID, f.ID, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		if list, err := kits.Files(ctx, k.ID); err != nil || len(list) != civhub.MaxToolkitFiles-1 {
			t.Fatalf("files left: %d %v", len(list), err)
		}
		if err := kits.AddFile(ctx, k.ID, pdf("\x00\x01"), w.owner.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("a file without a name: %v", err)
		}
	})
}
