package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"civhub/gen"
)

func runGen(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	var scaleName string
	var seed int
	fs := newFlagSet("gen", "Fill an empty database with deterministic synthetic data for benchmarks:\n"+
		"small (2,000 volunteers), medium (50,000) or large (1,000,000 volunteers, 100,000\norganizations, 500,000 tasks).", stderr)
	fs.String(&cfg.DatabaseURL, "db", "CIVHUB_DATABASE_URL", "./civhub.db", "SQLite file path, or postgres://user@host/db URL")
	fs.String(&scaleName, "scale", "", "small", "small, medium or large")
	fs.Int(&seed, "seed", "", 1, "the same seed makes the same data")
	if err := fs.Parse(args); err != nil {
		return err
	}
	scale, err := gen.FindScale(scaleName)
	if err != nil {
		return err
	}
	m := &Main{Config: cfg, Logger: newLogger("text", io.Discard)}
	if err := m.Open(ctx); err != nil {
		return errors.Join(err, m.Close(context.Background()))
	}
	start := time.Now()
	err = gen.Fill(ctx, m.DB, scale, uint64(seed), func(done, total int) {
		const width = 30
		filled := width * done / total
		fmt.Fprintf(stderr, "\r[%s%s] %3d%% %d/%d", strings.Repeat("=", filled), strings.Repeat(" ", width-filled), 100*done/total, done, total)
	})
	fmt.Fprintln(stderr)
	if err == nil {
		fmt.Fprintf(stdout, "%s: %d volunteers, %d organizations, %d tasks in %s\n", scale.Name, scale.Volunteers,
			scale.Organizations, scale.Tasks, time.Since(start).Round(time.Second))
	}
	return errors.Join(err, m.Close(context.Background()))
}
