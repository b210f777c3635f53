package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"civhub"
	"civhub/sqldb"
	"civhub/web/browsertest"
)

// TestEveryPageAccessible opens every page of the demo in every language, as an administrator who
// owns an organization, on a phone-sized screen, and checks each with axe-core and for right-to-left
// layout and sideways scrolling.
func TestEveryPageAccessible(t *testing.T) {
	b := browsertest.New(t)
	m, _ := startMain(t, sqldb.SQLite)
	base := "http://" + m.Addr()
	ctx := b.NewTab(t)
	people, err := m.Services.People.FindPeople(t.Context(), civhub.PersonFilter{Query: "priya@"})
	if err != nil || len(people) != 1 {
		t.Fatalf("no demo volunteer: %v", err)
	}
	tasks, err := m.Services.Needs.SearchTasks(t.Context(), civhub.TaskFilter{})
	if err != nil || len(tasks.Tasks) == 0 {
		t.Fatalf("no demo tasks: %v", err)
	}
	talked, err := m.Services.Needs.SearchTasks(t.Context(), civhub.TaskFilter{Query: "Formulario inscripción"})
	if err != nil || len(talked.Tasks) != 1 {
		t.Fatalf("no demo task with a conversation: %v", err)
	}
	grants, err := m.Services.Resources.SearchResources(t.Context(), civhub.ResourceFilter{Query: "coopératives"})
	if err != nil || len(grants.Resources) == 0 {
		t.Fatalf("no demo opportunity: %v", err)
	}
	waiting, err := m.Services.Resources.SearchResources(t.Context(), civhub.ResourceFilter{Status: civhub.ResourcePending})
	if err != nil || len(waiting.Resources) == 0 {
		t.Fatalf("no demo opportunity waiting for a moderator: %v", err)
	}
	// Jean's translation was approved: the address where anyone checks his certificate.
	jean, err := m.Services.People.FindPeople(t.Context(), civhub.PersonFilter{Query: "jean@"})
	if err != nil || len(jean) != 1 {
		t.Fatalf("no demo translator: %v", err)
	}
	cert, err := m.Services.Needs.IssueCertificate(t.Context(), jean[0].ID)
	if err != nil {
		t.Fatalf("a certificate for Jean: %v", err)
	}
	paths := []string{"/", "/about", "/orgs", "/orgs/valparaiso-preparado", "/orgs/nairobi-civic-tech",
		"/resources", "/resources?country=MA&closing=30", fmt.Sprintf("/resources/%d", grants.Resources[0].ID), "/guides/crowdfunding",
		fmt.Sprintf("/people/%d", people[0].ID), "/signin", "/signup", "/reset", "/no-such-page",
		"/tasks", "/tasks?q=albergues&urgent=on", fmt.Sprintf("/tasks/%d", tasks.Tasks[0].ID), fmt.Sprintf("/needs/%d", tasks.Tasks[0].NeedID),
		"/certificates/" + civhub.FormatCertificateCode(cert.Code), fmt.Sprintf("/people/%d", jean[0].ID)}
	signedIn := []string{"/account", "/account/profile", "/account/2fa", "/account/password", "/account/email",
		"/orgs/new", "/orgs/cooperative-tamount", "/orgs/cooperative-tamount/edit", "/orgs/cooperative-tamount/members",
		"/orgs/cooperative-tamount/verification", "/orgs/cooperative-tamount/audit", "/admin", "/admin/verification",
		"/admin/people", "/admin/audit", "/admin/outbox", "/orgs/cooperative-tamount/needs/new", "/me", "/me/certificate",
		"/resources/new", "/admin/resources", fmt.Sprintf("/resources/%d", waiting.Resources[0].ID), "/orgs/cooperative-tamount/radar"}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	visit := func(code, path string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(base+path)); err != nil {
			t.Fatalf("%s %s: %v", code, path, err)
		}
		t.Run(code+path, func(t *testing.T) { checkPage(t, ctx, code) })
		name := strings.NewReplacer("/", "_").Replace(strings.Trim(path, "/"))
		screenshot(t, b, ctx, "page-"+code+"-"+name+".png")
	}
	switchTo := func(code string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/about")); err != nil {
			t.Fatal(err)
		}
		if cur, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang`)); cur != code {
			if err := chromedp.Do(ctx, chromedp.Click(`button[name="lang"][value="`+code+`"]`), chromedp.WaitReady(`html[lang="`+code+`"]`)); err != nil {
				t.Fatalf("switch to %s: %v", code, err)
			}
		}
	}
	for _, code := range civhub.Locales {
		switchTo(code)
		for _, p := range paths {
			visit(code, p)
		}
	}
	// Amina owns the cooperative; make her an administrator too, so that every page opens.
	amina, _ := m.Services.People.FindPeople(t.Context(), civhub.PersonFilter{Query: "amina@"})
	if err := m.Services.People.SetSiteRole(t.Context(), amina[0].ID, civhub.RoleAdmin, amina[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/signin"), chromedp.SendKeys(`#f-email`, "amina@demo.civhub.test"),
		chromedp.SendKeys(`#f-password`, "demo-password"), chromedp.Click(`form[action="/signin"] button`),
		chromedp.WaitReady(`.sessions`)); err != nil {
		t.Fatal(err)
	}
	for _, code := range civhub.Locales {
		switchTo(code)
		for _, p := range signedIn {
			visit(code, p)
		}
	}
	// Priya applied for a task and talks with the organization: the conversation as she sees it.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/about"), chromedp.Click(`form[action="/signout"] button`),
		chromedp.WaitReady(`a[href^="/signin"]`), chromedp.Navigate(base+"/signin"), chromedp.SendKeys(`#f-email`, "priya@demo.civhub.test"),
		chromedp.SendKeys(`#f-password`, "demo-password"), chromedp.Click(`form[action="/signin"] button`),
		chromedp.WaitReady(`.sessions`)); err != nil {
		t.Fatal(err)
	}
	for _, code := range civhub.Locales {
		switchTo(code)
		visit(code, fmt.Sprintf("/tasks/%d", talked.Tasks[0].ID))
		if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".thread li").length`)); n != 2 {
			t.Fatalf("%s: priya sees %d messages, want 2", code, n)
		}
		// Her inbox holds what the demo organizations did on her tasks, and her notification settings.
		visit(code, "/me/notifications")
		if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".notes li").length`)); n == 0 {
			t.Fatalf("%s: priya's inbox is empty", code)
		}
		visit(code, "/account/notifications")
	}
	// Diego runs the organization: Priya's application with its accept form unfolded.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/about"), chromedp.Click(`form[action="/signout"] button`),
		chromedp.WaitReady(`a[href^="/signin"]`), chromedp.Navigate(base+"/signin"), chromedp.SendKeys(`#f-email`, "diego@demo.civhub.test"),
		chromedp.SendKeys(`#f-password`, "demo-password"), chromedp.Click(`form[action="/signin"] button`),
		chromedp.WaitReady(`.sessions`)); err != nil {
		t.Fatal(err)
	}
	for _, code := range civhub.Locales {
		switchTo(code)
		path := fmt.Sprintf("/tasks/%d", talked.Tasks[0].ID)
		if err := chromedp.Do(ctx, chromedp.Navigate(base+path)); err != nil {
			t.Fatal(err)
		}
		if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`(() => { const d = document.querySelectorAll('details'); d.forEach(x => x.open = true); return document.querySelectorAll('form[action$="/accept"] textarea').length })()`)); n != 1 {
			t.Fatalf("%s: %d accept forms for Priya's application, want 1", code, n)
		}
		t.Run(code+path+"#accept", func(t *testing.T) { checkPage(t, ctx, code) })
		screenshot(t, b, ctx, "page-"+code+"-accept.png")
	}
}
