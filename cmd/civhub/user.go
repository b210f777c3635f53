package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"civhub"
	"civhub/password"
)

// runUser manages accounts from the command line; today: civhub user create-admin.
func runUser(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create-admin" {
		fmt.Fprintln(stderr, "Usage: civhub user create-admin --email ADDRESS --name NAME [--db …]\n\nThe password is read from $CIVHUB_ADMIN_PASSWORD, or else from the first line of standard input.")
		if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
			return nil
		}
		return fmt.Errorf("unknown user command %q", args[0])
	}
	var cfg Config
	var email, name, locale string
	fs := newFlagSet("user create-admin", "Create the first administrator, or make an existing account an administrator.\nThe password is read from $CIVHUB_ADMIN_PASSWORD, or else from the first line of standard input.", stderr)
	fs.String(&cfg.DatabaseURL, "db", "CIVHUB_DATABASE_URL", "./civhub.db", "SQLite file path, or postgres://user@host/db URL")
	fs.String(&email, "email", "CIVHUB_ADMIN_EMAIL", "", "the administrator's email address")
	fs.String(&name, "name", "CIVHUB_ADMIN_NAME", "Administrator", "the name shown to others")
	fs.String(&locale, "locale", "CIVHUB_ADMIN_LOCALE", "en", "interface language: en, es, fr or ar")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if email == "" {
		return errors.New("--email is required")
	}
	m := &Main{Config: cfg, Logger: newLogger("text", io.Discard)}
	defer m.Close(context.Background())
	if err := m.Open(ctx); err != nil {
		return err
	}
	return createAdmin(ctx, m, email, name, locale, os.Stdin, stdout)
}

// createAdmin makes email an administrator: a new verified account, or an existing one promoted.
func createAdmin(ctx context.Context, m *Main, email, name, locale string, stdin io.Reader, stdout io.Writer) error {
	people := m.Services.People
	existing, err := people.FindPeople(ctx, civhub.PersonFilter{Query: strings.ToLower(strings.TrimSpace(email)), Limit: 10})
	if err != nil {
		return err
	}
	for _, p := range existing {
		if p.Email == strings.ToLower(strings.TrimSpace(email)) {
			if err := people.SetSiteRole(ctx, p.ID, civhub.RoleAdmin, p.ID); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%s is now an administrator.\n", p.Email)
			return nil
		}
	}
	pw := os.Getenv("CIVHUB_ADMIN_PASSWORD")
	if pw == "" {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		pw = strings.TrimRight(line, "\r\n")
	}
	if err := password.Check(pw, email, name); err != nil {
		return fmt.Errorf("password: %s", civhub.ErrorMessage(err))
	}
	hash, err := password.Hash(pw)
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	p := &civhub.Person{Email: email, DisplayName: name, Locale: locale, SiteRole: civhub.RoleAdmin, PasswordHash: hash, EmailVerifiedAt: &now}
	if err := people.CreatePerson(ctx, p); err != nil {
		return fmt.Errorf("%s", civhub.ErrorMessage(err))
	}
	fmt.Fprintf(stdout, "Created the administrator %s.\n", p.Email)
	return nil
}
