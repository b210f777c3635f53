package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"civhub"
	"civhub/curriculum"
)

// runCurriculum puts civhub's starting curriculum into a database: civhub curriculum install.
func runCurriculum(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	const help = "Usage: civhub curriculum install --as ADDRESS [--db …]\n\nAdds the starting courses (each in English, French, Spanish and Arabic) that the database does not\nhave yet, written and published in the name of ADDRESS, a moderator or administrator."
	if len(args) == 0 || args[0] != "install" {
		fmt.Fprintln(stderr, help)
		if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
			return nil
		}
		return fmt.Errorf("unknown curriculum command %q", args[0])
	}
	var cfg Config
	var as string
	fs := newFlagSet("curriculum install", "Add the starting courses that the database does not have yet.", stderr)
	fs.String(&cfg.DatabaseURL, "db", "CIVHUB_DATABASE_URL", "./civhub.db", "SQLite file path, or postgres://user@host/db URL")
	fs.String(&as, "as", "CIVHUB_CURRICULUM_AS", "", "the email address of the moderator or administrator the courses are written and published by")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if as == "" {
		return errors.New("--as is required: the courses need an author, a moderator or an administrator")
	}
	m := &Main{Config: cfg, Logger: newLogger("text", io.Discard)}
	defer m.Close(context.Background())
	if err := m.Open(ctx); err != nil {
		return err
	}
	return installCurriculum(ctx, m, as, stdout)
}

// installCurriculum adds the curriculum's missing courses in the name of the moderator at email.
func installCurriculum(ctx context.Context, m *Main, email string, stdout io.Writer) error {
	email = strings.ToLower(strings.TrimSpace(email))
	list, err := m.Services.People.FindPeople(ctx, civhub.PersonFilter{Query: email, Limit: 10})
	if err != nil {
		return err
	}
	var by *civhub.Person
	for _, p := range list {
		if p.Email == email {
			by = p
		}
	}
	if by == nil {
		return fmt.Errorf("nobody has the address %s", email)
	}
	if !civhub.NewActor(by, nil, nil).IsModerator() {
		return fmt.Errorf("%s is not a moderator or an administrator", email)
	}
	added, err := curriculum.Install(ctx, m.Services.Courses, by.ID, by.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d courses added; the curriculum is complete.\n", added)
	return nil
}
