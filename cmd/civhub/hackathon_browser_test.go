package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"civhub/sqldb"
)

// TestHackathonWalk is the second story of events, in real browsers on both databases and in four
// languages: Diego makes his need a challenge and Amina sends hers again; Kofi vets both; Lena
// organizes an online hackathon and takes them; Priya looks for a team; Jean starts one, is
// suggested Priya for the skill his team lacks and asks her, and she joins; they hand in a
// project; Diego, a judge from the organization whose challenge it answers, may not score it, and
// Kofi does; Lena awards it and publishes the results; Jean makes it a solution, and Rosa's
// network in Lima adopts it and asks volunteers to set it up.
func TestHackathonWalk(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) { hackathonWalk(t, d) })
	}
}

func hackathonWalk(t *testing.T, d sqldb.Dialect) {
	c := newCast(t, d, "hackathon-")
	base, id, as := c.base, c.id, c.as
	text := func(query string) string {
		t.Helper()
		var s string
		if err := c.m.DB.Writer().QueryRow(query).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}

	// Diego makes his need a challenge and asks for vetting.
	need := id(`SELECT id FROM needs WHERE title = 'Mapa de albergues y rutas de evacuación'`)
	diego := as("diego", "diego@demo.civhub.test", "es")
	diego.do("challenge",
		chromedp.Navigate(fmt.Sprintf("%s/needs/%d", base, need)),
		chromedp.Click(fmt.Sprintf(`a[href="/challenges/new?need=%d"]`, need)),
		chromedp.WaitReady(`#f-affected`),
		chromedp.SendKeys(`#f-affected`, "Las familias de los cerros, muchas sin datos móviles."),
		chromedp.SendKeys(`#f-outcome`, "Saber qué albergue está abierto y cómo llegar, sin conexión."),
		chromedp.SendKeys(`#f-measure`, "En un simulacro, una familia llega a un albergue en 10 minutos."),
		chromedp.Click(`form[action="/challenges/new"] button`),
		chromedp.WaitReady(`form[action$="/move"]:has(input[value="submit"]) button`),
		chromedp.Click(`form[action$="/move"]:has(input[value="submit"]) button`),
		chromedp.WaitNotPresent(`form[action$="/move"]:has(input[value="submit"])`))
	mapSlug := text(fmt.Sprintf(`SELECT slug FROM challenges WHERE need_id = %d AND submitted_at IS NOT NULL`, need))

	// Amina answers the curator's feedback on her stock book and sends it again.
	amina := as("amina", "amina@demo.civhub.test", "ar")
	amina.do("resubmit",
		chromedp.Navigate(base+"/challenges/daftar-al-makhzun/edit"),
		chromedp.SendKeys(`#f-data`, "الدفتر وإيصالات البيع منذ 2024."),
		chromedp.Click(`form[action$="/edit"] button`),
		chromedp.WaitReady(`form[action$="/move"]:has(input[value="submit"]) button`),
		chromedp.Click(`form[action$="/move"]:has(input[value="submit"]) button`),
		chromedp.WaitNotPresent(`form[action$="/move"]:has(input[value="submit"])`))

	// Kofi, a moderator and so a curator, vets both.
	kofi := as("kofi", "kofi@demo.civhub.test", "en")
	for _, slug := range []string{mapSlug, "daftar-al-makhzun"} {
		kofi.do("vet-"+slug,
			chromedp.Navigate(base+"/admin/challenges"),
			chromedp.Click(`a[href="/challenges/`+slug+`"]`),
			chromedp.WaitReady(`#f-size`),
			chromedp.SetValue(`#f-size`, "weekend"),
			chromedp.Click(`form[action$="/move"]:has(input[value="vet"]) button`),
			chromedp.WaitReady(`form[action$="/follow"]`))
	}
	if n := id(`SELECT COUNT(*) FROM challenges WHERE status = 'vetted' AND size = 'weekend' AND slug IN ('` + mapSlug + `', 'daftar-al-makhzun')`); n != 2 {
		t.Fatalf("vetted challenges: %d", n)
	}

	// Lena organizes an online hackathon and takes both challenges to it.
	starts := time.Now().AddDate(0, 1, 0)
	lena := as("lena", "lena@demo.civhub.test", "en")
	lena.do("new",
		chromedp.Navigate(base+"/events/new"),
		chromedp.WaitReady(`#f-starts`),
		chromedp.SendKeys(`#f-title`, "Hackathon Prepared Cities"),
		chromedp.SetValue(`#f-kind`, "hackathon"),
		chromedp.SetValue(`#f-mode`, "online"),
		chromedp.SetValue(`#f-language`, "en"),
		chromedp.SetValue(`#f-time_zone`, "America/Santiago"),
		chromedp.SetValue(`#f-starts`, starts.Format("2006-01-02")+"T09:00"),
		chromedp.SetValue(`#f-ends`, starts.AddDate(0, 0, 2).Format("2006-01-02")+"T18:00"),
		chromedp.SendKeys(`#f-online_url`, "https://meet.example.org/prepared-cities"),
		chromedp.SetValue(`#f-capacity`, "0"),
		chromedp.Click(`input[name="publish"]`),
		chromedp.Click(`form[action="/events/new"] button`),
		chromedp.WaitReady(`#mine-h`))
	const hack = "hackathon-prepared-cities"
	for _, slug := range []string{mapSlug, "daftar-al-makhzun"} {
		lena.do("take-"+slug,
			chromedp.Navigate(base+"/challenges/"+slug),
			chromedp.SetValue(`#f-event`, hack),
			chromedp.Click(`form[action$="/take"] button`),
			chromedp.WaitReady(`a[href="/challenges/`+slug+`"]`))
	}
	if n := id(`SELECT COUNT(*) FROM event_challenges ec JOIN events e ON e.id = ec.event_id JOIN challenges c ON c.id = ec.challenge_id
		WHERE e.slug = '` + hack + `' AND c.status = 'open'`); n != 2 {
		t.Fatalf("challenges the hackathon takes: %d", n)
	}
	eventURL := base + "/events/" + hack

	// Priya registers and says she looks for a team.
	priya := as("priya", "priya@demo.civhub.test", "en")
	priya.do("looking",
		chromedp.Navigate(eventURL),
		chromedp.Click(`form[action$="/register"] button`),
		chromedp.WaitReady(`strong.code`),
		chromedp.Click(`a[href="/events/`+hack+`/teams"]`),
		chromedp.WaitReady(`form[action$="/looking"] button`),
		chromedp.Click(`form[action$="/looking"] button`),
		chromedp.WaitReady(`form[action$="/looking"] .done`))

	// Jean registers, starts a team on the shelter map that needs Android, and asks Priya.
	mapID := id(`SELECT id FROM challenges WHERE slug = '` + mapSlug + `'`)
	jean := as("jean", "jean@demo.civhub.test", "fr")
	jean.do("team",
		chromedp.Navigate(eventURL),
		chromedp.Click(`form[action$="/register"] button`),
		chromedp.WaitReady(`strong.code`),
		chromedp.Navigate(eventURL+"/teams"),
		chromedp.WaitReady(`#f-name`),
		chromedp.SendKeys(`#f-name`, "Cartes vivantes"),
		chromedp.SetValue(`#f-challenge`, fmt.Sprint(mapID)),
		chromedp.Click(`form[action$="/teams"] details.group summary`),
		chromedp.Click(`form[action$="/teams"] input[name="looking_for"][value="android_development"]`),
		chromedp.Click(`form[action$="/teams"] button`),
		chromedp.WaitReady(`form[action$="/invite"]`))
	if s := jean.text("#suggest-h + p + ul"); !strings.Contains(s, "Priya Raman") {
		t.Fatalf("Priya is not suggested: %q", s)
	}
	team := id(`SELECT id FROM teams WHERE name = 'Cartes vivantes'`)
	teamURL := fmt.Sprintf("%s/teams/%d", eventURL, team)
	jean.do("invite", chromedp.Navigate(teamURL), chromedp.Click(`form[action$="/invite"] button`), chromedp.WaitReady(`p.flash[role="status"]`))

	priya = as("priya", "priya@demo.civhub.test", "en")
	priya.do("inbox", chromedp.Navigate(base+"/me/notifications"), chromedp.Click(`li.unread a[href^="/notifications/"]`),
		chromedp.WaitReady(`a[href="/events/`+hack+`/teams"]`))
	priya.do("join",
		chromedp.Navigate(teamURL),
		chromedp.Click(`form[action$="/join"]:has(input[value="member"]) button`),
		chromedp.WaitReady(`form[action$="/leave"]`))

	jean = as("jean", "jean@demo.civhub.test", "fr")
	jean.do("project",
		chromedp.Navigate(teamURL),
		chromedp.WaitReady(`#f-title`),
		chromedp.SendKeys(`#f-title`, "Albergues hors ligne"),
		chromedp.SendKeys(`#f-description`, "Une application Android qui garde la liste des abris ouverts, mise à jour par SMS."),
		chromedp.SendKeys(`#f-repository`, "https://git.example.org/albergues"),
		chromedp.SetValue(`#f-licence`, "AGPL-3.0-or-later"),
		chromedp.Click(`button[name="submit"][value="yes"]`),
		chromedp.WaitReady(`p.done`))
	if n := id(`SELECT COUNT(*) FROM team_members WHERE team_id = ` + fmt.Sprint(team)); n != 2 {
		t.Fatalf("team members: %d", n)
	}

	// Lena sets up the judging, with Kofi and Diego as judges.
	lena = as("lena", "lena@demo.civhub.test", "en")
	lena.do("criteria",
		chromedp.Navigate(eventURL+"/judging"),
		chromedp.SendKeys(`#f-criteria`, "Impact\nCraft"),
		chromedp.Click(`form[action$="/judging/criteria"] button`),
		chromedp.WaitReady(`p.flash[role="status"]`))
	for _, email := range []string{"kofi@demo.civhub.test", "diego@demo.civhub.test"} {
		judge := id(`SELECT id FROM people WHERE email = $1`, email)
		lena.do("judge-"+strings.Split(email, "@")[0],
			chromedp.Navigate(eventURL+"/judging"),
			chromedp.SendKeys(`#f-email`, email),
			chromedp.Click(`form[action$="/judging/judges"] button`),
			chromedp.WaitReady(fmt.Sprintf(`form[action$="/judging/judges/%d/remove"]`, judge)))
	}

	// Diego belongs to Valparaíso Preparado, whose challenge the project answers: he may not score it.
	diego = as("diego", "diego@demo.civhub.test", "es")
	diego.do("conflict", chromedp.Navigate(eventURL+"/judging"), chromedp.WaitReady(`#score-h`))
	if n := diego.count(`form[action$="/score"]`); n != 0 {
		t.Fatalf("Diego is offered %d scoring forms", n)
	}
	if s := diego.text("article.card"); !strings.Contains(s, "Albergues hors ligne") {
		t.Fatalf("Diego's judging page: %q", s)
	}

	// Kofi scores it.
	project := id(`SELECT id FROM projects WHERE team_id = ` + fmt.Sprint(team))
	var criteria []int64
	rows, err := c.m.DB.Writer().Query(`SELECT c.id FROM criteria c JOIN events e ON e.id = c.event_id WHERE e.slug = $1 ORDER BY c.position`, hack)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var cid int64
		if err := rows.Scan(&cid); err != nil {
			t.Fatal(err)
		}
		criteria = append(criteria, cid)
	}
	rows.Close()
	kofi = as("kofi", "kofi@demo.civhub.test", "en")
	scoring := []chromedp.Action[chromedp.Void]{chromedp.Navigate(eventURL + "/judging"), chromedp.WaitReady(`form[action$="/score"]`)}
	for i, cid := range criteria {
		scoring = append(scoring, chromedp.SetValue(fmt.Sprintf(`select[name="c%d"]`, cid), fmt.Sprint(5-i)))
	}
	scoring = append(scoring, chromedp.Click(`form[action$="/score"] button`), chromedp.WaitReady(`p.flash[role="status"]`))
	kofi.do("score", scoring...)
	if n := id(fmt.Sprintf(`SELECT COUNT(*) FROM scores WHERE project_id = %d`, project)); n != 2 {
		t.Fatalf("scores: %d", n)
	}
	if n := id(fmt.Sprintf(`SELECT COUNT(*) FROM scores s JOIN people p ON p.id = s.judge_id WHERE s.project_id = %d AND p.email = 'diego@demo.civhub.test'`, project)); n != 0 {
		t.Fatalf("Diego's scores: %d", n)
	}

	// Lena gives an award and publishes the results.
	lena = as("lena", "lena@demo.civhub.test", "en")
	lena.do("results",
		chromedp.Navigate(eventURL+"/judging"),
		chromedp.SendKeys(fmt.Sprintf(`#award-%d`, project), "Best for families"),
		chromedp.Click(fmt.Sprintf(`form[action$="/projects/%d/award"] button`, project)),
		chromedp.WaitReady(`ol.results span.badge.ok`),
		chromedp.Click(`form[action$="/results"] button`),
		chromedp.WaitReady(`#results-h`))

	// Jean makes the project a solution.
	jean = as("jean", "jean@demo.civhub.test", "fr")
	jean.do("promote",
		chromedp.Navigate(teamURL),
		chromedp.Click(`a[href$="/promote"]`),
		chromedp.WaitReady(`#f-how_to_use`),
		chromedp.SendKeys(`#f-how_to_use`, "Installer l’application, puis envoyer la liste des abris par SMS au numéro de l’organisation."),
		chromedp.Click(`form[action$="/promote"] button`),
		chromedp.WaitReady(`#used-h`))
	solution := text(fmt.Sprintf(`SELECT slug FROM solutions WHERE project_id = %d`, project))

	// Rosa's network in Lima adopts it and asks volunteers to set it up and translate it.
	rosa := as("rosa", "rosa@demo.civhub.test", "es")
	rosa.do("adopt",
		chromedp.Navigate(base+"/solutions/"+solution),
		chromedp.WaitReady(`#f-organization`),
		chromedp.SendKeys(`#f-note`, "Para 30 ollas comunes de Lima."),
		chromedp.SetValue(`#f-translate_to`, "ar"),
		chromedp.Click(`form[action$="/adopt"] button`),
		chromedp.WaitReady(`p.flash[role="status"]`))
	if n := id(`SELECT COUNT(*) FROM adoptions a JOIN organizations o ON o.id = a.organization_id JOIN solutions s ON s.id = a.solution_id
		WHERE o.slug = 'ollas-comunes-lima' AND s.slug = '` + solution + `' AND a.need_id IS NOT NULL`); n != 1 {
		t.Fatal("the adoption was not recorded with its need")
	}
	if n := id(`SELECT COUNT(*) FROM tasks t JOIN adoptions a ON a.need_id = t.need_id JOIN solutions s ON s.id = a.solution_id
		WHERE s.slug = '` + solution + `'`); n != 2 {
		t.Fatalf("tasks of the adoption's need: %d", n)
	}
	if s := text(`SELECT status FROM challenges WHERE slug = '` + mapSlug + `'`); s != "solved" {
		t.Fatalf("the challenge after the adoption: %s", s)
	}
	rosa.do("used-by", chromedp.Navigate(base+"/solutions/"+solution), chromedp.WaitReady(`#used-h + ul a[href="/orgs/ollas-comunes-lima"]`))
}
