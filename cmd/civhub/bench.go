// civhub bench measures how much load civhub serves on a database that civhub gen filled, and
// prints Markdown tables for docs/performance.md:
//
//	civhub gen --scale medium --db /tmp/medium.db
//	civhub bench --db /tmp/medium.db                           every shape, every mode (long: see the estimate it prints)
//	civhub bench --db /tmp/medium.db --mode closed --duration 2s --runs 1 --shapes api-newest,html-tasks
//	civhub bench --db /tmp/medium.db --mode spike --spike 200,500 --spike-duration 10s
//	make loadtest LOADTEST_DB=/tmp/medium.db                   the same, for each database named
//
// For each shape of request it measures a closed loop (a fixed number of clients, each sending its
// next request when the last is answered: the most civhub answers), the ceiling (the same response
// bytes served from memory through the same middleware, web.Server.Replay, measured the same way:
// the most this machine could answer for that page), and an open loop (a fixed arrival rate, each
// latency timed from when its request was due, so a queue shows). Spikes open many connections at
// once against a civhub serve of its own, with a 2 s client timeout, and report what was served,
// what failed and the server's peak memory.

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"civhub/loadgen"
	"civhub/web"
)

// benchConfig is what civhub bench was asked to do.
type benchConfig struct {
	db            string
	shapes        string
	clients       int
	rate          int
	duration      time.Duration
	runs          int
	spike         string
	spikeConns    []int
	spikeDuration time.Duration
	mode          string
}

const (
	benchTimeout = 10 * time.Second // a closed or open loop request fails after this
	spikeTimeout = 2 * time.Second  // a spike request fails after this
	countCap     = 10_000           // counting a search's matches stops here
)

// loadHeader is sent with every measured request: compressed answers, as browsers ask for them.
// The closed and open loops also send madeHeader's cookie: a request with a cookie (other than the
// language's) is never answered from the page cache (web/cache.go), so that they time each page as
// made — the queries, the templates — as for a signed-in person or a search nobody made just before.
// The cached column sends loadHeader alone, as a visitor who is not signed in does.
var (
	loadHeader = http.Header{"Accept-Encoding": {"br, gzip"}}
	madeHeader = http.Header{"Accept-Encoding": {"br, gzip"}, "Cookie": {"civhub_bench=made"}}
)

func parseBenchFlags(args []string, stderr io.Writer) (*benchConfig, error) {
	cfg := &benchConfig{}
	fs := newFlagSet("bench", "Measure civhub under load on a database filled by civhub gen, in process on\n"+
		"127.0.0.1, and print Markdown tables: per request shape the closed-loop req/s and latencies, the\n"+
		"ceiling (the same bytes from memory through the same middleware) and the open-loop latencies at a\n"+
		"fixed rate; then spikes of many connections against a civhub serve of its own. Each measurement\n"+
		"is the median of --runs runs.\n\n"+
		"  civhub gen --scale medium --db /tmp/medium.db\n"+
		"  civhub bench --db /tmp/medium.db --mode closed --duration 2s --runs 1 --shapes api-newest,html-tasks\n"+
		"  make loadtest LOADTEST_DB=/tmp/medium.db", stderr)
	env := func(name string) string { return "CIVHUB_BENCH_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_")) }
	fs.String(&cfg.db, "db", env("db"), "", "the database civhub gen filled: SQLite file path or postgres:// URL (required)")
	fs.String(&cfg.shapes, "shapes", env("shapes"), "all", "request shapes to measure, comma-separated names, or all (an unknown name lists them)")
	fs.Int(&cfg.clients, "clients", env("clients"), 50, "closed loop: clients sending at once; open loop: most requests at once")
	fs.Int(&cfg.rate, "rate", env("rate"), 500, "open loop: requests a second")
	fs.Duration(&cfg.duration, "duration", env("duration"), 10*time.Second, "how long each closed, ceiling and open measurement runs")
	fs.Int(&cfg.runs, "runs", env("runs"), 3, "runs of each measurement; the tables give their median")
	fs.String(&cfg.spike, "spike", env("spike"), "500,1000", "spike: connections at once, comma-separated, each a spike of its own")
	fs.Duration(&cfg.spikeDuration, "spike-duration", env("spike-duration"), 20*time.Second, "how long each spike lasts")
	fs.String(&cfg.mode, "mode", env("mode"), "all", "closed (with the ceiling), open, spike or all")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	return cfg, cfg.check()
}

// check refuses settings that cannot be measured.
func (c *benchConfig) check() error {
	switch {
	case c.db == "":
		return errors.New("bench: --db is required: a database filled by civhub gen")
	case !slices.Contains([]string{"closed", "open", "spike", "all"}, c.mode):
		return fmt.Errorf("bench: --mode %q: use closed, open, spike or all", c.mode)
	case c.clients < 1 || c.rate < 1 || c.runs < 1 || c.duration <= 0 || c.spikeDuration <= 0:
		return errors.New("bench: --clients, --rate, --runs, --duration and --spike-duration must be above zero")
	}
	for _, s := range strings.Split(c.spike, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("bench: --spike %q: want connection counts such as 500,1000", c.spike)
		}
		c.spikeConns = append(c.spikeConns, n)
	}
	return nil
}

// measures reports whether this run measures mode: closed (with the ceiling), open or spike.
func (c *benchConfig) measures(mode string) bool { return c.mode == "all" || c.mode == mode }

func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseBenchFlags(args, stderr)
	if err != nil {
		return err
	}
	b := &bench{cfg: cfg, log: stderr, client: loadgen.NewClient(cfg.clients, benchTimeout)}
	if err := b.measureShapes(ctx, stdout); err != nil {
		return err
	}
	if cfg.measures("spike") {
		return b.spikes(ctx, stdout)
	}
	return nil
}

// bench is one run of civhub bench.
type bench struct {
	cfg    *benchConfig
	log    io.Writer // progress
	client *http.Client
}

// measureShapes starts civhub in process, prints the heading and, unless only spikes are asked for,
// measures every shape chosen and prints their table.
func (b *bench) measureShapes(ctx context.Context, stdout io.Writer) (err error) {
	m, ws, err := startBenchServer(ctx, b.cfg.db)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, m.Close(context.Background())) }()
	if err := b.heading(ctx, m, stdout); err != nil {
		return err
	}
	if !b.cfg.measures("closed") && !b.cfg.measures("open") {
		return nil // spikes only
	}
	base := "http://" + m.Addr()
	s, err := discover(ctx, b.client, base)
	if err != nil {
		return err
	}
	shapes, err := chooseShapes(benchShapes(s), b.cfg.shapes)
	if err != nil {
		return err
	}
	b.estimate(len(shapes))
	b.method(stdout)
	rows, err := b.measureAll(ctx, ws, base, shapes)
	if err != nil {
		return err
	}
	b.printShapes(stdout, rows)
	return nil
}

// startBenchServer opens db and serves civhub on 127.0.0.1 with serve's wiring. Its log is
// formatted like serve's and then dropped. The jobs runner is stopped once the server listens:
// the jobs that run at start (matching tasks to volunteers, digests) would compete with the
// measurements.
func startBenchServer(ctx context.Context, db string) (*Main, *web.Server, error) {
	m := &Main{Config: Config{Addr: "127.0.0.1:0", DatabaseURL: db, ShutdownTimeout: 10 * time.Second},
		Logger: newLogger("text", io.Discard)}
	err := m.Open(ctx)
	if err == nil {
		err = m.Run(ctx)
	}
	if err == nil {
		err = m.Jobs.Stop(ctx)
	}
	if err != nil {
		return nil, nil, errors.Join(err, m.Close(context.Background()))
	}
	return m, m.server.Handler.(*web.Server), nil
}

// heading prints which database is measured, how, and on what.
func (b *bench) heading(ctx context.Context, m *Main, stdout io.Writer) error {
	var tasks int
	if err := m.DB.Writer().QueryRowContext(ctx, `SELECT COUNT(*) FROM tasks`).Scan(&tasks); err != nil {
		return err
	}
	if tasks == 0 {
		return errors.New("bench: the database has no tasks: fill it with civhub gen first")
	}
	fmt.Fprintf(stdout, "### %s (%s, %d tasks)\n\n%s, %s, %d CPUs.\n", displayDB(b.cfg.db), m.DB.Dialect(), tasks,
		time.Now().UTC().Format("2006-01-02"), runtime.Version(), runtime.NumCPU())
	return nil
}

// method prints how the shapes are measured.
func (b *bench) method(stdout io.Writer) {
	c := b.cfg
	fmt.Fprintf(stdout, "\nClosed loop: %d clients for %s; ceiling: the same response bytes from memory through the same middleware,\n"+
		"measured the same way; open loop: %d requests/s for %s, latency timed from each request's intended send time.\n"+
		"Runs of each measurement: %d, the tables giving their median. civhub runs in the load generator's process, its jobs\n"+
		"runner stopped; requests ask for brotli or gzip.\n\n",
		c.clients, c.duration, c.rate, c.duration, c.runs)
}

// displayDB names a database without its password.
func displayDB(db string) string {
	if u, err := url.Parse(db); err == nil && u.Scheme != "" {
		return u.Redacted()
	}
	return db
}

// estimate tells how long the shapes will take.
func (b *bench) estimate(shapes int) {
	per := 0
	if b.cfg.measures("closed") {
		per += 3 // made, ceiling, cached
	}
	if b.cfg.measures("open") {
		per++
	}
	total := time.Duration(shapes) * (time.Duration(per*b.cfg.runs)*b.cfg.duration + 3*b.warmUpTime())
	if b.cfg.measures("spike") {
		total += time.Duration(2*len(b.cfg.spikeConns)) * b.cfg.spikeDuration
	}
	fmt.Fprintf(b.log, "bench: %d shapes; this takes about %s\n", shapes, total.Round(time.Second))
}

// row is what the bench measured for one shape.
type row struct {
	shape                 shape
	matches               string // how many tasks the search matches; "" for other shapes
	closed, ceiling, open summary
	cached                summary // the closed loop of visitors who are not signed in, from the page cache
}

// summary is the median of some runs' throughput and latencies, and the sum of their failures.
type summary struct {
	measured                      bool
	rate                          float64
	p50, p99                      time.Duration
	errors, timeouts, unavailable int
}

func summarize(results []*loadgen.Result) summary {
	s := summary{measured: len(results) > 0}
	var rates []float64
	var p50s, p99s []time.Duration
	for _, r := range results {
		rates, p50s, p99s = append(rates, r.Throughput()), append(p50s, r.Latency.Percentile(50)), append(p99s, r.Latency.Percentile(99))
		s.errors, s.timeouts, s.unavailable = s.errors+r.Errors(), s.timeouts+r.Timeouts, s.unavailable+r.Unavailable
	}
	if s.measured {
		s.rate, s.p50, s.p99 = median(rates), median(p50s), median(p99s)
	}
	return s
}

// median returns the middle of xs, or the mean of the two middle values; xs must not be empty.
func median[T ~int64 | ~float64](xs []T) T {
	xs = slices.Clone(xs)
	slices.Sort(xs)
	if n := len(xs); n%2 == 0 {
		return (xs[n/2-1] + xs[n/2]) / 2
	}
	return xs[len(xs)/2]
}

// measureAll fetches each shape's answers once for its ceiling, counts the searches' matches, then
// measures the shapes one after the other.
func (b *bench) measureAll(ctx context.Context, ws *web.Server, base string, shapes []shape) ([]row, error) {
	replays := map[string]http.Handler{}
	rows := make([]row, len(shapes))
	counted := map[string]string{}
	for i, sh := range shapes {
		rows[i].shape = sh
		for _, p := range sh.paths {
			resp, err := get(ctx, b.client, base+p)
			if err != nil {
				return nil, fmt.Errorf("bench: shape %s: %w", sh.name, err)
			}
			replays[requestURI(p)] = ws.Replay(resp.status, resp.header, resp.body)
		}
		if _, ok := counted[sh.count]; sh.count != "" && !ok {
			n, err := countMatches(ctx, b.client, base, sh.count)
			if err != nil {
				return nil, err
			}
			counted[sh.count] = n
			fmt.Fprintf(b.log, "bench: %s matches %s tasks\n", sh.count, n)
		}
		rows[i].matches = counted[sh.count]
	}
	ceiling, stop, err := serveCeiling(replays)
	if err != nil {
		return nil, err
	}
	defer stop()
	for i := range rows {
		if err := b.measure(ctx, &rows[i], base, ceiling); err != nil {
			return nil, err
		}
	}
	return rows, nil
}

// requestURI is the path and query of p as the ceiling's server sees it.
func requestURI(p string) string {
	if u, err := url.Parse(p); err == nil {
		return u.RequestURI()
	}
	return p
}

// serveCeiling serves each path's replayed answer on a listener of its own and returns its base
// URL and how to stop it.
func serveCeiling(replays map[string]http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second,
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if h, ok := replays[r.URL.RequestURI()]; ok {
				h.ServeHTTP(w, r)
				return
			}
			http.NotFound(w, r)
		})}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// measure runs sh's closed, ceiling and open measurements --runs times, interleaved so that a
// change in the machine's load touches them alike.
func (b *bench) measure(ctx context.Context, r *row, base, ceiling string) error {
	var closed, replayed, open, cached []*loadgen.Result
	real, replay, visitor := b.target(base, r.shape, madeHeader), b.target(ceiling, r.shape, loadHeader), b.target(base, r.shape, loadHeader)
	if err := b.warmUp(ctx, real, replay, visitor); err != nil {
		return err
	}
	for run := 1; run <= b.cfg.runs; run++ {
		if b.cfg.measures("closed") {
			c, err := loadgen.Closed(ctx, b.client, real, b.cfg.clients, b.cfg.duration)
			if err != nil {
				return err
			}
			x, err := loadgen.Closed(ctx, b.client, replay, b.cfg.clients, b.cfg.duration)
			if err != nil {
				return err
			}
			v, err := loadgen.Closed(ctx, b.client, visitor, b.cfg.clients, b.cfg.duration)
			if err != nil {
				return err
			}
			closed, replayed, cached = append(closed, c), append(replayed, x), append(cached, v)
			fmt.Fprintf(b.log, "bench: %s run %d: closed %.0f/s p99 %s, %d errors; ceiling %.0f/s; cached %.0f/s\n", r.shape.name, run,
				c.Throughput(), ms(c.Latency.Percentile(99)), c.Errors(), x.Throughput(), v.Throughput())
		}
		if b.cfg.measures("open") {
			o, err := loadgen.Open(ctx, b.client, real, float64(b.cfg.rate), b.cfg.duration, b.cfg.clients)
			if err != nil {
				return err
			}
			open = append(open, o)
			fmt.Fprintf(b.log, "bench: %s run %d: open p99 %s, %d errors\n", r.shape.name, run, ms(o.Latency.Percentile(99)), o.Errors())
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	r.closed, r.ceiling, r.open, r.cached = summarize(closed), summarize(replayed), summarize(open), summarize(cached)
	return nil
}

// warmUp runs the targets' closed loop for a tenth of --duration (at most a second) each,
// unmeasured, so that connections are open and caches warm when the measurement starts.
func (b *bench) warmUp(ctx context.Context, targets ...loadgen.Target) error {
	for _, t := range targets {
		if _, err := loadgen.Closed(ctx, b.client, t, b.cfg.clients, b.warmUpTime()); err != nil {
			return err
		}
	}
	return ctx.Err()
}

func (b *bench) warmUpTime() time.Duration { return min(b.cfg.duration/10, time.Second) }

// target is sh's requests on the server at base, each with header.
func (b *bench) target(base string, sh shape, header http.Header) loadgen.Target {
	t := loadgen.Target{Header: header}
	for _, p := range sh.paths {
		t.URLs = append(t.URLs, base+p)
	}
	return t
}

// printShapes prints the table of the shapes.
func (b *bench) printShapes(w io.Writer, rows []row) {
	fmt.Fprintf(w, "| shape | path | matches | req/s | p50 | p99 | ceiling req/s | real/ceiling | cached req/s | cached/ceiling | open p50 @%d/s | open p99 | errors | timeouts | 503 |\n",
		b.cfg.rate)
	fmt.Fprintln(w, "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
	for _, r := range rows {
		fmt.Fprintf(w, "| %s | `%s` | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d | %d | %d |\n", r.shape.name, r.shape.path, r.matches,
			perSecond(r.closed), latency(r.closed, r.closed.p50), latency(r.closed, r.closed.p99), perSecond(r.ceiling),
			ratio(r.closed, r.ceiling), perSecond(r.cached), ratio(r.cached, r.ceiling),
			latency(r.open, r.open.p50), latency(r.open, r.open.p99), r.closed.errors+r.open.errors+r.cached.errors,
			r.closed.timeouts+r.open.timeouts+r.cached.timeouts, r.closed.unavailable+r.open.unavailable+r.cached.unavailable)
	}
	fmt.Fprintln(w, "\nreq/s, p50, p99 and the open loop: pages as made (each request carries a cookie, which keeps the page\n"+
		"cache out); cached: the same requests as a visitor who is not signed in sends them. errors: requests\n"+
		"not answered 2xx, timeouts and 503s included (which also have columns of their own); latencies are of\n"+
		"the 2xx answers. matches: the tasks the search finds.")
}

// ratio formats a's throughput as a share of b's, or a dash.
func ratio(a, b summary) string {
	if !a.measured || b.rate <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f", a.rate/b.rate)
}

// perSecond formats a summary's throughput, or a dash if it was not measured.
func perSecond(s summary) string {
	if !s.measured {
		return "–"
	}
	return strconv.FormatFloat(s.rate, 'f', 0, 64)
}

// latency formats d of summary s, or a dash if s was not measured.
func latency(s summary, d time.Duration) string {
	if !s.measured {
		return "–"
	}
	return ms(d)
}

// ms formats d in milliseconds with about three significant digits.
func ms(d time.Duration) string {
	f := float64(d) / float64(time.Millisecond)
	switch {
	case f < 10:
		return fmt.Sprintf("%.2f ms", f)
	case f < 100:
		return fmt.Sprintf("%.1f ms", f)
	}
	return fmt.Sprintf("%.0f ms", f)
}
