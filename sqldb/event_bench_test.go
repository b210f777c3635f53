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

// BenchmarkEvents measures what people wait for around events, with 2,000 events in 8 countries
// (a quarter online, an eighth hybrid, a fifth over) and a TechCamp of 300 places with 400
// registered: the list of upcoming events near a country (ListEvents with Near) and anywhere, an
// event's page (FindEvent), its organizers' list of people (Registrations), and a person taking
// the camp's last place and giving it back (Register, then Cancel, which offers it to the first
// on the waitlist).
//
//	go test -run '^$' -bench Events ./sqldb
func BenchmarkEvents(b *testing.B) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		b.Run(string(d), func(b *testing.B) { benchmarkEvents(b, sqldbtest.Open(b, d)) })
	}
}

func benchmarkEvents(b *testing.B, db *sqldb.DB) {
	ctx := context.Background()
	people := sqldb.NewPersonService(db)
	events := sqldb.NewEventService(db)
	person := func(email string) *civhub.Person {
		now := time.Now().UTC()
		p := &civhub.Person{Email: email, DisplayName: email, Locale: "es", EmailVerifiedAt: &now}
		if err := people.CreatePerson(ctx, p); err != nil {
			b.Fatal(err)
		}
		return p
	}
	organizer := person("organizer@example.org")
	countries := []string{"CL", "PE", "MA", "KE", "HT", "PH", "UA", "BR"}
	now := time.Now().UTC().Truncate(time.Second)
	for i := range 2000 {
		if i%15 == 0 {
			if _, err := db.Writer().ExecContext(ctx, `DELETE FROM rate_limits`); err != nil {
				b.Fatal(err)
			}
		}
		starts := now.Add(time.Duration(i%300-60) * 24 * time.Hour) // a fifth are over
		e := &civhub.Event{Slug: fmt.Sprintf("event-%d", i), Kind: civhub.EventMeetup, Mode: civhub.ModeInPerson, Title: fmt.Sprintf("Meetup %d", i),
			Language: "es", TimeZone: "America/Santiago", Starts: starts, Ends: starts.Add(3 * time.Hour), Country: countries[i%len(countries)],
			City: "Centro", Status: civhub.EventPublished}
		switch {
		case i%4 == 0:
			e.Mode, e.Country, e.City, e.OnlineURL = civhub.ModeOnline, "", "", "https://meet.example.org/e"
		case i%8 == 1:
			e.Mode, e.OnlineURL = civhub.ModeHybrid, "https://meet.example.org/e"
		}
		if err := events.CreateEvent(ctx, e, organizer.ID); err != nil {
			b.Fatal(err)
		}
	}
	starts := now.Add(20 * 24 * time.Hour)
	camp := &civhub.Event{Slug: "techcamp", Kind: civhub.EventTechCamp, Mode: civhub.ModeInPerson, Title: "TechCamp", Language: "es",
		TimeZone: "America/Santiago", Starts: starts, Ends: starts.Add(48 * time.Hour), Country: "CL", City: "Santiago", Capacity: 300,
		Status: civhub.EventPublished}
	if err := events.CreateEvent(ctx, camp, organizer.ID); err != nil {
		b.Fatal(err)
	}
	for i := range 400 {
		if _, err := events.Register(ctx, camp.ID, person(fmt.Sprintf("p%d@example.org", i)).ID); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("list-near", func(b *testing.B) {
		for b.Loop() {
			if list, err := events.ListEvents(ctx, civhub.EventFilter{From: time.Now(), Near: "CL", Limit: 100}); err != nil || len(list) != 100 {
				b.Fatal(len(list), err)
			}
		}
	})
	b.Run("list-anywhere", func(b *testing.B) {
		for b.Loop() {
			if list, err := events.ListEvents(ctx, civhub.EventFilter{From: time.Now(), Limit: 100}); err != nil || len(list) != 100 {
				b.Fatal(len(list), err)
			}
		}
	})
	b.Run("event", func(b *testing.B) {
		for b.Loop() {
			if e, err := events.FindEvent(ctx, "techcamp"); err != nil || e.SeatsTaken != 300 {
				b.Fatal(e, err)
			}
		}
	})
	b.Run("registrations", func(b *testing.B) {
		for b.Loop() {
			if list, err := events.Registrations(ctx, camp.ID); err != nil || len(list) != 400 {
				b.Fatal(len(list), err)
			}
		}
	})
	// One of the 300 gives their place back and takes it again: each round a cancellation that
	// offers the place to the waitlist's first, and a registration that waits.
	b.Run("cancel-and-register", func(b *testing.B) {
		regs, err := events.Registrations(ctx, camp.ID)
		if err != nil {
			b.Fatal(err)
		}
		i := 0
		for b.Loop() {
			r := regs[i%len(regs)]
			i++
			if err := events.Cancel(ctx, camp.ID, r.PersonID, r.PersonID); err != nil && civhub.ErrorCode(err) != civhub.ECONFLICT {
				b.Fatal(err)
			}
			if _, err := events.Register(ctx, camp.ID, r.PersonID); err != nil && civhub.ErrorCode(err) != civhub.ECONFLICT {
				b.Fatal(err)
			}
		}
	})
}
