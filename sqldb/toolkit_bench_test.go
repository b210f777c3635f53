package sqldb_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// BenchmarkToolkits measures what a reader and an editor of toolkits wait for, with 500 published
// toolkits of five pages (about 2,000 words each) and a history of three revisions: a search of
// the list by a word in a few of them and by a word in all (ListToolkits), a toolkit's page
// (FindToolkit: its pages, its source and translations), and an edit (Edit: a new revision of five
// pages, published).
//
//	go test -run '^$' -bench Toolkits ./sqldb
func BenchmarkToolkits(b *testing.B) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		b.Run(string(d), func(b *testing.B) { benchmarkToolkits(b, sqldbtest.Open(b, d)) })
	}
}

func benchmarkToolkits(b *testing.B, db *sqldb.DB) {
	ctx := context.Background()
	people := sqldb.NewPersonService(db)
	now := time.Now().UTC()
	editor := &civhub.Person{Email: "editor@example.org", DisplayName: "E", Locale: "en", EmailVerifiedAt: &now}
	if err := people.CreatePerson(ctx, editor); err != nil {
		b.Fatal(err)
	}
	if err := people.SetSiteRole(ctx, editor.ID, civhub.RoleModerator, editor.ID); err != nil {
		b.Fatal(err)
	}
	kits := sqldb.NewToolkitService(db, nil)
	words := strings.Fields("flood families list phone meeting point siren street neighbours safe area drill council map older children")
	pages := func(seed int) []civhub.Page {
		out := make([]civhub.Page, 5)
		for p := range out {
			var body strings.Builder
			for w := range 400 {
				body.WriteString(words[(seed+p*7+w*3)%len(words)] + " ")
			}
			out[p] = civhub.Page{Title: fmt.Sprintf("Page %d", p+1), Body: body.String()}
		}
		return out
	}
	var last *civhub.Toolkit
	for i := range 500 {
		if i%15 == 0 {
			if _, err := db.Writer().ExecContext(ctx, `DELETE FROM rate_limits`); err != nil {
				b.Fatal(err)
			}
		}
		k := &civhub.Toolkit{Slug: fmt.Sprintf("toolkit-%d", i), Language: "en", Tags: []string{"crisis"}}
		title := fmt.Sprintf("Toolkit number %d", i)
		if i%100 == 0 {
			title += " about tsunamis" // a word in five of them
		}
		r := &civhub.Revision{Title: title, Summary: "What a group does before, during and after a flood.", Pages: pages(i)}
		if err := kits.CreateToolkit(ctx, k, r, editor.ID); err != nil {
			b.Fatal(err)
		}
		for e := range 2 {
			r := &civhub.Revision{Title: title, Summary: "What a group does before, during and after a flood.", Pages: pages(i + e + 1)}
			if err := kits.Edit(ctx, k.ID, r, k.CurrentRev, editor.ID); err != nil {
				b.Fatal(err)
			}
			k.CurrentRev = r.ID
		}
		last = k
	}
	b.Run("search-rare", func(b *testing.B) {
		for b.Loop() {
			if list, err := kits.ListToolkits(ctx, civhub.ToolkitFilter{Query: "tsunamis"}); err != nil || len(list) != 5 {
				b.Fatal(len(list), err)
			}
		}
	})
	b.Run("search-common", func(b *testing.B) {
		for b.Loop() {
			if list, err := kits.ListToolkits(ctx, civhub.ToolkitFilter{Query: "flood"}); err != nil || len(list) != 50 {
				b.Fatal(len(list), err)
			}
		}
	})
	b.Run("find", func(b *testing.B) {
		for b.Loop() {
			if _, err := kits.FindToolkit(ctx, last.Slug, "en"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("edit", func(b *testing.B) {
		i := 0
		for b.Loop() {
			if i%50 == 0 {
				if _, err := db.Writer().ExecContext(ctx, `DELETE FROM rate_limits`); err != nil {
					b.Fatal(err)
				}
			}
			r := &civhub.Revision{Title: "Toolkit edited", Summary: "What a group does before, during and after a flood.", Pages: pages(i)}
			if err := kits.Edit(ctx, last.ID, r, last.CurrentRev, editor.ID); err != nil {
				b.Fatal(err)
			}
			last.CurrentRev = r.ID
			i++
		}
	})
}
