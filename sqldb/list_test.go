package sqldb_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// stored reads a list column as the database holds it and decodes it as a JSON array.
func stored(t *testing.T, db *sqldb.DB, query string, id int64) []string {
	t.Helper()
	var raw string
	if err := db.Writer().QueryRowContext(context.Background(), query, id).Scan(&raw); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	var items []string
	if err := json.Unmarshal([]byte(raw), &items); err != nil {
		t.Fatalf("%s holds %q, not a JSON array: %v", query, raw, err)
	}
	return items
}

// TestListsStoredAsLists writes every kind of list column through its service and finds each
// stored as a JSON array of its entries, whole: a tag may hold spaces, quotes and a backslash.
func TestListsStoredAsLists(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		task := w.task(t, "Traducir el plan", civhub.TaskTranslation, 1, func(x *civhub.Task) {
			x.SourceLanguage, x.TargetLanguage, x.Skills, x.Languages = "es", "en", []string{"translation", "mapping"}, []string{"es", "en"}
		})
		rs := sqldb.NewResourceService(db, validCause, w.notes)
		tags := []string{"open data", `say "hi"`, `back\slash`}
		r := grant("Fondo de datos abiertos", func(r *civhub.Resource) { r.Tags = tags; r.OrgTypes = []string{civhub.OrgCooperative} })
		if err := rs.SubmitResource(ctx, r, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		orgs := newOrgs(t, db)
		o, err := orgs.FindOrganizationBySlug(ctx, w.org.Slug)
		if err != nil {
			t.Fatal(err)
		}
		o.Causes, o.Languages, o.Links = []string{"sdg5", "sdg11"}, []string{"es", "ar"}, []string{"https://a.example/x?y=1", "https://b.example/"}
		if err := orgs.UpdateOrganization(ctx, o, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			query string
			id    int64
			want  []string
		}{
			{`SELECT causes FROM organizations WHERE id = $1`, o.ID, []string{"sdg5", "sdg11"}},
			{`SELECT languages FROM organizations WHERE id = $1`, o.ID, []string{"es", "ar"}},
			{`SELECT links FROM organizations WHERE id = $1`, o.ID, o.Links},
			{`SELECT causes FROM needs WHERE id = $1`, w.need.ID, []string{"sdg11"}},
			{`SELECT languages FROM needs WHERE id = $1`, w.need.ID, []string{}},
			{`SELECT skills FROM tasks WHERE id = $1`, task.ID, []string{"translation", "mapping"}},
			{`SELECT languages FROM tasks WHERE id = $1`, task.ID, []string{"es", "en"}},
			{`SELECT courses FROM tasks WHERE id = $1`, task.ID, []string{}},
			{`SELECT tags FROM resources WHERE id = $1`, r.ID, tags},
			{`SELECT countries FROM resources WHERE id = $1`, r.ID, []string{"CL", "MA"}},
			{`SELECT org_types FROM resources WHERE id = $1`, r.ID, []string{civhub.OrgCooperative}},
			{`SELECT sizes FROM resources WHERE id = $1`, r.ID, []string{}},
		} {
			if got := stored(t, db, c.query, c.id); !slices.Equal(got, c.want) {
				t.Errorf("%s: stored %q, want %q", c.query, got, c.want)
			}
		}
		back, err := rs.FindResource(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(back.Tags, tags) {
			t.Errorf("tags read back as %q, want %q", back.Tags, tags)
		}
		page, err := rs.SearchResources(ctx, civhub.ResourceFilter{Status: civhub.ResourcePending, OrgType: civhub.OrgCooperative})
		if err != nil || len(page.Resources) != 1 {
			t.Fatalf("search by an entry of org_types: %v, %d found, want 1", err, len(page.Resources))
		}
	})
}

// TestListMigration fills a database as it was before lists were stored as lists (entries joined
// by spaces, tags by line breaks, ” for none), migrates it, and reads every list back whole.
func TestListMigration(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			db, err := sqldb.Open(ctx, sqldbtest.URL(t, d))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			if err := db.MigrateTo(ctx, 26); err != nil {
				t.Fatal(err)
			}
			now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
			for _, q := range []struct {
				sql  string
				args []any
			}{
				{`INSERT INTO organizations (id, slug, name, type, country, causes, languages, links, created_at)
					VALUES (1, 'coop', 'Coop', 'cooperative', 'MA', 'sdg5  sdg8', 'fr ar', 'https://a.example/ https://b.example/"q', $1)`, []any{now}},
				{`INSERT INTO organizations (id, slug, name, type, country, created_at) VALUES (2, 'bare', 'Bare', 'ngo', 'CL', $1)`, []any{now}},
				{`INSERT INTO resources (id, kind, title, provider, url, status, countries, tags, created_at, updated_at)
					VALUES (1, 'grant', 'Fondo', 'Fondo', 'https://f.example/', 'published', 'CL MA', $1, $2, $2)`,
					[]any{"open data\n" + `say "hi" \ there` + "\n\ttabbed", now}},
			} {
				if _, err := db.Writer().ExecContext(ctx, q.sql, q.args...); err != nil {
					t.Fatalf("%s: %v", q.sql, err)
				}
			}
			if err := db.Migrate(ctx, discardLogger()); err != nil {
				t.Fatal(err)
			}
			orgs := newOrgs(t, db)
			coop, err := orgs.FindOrganizationBySlug(ctx, "coop")
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(coop.Causes, []string{"sdg5", "sdg8"}) || !slices.Equal(coop.Languages, []string{"fr", "ar"}) ||
				!slices.Equal(coop.Links, []string{"https://a.example/", `https://b.example/"q`}) {
				t.Errorf("organization read back as causes %q, languages %q, links %q", coop.Causes, coop.Languages, coop.Links)
			}
			bare, err := orgs.FindOrganizationBySlug(ctx, "bare")
			if err != nil {
				t.Fatal(err)
			}
			if len(bare.Causes)+len(bare.Languages)+len(bare.Links) != 0 {
				t.Errorf("empty lists read back as %q %q %q", bare.Causes, bare.Languages, bare.Links)
			}
			if got := stored(t, db, `SELECT links FROM organizations WHERE id = $1`, 2); len(got) != 0 {
				t.Errorf("an empty list is stored as %q", got)
			}
			rs := sqldb.NewResourceService(db, validCause, newNotes(t, db))
			r, err := rs.FindResource(ctx, 1)
			if err != nil {
				t.Fatal(err)
			}
			if want := []string{"open data", `say "hi" \ there`, "\ttabbed"}; !slices.Equal(r.Tags, want) || !slices.Equal(r.Countries, []string{"CL", "MA"}) {
				t.Errorf("resource read back as tags %q, countries %q; want tags %q", r.Tags, r.Countries, want)
			}
		})
	}
}
