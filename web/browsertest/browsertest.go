// Package browsertest runs pages in a headless Chromium for tests: it opens
// tabs, takes screenshots and checks pages for accessibility problems with a
// vendored copy of axe-core.
//
// The browser binary comes from the environment variable CIVHUB_TEST_CHROMIUM.
// When it is unset, [New] skips the test, except under CI (the variable CI is
// not empty), where a missing browser fails the test.
//
// A typical test:
//
//	b := browsertest.New(t)
//	ctx := b.NewTab(t)
//	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
//		t.Fatal(err)
//	}
//	violations, err := browsertest.Axe(ctx)
//	if err != nil {
//		t.Fatal(err)
//	}
//	if len(violations) > 0 {
//		t.Error(browsertest.FormatViolations(violations))
//	}
package browsertest

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// EnvChromium is the name of the environment variable that holds the path of
// the Chromium binary used by [New].
const EnvChromium = "CIVHUB_TEST_CHROMIUM"

// TabTimeout is how long the context returned by [Browser.NewTab] stays
// valid. Every action run in the tab must finish within it. It guards against
// a hang, not a slow machine: the longest walk (every page in four languages,
// each checked by axe-core) took 194 s under the race detector on a busy
// 2-core machine.
const TabTimeout = 8 * time.Minute

// startTimeout bounds how long New waits for the browser to come up.
const startTimeout = 30 * time.Second

// screenshotTimeout bounds one screenshot.
const screenshotTimeout = 30 * time.Second

// closeTimeout bounds how long the cleanup waits for a graceful shutdown.
const closeTimeout = 10 * time.Second

// Browser is one running headless Chromium process. Tests get one from [New]
// and open tabs in it with [Browser.NewTab]. The tabs of one Browser may be
// used from several goroutines, one goroutine per tab.
type Browser struct {
	ctx context.Context // the context of the browser's first tab
}

// lockedBuffer collects the browser's output; the browser writes to it from
// its own goroutine.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// New starts a headless Chromium for the test t and stops it when the test
// ends. The binary is the one named by the environment variable
// CIVHUB_TEST_CHROMIUM. When the variable is unset, New skips the test, or
// fails it when the environment variable CI is not empty.
func New(t testing.TB) *Browser {
	t.Helper()
	execPath := os.Getenv(EnvChromium)
	if execPath == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("browsertest: %s is not set; CI must provide a Chromium binary for browser tests", EnvChromium)
		}
		t.Skipf("browsertest: %s is not set; skipping browser test", EnvChromium)
	}
	if _, err := os.Stat(execPath); err != nil {
		t.Fatalf("browsertest: %s=%q: %v", EnvChromium, execPath, err)
	}

	// TempDir registers its removal before the cleanup below, so the
	// browser is stopped before its profile is deleted.
	dataDir := t.TempDir()
	output := &lockedBuffer{}

	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(execPath),
		chromedp.UserDataDir(dataDir),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("headless", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.WindowSize(1280, 800),
		chromedp.CombinedOutput(output),
	)
	ctx, cancel := chromedp.NewContext(allocCtx)

	stop := func() {
		cctx, ccancel := context.WithTimeout(ctx, closeTimeout)
		err := chromedp.Cancel(cctx)
		ccancel()
		cancel()
		allocCancel() // waits for the process to exit
		if err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
			t.Logf("browsertest: closing browser: %v", err)
		}
	}

	// The first action starts the browser and ties its life to ctx, so it
	// runs without a deadline; the timer guards against a hung start.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err := <-started:
		if err != nil {
			stop()
			t.Fatalf("browsertest: starting %s: %v\nbrowser output:\n%s", execPath, err, output.String())
		}
	case <-time.After(startTimeout):
		stop()
		t.Fatalf("browsertest: %s did not start within %v\nbrowser output:\n%s", execPath, startTimeout, output.String())
	}
	t.Cleanup(stop)
	return &Browser{ctx: ctx}
}

// NewTab opens a new tab in the browser and returns its context, for use with
// chromedp.Do and chromedp.Run. The context expires after [TabTimeout], and
// the tab closes when the test t ends.
func (b *Browser) NewTab(t testing.TB) context.Context {
	t.Helper()
	tabCtx, cancel := chromedp.NewContext(b.ctx)
	t.Cleanup(func() {
		// Cancel closes the tab and waits until it is gone; cancel
		// releases the rest.
		_ = chromedp.Cancel(tabCtx)
		cancel()
	})
	// Open the tab now, without the deadline, so that the deadline below
	// limits the test's actions and not the life of the tab.
	if err := chromedp.Do(tabCtx); err != nil {
		t.Fatalf("browsertest: opening tab: %v", err)
	}
	ctx, cancelTimeout := context.WithTimeout(tabCtx, TabTimeout)
	t.Cleanup(cancelTimeout)
	return ctx
}

// Screenshot writes a PNG screenshot of the whole page in the tab ctx to
// path, creating the parent directories as needed.
func (b *Browser) Screenshot(ctx context.Context, path string) error {
	// Chromium sometimes never answers a full-page capture; a screenshot is not worth a test.
	shotCtx, cancel := context.WithTimeout(ctx, screenshotTimeout)
	defer cancel()
	png, err := chromedp.Run(shotCtx, chromedp.FullScreenshot(100)) // 100 selects PNG
	if err != nil {
		return fmt.Errorf("browsertest: screenshot: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("browsertest: screenshot: %w", err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		return fmt.Errorf("browsertest: screenshot: %w", err)
	}
	return nil
}

// axeSource is axe-core's browser bundle; README.md names its version.
//
//go:embed axe.min.js
var axeSource string

// axeTags are the rule sets that Axe checks.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"}

// axeRunScript runs axe on the document and reduces its result to the fields
// of Violation. A node's target is a list of selectors, one per frame, and a
// selector inside shadow DOM is itself a list.
var axeRunScript = `axe.run(document, {runOnly: {type: 'tag', values: ` + jsStringArray(axeTags) + `}})
.then(function (result) {
	return result.violations.map(function (v) {
		return {
			id: v.id,
			impact: v.impact || '',
			help: v.help || '',
			helpUrl: v.helpUrl || '',
			nodes: v.nodes.map(function (n) {
				var target = (n.target || []).map(function (s) {
					return Array.isArray(s) ? s.join(' >>> ') : String(s);
				}).join(' -> ');
				return target || n.html || '';
			}),
		};
	});
})`

func jsStringArray(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = "'" + v + "'"
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

// Violation is one axe-core rule that the page breaks.
type Violation struct {
	ID      string   `json:"id"`      // rule id, such as "image-alt"
	Impact  string   `json:"impact"`  // "minor", "moderate", "serious" or "critical"
	Help    string   `json:"help"`    // one-line description of the rule
	HelpURL string   `json:"helpUrl"` // page that explains the rule
	Nodes   []string `json:"nodes"`   // CSS selectors of the offending elements, or their HTML when axe gives no selector
}

// Axe checks the page loaded in the tab ctx with axe-core against the WCAG 2.0,
// 2.1 and 2.2 A and AA rules and axe's best practices, and returns the
// violations it finds. It injects axe-core into the page first unless the page
// already has it. Load the page, for example with chromedp.Navigate, before
// calling Axe.
func Axe(ctx context.Context) ([]Violation, error) {
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](
		`typeof window.axe === 'object' && window.axe !== null && typeof window.axe.run === 'function'`))
	if err != nil {
		return nil, fmt.Errorf("browsertest: axe: %w", err)
	}
	if !loaded {
		// The trailing undefined keeps the script's completion value, which
		// cannot be serialized, out of the reply.
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](axeSource+"\n;undefined")); err != nil {
			return nil, fmt.Errorf("browsertest: injecting axe-core: %w", err)
		}
	}
	violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]Violation](axeRunScript, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("browsertest: running axe-core: %w", err)
	}
	return violations, nil
}

// FormatViolations renders violations as readable text for a test failure
// message: one entry per rule, with its impact, help link and offending
// elements.
func FormatViolations(violations []Violation) string {
	if len(violations) == 0 {
		return "no accessibility violations"
	}
	var b strings.Builder
	if len(violations) == 1 {
		b.WriteString("1 accessibility violation:\n")
	} else {
		fmt.Fprintf(&b, "%d accessibility violations:\n", len(violations))
	}
	for _, v := range violations {
		impact := v.Impact
		if impact == "" {
			impact = "unknown impact"
		}
		fmt.Fprintf(&b, "- %s (%s): %s\n", v.ID, impact, v.Help)
		if v.HelpURL != "" {
			fmt.Fprintf(&b, "  see %s\n", v.HelpURL)
		}
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "  at %s\n", n)
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}
