package civhub_test

import (
	"slices"
	"strings"
	"testing"

	"civhub"
	"civhub/i18n"
	"civhub/taxonomy"
)

// TestNeedTemplates checks every template against the vocabularies it draws on: its tasks' kinds
// and skills exist in the taxonomy, every text is written in each interface language, and the
// need and tasks it fills in for an organization pass validation as they are.
func TestNeedTemplates(t *testing.T) {
	tax, err := taxonomy.Load()
	if err != nil {
		t.Fatal(err)
	}
	validSkill := func(id string) bool { _, ok := tax.Skill(id); return ok }
	catalog, err := i18n.NewCatalog()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(civhub.NeedTemplates); n < 12 {
		t.Errorf("%d templates, want a dozen", n)
	}
	seen := map[string]bool{}
	for _, tpl := range civhub.NeedTemplates {
		if seen[tpl.ID] {
			t.Errorf("template %q twice", tpl.ID)
		}
		seen[tpl.ID] = true
		if found, ok := civhub.FindNeedTemplate(tpl.ID); !ok || found.ID != tpl.ID {
			t.Errorf("FindNeedTemplate(%q) = %q, %v", tpl.ID, found.ID, ok)
		}
		if len(tpl.Tasks) == 0 {
			t.Errorf("%s: no tasks", tpl.ID)
		}
		ids := []string{tpl.Title, tpl.Summary, tpl.Description}
		for _, task := range tpl.Tasks {
			ids = append(ids, task.Title, task.Description)
			if !slices.Contains(civhub.TaskTypes, task.Type) {
				t.Errorf("%s: task type %q is not a kind of task", tpl.ID, task.Type)
			}
			for _, sk := range task.Skills {
				if !validSkill(sk) {
					t.Errorf("%s: skill %q is not in the taxonomy", tpl.ID, sk)
				}
			}
		}
		for _, id := range ids {
			if !strings.HasPrefix(id, "need.template."+tpl.ID+".") {
				t.Errorf("%s: message %q is outside the template's own section", tpl.ID, id)
			}
		}
		for _, code := range civhub.Locales {
			l := catalog.Locale(code)
			for _, id := range ids {
				if s := l.T(id); s == id || strings.TrimSpace(s) == "" {
					t.Errorf("%s: %s has no %q", tpl.ID, code, id)
				}
			}
			org := &civhub.Organization{ID: 1, Country: "MA", Languages: []string{"ar", "fr"}, Causes: []string{"sdg5"}}
			n, tasks := tpl.Fill(org, func(id string) string { return l.T(id) })
			if err := n.Validate(); err != nil {
				t.Errorf("%s in %s: the need does not validate: %v", tpl.ID, code, err)
			}
			for _, task := range tasks {
				task.ClaimHours = 72
				if err := task.Validate(validSkill); err != nil {
					t.Errorf("%s in %s: task %q does not validate: %v", tpl.ID, code, task.Title, err)
				}
			}
		}
	}
	if _, ok := civhub.FindNeedTemplate("blank"); ok {
		t.Error(`"blank" is a template; it means starting from nothing`)
	}
}

// TestFillTakesTheOrganizationsWays: a filled need starts from the organization's country, causes
// and languages, and a translation from its first language into its second.
func TestFillTakesTheOrganizationsWays(t *testing.T) {
	tpl, _ := civhub.FindNeedTemplate("translate")
	org := &civhub.Organization{ID: 7, Country: "MA", Languages: []string{"ar", "fr"}, Causes: []string{"sdg5", "sdg8"}}
	n, tasks := tpl.Fill(org, func(id string) string { return "text of " + id })
	if n.Country != "MA" || !slices.Equal(n.Causes, org.Causes) || !slices.Equal(n.Languages, org.Languages) || n.OrganizationID != 7 {
		t.Errorf("need %+v does not start from the organization's ways", n)
	}
	if n.Title != "text of need.template.translate.title" {
		t.Errorf("title %q, want the template's title in words", n.Title)
	}
	if len(tasks) != len(tpl.Tasks) || tasks[0].SourceLanguage != "ar" || tasks[0].TargetLanguage != "fr" {
		t.Errorf("tasks %+v, want a translation from Arabic into French", tasks[0])
	}
	for _, tc := range []struct {
		langs    []string
		from, to string
	}{{nil, "en", "fr"}, {[]string{"en"}, "en", "fr"}, {[]string{"es"}, "es", "en"}, {[]string{"fr", "fr", "wo"}, "fr", "wo"}} {
		if from, to := civhub.TranslationPair(tc.langs); from != tc.from || to != tc.to {
			t.Errorf("TranslationPair(%v) = %s, %s; want %s, %s", tc.langs, from, to, tc.from, tc.to)
		}
	}
}

// TestSkillsForType: every kind of task has a few skills that fit it, all in the taxonomy.
func TestSkillsForType(t *testing.T) {
	tax, err := taxonomy.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, ty := range civhub.TaskTypes {
		skills := civhub.SkillsForType(ty)
		if len(skills) < 3 || len(skills) > 8 {
			t.Errorf("%s: %d skills, want a few (3 to 8)", ty, len(skills))
		}
		for _, sk := range skills {
			if _, ok := tax.Skill(sk); !ok {
				t.Errorf("%s: skill %q is not in the taxonomy", ty, sk)
			}
		}
	}
	if civhub.SkillsForType("nonsense") != nil {
		t.Error("an unknown kind of task has skills")
	}
}
