package gen_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"civhub"
	"civhub/gen"
	"civhub/sqldb"
)

// directorySize is how many entries the directory benchmark fills: several times a busy region's
// directory.
const directorySize = 5000

// BenchmarkDirectory fills the organizations of the small world and a directory of 5,000 entries on
// each database, then times directory searches and radars (p50, p95, p99 in milliseconds):
//
//	go test -run '^$' -bench Directory -benchtime 300x ./gen
func BenchmarkDirectory(b *testing.B) {
	scale, _ := gen.FindScale("small")
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		b.Run(string(d), func(b *testing.B) {
			ctx := context.Background()
			db := filled(b, d, scale)
			rs := sqldb.NewResourceService(db, func(string) bool { return true }, nil)
			rng := rand.New(rand.NewPCG(7, 7))
			countries := []string{"MA", "CL", "KE", "SD", "SN", "PE", "UG", "TN", "CO", "NG"}
			pick := func(list []string, n int) []string {
				var out []string
				for range n {
					if v := list[rng.IntN(len(list))]; !slices.Contains(out, v) {
						out = append(out, v)
					}
				}
				return out
			}
			var list []*civhub.Resource
			for i := range directorySize {
				r := &civhub.Resource{Kind: civhub.ResourceKinds[rng.IntN(len(civhub.ResourceKinds))], Title: fmt.Sprintf("Opportunity number %d for community groups", i),
					Provider: "Foundation " + fmt.Sprint(i%300), URL: fmt.Sprintf("https://fund.example.org/%d", i),
					Countries: pick(countries, rng.IntN(3)), Causes: pick([]string{"sdg1", "sdg4", "sdg5", "sdg8", "sdg11", "sdg13", "sdg16"}, rng.IntN(3)),
					Languages: pick([]string{"en", "es", "fr", "ar"}, rng.IntN(3))}
				if rng.IntN(5) > 0 {
					deadline := time.Now().Add(time.Duration(1+rng.IntN(180)) * 24 * time.Hour).UTC().Truncate(time.Second)
					r.Deadline = &deadline
				}
				list = append(list, r)
			}
			if err := rs.ImportResources(ctx, list, 1); err != nil {
				b.Fatal(err)
			}
			by := time.Now().Add(30 * 24 * time.Hour)
			filters := []civhub.ResourceFilter{{Limit: 20}, {Country: "MA", Limit: 20}, {Query: "community", Kind: civhub.ResourceGrant, Limit: 20},
				{Cause: "sdg5", Language: "fr", Limit: 20}, {ClosingBy: &by, Limit: 20}, {Query: "number 4999", Limit: 20}}
			timed(b, "SearchResources", func(i int) error {
				_, err := rs.SearchResources(ctx, filters[i%len(filters)])
				return err
			})
			var orgs []*civhub.Organization
			for i := range 50 {
				o := &civhub.Organization{ID: int64(i + 1), Country: countries[i%len(countries)], Type: civhub.OrgNGO,
					Causes: []string{"sdg5", "sdg11"}, Languages: []string{"fr", "ar"}}
				orgs = append(orgs, o)
			}
			timed(b, "Radar", func(i int) error {
				_, err := rs.Radar(ctx, orgs[i%len(orgs)], 50)
				return err
			})
		})
	}
}
