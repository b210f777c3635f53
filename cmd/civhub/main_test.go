package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"civhub"
	"civhub/curriculum"
	"civhub/demo"
	"civhub/seal"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// TestMain lets a test run this test binary as the civhub command itself, so that signals, exit
// codes and restarts can be tested on the real main; civhub's own child processes (the bench's
// server, startServe) are this binary too.
func TestMain(m *testing.M) {
	if args := os.Getenv("CIVHUB_TEST_RUN_MAIN"); args != "" {
		os.Args = append([]string{"civhub"}, strings.Fields(args)...)
		main()
		os.Exit(0)
	}
	serverCommand = func(args ...string) (*exec.Cmd, error) {
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), "CIVHUB_TEST_RUN_MAIN="+strings.Join(args, " "))
		return cmd, nil
	}
	os.Exit(m.Run())
}

// startMain boots civhub on port 0 on a fresh database of dialect d, filled with the demo data.
// configure, if given, adjusts the configuration first (to add an SMTP server, say).
func startMain(t testing.TB, d sqldb.Dialect, configure ...func(*Config)) (*Main, []demo.Persona) {
	t.Helper()
	ctx := context.Background()
	m := openMain(t, d, configure...)
	personas, err := loadDemo(ctx, m, "demo-password")
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Run(ctx); err != nil {
		t.Fatal(err)
	}
	return m, personas
}

// openMain opens civhub on a fresh, empty database of dialect d, configured by configure, and
// closes it when t ends; Run starts it.
func openMain(t testing.TB, d sqldb.Dialect, configure ...func(*Config)) *Main {
	t.Helper()
	m := &Main{
		Config: Config{Addr: "127.0.0.1:0", DatabaseURL: sqldbtest.URL(t, d), ShutdownTimeout: 10 * time.Second,
			MailFrom: "civhub <civhub@example.org>", MetricsAddr: "127.0.0.1:0"},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	for _, c := range configure {
		c(&m.Config)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := m.Close(ctx); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	if err := m.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestEndToEnd(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			m, personas := startMain(t, d)
			if len(personas) < 8 {
				t.Fatalf("%d demo personas, want the people of the product story", len(personas))
			}
			for path, want := range map[string]int{"/": 200, "/healthz": 200, "/readyz": 200, "/metrics": 404, "/api/openapi.json": 200, "/nope": 404} {
				resp, err := http.Get("http://" + m.Addr() + path)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != want {
					t.Errorf("GET %s = %d, want %d", path, resp.StatusCode, want)
				}
			}
			// The metrics are on their own address, which the public does not reach.
			resp, err := http.Get("http://" + m.MetricsAddr() + "/metrics")
			if err != nil {
				t.Fatal(err)
			}
			metrics, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || !strings.Contains(string(metrics), `civhub_http_requests_total{code="200",route="GET /healthz"}`) {
				t.Errorf("GET /metrics on %s = %d:\n%.500s", m.MetricsAddr(), resp.StatusCode, metrics)
			}
			// The demo directory: about forty opportunities, published, in the four languages, from
			// several regions; the moderators have some waiting.
			page, err := m.Services.Resources.SearchResources(context.Background(), civhub.ResourceFilter{Limit: 200})
			if err != nil {
				t.Fatal(err)
			}
			langs, countries := map[string]bool{}, map[string]bool{}
			for _, r := range page.Resources {
				for _, l := range r.Languages {
					langs[l] = true
				}
				for _, c := range r.Countries {
					countries[c] = true
				}
			}
			if n := len(page.Resources); n < 35 || !langs["ar"] || !langs["es"] || !langs["fr"] || !langs["en"] || !countries["MA"] || !countries["CL"] || !countries["KE"] || !countries["SD"] {
				t.Errorf("the demo directory: %d entries, languages %v, countries %v", n, langs, countries)
			}
			if pending, err := m.Services.Resources.SearchResources(context.Background(), civhub.ResourceFilter{Status: civhub.ResourcePending}); err != nil || len(pending.Resources) == 0 {
				t.Errorf("no demo entry waits for a moderator: %v", err)
			}
			if _, err := loadDemo(context.Background(), m, ""); err == nil {
				t.Error("the demo loaded twice into the same database")
			}
		})
	}
}

// TestSIGTERM runs the real civhub serve, sends it SIGTERM and expects a clean exit with status 0.
func TestSIGTERM(t *testing.T) {
	db := filepath.Join(t.TempDir(), "civhub.db")
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "CIVHUB_TEST_RUN_MAIN=serve --addr 127.0.0.1:0 --metrics-addr 127.0.0.1:0 --db "+db)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addr := make(chan string, 1)
	go func() {
		serving := regexp.MustCompile(`serving at (http://\S+)`)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := serving.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
	}()
	var url string
	select {
	case url = <-addr:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("civhub serve did not start; stderr:\n%s", stderr.String())
	}
	resp, err := http.Get(url + "healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("civhub serve exited with %v after SIGTERM; stderr:\n%s", err, stderr.String())
		}
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatal("civhub serve did not exit after SIGTERM")
	}
	if !strings.Contains(stderr.String(), "shutting down") {
		t.Errorf("no shutdown in the log:\n%s", stderr.String())
	}
}

func TestCommandLine(t *testing.T) {
	for _, tc := range []struct {
		name    string
		args    []string
		wantErr bool
	}{
		{"OK/help", []string{"--help"}, false},
		{"ErrNoCommand", nil, true},
		{"ErrUnknownCommand", []string{"frobnicate"}, true},
		{"ErrStrayArgument", []string{"migrate", "extra"}, true},
		{"ErrShortDemoPassword", []string{"demo", "--password", "short"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := run(context.Background(), tc.args, io.Discard, io.Discard)
			if (err != nil) != tc.wantErr {
				t.Fatalf("run(%q) = %v, want error %v", tc.args, err, tc.wantErr)
			}
		})
	}
	t.Run("OK/migrate", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "x.db")
		if err := run(context.Background(), []string{"migrate", "--db", db}, io.Discard, io.Discard); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(db); err != nil {
			t.Fatal("migrate created no database")
		}
	})
	t.Run("OK/env", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "env.db")
		t.Setenv("CIVHUB_DATABASE_URL", db)
		if err := run(context.Background(), []string{"migrate"}, io.Discard, io.Discard); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(db); err != nil {
			t.Fatal("CIVHUB_DATABASE_URL was not used")
		}
	})
	t.Run("ErrBadEnv", func(t *testing.T) {
		t.Setenv("CIVHUB_BEHIND_PROXY", "maybe")
		if err := run(context.Background(), []string{"serve"}, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "CIVHUB_BEHIND_PROXY") {
			t.Fatalf("err = %v, want one naming CIVHUB_BEHIND_PROXY", err)
		}
	})
}

func TestCreateAdmin(t *testing.T) {
	db := filepath.Join(t.TempDir(), "civhub.db")
	t.Setenv("CIVHUB_ADMIN_PASSWORD", "")
	var out strings.Builder
	m := &Main{Config: Config{DatabaseURL: db}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	defer m.Close(context.Background())
	if err := m.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	t.Run("ErrWeakPassword", func(t *testing.T) {
		if err := createAdmin(ctx, m, "ines@example.org", "Inès", "fr", strings.NewReader("password\n"), &out); err == nil {
			t.Fatal("a common password was accepted")
		}
	})
	t.Run("OK", func(t *testing.T) {
		if err := createAdmin(ctx, m, "ines@example.org", "Inès", "fr", strings.NewReader("une phrase assez longue\n"), &out); err != nil {
			t.Fatal(err)
		}
		list, _ := m.Services.People.FindPeople(ctx, civhub.PersonFilter{Query: "ines@"})
		if len(list) != 1 || list[0].SiteRole != civhub.RoleAdmin || !list[0].Verified() {
			t.Fatalf("people = %+v", list)
		}
		p, err := m.Services.Accounts.Authenticate(ctx, "ines@example.org", "une phrase assez longue", civhub.Client{IPKey: "x"})
		if err != nil || p.SiteRole != civhub.RoleAdmin {
			t.Fatalf("the new admin cannot sign in: %v", err)
		}
	})
	t.Run("OKPromote", func(t *testing.T) {
		now := time.Now()
		p := &civhub.Person{Email: "kofi@example.org", DisplayName: "Kofi", Locale: "en", EmailVerifiedAt: &now}
		if err := m.Services.People.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		if err := createAdmin(ctx, m, "KOFI@example.org", "", "en", strings.NewReader(""), &out); err != nil {
			t.Fatal(err)
		}
		got, _ := m.Services.People.FindPersonByID(ctx, p.ID)
		if got.SiteRole != civhub.RoleAdmin {
			t.Fatal("the existing account was not promoted")
		}
	})
}

// TestMetricsAddress checks that an empty --metrics-addr turns the metrics off, and that an address
// in use stops the start with an error that names the flag.
func TestMetricsAddress(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	for _, tc := range []struct {
		name, addr string
		wantErr    bool
	}{{"OKOff", "", false}, {"ErrInUse", busy.Addr().String(), true}} {
		t.Run(tc.name, func(t *testing.T) {
			m := &Main{Config: Config{Addr: "127.0.0.1:0", DatabaseURL: filepath.Join(t.TempDir(), "civhub.db"), MetricsAddr: tc.addr},
				Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
			defer m.Close(context.Background())
			if err := m.Open(context.Background()); err != nil {
				t.Fatal(err)
			}
			err := m.Run(context.Background())
			if tc.wantErr {
				if err == nil || !strings.Contains(err.Error(), "--metrics-addr") {
					t.Fatalf("Run = %v, want an error naming --metrics-addr", err)
				}
				return
			}
			if err != nil || m.MetricsAddr() != "" {
				t.Fatalf("Run = %v, metrics on %q; want them off", err, m.MetricsAddr())
			}
		})
	}
}

// TestSecretKeys starts civhub with a key file and a two-factor secret stored in plain text from
// before secrets were sealed: by the end of the start-up pass it is sealed with the file's key.
func TestSecretKeys(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "keys")
	key := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, seal.KeySize))
	if err := os.WriteFile(keyFile, []byte("# current first\n2026-06:"+key+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Run("ErrBoth", func(t *testing.T) {
		c := Config{SecretKeyFile: keyFile, SecretKeys: "2026-06:" + key}
		if _, err := c.keyring(); err == nil {
			t.Fatal("keys in a file and in the environment were accepted together")
		}
	})
	t.Run("ErrBadFile", func(t *testing.T) {
		bad := filepath.Join(dir, "bad")
		os.WriteFile(bad, []byte("2026-06:short\n"), 0o600)
		m := &Main{Config: Config{DatabaseURL: filepath.Join(dir, "bad.db"), SecretKeyFile: bad}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
		defer m.Close(context.Background())
		if err := m.Open(context.Background()); err == nil {
			t.Fatal("a key file with a short key was accepted")
		}
	})
	m := &Main{Config: Config{Addr: "127.0.0.1:0", DatabaseURL: filepath.Join(dir, "civhub.db"), SecretKeyFile: keyFile},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	defer m.Close(context.Background())
	ctx := context.Background()
	if err := m.Open(ctx); err != nil {
		t.Fatal(err)
	}
	p := &civhub.Person{Email: "nour@example.org", DisplayName: "Nour", Locale: "ar"}
	if err := m.Services.People.CreatePerson(ctx, p); err != nil {
		t.Fatal(err)
	}
	const plain = "JBSWY3DPEHPK3PXP"
	if _, err := m.DB.Writer().ExecContext(ctx, `UPDATE people SET totp_secret = $1, totp_enabled_at = $2 WHERE id = $3`,
		plain, time.Now().UTC(), p.ID); err != nil {
		t.Fatal(err)
	}
	if err := m.Run(ctx); err != nil {
		t.Fatal(err)
	}
	<-m.resealed
	var stored string
	if err := m.DB.Writer().QueryRowContext(ctx, `SELECT totp_secret FROM people WHERE id = $1`, p.ID).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if !seal.SealedWith(stored, "2026-06") {
		t.Fatalf("after start-up the secret is stored as %q, want it sealed with the file's key", stored)
	}
}

// TestInstallCurriculum: civhub curriculum install adds the starting courses once, in the name of
// an administrator, and refuses anyone else.
func TestInstallCurriculum(t *testing.T) {
	db := filepath.Join(t.TempDir(), "civhub.db")
	ctx := context.Background()
	var out strings.Builder
	m := &Main{Config: Config{DatabaseURL: db}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	defer m.Close(ctx)
	if err := m.Open(ctx); err != nil {
		t.Fatal(err)
	}
	if err := installCurriculum(ctx, m, "ines@example.org", &out); err == nil {
		t.Fatal("installed in the name of nobody")
	}
	now := time.Now()
	volunteer := &civhub.Person{Email: "kofi@example.org", DisplayName: "Kofi", Locale: "en", EmailVerifiedAt: &now}
	if err := m.Services.People.CreatePerson(ctx, volunteer); err != nil {
		t.Fatal(err)
	}
	if err := installCurriculum(ctx, m, "kofi@example.org", &out); err == nil {
		t.Fatal("installed in the name of someone who is not a moderator")
	}
	if err := createAdmin(ctx, m, "ines@example.org", "Inès", "fr", strings.NewReader("une phrase assez longue\n"), &out); err != nil {
		t.Fatal(err)
	}
	list, err := curriculum.Courses()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{fmt.Sprintf("%d courses added", len(list)), "0 courses added"} {
		out.Reset()
		if err := installCurriculum(ctx, m, " Ines@Example.org ", &out); err != nil || !strings.Contains(out.String(), want) {
			t.Fatalf("install: %q, %v; want %q", out.String(), err, want)
		}
	}
	c, err := m.Services.Courses.FindCourse(ctx, "mapping-osm", "ar")
	if err != nil || c.Status != civhub.CoursePublished || c.Authors[0].Name != "Inès" {
		t.Fatalf("mapping-osm/ar: %+v, %v", c, err)
	}
}
