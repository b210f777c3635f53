package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// flagSet is a flag.FlagSet whose flags each have an environment twin: CIVHUB_ plus the flag's name
// in upper case with dashes as underscores, unless a flag names its own. A flag given on the command
// line wins over its environment variable.
type flagSet struct {
	*flag.FlagSet
	env map[string]string // flag name → environment variable
}

func newFlagSet(name, summary string, stderr io.Writer) *flagSet {
	fs := &flagSet{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError), env: map[string]string{}}
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: civhub %s [flags]\n\n%s\n\nFlags:\n", name, summary)
		fs.PrintDefaults()
	}
	return fs
}

func (fs *flagSet) envName(name, env string) string {
	if env == "" {
		env = "CIVHUB_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
	}
	fs.env[name] = env
	return env
}

// String defines a string flag with an environment twin (env "" derives the name).
func (fs *flagSet) String(p *string, name, env, value, usage string) {
	fs.StringVar(p, name, value, usage+" ($"+fs.envName(name, env)+")")
}

// Bool defines a boolean flag with an environment twin.
func (fs *flagSet) Bool(p *bool, name, env string, value bool, usage string) {
	fs.BoolVar(p, name, value, usage+" ($"+fs.envName(name, env)+")")
}

// Int defines an integer flag with an environment twin.
func (fs *flagSet) Int(p *int, name, env string, value int, usage string) {
	fs.IntVar(p, name, value, usage+" ($"+fs.envName(name, env)+")")
}

// Duration defines a duration flag with an environment twin.
func (fs *flagSet) Duration(p *time.Duration, name, env string, value time.Duration, usage string) {
	fs.DurationVar(p, name, value, usage+" ($"+fs.envName(name, env)+")")
}

// Parse reads the environment first, then the command line, and rejects stray arguments.
func (fs *flagSet) Parse(args []string) error {
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		if v, ok := os.LookupEnv(fs.env[f.Name]); ok && envErr == nil {
			if err := f.Value.Set(v); err != nil {
				envErr = fmt.Errorf("$%s: %w", fs.env[f.Name], err)
			}
		}
	})
	if envErr != nil {
		return envErr
	}
	if err := fs.FlagSet.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return nil
}
