package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"civhub/sqldb"
)

// TestToolkitTranslationWalk is the second story of learning, in real browsers on both databases
// and in four languages: Diego writes a French toolkit for his organization, edits it twice,
// compares two revisions and restores one; he makes translating it into Arabic a task; Jean claims
// it, writes the translation and hands it in; Diego approves it, and the Arabic toolkit exists,
// credited to Jean and up to date. Diego edits the French original once more, and Awa, reading the
// Arabic version, is told it may be out of date. Kofi, a moderator, finds nothing waiting.
func TestToolkitTranslationWalk(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) { toolkitTranslationWalk(t, d) })
	}
}

func toolkitTranslationWalk(t *testing.T, d sqldb.Dialect) {
	c := newCast(t, d, "kit-")
	base, id, as := c.base, c.id, c.as
	revisions := func(lang string) int64 {
		return id(`SELECT COUNT(*) FROM toolkit_revisions r JOIN toolkits k ON k.id = r.toolkit_id
			WHERE k.slug = 'se-preparer-aux-inondations' AND k.language = $1 AND r.status = 'published'`, lang)
	}

	org := id(`SELECT m.organization_id FROM memberships m JOIN people p ON p.id = m.person_id
		WHERE p.email = 'diego@demo.civhub.test' AND m.role = 'owner' ORDER BY m.organization_id LIMIT 1`)
	diego := as("diego", "diego@demo.civhub.test", "es")
	diego.do("new",
		chromedp.Navigate(base+"/toolkits"),
		chromedp.Click(`a[href="/toolkits/new"]`),
		chromedp.WaitReady(`#f-page_body_1`),
		chromedp.SendKeys(`#f-title`, "Se préparer aux inondations"),
		chromedp.SendKeys(`#f-summary`, "Ce qu’une association de quartier fait avant, pendant et après une crue."),
		chromedp.SetValue(`#f-language`, "fr"),
		chromedp.SetValue(`#f-organization`, fmt.Sprint(org)),
		chromedp.SendKeys(`#f-tags`, "crise, inondation"),
		chromedp.SendKeys(`#f-page_title_1`, "Avant la crue"),
		chromedp.SendKeys(`#f-page_body_1`, "Faire la liste des familles à prévenir.\n\n- Noter leur téléphone."),
		chromedp.SendKeys(`#f-page_title_2`, "Pendant la crue"),
		chromedp.SendKeys(`#f-page_body_2`, "Appeler les familles une par une."),
		chromedp.Click(`form[action="/toolkits/new"] button`),
		chromedp.WaitReady(`#page-1-h`))
	kitURL := base + "/toolkits/se-preparer-aux-inondations/fr"
	checklist := filepath.Join(t.TempDir(), "liste.pdf")
	if err := os.WriteFile(checklist, []byte("%PDF-1.7\n1 0 obj\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	diego.do("attach",
		chromedp.SetUploadFiles(`#f-file`, []string{checklist}),
		chromedp.Click(`form[action$="/files"] button`),
		chromedp.WaitReady(`a[download][href*="/files/"]`))
	if n := revisions("fr"); n != 1 {
		t.Fatalf("published revisions after creating it: %d", n)
	}
	for i, body := range []string{
		"Faire la liste des familles à prévenir, avec les personnes âgées en premier.\n\n- Noter leur téléphone.",
		"Faire la liste des familles à prévenir.\n\n- Noter leur téléphone et leur adresse.",
	} {
		diego.do(fmt.Sprintf("edit-%d", i+1),
			chromedp.Navigate(kitURL+"/edit"),
			chromedp.WaitReady(`#f-page_body_1`),
			chromedp.SetValue(`#f-page_body_1`, body),
			chromedp.SendKeys(`#f-note`, fmt.Sprintf("Modification %d", i+1)),
			chromedp.Click(`form[action$="/edit"] button`),
			chromedp.WaitReady(`#page-1-h`))
	}
	if n := revisions("fr"); n != 3 {
		t.Fatalf("published revisions after two edits: %d", n)
	}
	diego.do("compare",
		chromedp.Navigate(kitURL+"/history"),
		chromedp.Click(`form[action$="/compare"] > p > button`),
		chromedp.WaitReady(`.diff ins`),
		chromedp.WaitReady(`.diff del`))
	if s := diego.text(".diff"); !strings.Contains(s, "adresse") || !strings.Contains(s, "âgées") {
		t.Fatalf("the comparison of revisions 2 and 3: %q", s)
	}
	diego.do("revert",
		chromedp.Navigate(kitURL+"/history"),
		chromedp.Click(`button[formaction$="/revisions/2/revert"]`),
		chromedp.WaitReady(`table.history tbody tr:nth-child(4)`))
	if n := revisions("fr"); n != 4 {
		t.Fatalf("published revisions after the revert: %d", n)
	}
	diego.do("reverted", chromedp.Navigate(kitURL), chromedp.WaitReady(`#page-1-h`))
	if s := diego.text("#page-0"); !strings.Contains(s, "personnes âgées") {
		t.Fatalf("the first page after restoring revision 2: %q", s)
	}
	diego.do("task",
		chromedp.Navigate(kitURL+"/task"),
		chromedp.WaitReady(`#f-need`),
		chromedp.SetValue(`#f-language`, "ar"),
		chromedp.Click(`form[action$="/task"] button`),
		chromedp.WaitReady(`a[href$="/toolkit"]`))
	task := id(`SELECT tt.task_id FROM toolkit_tasks tt JOIN toolkits k ON k.id = tt.toolkit_id
		WHERE tt.language = 'ar' AND k.slug = 'se-preparer-aux-inondations'`)
	taskURL := fmt.Sprintf("%s/tasks/%d", base, task)

	jean := as("jean", "jean@demo.civhub.test", "ar")
	jean.do("claim",
		chromedp.Navigate(taskURL),
		chromedp.Click(`form[action$="/join"] button`),
		chromedp.WaitNotPresent(`form[action$="/join"]`))
	jean.do("translate",
		chromedp.Click(`a[href$="/toolkit"]`),
		chromedp.WaitReady(`#f-page_body_2`),
		chromedp.SetValue(`#f-title`, "الاستعداد للفيضانات"),
		chromedp.SetValue(`#f-summary`, "ما تفعله جمعية الحي قبل الفيضان وأثناءه وبعده."),
		chromedp.SetValue(`#f-page_title_1`, "قبل الفيضان"),
		chromedp.SetValue(`#f-page_body_1`, "نعدّ قائمة بالعائلات التي يجب إنذارها، ونبدأ بكبار السن."),
		chromedp.SetValue(`#f-page_title_2`, "أثناء الفيضان"),
		chromedp.SetValue(`#f-page_body_2`, "نتصل بالعائلات واحدة تلو الأخرى."),
		chromedp.Click(`button[name="hand_in"]`),
		chromedp.WaitReady(`a[href$="/toolkit"]`))
	if n := id(`SELECT COUNT(*) FROM assignments a JOIN people p ON p.id = a.volunteer_id
		WHERE a.task_id = $1 AND p.email = 'jean@demo.civhub.test' AND a.status = 'submitted'`, task); n != 1 {
		t.Fatalf("Jean's handed-in work: %d", n)
	}
	if n := revisions("ar"); n != 0 {
		t.Fatal("the translation is published before the organization approved it")
	}

	diego = as("diego", "diego@demo.civhub.test", "es")
	diego.do("read-work", chromedp.Navigate(taskURL+"/toolkit"), chromedp.WaitReady(`section[aria-labelledby^="work-"]`))
	diego.do("approve",
		chromedp.Navigate(taskURL),
		chromedp.Click(`form[action$="/approve"] button`),
		chromedp.WaitNotPresent(`form[action$="/approve"]`))
	if n := id(`SELECT COUNT(*) FROM toolkit_revisions r JOIN people p ON p.id = r.author_id JOIN toolkits k ON k.id = r.toolkit_id
		WHERE k.language = 'ar' AND k.current_rev = r.id AND p.email = 'jean@demo.civhub.test'`); n != 1 {
		t.Fatal("the Arabic toolkit's current revision is not Jean's")
	}
	diego.do("arabic", chromedp.Navigate(base+"/toolkits/se-preparer-aux-inondations/ar"), chromedp.WaitReady(`p.done`))
	if s := diego.text("dl.facts"); !strings.Contains(s, "Jean") {
		t.Fatalf("the Arabic toolkit's facts do not credit Jean: %q", s)
	}
	diego.do("edit-source",
		chromedp.Navigate(kitURL+"/edit"),
		chromedp.WaitReady(`#f-page_body_2`),
		chromedp.SetValue(`#f-page_body_2`, "Appeler les familles une par une, puis aller voir celles qui ne répondent pas."),
		chromedp.Click(`form[action$="/edit"] button`),
		chromedp.WaitReady(`#page-1-h`))

	awa := as("awa", "awa@demo.civhub.test", "fr")
	awa.do("outdated", chromedp.Navigate(base+"/toolkits/se-preparer-aux-inondations/ar"),
		chromedp.WaitReady(`p.flash a[href="/toolkits/se-preparer-aux-inondations/fr/compare?from=4&to=5"]`))

	kofi := as("kofi", "kofi@demo.civhub.test", "en")
	kofi.do("queue", chromedp.Navigate(base+"/admin/toolkits"), chromedp.WaitReady(`main p.lead`))
	if n := len(mustLinks(t, kofi.ctx, `form[action^="/admin/toolkits/revisions/"]`)); n != 0 {
		t.Fatalf("edits waiting for a moderator: %d", n)
	}
	kofi.do("history", chromedp.Navigate(kitURL+"/history"), chromedp.WaitReady(`table.history`))
}
