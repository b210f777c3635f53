package sqldb

import (
	"testing"

	"civhub"
)

// TestFewMatches: how many matches count as few grows with the square root of the listed tasks, from
// a floor, up to commonMatches, faster on PostgreSQL; unknown, it is commonMatches.
func TestFewMatches(t *testing.T) {
	for _, c := range []struct {
		listed int
		d      Dialect
		want   int
	}{
		{-1, SQLite, commonMatches}, {0, SQLite, minFewMatches}, {100, SQLite, minFewMatches}, {8750, SQLite, 93},
		{175000, SQLite, 418}, {1 << 40, SQLite, commonMatches}, {8750, Postgres, 215}, {175000, Postgres, 962}, {-1, Postgres, commonMatches},
	} {
		if got := fewMatches(c.listed, c.d); got != c.want {
			t.Errorf("fewMatches(%d, %s) = %d, want %d", c.listed, c.d, got, c.want)
		}
	}
	for _, c := range []struct {
		f    civhub.TaskFilter
		d    Dialect
		want int
	}{
		{civhub.TaskFilter{Query: "subvención"}, Postgres, 962},
		{civhub.TaskFilter{Query: "subvención", Type: "data_entry"}, Postgres, minFewMatches},
		{civhub.TaskFilter{Query: "albergues", Country: "KE"}, Postgres, minFewMatches},
		{civhub.TaskFilter{Query: "albergues", Skill: "mapping"}, Postgres, 962},
		{civhub.TaskFilter{Query: "subvención", Type: "data_entry"}, SQLite, 418},
	} {
		if got := fewMatchesFor(c.f, 175000, c.d); got != c.want {
			t.Errorf("fewMatchesFor(%+v, 175000, %s) = %d, want %d", c.f, c.d, got, c.want)
		}
	}
	for _, c := range []struct {
		n, few int
		words  []string
		probes bool
		want   int
	}{
		{92, 93, []string{"newsletter"}, true, planSort},
		{93, 93, []string{"newsletter"}, true, planFilter},
		{denseMatches, 93, []string{"de"}, true, planProbe},
		{denseMatches, 93, []string{"newsletter"}, true, planFilter}, // too long for the prefix index
		{denseMatches, 93, []string{"de"}, false, planFilter},
	} {
		if got := planFor(c.n, c.few, c.words, c.probes); got != c.want {
			t.Errorf("planFor(%d, %d, %q, %v) = %d, want %d", c.n, c.few, c.words, c.probes, got, c.want)
		}
	}
}
