package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"civhub/sqldb"
)

// TestCrisisWalk is crisis response in real browsers on both databases, on a phone's screen and
// mostly in Arabic: Kofi, a coordinator, activates an earthquake response with two partners;
// Amina publishes her cooperative's urgent tasks in one step; the situation board shows them open
// and names the missing language; Priya takes the translation; the board shows her at work; Kofi
// stands the response down and the after-action report counts it.
func TestCrisisWalk(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) { crisisWalk(t, d) })
	}
}

func crisisWalk(t *testing.T, d sqldb.Dialect) {
	c := newCast(t, d, "crisis-")
	base, id, as := c.base, c.id, c.as

	kofi := as("kofi", "kofi@demo.civhub.test", "ar")
	kofi.do("activate",
		chromedp.Navigate(base+"/crises/new"),
		chromedp.WaitReady(`#f-title`),
		chromedp.SetValue(`#f-kind`, "earthquake"),
		chromedp.SendKeys(`#f-title`, "زلزال الحوز"),
		chromedp.SendKeys(`#f-summary`, "قرى معزولة في جبال الأطلس. الحاجة الأولى: الماء والمأوى."),
		chromedp.SetValue(`#f-country`, "MA"),
		chromedp.Click(`input[name="languages"][value="ar"]`),
		chromedp.Click(`input[name="languages"][value="fr"]`),
		chromedp.SendKeys(`#f-partners`, "cooperative-tamount, al-amal-youth"),
		chromedp.Click(`form[action="/crises/new"] button`),
		chromedp.WaitReady(`#now-h`))
	var slug string // an Arabic name gives the kind, the day and a few random letters
	if err := c.m.DB.Writer().QueryRow(`SELECT slug FROM crises WHERE title = 'زلزال الحوز'`).Scan(&slug); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(slug, "earthquake-"+time.Now().UTC().Format("2006-01-02")) {
		t.Fatalf("the crisis's address: %s", slug)
	}
	if n := id(`SELECT COUNT(*) FROM crisis_partners cp JOIN crises c ON c.id = cp.crisis_id WHERE c.slug = $1`, slug); n != 2 {
		t.Fatalf("partners of %s: %d", slug, n)
	}

	amina := as("amina", "amina@demo.civhub.test", "ar")
	amina.do("publish",
		chromedp.Navigate(base+"/crises/"+slug),
		chromedp.WaitReady(`form[action$="/publish"]`),
		chromedp.SetValue(`#f-language`, "ar"),
		chromedp.Click(`form[action$="/publish"] button`),
		chromedp.WaitReady(`a[href^="/tasks/"]`))
	tasks := id(`SELECT COUNT(*) FROM tasks t JOIN crises c ON c.id = t.crisis_id WHERE c.slug = $1 AND t.urgency = 'urgent'`, slug)
	if tasks < 3 {
		t.Fatalf("urgent tasks published: %d", tasks)
	}
	amina.do("board",
		chromedp.Navigate(base+"/crises/"+slug),
		chromedp.WaitReady(`ul.gaps`))
	if got := amina.text(`table:first-of-type tbody td:first-child`); got != fmt.Sprint(tasks) {
		t.Fatalf("open tasks on the board: %q, want %d", got, tasks)
	}
	if gaps := amina.text(`ul.gaps`); !strings.Contains(gaps, "الفرنسية") {
		t.Fatalf("the board does not name French as missing: %q", gaps)
	}

	translation := id(`SELECT t.id FROM tasks t JOIN crises c ON c.id = t.crisis_id WHERE c.slug = $1 AND t.target_language = 'fr'`, slug)
	priya := as("priya", "priya@demo.civhub.test", "en")
	priya.do("take",
		chromedp.Navigate(fmt.Sprintf("%s/tasks/%d", base, translation)),
		chromedp.Click(`form[action$="/join"] button`),
		chromedp.WaitReady(`form[action$="/submit"]`))

	kofi = as("kofi", "kofi@demo.civhub.test", "ar")
	kofi.do("board",
		chromedp.Navigate(base+"/crises/"+slug),
		chromedp.WaitReady(`#now-h`))
	if got := kofi.text(`table:first-of-type tbody td:nth-child(2)`); got != "1" {
		t.Fatalf("tasks with someone on them: %q", got)
	}
	if gaps := kofi.count(`ul.gaps`); gaps != 0 && strings.Contains(kofi.text(`ul.gaps`), "الفرنسية") {
		t.Fatal("French is still missing with Priya on the translation")
	}
	kofi.do("stand-down",
		chromedp.SendKeys(`#f-lessons`, "وصل أول متطوع بعد دقائق. ينقصنا مترجمون إلى الأمازيغية."),
		chromedp.Click(`form[action$="/stand-down"] button`),
		chromedp.WaitReady(`#report-h`))
	if n := id(`SELECT COUNT(*) FROM crises WHERE slug = $1 AND status = 'stood_down' AND lessons <> ''`, slug); n != 1 {
		t.Fatal("the crisis did not stand down with its lessons")
	}
}
