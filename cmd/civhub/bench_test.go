package main

import (
	"context"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestBench fills a small world and runs civhub bench on it in every mode, briefly: a row for each
// shape asked for, with answers and without errors, and the spikes against a civhub serve of its
// own (this test binary, run as civhub).
func TestBench(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "small.db")
	if err := run(ctx, []string{"gen", "--scale", "small", "--db", db}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	shapes := []string{"api-deadline", "q-rare-newest", "q-none-type", "urgent", "task-rotating", "html-search"}
	var out, log strings.Builder
	err := run(ctx, []string{"bench", "--db", db, "--duration", "300ms", "--runs", "1", "--clients", "4", "--rate", "50",
		"--spike", "20", "--spike-duration", "300ms", "--shapes", strings.Join(shapes, ",")}, &out, &log)
	if err != nil {
		t.Fatalf("bench: %v\n%s", err, log.String())
	}
	rows := tableRows(out.String())
	for _, name := range shapes {
		checkShapeRow(t, name, rows[name])
	}
	if m := rows["q-rare-newest"][2]; m == "0" || m == "" || m[0] == '-' {
		t.Errorf("the rare search matches %q tasks, want some", m)
	}
	if m := rows["q-none-type"][2]; m != "0" {
		t.Errorf("the search for no word matches %q tasks, want 0", m)
	}
	for _, path := range spikePaths {
		r := rows["`"+path+"`"]
		if len(r) != 11 || number(t, r[2]) == 0 || !strings.HasSuffix(r[10], "MiB") {
			t.Errorf("spike on %s: %q, want served requests and the peak memory", path, r)
		}
	}
	if t.Failed() {
		t.Logf("output:\n%s", out.String())
	}
	err = run(ctx, []string{"bench", "--db", db, "--mode", "closed", "--shapes", "api-newest,nope"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "html-home") {
		t.Errorf("bench of an unknown shape: %v, want the shapes listed", err)
	}
}

// checkShapeRow wants a shape's row measured in every mode, with answers and without errors.
func checkShapeRow(t *testing.T, name string, r []string) {
	t.Helper()
	if len(r) != 15 {
		t.Errorf("shape %s: row %q, want 15 cells", name, r)
		return
	}
	if number(t, r[3]) == 0 || number(t, r[6]) == 0 || number(t, r[8]) == 0 || r[10] == "–" || r[11] == "–" {
		t.Errorf("shape %s: req/s %s, ceiling %s, cached %s, open p50 %s and p99 %s; want them all measured", name, r[3], r[6], r[8], r[10], r[11])
	}
	if r[12] != "0" || r[13] != "0" || r[14] != "0" {
		t.Errorf("shape %s: %s errors, %s timeouts, %s 503s; want none", name, r[12], r[13], r[14])
	}
}

// tableRows returns the cells of each row of the Markdown tables in out, by their first cell.
func tableRows(out string) map[string][]string {
	rows := map[string][]string{}
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "| ") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		rows[cells[0]] = cells
	}
	return rows
}

func number(t *testing.T, cell string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(cell, 64)
	if err != nil {
		t.Errorf("cell %q is not a number", cell)
	}
	return f
}

func TestBenchRefusesWhatItCannotMeasure(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"--db", "x.db", "--mode", "fast"},
		{"--db", "x.db", "--clients", "0"},
		{"--db", "x.db", "--spike", "500,many"},
	} {
		if err := run(context.Background(), append([]string{"bench"}, args...), io.Discard, io.Discard); err == nil {
			t.Errorf("bench %q ran", args)
		}
	}
	db := filepath.Join(t.TempDir(), "empty.db")
	err := run(context.Background(), []string{"bench", "--db", db, "--mode", "closed"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "civhub gen") {
		t.Errorf("bench on an empty database: %v, want a pointer to civhub gen", err)
	}
}
