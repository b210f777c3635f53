package sqldb_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

func validCause(id string) bool { return len(id) > 3 && id[:3] == "sdg" }

// grant is a valid resource: a grant for Chilean and Moroccan groups working on disasters.
func grant(title string, mutate ...func(*civhub.Resource)) *civhub.Resource {
	deadline := time.Now().Add(20 * 24 * time.Hour).UTC().Truncate(time.Second)
	r := &civhub.Resource{Kind: civhub.ResourceGrant, Title: title, Provider: "Fondo Comunitario", Description: "Para grupos de vecinos.",
		AmountMin: 1000, AmountMax: 5000, Currency: "usd", Deadline: &deadline, Countries: []string{"cl", "MA", "CL"},
		Causes: []string{"sdg11"}, Languages: []string{"es", "FR"}, URL: "https://fondo.example.org/convocatoria", Tags: []string{"Desastres"}}
	for _, m := range mutate {
		m(r)
	}
	return r
}

func TestResourceValidate(t *testing.T) {
	r := grant("Fondo para la preparación ante desastres")
	if err := r.Validate(validCause); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(r.Countries, []string{"CL", "MA"}) || r.Currency != "USD" || !slices.Equal(r.Languages, []string{"es", "fr"}) ||
		!slices.Equal(r.Tags, []string{"desastres"}) {
		t.Fatalf("not normalized: %+v", r)
	}
	bad := grant("Fon", func(r *civhub.Resource) {
		r.Kind, r.Provider, r.URL, r.Currency, r.AmountMin = "loan", "", "ftp://x", "dollars", 9000
		r.Countries, r.Causes, r.OrgTypes, r.Sizes, r.Languages = []string{"XX"}, []string{"peace"}, []string{"club"}, []string{"huge"}, []string{"!!"}
	})
	err := bad.Validate(validCause)
	e, ok := err.(*civhub.Error)
	if !ok {
		t.Fatalf("%v", err)
	}
	for _, field := range []string{"kind", "title", "provider", "url", "currency", "amount_max", "countries", "causes", "org_types", "sizes", "languages"} {
		if e.Fields[field] == "" {
			t.Errorf("%s not named in %v", field, e.Fields)
		}
	}
	rolling := grant("Licencias de software donadas", func(r *civhub.Resource) { r.Deadline, r.AmountMin, r.AmountMax, r.Currency = nil, 0, 0, "" })
	if err := rolling.Validate(validCause); err != nil || !rolling.Rolling() {
		t.Fatalf("a rolling entry without an amount: %v", err)
	}
}

// TestResourceModeration: a submitted entry waits for a moderator, who sends it back with a reason
// (the submitter hears of it), then publishes the fixed entry; only then do searches find it.
func TestResourceModeration(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		notes := newNotes(t, db)
		rs := sqldb.NewResourceService(db, validCause, notes)
		ana, mod := verifiedPerson(t, db, "ana@example.org"), verifiedPerson(t, db, "mod@example.org")
		r := grant("Fondo para la preparación ante desastres")
		if err := rs.SubmitResource(ctx, r, ana.ID); err != nil {
			t.Fatal(err)
		}
		found := func() int {
			t.Helper()
			page, err := rs.SearchResources(ctx, civhub.ResourceFilter{Query: "desastres"})
			if err != nil {
				t.Fatal(err)
			}
			return len(page.Resources)
		}
		if got, _ := rs.FindResource(ctx, r.ID); got.Status != civhub.ResourcePending || got.Submitter != "P" || found() != 0 {
			t.Fatalf("submitted: %+v, %d found", got, found())
		}
		if err := rs.ReviewResource(ctx, r.ID, civhub.DecideReturn, "  ", mod.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("sending back without a reason: %v", err)
		}
		if err := rs.ReviewResource(ctx, r.ID, "approve", "", mod.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("an unknown decision: %v", err)
		}
		if err := rs.ReviewResource(ctx, r.ID, civhub.DecideReturn, "Add the application link of this year.", mod.ID); err != nil {
			t.Fatal(err)
		}
		inbox, _ := notes.Notifications(ctx, ana.ID, 0, false, 10)
		if len(inbox) != 1 || inbox[0].Kind != civhub.NoteResourceReturned || inbox[0].Task != r.Title || inbox[0].Path() != fmt.Sprintf("/resources/%d", r.ID) {
			t.Fatalf("the submitter's inbox: %+v", inbox)
		}
		got, _ := rs.FindResource(ctx, r.ID)
		if got.Status != civhub.ResourceReturned || got.Reason != "Add the application link of this year." {
			t.Fatalf("returned: %+v", got)
		}
		got.URL = "https://fondo.example.org/convocatoria-2027"
		if err := rs.UpdateResource(ctx, got, ana.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ = rs.FindResource(ctx, r.ID); got.Status != civhub.ResourcePending || got.Reason != "" {
			t.Fatalf("a fixed entry goes back to the moderators: %+v", got)
		}
		if err := rs.ReviewResource(ctx, r.ID, civhub.DecidePublish, "", mod.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ = rs.FindResource(ctx, r.ID); got.Status != civhub.ResourcePublished || got.PublishedAt == nil || found() != 1 {
			t.Fatalf("published: %+v, %d found", got, found())
		}
		if err := rs.ReviewResource(ctx, r.ID, civhub.DecideReject, "Spam", mod.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("rejecting a published entry: %v", err)
		}
		// Reports that it is outdated: once per person, for published entries; a decision clears them.
		bob := verifiedPerson(t, db, "bob@example.org")
		if err := rs.ReportOutdated(ctx, r.ID, bob.ID, "The 2026 call closed."); err != nil {
			t.Fatal(err)
		}
		if err := rs.ReportOutdated(ctx, r.ID, bob.ID, "Again"); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("reporting twice: %v", err)
		}
		if got, _ = rs.FindResource(ctx, r.ID); got.Outdated != 1 {
			t.Fatalf("%d reports", got.Outdated)
		}
		if err := rs.ReviewResource(ctx, r.ID, civhub.DecideRetire, "", mod.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ = rs.FindResource(ctx, r.ID); got.Status != civhub.ResourceRetired || got.Outdated != 0 || found() != 0 {
			t.Fatalf("retired: %+v", got)
		}
	})
}

// TestSearchResources: filters on eligibility (an empty list is open to all), kind, amount and
// closing date; closing soonest first, rolling entries last, in keyset pages; expired entries retire.
func TestSearchResources(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		rs := sqldb.NewResourceService(db, validCause, newNotes(t, db))
		mod := verifiedPerson(t, db, "mod@example.org")
		day := 24 * time.Hour
		at := func(d time.Duration) *time.Time { t := time.Now().Add(d).UTC().Truncate(time.Second); return &t }
		add := func(title string, mutate func(*civhub.Resource)) *civhub.Resource {
			t.Helper()
			r := grant(title, mutate)
			if err := rs.SubmitResource(ctx, r, mod.ID); err != nil {
				t.Fatal(err)
			}
			if err := rs.ReviewResource(ctx, r.ID, civhub.DecidePublish, "", mod.ID); err != nil {
				t.Fatal(err)
			}
			return r
		}
		chile := add("Fondo chileno de emergencias", func(r *civhub.Resource) { r.Deadline, r.Countries = at(30*day), []string{"CL"} })
		anywhere := add("Open grant for civic tech", func(r *civhub.Resource) {
			r.Deadline, r.Countries, r.Causes, r.Languages, r.AmountMax = at(10*day), nil, nil, []string{"en"}, 50000
		})
		morocco := add("Prix de l'économie sociale", func(r *civhub.Resource) {
			r.Kind, r.Deadline, r.Countries, r.Causes, r.Languages = civhub.ResourceAward, at(5*day), []string{"MA"}, []string{"sdg5"}, []string{"fr", "ar"}
		})
		software := add("Donated office software", func(r *civhub.Resource) {
			r.Kind, r.Deadline, r.AmountMin, r.AmountMax, r.Currency, r.Countries, r.Causes, r.OrgTypes = civhub.ResourceSoftware, nil, 0, 0, "", nil, nil, []string{civhub.OrgCooperative}
			r.Languages = nil
		})
		expiring := add("Fondo que cierra hoy", func(r *civhub.Resource) { r.Deadline = at(time.Hour) })
		search := func(f civhub.ResourceFilter) []int64 {
			t.Helper()
			page, err := rs.SearchResources(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, r := range page.Resources {
				ids = append(ids, r.ID)
			}
			return ids
		}
		for _, tc := range []struct {
			name string
			f    civhub.ResourceFilter
			want []int64
		}{
			{"All", civhub.ResourceFilter{}, []int64{expiring.ID, morocco.ID, anywhere.ID, chile.ID, software.ID}},
			{"Country", civhub.ResourceFilter{Country: "CL"}, []int64{expiring.ID, anywhere.ID, chile.ID, software.ID}},
			{"Cause", civhub.ResourceFilter{Cause: "sdg5"}, []int64{morocco.ID, anywhere.ID, software.ID}},
			{"Kind", civhub.ResourceFilter{Kind: civhub.ResourceAward}, []int64{morocco.ID}},
			{"Language", civhub.ResourceFilter{Language: "ar"}, []int64{morocco.ID, software.ID}},
			{"OrgType", civhub.ResourceFilter{OrgType: civhub.OrgNGO}, []int64{expiring.ID, morocco.ID, anywhere.ID, chile.ID}},
			{"Amount", civhub.ResourceFilter{MinAmount: 10000}, []int64{anywhere.ID}},
			{"ClosingWithinAWeek", civhub.ResourceFilter{ClosingBy: at(7 * day)}, []int64{expiring.ID, morocco.ID}},
			{"Words", civhub.ResourceFilter{Query: "FONDO chileno"}, []int64{chile.ID}},
			{"WordsInTags", civhub.ResourceFilter{Query: "desastres"}, []int64{expiring.ID, morocco.ID, anywhere.ID, chile.ID, software.ID}},
		} {
			if got := search(tc.f); !slices.Equal(got, tc.want) {
				t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
			}
		}
		// Pages of two, across the rolling entries at the end.
		var all []int64
		f := civhub.ResourceFilter{Limit: 2}
		for range 5 {
			page, err := rs.SearchResources(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range page.Resources {
				all = append(all, r.ID)
			}
			if f.After = page.Next; f.After == "" {
				break
			}
		}
		if want := search(civhub.ResourceFilter{}); !slices.Equal(all, want) {
			t.Fatalf("paged %v, want %v", all, want)
		}
		db.Now = func() time.Time { return time.Now().Add(2 * time.Hour).UTC() }
		if n, err := rs.RetireExpired(ctx); err != nil || n != 1 {
			t.Fatalf("retired %d, %v; want 1", n, err)
		}
		if got := search(civhub.ResourceFilter{}); slices.Contains(got, expiring.ID) {
			t.Fatal("an expired entry is still listed")
		}
	})
}

// TestImportResources: an import publishes every entry, or none when one is bad.
func TestImportResources(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		rs := sqldb.NewResourceService(db, validCause, newNotes(t, db))
		mod := verifiedPerson(t, db, "mod@example.org")
		var list []*civhub.Resource
		for i := range 300 {
			list = append(list, grant(fmt.Sprintf("Fondo comunitario número %d", i)))
		}
		count := func() int {
			t.Helper()
			page, err := rs.SearchResources(ctx, civhub.ResourceFilter{Query: "comunitario", Limit: 200})
			if err != nil {
				t.Fatal(err)
			}
			n := len(page.Resources)
			for page.Next != "" {
				if page, err = rs.SearchResources(ctx, civhub.ResourceFilter{Query: "comunitario", Limit: 200, After: page.Next}); err != nil {
					t.Fatal(err)
				}
				n += len(page.Resources)
			}
			return n
		}
		list[250].URL = "not a link"
		if err := rs.ImportResources(ctx, list, mod.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("one bad entry: %v", err)
		}
		if n := count(); n != 0 {
			t.Fatalf("%d entries stored from a refused import", n)
		}
		list[250].URL = "https://fund.example.org"
		if err := rs.ImportResources(ctx, list, mod.ID); err != nil {
			t.Fatal(err)
		}
		if n := count(); n != 300 {
			t.Fatalf("%d entries published, want 300", n)
		}
	})
}

// TestSuggestions: someone who may not edit a published entry suggests a change; a moderator
// applies one and dismisses another, once each.
func TestSuggestions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		rs := sqldb.NewResourceService(db, validCause, newNotes(t, db))
		mod, bob := verifiedPerson(t, db, "mod@example.org"), verifiedPerson(t, db, "bob@example.org")
		r := grant("Fondo para la preparación ante desastres")
		if err := rs.SubmitResource(ctx, r, mod.ID); err != nil {
			t.Fatal(err)
		}
		if err := rs.ReviewResource(ctx, r.ID, civhub.DecidePublish, "", mod.ID); err != nil {
			t.Fatal(err)
		}
		same, _ := rs.FindResource(ctx, r.ID)
		if err := rs.SuggestChange(ctx, same, "", bob.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("a suggestion that changes nothing: %v", err)
		}
		changed, _ := rs.FindResource(ctx, r.ID)
		changed.URL, changed.Countries = "https://fondo.example.org/2027", []string{"CL", "MA", "PE"}
		if err := rs.SuggestChange(ctx, changed, "The 2027 call is out, and Peru joined.", bob.ID); err != nil {
			t.Fatal(err)
		}
		other, _ := rs.FindResource(ctx, r.ID)
		other.Title = "Spam spam spam"
		if err := rs.SuggestChange(ctx, other, "", bob.ID); err != nil {
			t.Fatal(err)
		}
		list, err := rs.Suggestions(ctx, 10)
		if err != nil || len(list) != 2 || !slices.Equal(list[0].Changes(), []string{"url", "countries"}) || list[0].ByName != "P" ||
			list[0].Current.URL != r.URL {
			t.Fatalf("suggestions %+v, %v", list, err)
		}
		if err := rs.DecideSuggestion(ctx, list[0].ID, true, mod.ID); err != nil {
			t.Fatal(err)
		}
		if err := rs.DecideSuggestion(ctx, list[1].ID, false, mod.ID); err != nil {
			t.Fatal(err)
		}
		if err := rs.DecideSuggestion(ctx, list[1].ID, true, mod.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("deciding twice: %v", err)
		}
		got, _ := rs.FindResource(ctx, r.ID)
		if got.URL != changed.URL || !slices.Equal(got.Countries, []string{"CL", "MA", "PE"}) || got.Title != r.Title || got.Status != civhub.ResourcePublished {
			t.Fatalf("after the decisions: %+v", got)
		}
		if list, _ := rs.Suggestions(ctx, 10); len(list) != 0 {
			t.Fatalf("%d suggestions still waiting", len(list))
		}
	})
}

// TestDirectoryLimit: one person adds at most 50 entries, suggestions and reports a day; the 51st
// is refused with a time to wait, and stores nothing.
func TestDirectoryLimit(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		rs := sqldb.NewResourceService(db, validCause, newNotes(t, db))
		flood := verifiedPerson(t, db, "flood@example.org")
		for i := range 50 {
			if err := rs.SubmitResource(ctx, grant(fmt.Sprintf("Entrada número %d", i)), flood.ID); err != nil {
				t.Fatalf("entry %d: %v", i, err)
			}
		}
		err := rs.SubmitResource(ctx, grant("Entrada de más"), flood.ID)
		var e *civhub.Error
		if civhub.ErrorCode(err) != civhub.ETOOMANY || !errors.As(err, &e) || e.RetryAfter <= 0 {
			t.Fatalf("the 51st entry: %v", err)
		}
		page, _ := rs.SearchResources(ctx, civhub.ResourceFilter{Status: civhub.ResourcePending, Query: "más"})
		if len(page.Resources) != 0 {
			t.Fatal("a refused entry was stored")
		}
		if err := rs.SubmitResource(ctx, grant("Entrada de otra persona"), verifiedPerson(t, db, "calm@example.org").ID); err != nil {
			t.Fatalf("someone else: %v", err)
		}
	})
}
