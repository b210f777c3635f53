package sqldb_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// TestEventKit makes a new camp from an old one: the agenda moves with the new start, the checklist
// comes without its progress, and the lineage reads both ways.
func TestEventKit(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		events, kits := sqldb.NewEventService(db), sqldb.NewEventKitService(db)
		sam, ana := verifiedPerson(t, db, "sam@example.org"), verifiedPerson(t, db, "ana@example.org")
		first := techCamp(t, events, sam.ID, "techcamp-nairobi", 40)
		for i, title := range []string{"Opening circle", "Needs clinic", "Closing"} {
			s := &civhub.AgendaItem{EventID: first.ID, Title: title, Track: "Main", Starts: first.Starts.Add(time.Duration(i) * 20 * time.Hour),
				Ends: first.Starts.Add(time.Duration(i)*20*time.Hour + time.Hour)}
			if err := events.AddSession(ctx, s, sam.ID); err != nil {
				t.Fatal(err)
			}
		}
		steps := []*civhub.ChecklistItem{{WeeksBefore: 8, Role: "Venue lead", Text: "Find a venue"}, {WeeksBefore: 1, Text: "Print the agenda"},
			{WeeksBefore: -1, Text: "Write the report"}}
		if err := kits.AddChecklistItems(ctx, first.ID, steps, sam.ID); err != nil {
			t.Fatal(err)
		}
		if err := kits.MarkChecklistItem(ctx, first.ID, steps[0].ID, true, sam.ID); err != nil {
			t.Fatal(err)
		}
		list, err := kits.Checklist(ctx, first.ID)
		if err != nil || len(list) != 3 || list[0].Text != "Find a venue" || list[0].DoneAt == nil || list[0].DoneByName == "" ||
			list[2].Text != "Write the report" || civhub.ChecklistDone(list) != 1 {
			t.Fatalf("checklist: %+v %v", list, err)
		}
		if got := list[0].Due(first); !got.Equal(first.Starts.AddDate(0, 0, -56)) {
			t.Fatalf("due %v", got)
		}
		// Another organizer makes a one-day camp in Santiago from it, starting at another hour.
		starts := first.Starts.Add(90*24*time.Hour + 3*time.Hour)
		next := &civhub.Event{Slug: "techcamp-santiago", Kind: first.Kind, Mode: first.Mode, Title: "TechCamp Santiago 2027", Language: "es",
			TimeZone: "America/Santiago", Starts: starts, Ends: starts.Add(24 * time.Hour), Country: "CL", City: "Santiago", KitOf: first.ID}
		if err := events.CreateEvent(ctx, next, ana.ID); err != nil {
			t.Fatal(err)
		}
		agenda, err := events.Sessions(ctx, next.ID)
		if err != nil || len(agenda) != 2 || agenda[0].Title != "Opening circle" || !agenda[0].Starts.Equal(starts) ||
			!agenda[1].Starts.Equal(starts.Add(20*time.Hour)) {
			t.Fatalf("the new agenda (the closing no longer fits in one day): %+v %v", agenda, err)
		}
		copied, err := kits.Checklist(ctx, next.ID)
		if err != nil || len(copied) != 3 || civhub.ChecklistDone(copied) != 0 || copied[0].Role != "Venue lead" {
			t.Fatalf("the new checklist: %+v %v", copied, err)
		}
		// A draft is not in the lineage yet; once published it is.
		if _, children, err := kits.Lineage(ctx, first); err != nil || len(children) != 0 {
			t.Fatalf("children of the first while the new one is a draft: %v %v", children, err)
		}
		next.Status = civhub.EventPublished
		if err := events.UpdateEvent(ctx, next, ana.ID); err != nil {
			t.Fatal(err)
		}
		parent, _, err := kits.Lineage(ctx, next)
		if err != nil || parent == nil || parent.ID != first.ID {
			t.Fatalf("the new one's parent: %+v %v", parent, err)
		}
		if _, children, err := kits.Lineage(ctx, first); err != nil || len(children) != 1 || children[0].ID != next.ID {
			t.Fatalf("the first's children: %v %v", children, err)
		}
		// A draft is no kit.
		draft := &civhub.Event{Slug: "draft-camp", Kind: first.Kind, Mode: first.Mode, Title: "A camp not ready", Language: "en",
			TimeZone: "America/Lima", Starts: starts, Ends: starts.Add(time.Hour), City: "Lima"}
		if err := events.CreateEvent(ctx, draft, sam.ID); err != nil {
			t.Fatal(err)
		}
		copyOfDraft := *next
		copyOfDraft.ID, copyOfDraft.Slug, copyOfDraft.KitOf = 0, "copy-of-draft", draft.ID
		if err := events.CreateEvent(ctx, &copyOfDraft, ana.ID); civhub.ErrorCode(err) != civhub.ENOTFOUND {
			t.Fatalf("a new event from a draft: %v", err)
		}
		if err := kits.MarkChecklistItem(ctx, next.ID, steps[0].ID, true, ana.ID); civhub.ErrorCode(err) != civhub.ENOTFOUND {
			t.Fatalf("marking another event's step: %v", err)
		}
		if err := kits.DeleteChecklistItem(ctx, first.ID, steps[1].ID, sam.ID); err != nil {
			t.Fatal(err)
		}
		if err := kits.AddChecklistItems(ctx, first.ID, []*civhub.ChecklistItem{{WeeksBefore: 99, Text: "x"}}, sam.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("a step out of range: %v", err)
		}
	})
}

// TestEventReport writes a report once the event has started; attendance is counted from the
// registrations, not typed.
func TestEventReport(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		events, kits := sqldb.NewEventService(db), sqldb.NewEventKitService(db)
		sam := verifiedPerson(t, db, "sam@example.org")
		e := techCamp(t, events, sam.ID, "techcamp-nairobi", 40)
		var codes []string
		for _, email := range []string{"a@example.org", "b@example.org", "c@example.org"} {
			r, err := events.Register(ctx, e.ID, verifiedPerson(t, db, email).ID)
			if err != nil {
				t.Fatal(err)
			}
			codes = append(codes, r.Code)
		}
		rep := &civhub.EventReport{EventID: e.ID, NeedsHeard: "Three cooperatives need a members list.", Differently: "Start earlier."}
		if err := kits.SaveReport(ctx, rep, sam.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("a report before the event: %v", err)
		}
		if _, err := kits.Report(ctx, e.ID); civhub.ErrorCode(err) != civhub.ENOTFOUND {
			t.Fatalf("no report yet: %v", err)
		}
		for _, c := range codes[:2] {
			if _, err := events.CheckIn(ctx, e.ID, c, sam.ID); err != nil {
				t.Fatal(err)
			}
		}
		db.Now = func() time.Time { return e.Ends.Add(time.Hour) }
		if _, err := events.MarkNoShows(ctx, e.ID, sam.ID); err != nil {
			t.Fatal(err)
		}
		if err := kits.SaveReport(ctx, &civhub.EventReport{EventID: e.ID, NeedsHeard: "  "}, sam.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("an empty report: %v", err)
		}
		if err := kits.SaveReport(ctx, rep, sam.ID); err != nil {
			t.Fatal(err)
		}
		rep.Solutions = "A shared spreadsheet template."
		if err := kits.SaveReport(ctx, rep, sam.ID); err != nil {
			t.Fatal(err)
		}
		got, err := kits.Report(ctx, e.ID)
		if err != nil || got.Registered != 3 || got.Attended != 2 || got.NoShows != 1 || got.Solutions != rep.Solutions ||
			got.NeedsHeard != rep.NeedsHeard || got.WriterName == "" {
			t.Fatalf("report: %+v %v", got, err)
		}
	})
}

// TestCancelEvent tells everyone with a place or waiting for one, once, and the event takes no more
// registrations and cannot be published again by an edit.
func TestCancelEvent(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		notes := newNotes(t, db)
		events, kits := sqldb.NewEventService(db), sqldb.NewEventKitService(db)
		kits.SetNotes(notes)
		sam := verifiedPerson(t, db, "sam@example.org")
		e := techCamp(t, events, sam.ID, "techcamp-nairobi", 1)
		in, waiting, gone := verifiedPerson(t, db, "in@example.org"), verifiedPerson(t, db, "wait@example.org"), verifiedPerson(t, db, "gone@example.org")
		for _, p := range []*civhub.Person{in, waiting, gone} {
			if _, err := events.Register(ctx, e.ID, p.ID); err != nil {
				t.Fatal(err)
			}
		}
		if err := events.Cancel(ctx, e.ID, gone.ID, gone.ID); err != nil {
			t.Fatal(err)
		}
		told, err := kits.CancelEvent(ctx, e.ID, sam.ID)
		if err != nil || told != 2 {
			t.Fatalf("cancelling: %d %v", told, err)
		}
		for _, p := range []*civhub.Person{in, waiting} {
			inbox, err := notes.Notifications(ctx, p.ID, 0, false, 10)
			if err != nil || len(inbox) != 1 || inbox[0].Kind != civhub.NoteEventCancelled || inbox[0].Path() != "/events/techcamp-nairobi" {
				t.Fatalf("%s's inbox: %+v %v", p.Email, inbox, err)
			}
		}
		if inbox, _ := notes.Notifications(ctx, gone.ID, 0, false, 10); len(inbox) != 0 {
			t.Fatalf("the one who had cancelled was told: %+v", inbox)
		}
		if _, err := kits.CancelEvent(ctx, e.ID, sam.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("cancelling twice: %v", err)
		}
		if _, err := events.Register(ctx, e.ID, gone.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("registering for a cancelled event: %v", err)
		}
		e.Status = civhub.EventPublished
		if err := events.UpdateEvent(ctx, e, sam.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := events.FindEvent(ctx, e.Slug); got.Status != civhub.EventCancelled {
			t.Fatalf("an edit published a cancelled event: %s", got.Status)
		}
	})
}

// TestEventQuestions: an event's required question must be answered to register, a choice is one
// of the choices, and the answers are kept with the registration for the organizers.
func TestEventQuestions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		events := sqldb.NewEventService(db)
		sam := verifiedPerson(t, db, "sam@example.org")
		e := techCamp(t, events, sam.ID, "techcamp-nairobi", 10)
		diet := &civhub.EventQuestion{EventID: e.ID, Prompt: "Do you eat meat?", Kind: civhub.AskChoice, Choices: []string{"Yes", " No ", "Yes"}, Required: true}
		access := &civhub.EventQuestion{EventID: e.ID, Prompt: "Anything we should know about access?", Kind: civhub.AskText}
		for _, q := range []*civhub.EventQuestion{diet, access} {
			if err := events.AddQuestion(ctx, q, sam.ID); err != nil {
				t.Fatal(err)
			}
		}
		if len(diet.Choices) != 2 || diet.Choices[1] != "No" {
			t.Fatalf("choices kept: %q", diet.Choices)
		}
		if err := events.AddQuestion(ctx, &civhub.EventQuestion{EventID: e.ID, Prompt: "?", Kind: civhub.AskChoice}, sam.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("a question without a prompt or choices: %v", err)
		}
		ana := verifiedPerson(t, db, "ana@example.org")
		if _, err := events.Register(ctx, e.ID, ana.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("registering without the required answer: %v", err)
		}
		id := func(q *civhub.EventQuestion) string { return fmt.Sprint(q.ID) }
		_, err := events.RegisterWithAnswers(ctx, e.ID, ana.ID, civhub.Answers{id(diet): "Sometimes"})
		if ce := asCivhubError(err); ce == nil || ce.Fields[diet.Field()] == "" {
			t.Fatalf("a choice that is not one: %v", err)
		}
		if _, err := events.RegisterWithAnswers(ctx, e.ID, ana.ID, civhub.Answers{id(diet): "No", id(access): "A ramp, please.", "999": "x"}); err != nil {
			t.Fatal(err)
		}
		list, err := events.Registrations(ctx, e.ID)
		if err != nil || len(list) != 1 || list[0].Answers[id(diet)] != "No" || list[0].Answers[id(access)] != "A ramp, please." || len(list[0].Answers) != 2 {
			t.Fatalf("the answers kept: %+v %v", list, err)
		}
		if err := events.DeleteQuestion(ctx, e.ID, diet.ID, sam.ID); err != nil {
			t.Fatal(err)
		}
		if qs, _ := events.Questions(ctx, e.ID); len(qs) != 1 || qs[0].ID != access.ID {
			t.Fatalf("questions after one is removed: %+v", qs)
		}
		if _, err := events.Register(ctx, e.ID, verifiedPerson(t, db, "ben@example.org").ID); err != nil {
			t.Fatalf("registering once nothing is required: %v", err)
		}
	})
}

// TestCoOrganizers: a co-organizer manages the event as its organizer does, until removed; the
// organizer is not their own co-organizer, and there are at most ten.
func TestCoOrganizers(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		events := sqldb.NewEventService(db)
		sam, lena := verifiedPerson(t, db, "sam@example.org"), verifiedPerson(t, db, "lena@example.org")
		e := techCamp(t, events, sam.ID, "techcamp-nairobi", 10)
		lenaActor := civhub.NewActor(lena, nil, nil)
		if lenaActor.CanManageEvent(e) {
			t.Fatal("Lena manages the event before she is named")
		}
		if err := events.SetCoOrganizer(ctx, e.ID, lena.ID, true, sam.ID); err != nil {
			t.Fatal(err)
		}
		if err := events.SetCoOrganizer(ctx, e.ID, lena.ID, true, sam.ID); err != nil { // twice is once
			t.Fatal(err)
		}
		got, _ := events.FindEvent(ctx, e.Slug)
		if len(got.CoOrganizers) != 1 || !lenaActor.CanManageEvent(got) {
			t.Fatalf("co-organizers: %v", got.CoOrganizers)
		}
		if err := events.SetCoOrganizer(ctx, e.ID, sam.ID, true, sam.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("the organizer as co-organizer: %v", err)
		}
		for i := range civhub.MaxCoOrganizers - 1 {
			if err := events.SetCoOrganizer(ctx, e.ID, verifiedPerson(t, db, fmt.Sprintf("co%d@example.org", i)).ID, true, sam.ID); err != nil {
				t.Fatal(err)
			}
		}
		if err := events.SetCoOrganizer(ctx, e.ID, verifiedPerson(t, db, "one-too-many@example.org").ID, true, sam.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("an eleventh co-organizer: %v", err)
		}
		if err := events.SetCoOrganizer(ctx, e.ID, lena.ID, false, sam.ID); err != nil {
			t.Fatal(err)
		}
		got, _ = events.FindEvent(ctx, e.Slug)
		if lenaActor.CanManageEvent(got) || len(got.CoOrganizers) != civhub.MaxCoOrganizers-1 {
			t.Fatalf("after Lena is removed: %v", got.CoOrganizers)
		}
	})
}
