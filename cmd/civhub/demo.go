package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"text/tabwriter"
	"unicode/utf8"

	"civhub"
	"civhub/demo"
)

func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	var sharedPassword string
	fs := newFlagSet("demo", "Serve civhub on a fresh database filled with demo data, and print how to sign in\nas each demo person. Without --db the database is a temporary SQLite file,\nremoved on exit. A --db given must be empty.", stderr)
	serveFlags(fs, &cfg, "")
	fs.String(&sharedPassword, "password", "CIVHUB_DEMO_PASSWORD", "", "give every demo person this password (at least 8 characters) instead of random ones")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg.SecretKeys = os.Getenv(envSecretKey)
	if sharedPassword != "" && utf8.RuneCountInString(sharedPassword) < 8 {
		return fmt.Errorf("--password needs at least 8 characters")
	}
	if cfg.DatabaseURL == "" {
		dir, err := os.MkdirTemp("", "civhub-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		cfg.DatabaseURL = filepath.Join(dir, "civhub.db")
		if cfg.SecretKeys == "" && cfg.SecretKeyFile == "" {
			// The database goes when the demo stops: a key that goes with it keeps two-factor
			// secrets sealed apart from the data, and spares a newcomer a warning about keys.
			key := make([]byte, 32)
			rand.Read(key)
			cfg.SecretKeys = "demo:" + base64.StdEncoding.EncodeToString(key)
		}
	}
	// Until the address and the sign-ins are on the screen, only what needs attention is logged:
	// they are what a newcomer starts the demo to read.
	level := new(slog.LevelVar)
	level.Set(slog.LevelWarn)
	m := &Main{Config: cfg, Logger: newLoggerAt(cfg.LogFormat, stderr, level)}
	if err := m.Open(ctx); err != nil {
		m.Close(context.Background())
		return err
	}
	personas, err := loadDemo(ctx, m, sharedPassword)
	if err != nil {
		m.Close(context.Background())
		return err
	}
	return serveUntilDone(ctx, m, stdout, func(addr string) {
		printPersonas(stdout, addr, personas, cfg.SMTPURL == "")
		level.Set(slog.LevelInfo)
	})
}

// loadDemo fills m's database with the demo data, refusing a database that already has people in it.
func loadDemo(ctx context.Context, m *Main, sharedPassword string) ([]demo.Persona, error) {
	n, err := m.Services.People.CountPeople(ctx)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, fmt.Errorf("the demo needs an empty database, and this one has %d accounts; leave out --db to use a temporary one", n)
	}
	return demo.Load(ctx, demo.Services{People: m.Services.People, Organizations: m.Services.Organizations,
		Verifications: m.Services.Organizations, Profiles: m.Services.Profiles, Needs: m.Services.Needs, Hours: m.Services.Needs,
		Resources: m.Services.Resources, Certificates: m.Services.Needs, Courses: m.Services.Courses,
		Toolkits: m.Services.Toolkits, Events: m.Services.Events, EventKits: m.Services.EventKits, Challenges: m.Services.Challenges,
		Hackathons: m.Services.Hackathons, Solutions: m.Services.Solutions, Standby: m.Services.Standby, Crises: m.Services.Crises}, sharedPassword)
}

func printPersonas(w io.Writer, addr string, personas []demo.Persona, outbox bool) {
	fmt.Fprintln(w, "\nDemo people (email, password, who they are):")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, p := range personas {
		fmt.Fprintf(tw, "  %s\t%s\t%s — %s\n", p.Person.Email, p.Password, p.Person.DisplayName, p.Story)
	}
	tw.Flush()
	for _, p := range personas {
		if p.Certificate != "" {
			fmt.Fprintf(w, "\n%s's certificate, which anyone can check: http://%s/certificates/%s\n", p.Person.DisplayName, addr, civhub.FormatCertificateCode(p.Certificate))
		}
	}
	if outbox {
		fmt.Fprintln(w, "\nMail is kept in the outbox at /admin/outbox: sign in as the administrator to read it.")
	}
	fmt.Fprintln(w, "Press Ctrl-C to stop; the demo database is removed unless you gave --db.")
}
