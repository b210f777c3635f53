package main

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"civhub/sqldb"
	"civhub/web/browsertest"
)

// TestOfflineCourseFile downloads the Arabic course on staying safe as one file and opens it from
// the disk in a real browser: it shows every lesson and the answers, right to left, with its own
// styles, and asks the network for nothing at all, so it opens where there is none.
func TestOfflineCourseFile(t *testing.T) {
	m, _ := startMain(t, sqldb.SQLite)
	resp, err := http.Get("http://" + m.Addr() + "/courses/safe-online/ar/offline")
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("the offline file: %d, %v", resp.StatusCode, err)
	}
	if d := resp.Header.Get("Content-Disposition"); !strings.Contains(d, `filename="safe-online-ar.html"`) {
		t.Errorf("Content-Disposition %q", d)
	}
	file := filepath.Join(t.TempDir(), "safe-online-ar.html")
	if err := os.WriteFile(file, body, 0o600); err != nil {
		t.Fatal(err)
	}

	b := browsertest.New(t)
	ctx := b.NewTab(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate("file://"+file), chromedp.WaitReady(`#answers`)); err != nil {
		t.Fatal(err)
	}
	screenshot(t, b, ctx, "offline-course-ar.png")
	facts, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		Lang, Dir string
		Lessons   int
		Resources int
		Styled    bool
		Text      string
	}](`({lang: document.documentElement.lang, dir: getComputedStyle(document.body).direction,
		lessons: document.querySelectorAll('section[id^="lesson-"]').length,
		resources: performance.getEntriesByType('resource').length,
		styled: getComputedStyle(document.querySelector('.answer')).borderInlineStartWidth === '4px',
		text: document.body.innerText})`))
	if err != nil {
		t.Fatal(err)
	}
	if facts.Lang != "ar" || facts.Dir != "rtl" || facts.Lessons != 5 || !facts.Styled {
		t.Errorf("the file: lang %q, direction %q, %d lessons, styled %v", facts.Lang, facts.Dir, facts.Lessons, facts.Styled)
	}
	if facts.Resources != 0 {
		t.Errorf("the file asked the network for %d resources", facts.Resources)
	}
	for _, want := range []string{"الأمان على الإنترنت", "كلمة مرور لكل حساب", "الإجابات", "أترك الرابط وأفتح موقع البريد بنفسي"} {
		if !strings.Contains(facts.Text, want) {
			t.Errorf("the file lacks %q", want)
		}
	}
	violations, err := browsertest.Axe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(violations) > 0 {
		t.Errorf("axe:\n%s", browsertest.FormatViolations(violations))
	}
}
