package sqldb_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// needWorld is a verified organization with an open need, ready for tasks.
type needWorld struct {
	db    *sqldb.DB
	needs *sqldb.NeedService
	notes *sqldb.NotificationService
	org   *civhub.Organization
	need  *civhub.Need
	owner *civhub.Person
}

func newNeedWorld(t *testing.T, db *sqldb.DB) *needWorld {
	t.Helper()
	ctx := context.Background()
	orgs := newOrgs(t, db)
	w := &needWorld{db: db, owner: verifiedPerson(t, db, "diego@example.org")}
	w.org = newOrg(t, orgs, w.owner, "valparaiso", false)
	w.notes = newNotes(t, db)
	w.needs = sqldb.NewNeedService(db, func(id string) bool { return id == "data_entry" || id == "translation" || id == "mapping" }, w.notes)
	w.need = &civhub.Need{OrganizationID: w.org.ID, Title: "Mapa de albergues", Description: "Necesitamos un mapa.",
		Causes: []string{"sdg11"}, Remote: true, Status: civhub.NeedOpen}
	if err := w.needs.CreateNeed(ctx, w.need, w.owner.ID); err != nil {
		t.Fatal(err)
	}
	req := &civhub.VerificationRequest{OrganizationID: w.org.ID, Evidence: "Junta de vecinos registrada desde 2011."}
	if err := orgs.RequestVerification(ctx, req, w.owner.ID); err != nil {
		t.Fatal(err)
	}
	if err := orgs.DecideVerification(ctx, req.ID, true, "", w.owner.ID); err != nil {
		t.Fatal(err)
	}
	return w
}

// agreement is a valid engagement agreement, for accepting applications.
func agreement() *civhub.Agreement {
	return &civhub.Agreement{Scope: "Traducir las 12 páginas del plan.", Hours: 6, AnswerDays: 3}
}

func (w *needWorld) task(t *testing.T, title, typ string, wanted int, mutate ...func(*civhub.Task)) *civhub.Task {
	t.Helper()
	task := &civhub.Task{NeedID: w.need.ID, Title: title, Description: title, Type: typ, EstimatedHours: 3,
		VolunteersWanted: wanted, Urgency: civhub.UrgencyNormal, JoinMode: civhub.JoinClaim, ClaimHours: 48}
	for _, m := range mutate {
		m(task)
	}
	if err := w.needs.CreateTask(context.Background(), task, w.owner.ID); err != nil {
		t.Fatal(err)
	}
	return task
}

func TestSearchTasks(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		deadline := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Second)
		w.task(t, "Traducción del folleto al inglés", civhub.TaskTranslation, 1, func(x *civhub.Task) {
			x.SourceLanguage, x.TargetLanguage, x.Skills = "es", "en", []string{"translation"}
		})
		w.task(t, "Saisie des adresses des abris", "data_entry", 3, func(x *civhub.Task) { x.Deadline = &deadline; x.Urgency = civhub.UrgencyUrgent })
		w.task(t, "ترجمة دليل الطوارئ", civhub.TaskTranslation, 1, func(x *civhub.Task) { x.SourceLanguage, x.TargetLanguage = "es", "ar" })
		w.task(t, "Map the shelters in OpenStreetMap", "mapping", 2, func(x *civhub.Task) { x.EstimatedHours = 10; x.Skills = []string{"mapping"} })

		search := func(f civhub.TaskFilter) []string {
			t.Helper()
			page, err := w.needs.SearchTasks(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var titles []string
			for _, x := range page.Tasks {
				titles = append(titles, x.Title)
			}
			return titles
		}
		for _, tc := range []struct {
			name string
			f    civhub.TaskFilter
			want int
		}{
			{"All", civhub.TaskFilter{}, 4},
			{"Spanish", civhub.TaskFilter{Query: "folleto"}, 1},
			{"Prefix", civhub.TaskFilter{Query: "shelt"}, 1},
			{"Arabic", civhub.TaskFilter{Query: "الطوارئ"}, 1},
			{"TwoWords", civhub.TaskFilter{Query: "map shelters"}, 1},
			{"SyntaxCharactersAreIgnored", civhub.TaskFilter{Query: `"map*" (-shelters):`}, 1},
			{"NoMatch", civhub.TaskFilter{Query: "zzzz"}, 0},
			{"Type", civhub.TaskFilter{Type: civhub.TaskTranslation}, 2},
			{"Skill", civhub.TaskFilter{Skill: "mapping"}, 1},
			{"LanguagePair", civhub.TaskFilter{Language: "ar"}, 1},
			{"Effort", civhub.TaskFilter{MaxHours: 5}, 3},
			{"Urgent", civhub.TaskFilter{UrgentOnly: true}, 1},
			{"Cause", civhub.TaskFilter{Cause: "sdg11"}, 4},
			{"OtherCause", civhub.TaskFilter{Cause: "sdg1"}, 0},
			{"TextAndFilter", civhub.TaskFilter{Query: "traducción", Type: civhub.TaskTranslation}, 1},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if got := search(tc.f); len(got) != tc.want {
					t.Fatalf("%+v found %v, want %d", tc.f, got, tc.want)
				}
			})
		}
		t.Run("KeysetPages", func(t *testing.T) {
			seen := map[string]bool{}
			f := civhub.TaskFilter{Limit: 3}
			for pages := 0; pages < 5; pages++ {
				page, err := w.needs.SearchTasks(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				for _, x := range page.Tasks {
					if seen[x.Title] {
						t.Fatalf("%q on two pages", x.Title)
					}
					seen[x.Title] = true
				}
				if page.Next == "" {
					break
				}
				f.After = page.Next
			}
			if len(seen) != 4 {
				t.Fatalf("pages held %d tasks, want 4", len(seen))
			}
		})
		t.Run("UnverifiedHidden", func(t *testing.T) {
			w.need.Status = civhub.NeedDraft
			if err := w.needs.UpdateNeed(ctx, w.need, w.owner.ID); err != nil {
				t.Fatal(err)
			}
			if got := search(civhub.TaskFilter{}); len(got) != 0 {
				t.Fatalf("tasks of a draft need are listed: %v", got)
			}
		})
	})
}

// TestLastSlotRace sends many claims for the last slot at once: exactly one wins, the others get
// ECONFLICT, and the slots add up.
func TestLastSlotRace(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		task := w.task(t, "Enter the shelter addresses", "data_entry", 2)
		first := verifiedPerson(t, db, "first@example.org")
		if _, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: task.ID, By: first.ID}); err != nil {
			t.Fatal(err)
		}
		const racers = 12
		var people []*civhub.Person
		for i := 0; i < racers; i++ {
			people = append(people, verifiedPerson(t, db, fmt.Sprintf("racer%d@example.org", i)))
		}
		var wg sync.WaitGroup
		errs := make([]error, racers)
		start := make(chan struct{})
		for i, p := range people {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i] = w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: task.ID, By: p.ID})
			}()
		}
		close(start)
		wg.Wait()
		wins, full := 0, 0
		for _, err := range errs {
			switch civhub.ErrorCode(err) {
			case "":
				wins++
			case civhub.ECONFLICT:
				full++
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}
		if wins != 1 || full != racers-1 {
			t.Fatalf("%d won and %d were told it is full, want 1 and %d", wins, full, racers-1)
		}
		got, _ := w.needs.FindTask(ctx, task.ID)
		if got.SlotsTaken != 2 || got.SlotsLeft() != 0 {
			t.Fatalf("slots taken %d, want 2", got.SlotsTaken)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM assignments WHERE task_id = $1 AND status = 'claimed'`, task.ID); n != 2 {
			t.Fatalf("%d claims stored, want 2", n)
		}
	})
}

func TestWorkflow(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		task := w.task(t, "Translate the emergency guide", civhub.TaskTranslation, 1, func(x *civhub.Task) {
			x.JoinMode, x.SourceLanguage, x.TargetLanguage = civhub.JoinApply, "es", "fr"
		})
		jean := verifiedPerson(t, db, "jean@example.org")
		act := func(action string, a *civhub.Assignment) (*civhub.Assignment, error) {
			r := civhub.ActRequest{Action: action, By: w.owner.ID, Message: "Voir le document : https://example.org/doc", Agreement: agreement()}
			if a != nil {
				r.AssignmentID = a.ID
			}
			return w.needs.Act(ctx, r)
		}
		if _, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: task.ID, By: jean.ID}); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("claiming an apply task: %v", err)
		}
		if _, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActApply, TaskID: task.ID, By: w.owner.ID}); civhub.ErrorCode(err) != civhub.EFORBIDDEN {
			t.Fatalf("the organization's owner applying to its own task: %v", err)
		}
		a, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActApply, TaskID: task.ID, By: jean.ID, Message: "Je traduis depuis 30 ans."})
		if err != nil || a.Status != civhub.AssignApplied {
			t.Fatalf("apply: %v, %v", a, err)
		}
		if got, _ := w.needs.FindTask(ctx, task.ID); got.SlotsTaken != 0 {
			t.Fatal("an application took a slot")
		}
		if _, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActApply, TaskID: task.ID, By: jean.ID}); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("applying twice: %v", err)
		}
		if _, err := act(civhub.ActApprove, a); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("approving an application: %v", err)
		}
		for _, step := range []struct{ action, want string }{
			{civhub.ActAccept, civhub.AssignAccepted},
			{civhub.ActSubmit, civhub.AssignSubmitted},
			{civhub.ActReturn, civhub.AssignReturned},
			{civhub.ActSubmit, civhub.AssignSubmitted},
			{civhub.ActApprove, civhub.AssignApproved},
		} {
			if a, err = act(step.action, a); err != nil || a.Status != step.want {
				t.Fatalf("%s: %v, %v; want %s", step.action, a, err, step.want)
			}
		}
		if got, _ := w.needs.FindTask(ctx, task.ID); got.SlotsTaken != 1 {
			t.Fatalf("slots taken %d after acceptance, want 1", got.SlotsTaken)
		}
		if a.Deliverable == "" || a.Feedback == "" {
			t.Fatalf("deliverable %q, feedback %q: both should be kept", a.Deliverable, a.Feedback)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = $1 AND person_id = $2`, civhub.AuditTaskStep, jean.ID); n != 6 {
			t.Fatalf("%d workflow steps audited, want 6", n)
		}
		t.Run("WithdrawFreesTheSlot", func(t *testing.T) {
			claim := w.task(t, "Check the shelter list", "data_entry", 1)
			a, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: claim.ID, By: jean.ID})
			if err != nil {
				t.Fatal(err)
			}
			if a.ExpiresAt == nil {
				t.Fatal("a claim without an expiry")
			}
			if _, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActWithdraw, AssignmentID: a.ID, By: jean.ID}); err != nil {
				t.Fatal(err)
			}
			if got, _ := w.needs.FindTask(ctx, claim.ID); got.SlotsTaken != 0 {
				t.Fatalf("slots taken %d after a withdrawal, want 0", got.SlotsTaken)
			}
		})
	})
}

func TestStepMessages(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		task := w.task(t, "Check the shelter list", "data_entry", 1)
		priya := verifiedPerson(t, db, "priya@example.org")
		a, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: task.ID, By: priya.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActSubmit, AssignmentID: a.ID, By: priya.ID, Message: "  "}); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("submitting nothing: %v, want EINVALID", err)
		}
		if _, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActSubmit, AssignmentID: a.ID, By: priya.ID, Message: "Done: https://example.org/sheet"}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActReturn, AssignmentID: a.ID, By: w.owner.ID}); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("returning without feedback: %v, want EINVALID", err)
		}
	})
}

func TestReleaseStaleClaims(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		task := w.task(t, "Enter the shelter addresses", "data_entry", 2, func(x *civhub.Task) { x.ClaimHours = 1 })
		stale, fresh := verifiedPerson(t, db, "stale@example.org"), verifiedPerson(t, db, "fresh@example.org")
		if _, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: task.ID, By: stale.ID}); err != nil {
			t.Fatal(err)
		}
		later := time.Now().Add(50 * time.Minute)
		db.Now = func() time.Time { return later }
		if _, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: task.ID, By: fresh.ID}); err != nil {
			t.Fatal(err)
		}
		db.Now = func() time.Time { return later.Add(20 * time.Minute) } // the first claim is 70 minutes old
		n, err := w.needs.ReleaseStaleClaims(ctx)
		if err != nil || n != 1 {
			t.Fatalf("released %d (%v), want 1", n, err)
		}
		got, _ := w.needs.FindTask(ctx, task.ID)
		if got.SlotsTaken != 1 {
			t.Fatalf("slots taken %d, want 1", got.SlotsTaken)
		}
		if a, _ := w.needs.VolunteerAssignment(ctx, task.ID, stale.ID); a.Status != civhub.AssignReleased {
			t.Fatalf("the stale claim is %q", a.Status)
		}
	})
}

// TestTextSearchPlans: a text search finds the same tasks in the same order, page after page, by
// deadline or newest first, whether its words are rare (the matches are found first, then sorted),
// common (the tasks are read in the page's order and checked) or very common (on SQLite, each task
// in deadline order is looked up), with another filter and with tasks that share a deadline.
func TestTextSearchPlans(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		base := time.Now().Add(240 * time.Hour).UTC().Truncate(time.Second)
		for i := range 30 {
			deadline := base.Add(time.Duration(i%7) * time.Hour) // several tasks per deadline
			title := fmt.Sprintf("Plan de evacuación número %d", i)
			if i%3 == 0 {
				title = fmt.Sprintf("Inventario de refugios %d", i)
			}
			w.task(t, title, "data_entry", 1, func(x *civhub.Task) {
				x.Deadline = &deadline
				if i%4 == 0 {
					x.Urgency = civhub.UrgencyUrgent
				}
			})
		}
		w.task(t, "Plan sin fecha límite", "data_entry", 1) // no deadline: not in a deadline sort
		walk := func(f civhub.TaskFilter) []string {
			t.Helper()
			var titles []string
			for {
				page, err := w.needs.SearchTasks(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				for _, task := range page.Tasks {
					titles = append(titles, task.Title)
				}
				if page.Next == "" {
					return titles
				}
				f.After = page.Next
			}
		}
		for _, f := range []civhub.TaskFilter{{Query: "plan", Sort: "deadline", Limit: 4}, {Query: "plan", Sort: "deadline", UrgentOnly: true, Limit: 2},
			{Query: "plan", Limit: 3}, {Query: "plan", UrgentOnly: true, Limit: 2}} {
			rare := walk(f)
			restore := sqldb.SetMatchPlans(5, 1000)
			common := walk(f)
			restore()
			restore = sqldb.SetMatchPlans(5, 10)
			dense := walk(f)
			restore()
			if len(rare) == 0 || !slices.Equal(rare, common) || !slices.Equal(rare, dense) {
				t.Fatalf("%+v: sorted matches %q, filtered in index order %q, looked up in index order %q", f, rare, common, dense)
			}
			want := 20 // the plans with a deadline
			if f.UrgentOnly {
				want = 5
			} else if f.Sort == "" {
				want = 21 // and the one without
			}
			if len(rare) != want {
				t.Fatalf("%+v: %d tasks", f, len(rare))
			}
		}
	})
}

// TestCandidateTasks: candidates for recommendations come from the volunteer's skills and the
// languages they translate into, newest first, open tasks only, at most limit; tasks merely
// written in a language count only for a volunteer without skills.
func TestCandidateTasks(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		mapping := w.task(t, "Map the shelters", "mapping", 1, func(x *civhub.Task) { x.Skills = []string{"mapping"} })
		entry := w.task(t, "Type the shelter list", "data_entry", 1, func(x *civhub.Task) { x.Skills = []string{"data_entry", "mapping"} })
		intoFrench := w.task(t, "Traduire le guide", civhub.TaskTranslation, 1, func(x *civhub.Task) { x.SourceLanguage, x.TargetLanguage = "es", "fr" })
		inFrench := w.task(t, "Écrire la lettre", "writing", 1, func(x *civhub.Task) { x.Languages = []string{"fr"} })
		closed := w.task(t, "Map the old shelters", "mapping", 1, func(x *civhub.Task) { x.Skills = []string{"mapping"}; x.Status = civhub.TaskClosed })
		ids := func(skills, languages []string, limit int) []int64 {
			t.Helper()
			list, err := w.needs.CandidateTasks(ctx, skills, languages, limit)
			if err != nil {
				t.Fatal(err)
			}
			var out []int64
			for _, task := range list {
				out = append(out, task.ID)
			}
			return out
		}
		if got, want := ids([]string{"mapping"}, []string{"fr"}, 50), []int64{intoFrench.ID, entry.ID, mapping.ID}; !slices.Equal(got, want) {
			t.Fatalf("skills and languages: %v, want %v (closed %d, written in French %d)", got, want, closed.ID, inFrench.ID)
		}
		if got, want := ids(nil, []string{"fr"}, 50), []int64{inFrench.ID, intoFrench.ID}; !slices.Equal(got, want) {
			t.Fatalf("languages only: %v, want %v", got, want)
		}
		if got := ids([]string{"mapping", "data_entry"}, nil, 1); len(got) != 1 || got[0] != entry.ID {
			t.Fatalf("limit 1: %v", got)
		}
		if got := ids(nil, nil, 50); len(got) != 0 {
			t.Fatalf("nothing to go by: %v", got)
		}
	})
}

// TestFindPlacedTask reads a task with its need and organization in one statement and gets what
// the three readers of each give, on both databases.
func TestFindPlacedTask(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		deadline := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Second)
		task := w.task(t, "Traducir el plan", civhub.TaskTranslation, 2, func(x *civhub.Task) {
			x.SourceLanguage, x.TargetLanguage, x.Deadline = "es", "ar", &deadline
		})
		got, err := w.needs.FindPlacedTask(ctx, task.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantTask, err := w.needs.FindTask(ctx, task.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantNeed, err := w.needs.FindNeed(ctx, w.need.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantOrg, err := newOrgs(t, db).FindOrganizationBySlug(ctx, w.org.Slug)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name      string
			got, want any
		}{{"task", got.Task, wantTask}, {"need", got.Need, wantNeed}, {"organization", got.Org, wantOrg}} {
			if g, w := fmt.Sprintf("%+v", c.got), fmt.Sprintf("%+v", c.want); g != w {
				t.Errorf("%s:\n got %s\nwant %s", c.name, g, w)
			}
		}
		if got.Org.Verification != civhub.Verified || got.Task.Deadline == nil || !got.Task.Deadline.Equal(deadline) {
			t.Errorf("read back %+v", got)
		}
		if _, err := w.needs.FindPlacedTask(ctx, task.ID+1000); civhub.ErrorCode(err) != civhub.ENOTFOUND {
			t.Errorf("missing task: %v, want ENOTFOUND", err)
		}
	})
}

// TestTextPlanChoice: a word in few tasks has its matches found first, a word in many has the tasks
// read in order and checked, whether a bounded count tells how many (SQLite, or PostgreSQL before it
// has statistics, or for words they do not know) or PostgreSQL's statistics estimate it.
func TestTextPlanChoice(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		for i := range 40 {
			title := fmt.Sprintf("Plan de evacuación %d", i)
			if i%10 == 0 {
				title = fmt.Sprintf("Inventario de refugios %d", i)
			}
			w.task(t, title, "data_entry", 1)
		}
		defer sqldb.SetMatchPlans(10, 1000)()
		check := func(wantStats bool) {
			t.Helper()
			for _, c := range []struct {
				query string
				want  int
			}{{"plan", sqldb.PlanFilter}, {"inventario", sqldb.PlanSort}, {"zzqx", sqldb.PlanSort}, {"plan inventario", sqldb.PlanSort}} {
				for _, sort := range []string{"deadline", ""} {
					plan, fromStats := w.needs.TextPlan(ctx, civhub.TaskFilter{Query: c.query, Sort: sort})
					if sort == "" && db.Dialect() == sqldb.SQLite {
						c.want = sqldb.PlanSort // FTS5 hands its matches newest first
					}
					if plan != c.want {
						t.Errorf("%q sorted %q: plan %d, want %d", c.query, sort, plan, c.want)
					}
					if fromStats != (wantStats && c.query != "zzqx") { // a word in no task is in no statistics
						t.Errorf("%q: chosen from the statistics %v", c.query, fromStats)
					}
				}
			}
		}
		check(false)
		if db.Dialect() != sqldb.Postgres {
			return
		}
		if _, err := db.Writer().ExecContext(ctx, `ANALYZE tasks`); err != nil {
			t.Fatal(err)
		}
		w.needs.ForgetWordStats()
		check(true)
	})
}

// An organization's needs under way come newest first, drafts only when asked for, and no more
// than the limit, whatever else the organization has.
func TestNeedsUnderWay(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db) // "Mapa de albergues", open
		add := func(title, status string) *civhub.Need {
			t.Helper()
			n := &civhub.Need{OrganizationID: w.org.ID, Title: title, Description: title, Remote: true, Status: status}
			if err := w.needs.CreateNeed(ctx, n, w.owner.ID); err != nil {
				t.Fatal(err)
			}
			return n
		}
		add("Draft one", civhub.NeedDraft)
		add("Done one", civhub.NeedCompleted)
		add("Running one", civhub.NeedInProgress)
		add("Archived one", civhub.NeedArchived)
		add("Draft two", civhub.NeedDraft)
		other := newOrg(t, newOrgs(t, db), verifiedPerson(t, db, "otra@example.org"), "otra", false)
		if err := w.needs.CreateNeed(ctx, &civhub.Need{OrganizationID: other.ID, Title: "Not theirs", Description: "x", Remote: true,
			Status: civhub.NeedOpen}, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		titles := func(drafts bool, limit int) []string {
			t.Helper()
			list, err := w.needs.NeedsUnderWay(ctx, w.org.ID, drafts, limit)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, n := range list {
				out = append(out, n.Title)
			}
			return out
		}
		for _, c := range []struct {
			drafts bool
			limit  int
			want   []string
		}{
			{true, 10, []string{"Draft two", "Running one", "Draft one", "Mapa de albergues"}},
			{false, 10, []string{"Running one", "Mapa de albergues"}},
			{true, 2, []string{"Draft two", "Running one"}},
			{false, 1, []string{"Running one"}},
			{true, 0, nil},
		} {
			if got := titles(c.drafts, c.limit); !slices.Equal(got, c.want) {
				t.Errorf("NeedsUnderWay(drafts %v, limit %d) = %q, want %q", c.drafts, c.limit, got, c.want)
			}
		}
	})
}
