package demo

import (
	"context"
	"slices"
	"testing"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
	"civhub/taxonomy"
)

// loaded fills db with the demo and returns its personas, by email, and the services it went to.
func loaded(t *testing.T, db *sqldb.DB) (map[string]Persona, *sqldb.NeedService, *sqldb.OrganizationService) {
	t.Helper()
	tax, err := taxonomy.Load()
	if err != nil {
		t.Fatal(err)
	}
	skill := func(id string) bool { _, ok := tax.Skill(id); return ok }
	cause := func(id string) bool { _, ok := tax.Cause(id); return ok }
	queue := sqldb.QueueFunc(func(context.Context, *sqldb.Tx, civhub.Job) error { return nil })
	notes := sqldb.NewNotificationService(db, queue)
	needs := sqldb.NewNeedService(db, skill, notes)
	orgs := sqldb.NewOrganizationService(db, queue)
	courses := sqldb.NewCourseService(db)
	needs.SetPrerequisites(courses)
	challenges := sqldb.NewChallengeService(db)
	ps, err := Load(t.Context(), Services{People: sqldb.NewPersonService(db), Organizations: orgs, Verifications: orgs,
		Profiles: sqldb.NewProfileService(db, skill, cause), Needs: needs, Hours: needs,
		Resources: sqldb.NewResourceService(db, cause, notes), Certificates: needs, Courses: courses,
		Toolkits: sqldb.NewToolkitService(db, needs), Events: sqldb.NewEventService(db), EventKits: sqldb.NewEventKitService(db), Challenges: challenges,
		Hackathons: sqldb.NewHackathonService(db, skill), Solutions: sqldb.NewSolutionService(db, needs, challenges),
		Standby: sqldb.NewStandbyService(db, skill), Crises: sqldb.NewCrisisService(db, needs, skill)}, "demo-password")
	if err != nil {
		t.Fatal(err)
	}
	byEmail := map[string]Persona{}
	for _, p := range ps {
		byEmail[p.Person.Email] = p
	}
	return byEmail, needs, orgs
}

// TestDemoIsAlive: a newcomer's first look at the demo is a network at work. Every volunteer has
// at least three tasks suggested, each with its reasons; tasks come from at least five
// organizations, in English, Spanish, French and Arabic; Amina has an application waiting for her
// answer, with the date she promised to answer by; and her French-to-Arabic translation has a
// translator to suggest.
func TestDemoIsAlive(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		people, needs, orgs := loaded(t, db)
		for email := range profiles() {
			recs, err := needs.RecommendTasks(ctx, people[email].Person.ID, 20)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %d tasks suggested", email, len(recs))
			for _, r := range recs {
				t.Logf("  %3d %s %v", r.Score, r.Task.Title, r.Reasons)
			}
			if len(recs) < 3 {
				t.Errorf("%s has %d tasks suggested, want at least 3", email, len(recs))
			}
			for _, r := range recs {
				if len(r.Reasons) == 0 || r.Score <= 0 {
					t.Errorf("%s: %q suggested with score %d and reasons %+v", email, r.Task.Title, r.Score, r.Reasons)
				}
			}
		}

		listed, err := needs.SearchTasks(ctx, civhub.TaskFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		byOrg, languages := map[string]bool{}, map[string]bool{}
		for _, task := range listed.Tasks {
			byOrg[task.OrgSlug] = true
			n, err := needs.FindNeed(ctx, task.NeedID)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range slices.Concat(task.Languages, n.Languages, []string{task.SourceLanguage}) {
				languages[l] = true
			}
		}
		if len(byOrg) < 5 {
			t.Errorf("tasks open to volunteers from %d organizations (%v), want at least 5", len(byOrg), byOrg)
		}
		for _, l := range civhub.Locales {
			if !languages[l] {
				t.Errorf("no task open to volunteers in %s (%v)", l, languages)
			}
		}

		coop, err := orgs.FindOrganizationBySlug(ctx, "cooperative-tamount")
		if err != nil {
			t.Fatal(err)
		}
		waiting, err := needs.WaitingFor(ctx, []int64{coop.ID}, 10)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(waiting, func(w civhub.Waiting) bool {
			return w.Kind == civhub.WaitApplication && w.Volunteer == "Jean Moreau" && w.TaskTitle == "Traduire la brochure en anglais" &&
				!w.AnswerBy().IsZero()
		}) {
			t.Errorf("Amina's cooperative waits for %+v, want Jean's application with its answer date", waiting)
		}

		amina := people["amina@demo.civhub.test"].Person.ID
		coopNeeds, err := needs.OrganizationNeeds(ctx, coop.ID)
		if err != nil {
			t.Fatal(err)
		}
		var toArabic *civhub.Task
		for _, n := range coopNeeds {
			tasks, err := needs.NeedTasks(ctx, n.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, task := range tasks {
				if task.SourceLanguage == "fr" && task.TargetLanguage == "ar" {
					toArabic = task
				}
			}
		}
		if toArabic == nil {
			t.Fatalf("Amina's cooperative (owner %d) has no French-to-Arabic translation", amina)
		}
		suggested, err := needs.SuggestVolunteers(ctx, toArabic.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(suggested, func(m civhub.VolunteerMatch) bool {
			return m.PersonID == people["salma@demo.civhub.test"].Person.ID &&
				slices.ContainsFunc(m.Reasons, func(r civhub.Reason) bool { return r.Key == "match.them.pair" })
		}) {
			t.Errorf("suggestions for %q: %+v, want Salma, who translates from French into Arabic", toArabic.Title, suggested)
		}

		// Jean's certificate is ready to check, with his confirmed hours.
		jean := people["jean@demo.civhub.test"]
		c, err := needs.FindCertificate(ctx, jean.Certificate)
		if err != nil {
			t.Fatalf("Jean's certificate %q: %v", jean.Certificate, err)
		}
		if c.PersonID != jean.Person.ID || c.Minutes != 180+75 || c.WithdrawnAt != nil {
			t.Errorf("Jean's certificate: %+v, want his 4 h 15 min, not withdrawn", c)
		}
	})
}

// TestDemoCurriculum: the demo has the starting curriculum, published in the four languages, and
// the Irbid youth association's Instagram task asks for its course on staying safe, which no demo
// volunteer has finished yet.
func TestDemoCurriculum(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		people, needs, _ := loaded(t, db)
		courses := sqldb.NewCourseService(db)
		for _, lang := range []string{"en", "fr", "es", "ar"} {
			c, err := courses.FindCourse(ctx, "safe-online", lang)
			if err != nil || c.Status != civhub.CoursePublished || c.Questions() == 0 {
				t.Fatalf("safe-online/%s: %+v, %v", lang, c, err)
			}
		}
		var id int64
		if err := db.Writer().QueryRowContext(ctx, `SELECT id FROM tasks WHERE title = $1`, "إدارة صفحتنا على إنستغرام لمدة شهر").Scan(&id); err != nil {
			t.Fatal(err)
		}
		task, err := needs.FindTask(ctx, id)
		if err != nil || !slices.Equal(task.Courses, []string{"safe-online"}) {
			t.Fatalf("the Instagram task requires %v, %v", task.Courses, err)
		}
		missing, err := courses.Missing(ctx, people["salma@demo.civhub.test"].Person.ID, []string{"safe-online"})
		if err != nil || len(missing) != 1 {
			t.Fatalf("Salma's missing courses: %v, %v", missing, err)
		}
	})
}

// TestDemoToolkits: the demo shows a toolkit with a history, a translation one change behind its
// original, and a translation that is a volunteer's task.
func TestDemoToolkits(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		_, needs, _ := loaded(t, db)
		kits := sqldb.NewToolkitService(db, needs)
		ctx := t.Context()
		en, err := kits.FindToolkit(ctx, "simulacro-de-evacuacion", "en")
		if err != nil {
			t.Fatal(err)
		}
		if !en.Published() || en.ChangesSince != 1 || en.Source == nil || en.Source.Language != "es" {
			t.Fatalf("the English drill guide: published %v, %d changes since, source %+v", en.Published(), en.ChangesSince, en.Source)
		}
		es, err := kits.FindToolkit(ctx, "simulacro-de-evacuacion", "es")
		if err != nil {
			t.Fatal(err)
		}
		if revs, err := kits.Revisions(ctx, es.ID, false); err != nil || len(revs) != 3 {
			t.Fatalf("the Spanish guide's history: %d %v", len(revs), err)
		}
		var tasks int
		if err := db.Writer().QueryRowContext(ctx, `SELECT COUNT(*) FROM toolkit_tasks WHERE language = 'ar'`).Scan(&tasks); err != nil || tasks != 1 {
			t.Fatalf("translation tasks: %d %v", tasks, err)
		}
	})
}

// TestDemoEventKit: the demo shows a camp that is over, with its report and its checklist done,
// and a camp that grew out of it, whose checklist is under way.
func TestDemoEventKit(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		loaded(t, db)
		events, kits := sqldb.NewEventService(db), sqldb.NewEventKitService(db)
		ctx := t.Context()
		past, err := events.FindEvent(ctx, "techcamp-santiago-2026")
		if err != nil {
			t.Fatal(err)
		}
		if rep, err := kits.Report(ctx, past.ID); err != nil || rep.NeedsHeard == "" || rep.Differently == "" {
			t.Fatalf("the report: %+v %v", rep, err)
		}
		_, children, err := kits.Lineage(ctx, past)
		if err != nil || len(children) != 1 || children[0].Slug != "techcamp-valparaiso-2027" {
			t.Fatalf("what grew out of it: %v %v", children, err)
		}
		list, err := kits.Checklist(ctx, children[0].ID)
		if err != nil || len(list) != 6 || civhub.ChecklistDone(list) != 2 {
			t.Fatalf("the new camp's checklist: %d steps, %d done, %v", len(list), civhub.ChecklistDone(list), err)
		}
		if agenda, err := events.Sessions(ctx, children[0].ID); err != nil || len(agenda) != 3 {
			t.Fatalf("the new camp's agenda: %d %v", len(agenda), err)
		}
	})
}

// TestDemoChallenges: the demo shows a challenge made from a need, taken by a camp and a hackathon
// and solved by a solution the soup kitchens of Lima use, and one sent back with feedback.
func TestDemoChallenges(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		loaded(t, db)
		challenges := sqldb.NewChallengeService(db)
		ctx := t.Context()
		c, err := challenges.FindChallenge(ctx, "mapa-de-albergues-sin-conexion")
		if err != nil || c.Status != civhub.ChallengeSolved || c.NeedID == 0 || c.Followers != 1 {
			t.Fatalf("the shelter map: %+v %v", c, err)
		}
		if events, err := challenges.ChallengeEvents(ctx, c.ID); err != nil || len(events) != 2 {
			t.Fatalf("its camp and its hackathon: %v %v", events, err)
		}
		solutions := sqldb.NewSolutionService(db, nil, challenges)
		so, err := solutions.FindSolution(ctx, "albergues-sin-conexion")
		if err != nil || so.Adoptions != 1 || so.Challenge != c.Slug {
			t.Fatalf("the solution in the gallery: %+v %v", so, err)
		}
		back, err := challenges.FindChallenge(ctx, "daftar-al-makhzun")
		if err != nil || back.Status != civhub.ChallengeDraft || back.Feedback == "" || back.Submitted != nil {
			t.Fatalf("the stock book: %+v %v", back, err)
		}
	})
}

// TestDemoCrises: four people are on the standby roster, and the Valparaíso drill stood down with
// its tasks, the untaken translation among them, and its lessons.
func TestDemoCrises(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		_, needs, _ := loaded(t, db)
		ctx := t.Context()
		if n, err := sqldb.NewStandbyService(db, nil).RosterSize(ctx); err != nil || n != 4 {
			t.Fatalf("the roster: %d %v", n, err)
		}
		crises := sqldb.NewCrisisService(db, needs, nil)
		c, err := crises.FindCrisis(ctx, "simulacro-tsunami-valparaiso")
		if err != nil || !c.Drill || c.Status != civhub.CrisisStoodDown || len(c.Partners) != 1 {
			t.Fatalf("the drill: %+v %v", c, err)
		}
		r, err := crises.AfterAction(ctx, c.ID)
		if err != nil || r.Asked != 3 || r.Lessons == "" {
			t.Fatalf("its report: %+v %v", r, err)
		}
		s, err := crises.Situation(ctx, c.ID)
		if err != nil || len(s.Languages) == 0 {
			t.Fatalf("its board: %+v %v", s, err)
		}
	})
}
