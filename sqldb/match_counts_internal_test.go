package sqldb

import (
	"errors"
	"strconv"
	"testing"
	"time"
)

// TestMatchCounts: a query's count is taken once and used for a minute, then taken again; a
// failed count is not kept; the same words counted to another limit are another count; and
// searches of ever new words do not grow the counts past their bound.
func TestMatchCounts(t *testing.T) {
	var m matchCounts
	counted := 0
	count := func(n int) func() (int, error) {
		return func() (int, error) { counted++; return n, nil }
	}
	if n, err := m.get(`"de"*`, 50000, count(50000)); n != 50000 || err != nil || counted != 1 {
		t.Fatalf("first: %d %v, %d counts", n, err, counted)
	}
	if n, _ := m.get(`"de"*`, 50000, count(7)); n != 50000 || counted != 1 {
		t.Fatalf("again: %d, %d counts; want the kept 50000 and no count", n, counted)
	}
	if n, _ := m.get(`"de"*`, 5000, count(5000)); n != 5000 || counted != 2 {
		t.Fatalf("another limit: %d, %d counts", n, counted)
	}
	key := "50000 " + `"de"*`
	m.counts[key] = matchCount{n: 50000, readAt: time.Now().Add(-matchCountRefresh - time.Second)}
	if n, _ := m.get(`"de"*`, 50000, count(49000)); n != 49000 || counted != 3 {
		t.Fatalf("after a minute: %d, %d counts; want a new count", n, counted)
	}
	failed := errors.New("database gone")
	if _, err := m.get(`"zzqx"*`, 50000, func() (int, error) { return 0, failed }); err != failed {
		t.Fatalf("a failed count: %v", err)
	}
	if _, kept := m.counts["50000 "+`"zzqx"*`]; kept {
		t.Fatal("a failed count is kept")
	}
	for i := range 3 * matchCountsKept {
		if _, err := m.get(strconv.Itoa(i), 50000, count(0)); err != nil {
			t.Fatal(err)
		}
		if len(m.counts) > matchCountsKept {
			t.Fatalf("%d counts kept after %d new queries, bound %d", len(m.counts), i+1, matchCountsKept)
		}
	}
}
