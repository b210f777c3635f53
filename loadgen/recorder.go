package loadgen

import (
	"math"
	"slices"
	"time"
)

// Recorder keeps latencies and reports their exact percentiles. It is not safe for concurrent use:
// each client records its own and the run merges them.
type Recorder struct {
	samples []time.Duration
	sorted  bool
}

// Record adds one latency.
func (r *Recorder) Record(d time.Duration) {
	r.samples = append(r.samples, d)
	r.sorted = false
}

// Merge adds o's latencies.
func (r *Recorder) Merge(o *Recorder) {
	r.samples = append(r.samples, o.samples...)
	r.sorted = false
}

// Count returns how many latencies were recorded.
func (r *Recorder) Count() int { return len(r.samples) }

// Percentile returns the smallest latency that p percent of the latencies do not exceed (the
// nearest rank), or 0 when there are none. p is between 0 and 100.
func (r *Recorder) Percentile(p float64) time.Duration {
	if len(r.samples) == 0 {
		return 0
	}
	if !r.sorted {
		slices.Sort(r.samples)
		r.sorted = true
	}
	rank := int(math.Ceil(p / 100 * float64(len(r.samples))))
	return r.samples[min(max(rank, 1), len(r.samples))-1]
}
