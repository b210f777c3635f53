package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"civhub/loadgen"
)

// spikePaths are what the spikes ask for: the busiest page and its API.
var spikePaths = []string{"/tasks", "/api/v1/tasks"}

// spikeRow is what one spike measured.
type spikeRow struct {
	path   string
	conns  int
	result *loadgen.Result
	peak   string // the server's peak resident memory during the spike
}

// spikes opens each number of connections at once against each spike path, on a civhub serve of
// its own so that its memory is civhub's alone, and prints their table.
func (b *bench) spikes(ctx context.Context, stdout io.Writer) error {
	srv, err := startServe(ctx, b.cfg.db)
	if err != nil {
		return err
	}
	var rows []spikeRow
	for _, n := range b.cfg.spikeConns {
		for _, path := range spikePaths {
			r, err := b.spike(ctx, srv, n, path)
			if err != nil {
				return errors.Join(err, srv.stop())
			}
			rows = append(rows, r)
		}
	}
	if err := srv.stop(); err != nil {
		return err
	}
	printSpikes(stdout, b.cfg.spikeDuration, rows)
	return nil
}

// spike runs one spike of n connections against path, then lets the server finish what the
// clients gave up on.
func (b *bench) spike(ctx context.Context, srv *child, n int, path string) (spikeRow, error) {
	peakKnown := resetPeak(srv.cmd.Process.Pid) == nil
	target := loadgen.Target{URLs: []string{srv.base + path}, Header: loadHeader}
	r, err := loadgen.Closed(ctx, loadgen.NewClient(n, spikeTimeout), target, n, b.cfg.spikeDuration)
	if err != nil {
		return spikeRow{}, err
	}
	row := spikeRow{path: path, conns: n, result: r, peak: "n/a"}
	if kb, err := peakRSS(srv.cmd.Process.Pid); err == nil {
		row.peak = fmt.Sprintf("%d MiB", kb/1024)
		if !peakKnown {
			row.peak += " (since start)"
		}
	}
	fmt.Fprintf(b.log, "bench: spike of %d on %s: %d served, %d errors, peak %s\n", n, path, r.OK, r.Errors(), row.peak)
	select {
	case <-time.After(time.Second):
	case <-ctx.Done():
		return spikeRow{}, ctx.Err()
	}
	return row, nil
}

// printSpikes prints the table of the spikes.
func printSpikes(w io.Writer, d time.Duration, rows []spikeRow) {
	fmt.Fprintf(w, "\nSpikes: that many connections at once for %s, each request given up after %s, against a civhub serve\n"+
		"child process (jobs running, as in production); the load generator runs in another process.\n\n", d, spikeTimeout)
	fmt.Fprintln(w, "| path | connections | served | served/s | p99 served | timeouts | 5xx but 503 | 503 | 503 with Retry-After | other errors | peak RSS |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
	for _, s := range rows {
		r := s.result
		other := r.Errors() - r.Timeouts - r.ServerErrors - r.Unavailable
		fmt.Fprintf(w, "| `%s` | %d | %d | %.0f | %s | %d | %d | %d | %d | %d | %s |\n", s.path, s.conns, r.OK, r.Throughput(),
			ms(r.Latency.Percentile(99)), r.Timeouts, r.ServerErrors, r.Unavailable, r.RetryAfter, other, s.peak)
	}
}

// serverCommand returns the command that runs civhub with args: this program itself. Tests, whose
// program is the test binary, replace it.
var serverCommand = func(args ...string) (*exec.Cmd, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	return exec.Command(exe, args...), nil
}

// child is a civhub serve the bench started.
type child struct {
	cmd    *exec.Cmd
	base   string      // http://host:port
	stderr *headWriter // the start of its log, to tell why it failed
}

// startServe starts civhub serve on db on a free port of 127.0.0.1, metrics off, and waits until it
// listens.
func startServe(ctx context.Context, db string) (*child, error) {
	cmd, err := serverCommand("serve", "--addr", "127.0.0.1:0", "--metrics-addr=", "--db", db)
	if err != nil {
		return nil, err
	}
	c := &child{cmd: cmd, stderr: &headWriter{limit: 16 << 10}}
	cmd.Stderr = c.stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	listening := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if _, addr, ok := strings.Cut(sc.Text(), "serving at "); ok {
				listening <- strings.TrimSuffix(addr, "/")
			}
		}
		close(listening)
	}()
	select {
	case c.base = <-listening:
	case <-time.After(time.Minute):
	case <-ctx.Done():
	}
	if c.base == "" {
		return nil, errors.Join(errors.New("bench: civhub serve did not start"), c.stop(), ctx.Err())
	}
	return c, nil
}

// stop asks the server to shut down as SIGINT would, and kills it if it has not within half a minute.
func (c *child) stop() error {
	c.cmd.Process.Signal(os.Interrupt)
	done := make(chan error, 1)
	go func() { done <- c.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("bench: civhub serve: %w\n%s", err, c.stderr.buf)
		}
		return nil
	case <-time.After(30 * time.Second):
		c.cmd.Process.Kill()
		<-done
		return fmt.Errorf("bench: civhub serve did not stop within 30 s\n%s", c.stderr.buf)
	}
}

// headWriter keeps the first limit bytes written to it and drops the rest.
type headWriter struct {
	buf   []byte
	limit int
}

func (w *headWriter) Write(p []byte) (int, error) {
	w.buf = append(w.buf, p[:min(len(p), max(w.limit-len(w.buf), 0))]...)
	return len(p), nil
}

// resetPeak starts the peak resident memory of process pid afresh (Linux: clear_refs 5).
func resetPeak(pid int) error {
	return os.WriteFile("/proc/"+strconv.Itoa(pid)+"/clear_refs", []byte("5"), 0)
}

// peakRSS returns the peak resident memory of process pid in kB (Linux: VmHWM).
func peakRSS(pid int) (int, error) {
	status, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
		}
	}
	return 0, errors.New("bench: no VmHWM in /proc/PID/status")
}
