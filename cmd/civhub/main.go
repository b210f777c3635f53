// Command civhub runs civhub, the online home of Civil Society 2.0: one binary that serves the web
// pages and the API, runs background jobs and manages its database.
//
//	civhub serve    serve civhub (SQLite by default, PostgreSQL with --db postgres://…)
//	civhub demo     serve a fresh database filled with demo data and print the demo sign-ins
//	civhub migrate  bring the database schema up to date and exit
//	civhub gen      fill an empty database with synthetic data: --scale small|medium|large
//	civhub user     create-admin: create the first administrator
//	civhub curriculum install: add the starting courses
//	civhub bench    measure civhub under load on a database that gen filled
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// commands lists the subcommands, each with a one-line summary for the usage text.
var commands = []struct {
	name, summary string
	run           func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}{
	{"serve", "serve civhub over HTTP", runServe},
	{"demo", "serve a fresh database filled with demo data", runDemo},
	{"migrate", "bring the database schema up to date and exit", runMigrate},
	{"gen", "fill an empty database with synthetic data for benchmarks", runGen},
	{"user", "manage accounts: user create-admin", runUser},
	{"curriculum", "add the starting courses: curriculum install --as ADDRESS", runCurriculum},
	{"bench", "measure civhub under load on a generated database", runBench},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return // the person asked for help and got it
	} else if err != nil {
		fmt.Fprintln(os.Stderr, "civhub:", err)
		stop()
		os.Exit(2)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		usage(stderr)
		return errors.New("no command given")
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		return nil
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(ctx, args[1:], stdout, stderr)
		}
	}
	usage(stderr)
	return fmt.Errorf("unknown command %q", args[0])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "civhub: the online home of Civil Society 2.0")
	fmt.Fprintln(w, "\nUsage: civhub COMMAND [flags]\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'civhub COMMAND --help' for a command's flags. Every flag can also be set with the\nenvironment variable shown in its help.")
}
