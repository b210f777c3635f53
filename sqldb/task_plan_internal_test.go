package sqldb

import "testing"

// TestFewMatches: on SQLite, how many matches count as few grows with the square root of the listed
// tasks, from a floor, up to commonMatches; unknown, it is commonMatches.
func TestFewMatches(t *testing.T) {
	for _, c := range []struct{ listed, want int }{
		{-1, commonMatches}, {0, minFewMatches}, {100, minFewMatches}, {8750, 93}, {175000, 418}, {1 << 40, commonMatches},
	} {
		if got := fewMatches(c.listed); got != c.want {
			t.Errorf("fewMatches(%d) = %d, want %d", c.listed, got, c.want)
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
