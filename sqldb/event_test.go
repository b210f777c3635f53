package sqldb_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// techCamp is a published TechCamp in Nairobi in a month, with places places, organized by by.
func techCamp(t *testing.T, events *sqldb.EventService, by int64, slug string, places int) *civhub.Event {
	t.Helper()
	starts := time.Now().Add(30 * 24 * time.Hour).UTC().Truncate(time.Second)
	e := &civhub.Event{Slug: slug, Kind: civhub.EventTechCamp, Mode: civhub.ModeInPerson, Title: "TechCamp Nairobi 2027",
		Language: "en", TimeZone: "Africa/Nairobi", Starts: starts, Ends: starts.Add(2 * 24 * time.Hour), Country: "KE", City: "Nairobi",
		Venue: "iHub, 4th floor", Capacity: places, Status: civhub.EventPublished}
	if err := events.CreateEvent(context.Background(), e, by); err != nil {
		t.Fatal(err)
	}
	return e
}

// TestEventWaitlist is the first story in storage: two places, three people; the third
// waits; one cancels; the third is offered the place, told, and confirms; checked in by code.
func TestEventWaitlist(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		notes := newNotes(t, db)
		events := sqldb.NewEventService(db)
		events.SetNotes(notes)
		sam := verifiedPerson(t, db, "sam@example.org")
		e := techCamp(t, events, sam.ID, "techcamp-nairobi", 2)
		var people []*civhub.Person
		var regs []*civhub.Registration
		for i := range 3 {
			p := verifiedPerson(t, db, fmt.Sprintf("p%d@example.org", i))
			r, err := events.Register(ctx, e.ID, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			people, regs = append(people, p), append(regs, r)
		}
		if regs[0].Status != civhub.RegRegistered || regs[1].Status != civhub.RegRegistered || regs[2].Status != civhub.RegWaitlisted {
			t.Fatalf("statuses: %s %s %s", regs[0].Status, regs[1].Status, regs[2].Status)
		}
		if _, err := events.Register(ctx, e.ID, people[0].ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("registering twice: %v", err)
		}
		if err := events.Confirm(ctx, e.ID, people[2].ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("confirming without an offer: %v", err)
		}
		if err := events.Cancel(ctx, e.ID, people[1].ID, people[1].ID); err != nil {
			t.Fatal(err)
		}
		third, err := events.Registration(ctx, e.ID, people[2].ID)
		if err != nil || third.Status != civhub.RegOffered || third.OfferExpires == nil {
			t.Fatalf("the third after a cancellation: %+v %v", third, err)
		}
		inbox, err := notes.Notifications(ctx, people[2].ID, 0, false, 10)
		if err != nil || len(inbox) != 1 || inbox[0].Kind != civhub.NoteEventPlaceOffered || inbox[0].Path() != "/events/techcamp-nairobi" ||
			inbox[0].Task != e.Title {
			t.Fatalf("the third's inbox: %+v %v", inbox, err)
		}
		if err := events.Confirm(ctx, e.ID, people[2].ID); err != nil {
			t.Fatal(err)
		}
		got, _ := events.FindEvent(ctx, e.Slug)
		if got.SeatsTaken != 2 {
			t.Fatalf("places taken: %d", got.SeatsTaken)
		}
		// The one who cancelled comes back: the event is full, so they wait.
		again, err := events.Register(ctx, e.ID, people[1].ID)
		if err != nil || again.Status != civhub.RegWaitlisted || again.Code != regs[1].Code {
			t.Fatalf("registering again: %+v %v", again, err)
		}
		if _, err := events.CheckIn(ctx, e.ID, "nope", sam.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("an unknown code: %v", err)
		}
		if _, err := events.CheckIn(ctx, e.ID, again.Code, sam.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("checking in someone waiting: %v", err)
		}
		lower := fmt.Sprintf(" %s-%s ", regs[2].Code[:3], regs[2].Code[3:])
		in, err := events.CheckIn(ctx, e.ID, lower, sam.ID)
		if err != nil || in.Status != civhub.RegAttended || in.PersonID != people[2].ID {
			t.Fatalf("check-in: %+v %v", in, err)
		}
		list, err := events.Registrations(ctx, e.ID)
		if err != nil || len(list) != 3 || list[2].Status != civhub.RegWaitlisted {
			t.Fatalf("the list: %v", err)
		}
	})
}

// TestEventOfferExpires: an offer not confirmed in time goes to the next person waiting, and its
// holder goes back to the end of the waitlist.
func TestEventOfferExpires(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		events := sqldb.NewEventService(db)
		sam := verifiedPerson(t, db, "sam@example.org")
		e := techCamp(t, events, sam.ID, "techcamp-offer", 1)
		var people []*civhub.Person
		for i := range 3 {
			p := verifiedPerson(t, db, fmt.Sprintf("p%d@example.org", i))
			if _, err := events.Register(ctx, e.ID, p.ID); err != nil {
				t.Fatal(err)
			}
			people = append(people, p)
		}
		if err := events.Cancel(ctx, e.ID, people[0].ID, sam.ID); err != nil {
			t.Fatal(err)
		}
		if n, err := events.ExpireOffers(ctx); err != nil || n != 0 {
			t.Fatalf("expired before the deadline: %d %v", n, err)
		}
		db.Now = func() time.Time { return time.Now().Add(49 * time.Hour) }
		if n, err := events.ExpireOffers(ctx); err != nil || n != 1 {
			t.Fatalf("expired: %d %v", n, err)
		}
		status := func(p *civhub.Person) string {
			r, err := events.Registration(ctx, e.ID, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			return r.Status
		}
		if status(people[1]) != civhub.RegWaitlisted || status(people[2]) != civhub.RegOffered {
			t.Fatalf("after the expiry: %s %s", status(people[1]), status(people[2]))
		}
		if err := events.Confirm(ctx, e.ID, people[1].ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("confirming an expired offer: %v", err)
		}
		if got, _ := events.FindEvent(ctx, e.Slug); got.SeatsTaken != 1 {
			t.Fatalf("places taken: %d", got.SeatsTaken)
		}
	})
}

// TestEventLastPlace: of fifty people registering at once for the last place, exactly one gets it.
func TestEventLastPlace(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		events := sqldb.NewEventService(db)
		sam := verifiedPerson(t, db, "sam@example.org")
		e := techCamp(t, events, sam.ID, "techcamp-rush", 1)
		var people []*civhub.Person
		for i := range 50 {
			people = append(people, verifiedPerson(t, db, fmt.Sprintf("rush%d@example.org", i)))
		}
		var wg sync.WaitGroup
		statuses := make([]string, len(people))
		errs := make([]error, len(people))
		for i, p := range people {
			wg.Go(func() {
				r, err := events.Register(ctx, e.ID, p.ID)
				errs[i] = err
				if err == nil {
					statuses[i] = r.Status
				}
			})
		}
		wg.Wait()
		registered := 0
		for i, s := range statuses {
			if errs[i] != nil {
				t.Fatal(errs[i])
			}
			if s == civhub.RegRegistered {
				registered++
			}
		}
		got, _ := events.FindEvent(ctx, e.Slug)
		if registered != 1 || got.SeatsTaken != 1 {
			t.Fatalf("%d registered, %d places taken", registered, got.SeatsTaken)
		}
	})
}

// TestEventValidate: an event names every field at fault, and a draft takes no registrations.
func TestEventValidate(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		events := sqldb.NewEventService(db)
		sam := verifiedPerson(t, db, "sam@example.org")
		bad := &civhub.Event{Slug: "x", Kind: "party", Mode: civhub.ModeOnline, Title: "Hi", Language: "zz", TimeZone: "Mars/Olympus",
			Starts: time.Now(), Ends: time.Now().Add(-time.Hour), OnlineURL: "javascript:alert(1)", Capacity: -1}
		err := events.CreateEvent(ctx, bad, sam.ID)
		e := asCivhubError(err)
		for _, f := range []string{"slug", "kind", "title", "language", "time_zone", "ends", "online_url", "capacity"} {
			if e == nil || e.Fields[f] == "" {
				t.Errorf("field %s not named: %v", f, err)
			}
		}
		draft := techCamp(t, events, sam.ID, "techcamp-draft", 5)
		draft.Status = civhub.EventDraft
		if err := events.UpdateEvent(ctx, draft, sam.ID); err != nil {
			t.Fatal(err)
		}
		p := verifiedPerson(t, db, "p@example.org")
		if _, err := events.Register(ctx, draft.ID, p.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("registering for a draft: %v", err)
		}
	})
}

// asCivhubError returns err as a *civhub.Error, or nil.
func asCivhubError(err error) *civhub.Error {
	var e *civhub.Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// TestEventNoShows: once an event is over, the people still registered are counted absent, and
// organizers of the next event see it beside their names; a person's registrations list both.
func TestEventNoShows(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		events := sqldb.NewEventService(db)
		sam := verifiedPerson(t, db, "sam@example.org")
		first := techCamp(t, events, sam.ID, "techcamp-first", 5)
		next := techCamp(t, events, sam.ID, "techcamp-next", 5)
		came, stayed := verifiedPerson(t, db, "came@example.org"), verifiedPerson(t, db, "stayed@example.org")
		var codes []string
		for _, p := range []*civhub.Person{came, stayed} {
			r, err := events.Register(ctx, first.ID, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			codes = append(codes, r.Code)
			if _, err := events.Register(ctx, next.ID, p.ID); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := events.CheckIn(ctx, first.ID, codes[0], sam.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := events.MarkNoShows(ctx, first.ID, sam.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("absences before the event is over: %v", err)
		}
		db.Now = func() time.Time { return first.Ends.Add(time.Hour) }
		if n, err := events.MarkNoShows(ctx, first.ID, sam.ID); err != nil || n != 1 {
			t.Fatalf("absences: %d %v", n, err)
		}
		list, err := events.Registrations(ctx, next.ID)
		if err != nil || len(list) != 2 {
			t.Fatal(err)
		}
		for _, r := range list {
			if want := map[int64]int{came.ID: 0, stayed.ID: 1}[r.PersonID]; r.NoShows != want {
				t.Errorf("person %d: %d absences, want %d", r.PersonID, r.NoShows, want)
			}
		}
		regs, evs, err := events.PersonRegistrations(ctx, stayed.ID)
		if err != nil || len(regs) != 2 || len(evs) != 2 {
			t.Fatalf("the person's registrations: %d %v", len(regs), err)
		}
		for i, r := range regs {
			if evs[i].ID != r.EventID || (r.EventID == first.ID) != (r.Status == civhub.RegNoShow) {
				t.Errorf("registration %d at event %d: %s", i, evs[i].ID, r.Status)
			}
		}
	})
}

// TestEventAgenda: sessions fit within the event's times and link only to published courses and
// toolkits; the agenda reads in time order.
func TestEventAgenda(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		events := sqldb.NewEventService(db)
		sam := verifiedPerson(t, db, "sam@example.org")
		e := techCamp(t, events, sam.ID, "techcamp-agenda", 5)
		later := &civhub.AgendaItem{EventID: e.ID, Title: "Mapping the neighbourhood", Track: "Mapping", Room: "Hall B", Leader: "Awa",
			Starts: e.Starts.Add(3 * time.Hour), Ends: e.Starts.Add(4 * time.Hour)}
		first := &civhub.AgendaItem{EventID: e.ID, Title: "Welcome", Starts: e.Starts, Ends: e.Starts.Add(time.Hour)}
		for _, s := range []*civhub.AgendaItem{later, first} {
			if err := events.AddSession(ctx, s, sam.ID); err != nil {
				t.Fatal(err)
			}
		}
		outside := &civhub.AgendaItem{EventID: e.ID, Title: "After hours", Starts: e.Ends, Ends: e.Ends.Add(time.Hour)}
		if err := events.AddSession(ctx, outside, sam.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("a session after the event: %v", err)
		}
		unknown := &civhub.AgendaItem{EventID: e.ID, Title: "A course", Starts: e.Starts, Ends: e.Starts.Add(time.Hour), CourseSlug: "no-such-course",
			ToolkitSlug: "no-such-kit", ToolkitLang: "en"}
		err := events.AddSession(ctx, unknown, sam.ID)
		if ce := asCivhubError(err); ce == nil || ce.Fields["course"] == "" || ce.Fields["toolkit"] == "" {
			t.Fatalf("links to nothing: %v", err)
		}
		list, err := events.Sessions(ctx, e.ID)
		if err != nil || len(list) != 2 || list[0].Title != "Welcome" || list[1].Room != "Hall B" {
			t.Fatalf("the agenda: %v", err)
		}
		if err := events.DeleteSession(ctx, e.ID, first.ID, sam.ID); err != nil {
			t.Fatal(err)
		}
		if err := events.DeleteSession(ctx, e.ID, first.ID, sam.ID); civhub.ErrorCode(err) != civhub.ENOTFOUND {
			t.Fatalf("deleted twice: %v", err)
		}
	})
}

// TestEventReminders: people with a place at an event starting within a day are told once; those
// waiting and events further away are not.
func TestEventReminders(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		notes := newNotes(t, db)
		events := sqldb.NewEventService(db)
		events.SetNotes(notes)
		sam := verifiedPerson(t, db, "sam@example.org")
		e := techCamp(t, events, sam.ID, "techcamp-soon", 1)
		placed, waiting := verifiedPerson(t, db, "placed@example.org"), verifiedPerson(t, db, "waiting@example.org")
		for _, p := range []*civhub.Person{placed, waiting} {
			if _, err := events.Register(ctx, e.ID, p.ID); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := events.RemindTomorrow(ctx); err != nil || n != 0 {
			t.Fatalf("reminded a month before: %d %v", n, err)
		}
		db.Now = func() time.Time { return e.Starts.Add(-12 * time.Hour) }
		for run, want := range []int{1, 0} {
			if n, err := events.RemindTomorrow(ctx); err != nil || n != want {
				t.Fatalf("run %d: reminded %d, want %d (%v)", run, n, want, err)
			}
		}
		for p, want := range map[*civhub.Person]int{placed: 1, waiting: 0} {
			inbox, err := notes.Notifications(ctx, p.ID, 0, false, 10)
			n := 0
			for _, note := range inbox {
				if note.Kind == civhub.NoteEventTomorrow {
					n++
				}
			}
			if err != nil || n != want {
				t.Errorf("%s: %d reminders, want %d (%v)", p.Email, n, want, err)
			}
		}
	})
}

// TestListEventsWhere lists upcoming events by where they are held: in a country, near a country
// (held there or joinable online), or online only; past events and others' drafts are left out.
func TestListEventsWhere(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		events := sqldb.NewEventService(db)
		sam := verifiedPerson(t, db, "sam@example.org")
		other := verifiedPerson(t, db, "other@example.org")
		nairobi := techCamp(t, events, sam.ID, "techcamp-nairobi", 10)
		mk := func(slug, mode, country string, from time.Duration, status string, by int64) {
			starts := time.Now().Add(from).UTC().Truncate(time.Second)
			e := &civhub.Event{Slug: slug, Kind: civhub.EventMeetup, Mode: mode, Title: slug, Language: "es", TimeZone: "America/Santiago",
				Starts: starts, Ends: starts.Add(3 * time.Hour), Country: country, City: "Somewhere", Status: status}
			if mode != civhub.ModeInPerson {
				e.OnlineURL = "https://meet.example.org/" + slug
			}
			if mode == civhub.ModeOnline {
				e.City = ""
			}
			if err := events.CreateEvent(ctx, e, by); err != nil {
				t.Fatal(err)
			}
		}
		mk("santiago", civhub.ModeInPerson, "CL", 48*time.Hour, civhub.EventPublished, sam.ID)
		mk("online-call", civhub.ModeOnline, "", 72*time.Hour, civhub.EventPublished, sam.ID)
		mk("hybrid-lima", civhub.ModeHybrid, "PE", 96*time.Hour, civhub.EventPublished, sam.ID)
		mk("past-santiago", civhub.ModeInPerson, "CL", -96*time.Hour, civhub.EventPublished, sam.ID)
		mk("draft-santiago", civhub.ModeInPerson, "CL", 24*time.Hour, civhub.EventDraft, other.ID)
		slugs := func(f civhub.EventFilter) string {
			t.Helper()
			f.From = time.Now()
			list, err := events.ListEvents(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, e := range list {
				out = append(out, e.Slug)
			}
			return fmt.Sprint(out)
		}
		for _, c := range []struct {
			f    civhub.EventFilter
			want string
		}{
			{civhub.EventFilter{}, "[santiago online-call hybrid-lima " + nairobi.Slug + "]"},
			{civhub.EventFilter{Country: "CL"}, "[santiago]"},
			{civhub.EventFilter{Near: "CL"}, "[santiago online-call hybrid-lima]"},
			{civhub.EventFilter{Near: "KE"}, "[online-call hybrid-lima " + nairobi.Slug + "]"},
			{civhub.EventFilter{Online: true}, "[online-call hybrid-lima]"},
			{civhub.EventFilter{Near: "CL", Organizer: other.ID}, "[draft-santiago santiago online-call hybrid-lima]"},
		} {
			if got := slugs(c.f); got != c.want {
				t.Errorf("%+v: got %s, want %s", c.f, got, c.want)
			}
		}
	})
}
