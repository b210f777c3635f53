package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"civhub/sqldb"
)

// TestCourseGatesTaskWalk is the first story of learning, in real browsers on both databases:
// Inès, the administrator, makes Awa a trainer; Awa writes a French course with a quiz and sends it
// to the moderators; Kofi publishes it; Diego makes a task of his require it. Jean, who wants that
// task, is sent to the course, fails its quiz once, passes, comes back to the task and claims it,
// and his certificate names the course.
func TestCourseGatesTaskWalk(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) { courseGatesTaskWalk(t, d) })
	}
}

func courseGatesTaskWalk(t *testing.T, d sqldb.Dialect) {
	c := newCast(t, d, "")
	base, id, as := c.base, c.id, c.as
	awaID := id(`SELECT id FROM people WHERE email = 'awa@demo.civhub.test'`)
	ines := as("ines", "admin@demo.civhub.test", "fr")
	ines.do("make-trainer",
		chromedp.Navigate(base+"/admin/people?q=awa"),
		chromedp.Click(fmt.Sprintf(`form[action="/admin/people/%d/trainer"] button`, awaID)),
		chromedp.WaitReady(fmt.Sprintf(`form[action="/admin/people/%d/trainer"] input[value="false"]`, awaID)))

	awa := as("awa", "awa@demo.civhub.test", "fr")
	awa.do("new-course",
		chromedp.Navigate(base+"/courses"),
		chromedp.Click(`a[href="/courses/new"]`),
		chromedp.WaitReady(`#f-summary`),
		chromedp.SendKeys(`#f-title`, "Publier sans se mettre en danger"),
		chromedp.SendKeys(`#f-summary`, "Ce qu’une association peut publier sur les réseaux sociaux, et ce qu’elle doit garder pour elle."),
		chromedp.SetValue(`#f-minutes`, "15"),
		chromedp.SetValue(`#f-pass_mark`, "100"),
		chromedp.Click(`form[action="/courses/new"] button`),
		chromedp.WaitReady(`form[action$="/lessons"]`))
	courseURL, err := chromedp.Run(awa.ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(courseURL, "/courses/publier-sans-se-mettre-en-danger/fr") {
		t.Fatalf("the course's address: %s", courseURL)
	}
	awa.do("lesson",
		chromedp.SendKeys(`form[action$="/lessons"] #f-title`, "Ce qu’on montre, ce qu’on cache"),
		chromedp.Click(`form[action$="/lessons"] button`),
		chromedp.WaitReady(`#f-body`),
		chromedp.SendKeys(`#f-body`, "Avant de publier une photo, regardez **le fond** : une adresse, une plaque, un visage d’enfant.\n\n- Floutez les visages.\n- Ne publiez pas un lieu de réunion à l’avance."),
		chromedp.Click(`form[action$="/lessons/1/edit"] button`),
		chromedp.WaitReady(`.markdown.lesson strong`))
	awa.do("question-1",
		chromedp.Navigate(courseURL+"/lessons/1/edit"),
		chromedp.SetValue(`#f-kind`, "single"),
		chromedp.SendKeys(`#f-prompt`, "Peut-on annoncer le lieu d’une réunion la veille ?"),
		chromedp.SendKeys(`#f-choices`, "Oui, tout le monde doit le savoir\n* Non, on le donne aux membres en privé"),
		chromedp.SendKeys(`#f-explanation`, "Un lieu annoncé publiquement peut être surveillé."),
		chromedp.Click(`form[action$="/lessons/1/questions"] button`),
		chromedp.WaitReady(`ol.questions li`))
	awa.do("question-2",
		chromedp.SetValue(`#f-kind`, "short"),
		chromedp.SendKeys(`#f-prompt`, "Que fait-on aux visages des enfants sur une photo ?"),
		chromedp.SendKeys(`#f-accepted`, "flouter\non les floute"),
		chromedp.Click(`form[action$="/lessons/1/questions"] button`),
		chromedp.WaitReady(`ol.questions li:nth-child(2)`))
	awa.do("submit",
		chromedp.Navigate(courseURL),
		chromedp.Click(`form[action$="/submit"] button`),
		chromedp.WaitNotPresent(`form[action$="/submit"]`))

	kofi := as("kofi", "kofi@demo.civhub.test", "en")
	kofi.do("publish",
		chromedp.Navigate(base+"/admin/courses"),
		chromedp.Click(`a[href="/courses/publier-sans-se-mettre-en-danger/fr"]`),
		chromedp.Click(`button[name="decision"][value="publish"]`),
		// The course page says it waits for a moderator in a .flash too: wait for the queue instead.
		chromedp.WaitNotPresent(`button[name="decision"]`),
		chromedp.WaitReady(`.flash`))

	task := id(`SELECT id FROM tasks WHERE title = 'Publicar el simulacro en redes sociales'`)
	taskURL := fmt.Sprintf("%s/tasks/%d", base, task)
	diego := as("diego", "diego@demo.civhub.test", "es")
	diego.do("require",
		chromedp.Navigate(taskURL+"/edit"),
		chromedp.SetAttributeValue(`input[name="courses"][value="publier-sans-se-mettre-en-danger"]`, "checked", ""),
		chromedp.Click(`form[action$="/edit"] button`),
		chromedp.WaitNotPresent(`form[action$="/edit"]`),
		chromedp.WaitReady(`.flash`))

	// Jean wants the task: it sends him to the course first.
	jean := as("jean", "jean@demo.civhub.test", "fr")
	jean.do("task", chromedp.Navigate(taskURL), chromedp.WaitReady(`#course-first-h`))
	if n := len(mustLinks(t, jean.ctx, `form[action$="/join"]`)); n != 0 {
		t.Fatal("the join button shows before the course")
	}
	jean.do("course",
		chromedp.Click(`section[aria-labelledby="course-first-h"] a`),
		chromedp.WaitReady(`a.button[href*="/lessons/1"]`),
		chromedp.Click(`a.button[href*="/lessons/1"]`),
		chromedp.WaitReady(`form.quiz`))
	jean.do("quiz-fail",
		chromedp.Click(`form.quiz fieldset:nth-of-type(1) input[value="0"]`),
		chromedp.SendKeys(`form.quiz input[type="text"]`, "les cacher"),
		chromedp.Click(`form.quiz button`),
		chromedp.WaitReady(`form.quiz fieldset.wrong`))
	if s := jean.text("main"); !strings.Contains(s, "Pas encore") || !strings.Contains(s, "Un lieu annoncé publiquement peut être surveillé.") {
		t.Fatalf("after a failed try: %q", s)
	}
	jean.do("quiz-pass",
		chromedp.Click(`form.quiz fieldset:nth-of-type(1) input[value="1"]`),
		chromedp.SetValue(`form.quiz input[type="text"]`, "Flouter !"),
		chromedp.Click(`form.quiz button`),
		chromedp.WaitReady(`a.button[href$="/tasks/`+fmt.Sprint(task)+`"]`))
	jean.do("back",
		chromedp.Click(`a.button[href$="/tasks/`+fmt.Sprint(task)+`"]`),
		chromedp.WaitReady(`form[action$="/join"]`))
	if s := jean.text("dl.facts"); !strings.Contains(s, "Publier sans se mettre en danger") || !strings.Contains(s, "terminé") {
		t.Fatalf("the task's facts: %q", s)
	}
	jean.do("claim",
		chromedp.Click(`form[action$="/join"] button`),
		chromedp.WaitNotPresent(`form[action$="/join"]`))
	if n := id(`SELECT COUNT(*) FROM assignments a JOIN people p ON p.id = a.volunteer_id
		WHERE a.task_id = $1 AND p.email = 'jean@demo.civhub.test' AND a.status = 'claimed'`, task); n != 1 {
		t.Fatalf("Jean's claims of the task: %d", n)
	}
	jean.do("certificate", chromedp.Navigate(base+"/me/certificate"), chromedp.WaitReady(`.certificate`))
	if s := jean.text(".certificate"); !strings.Contains(s, "Cours terminés") || !strings.Contains(s, "Publier sans se mettre en danger") {
		t.Fatalf("the certificate: %q", s)
	}
	jean.do("learning", chromedp.Navigate(base+"/me/learning"))
	if s := jean.text("main"); !strings.Contains(s, "Publier sans se mettre en danger") {
		t.Fatalf("Jean's learning page: %q", s)
	}
}
