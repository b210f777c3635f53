package taxonomy_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"civhub"
	"civhub/taxonomy"
)

func load(t *testing.T) *taxonomy.Taxonomy {
	t.Helper()
	tx, err := taxonomy.Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return tx
}

// label is one name of a category, skill or cause, for tests that look at every name.
type label struct {
	what   string // e.g. `skill "translation"`
	locale string
	text   string
}

func allLabels(tx *taxonomy.Taxonomy) []label {
	var ls []label
	add := func(what string, n taxonomy.Name) {
		for _, l := range civhub.Locales {
			ls = append(ls, label{what, l, n[l]})
		}
	}
	for _, c := range tx.Categories() {
		add(`category "`+c.ID+`"`, c.Name)
	}
	for _, s := range tx.Skills() {
		add(`skill "`+s.ID+`"`, s.Name)
	}
	for _, c := range tx.Causes() {
		add(`cause "`+c.ID+`"`, c.Name)
	}
	return ls
}

func TestLoad(t *testing.T) {
	tx := load(t)
	again := load(t)
	if tx != again {
		t.Error("Load parsed the files twice; want the same Taxonomy")
	}
	tests := []struct {
		what     string
		got      int
		min, max int
	}{
		{"skills", len(tx.Skills()), 70, 100},
		{"categories", len(tx.Categories()), 10, 15},
		{"causes", len(tx.Causes()), 17, 17},
	}
	for _, tt := range tests {
		if tt.got < tt.min || tt.got > tt.max {
			t.Errorf("%d %s, want %d to %d", tt.got, tt.what, tt.min, tt.max)
		}
	}
}

func TestEveryCategoryHasSkills(t *testing.T) {
	tx := load(t)
	total := 0
	for _, c := range tx.Categories() {
		skills := tx.SkillsIn(c.ID)
		if len(skills) == 0 {
			t.Errorf("category %q has no skills", c.ID)
		}
		for _, s := range skills {
			if s.Category != c.ID {
				t.Errorf("SkillsIn(%q) returned skill %q of category %q", c.ID, s.ID, s.Category)
			}
		}
		total += len(skills)
	}
	if n := len(tx.Skills()); total != n {
		t.Errorf("categories hold %d skills in all, want %d", total, n)
	}
	if got := tx.SkillsIn("no_such_category"); len(got) != 0 {
		t.Errorf("SkillsIn(unknown) = %v, want none", got)
	}
}

// TestWorkTypes checks that every kind of work civhub was founded to match has a skill, under the
// IDs other packages and stored data rely on.
func TestWorkTypes(t *testing.T) {
	tx := load(t)
	tests := []struct {
		work, id, category string
	}{
		{"data entry", "data_entry", "data_research"},
		{"research", "research", "data_research"},
		{"fact checking", "fact_checking", "data_research"},
		{"translation", "translation", "languages_writing"},
		{"writing", "writing", "languages_writing"},
		{"mapping", "mapping", "mapping_geodata"},
		{"social media", "social_media", "communication_social_media"},
		{"design", "graphic_design", "design_media"},
		{"websites", "website_building", "websites"},
		{"mobile apps", "mobile_apps", "software_mobile_apps"},
		{"mobile apps: Android", "android_development", "software_mobile_apps"},
		{"mobile apps: iOS", "ios_development", "software_mobile_apps"},
		{"database design", "database_design", "databases_data_systems"},
		{"training", "training", "training_mentoring"},
		{"fundraising", "fundraising", "fundraising_finance"},
		{"digital security", "digital_security", "digital_security_privacy"},
	}
	for _, tt := range tests {
		t.Run(tt.work, func(t *testing.T) {
			s, ok := tx.Skill(tt.id)
			if !ok {
				t.Fatalf("no skill %q", tt.id)
			}
			if s.ID != tt.id || s.Category != tt.category {
				t.Errorf("Skill(%q) = %q in category %q, want category %q", tt.id, s.ID, s.Category, tt.category)
			}
		})
	}
	if _, ok := tx.Skill("no_such_skill"); ok {
		t.Error("Skill(unknown) reported a skill")
	}
}

func TestNamesUniqueWithinCategory(t *testing.T) {
	tx := load(t)
	for _, c := range tx.Categories() {
		for _, l := range civhub.Locales {
			seen := map[string]string{}
			for _, s := range tx.SkillsIn(c.ID) {
				key := strings.ToLower(s.Name[l])
				if other, dup := seen[key]; dup {
					t.Errorf("category %q: skills %q and %q are both called %q in %s", c.ID, other, s.ID, s.Name[l], l)
				}
				seen[key] = s.ID
			}
		}
	}
}

func TestEveryNameInEveryLocale(t *testing.T) {
	for _, lb := range allLabels(load(t)) {
		if strings.TrimSpace(lb.text) == "" {
			t.Errorf("%s has no %s name", lb.what, lb.locale)
		}
	}
}

// properNouns are the product and standard names an Arabic label may keep in Latin letters, as
// Arabic-speaking professionals write them.
var properNouns = map[string]bool{
	"Android": true, "iOS": true, "WordPress": true, "OpenStreetMap": true,
	"SEO": true, "SMS": true, "GIS": true,
}

func TestArabicNames(t *testing.T) {
	for _, lb := range allLabels(load(t)) {
		if lb.locale != "ar" {
			continue
		}
		if !strings.ContainsFunc(lb.text, func(r rune) bool { return unicode.Is(unicode.Arabic, r) }) {
			t.Errorf("%s: Arabic name %q has no Arabic script", lb.what, lb.text)
		}
		// Every run of Latin letters must be an allowed proper noun.
		for _, word := range strings.FieldsFunc(lb.text, func(r rune) bool { return !unicode.Is(unicode.Latin, r) }) {
			if !properNouns[word] {
				t.Errorf("%s: Arabic name %q contains Latin %q", lb.what, lb.text, word)
			}
		}
		if strings.Contains(lb.text, ",") {
			t.Errorf("%s: Arabic name %q uses a Latin comma; use «،»", lb.what, lb.text)
		}
	}
}

// TestSentenceCase checks the labels in Latin script start with a capital letter (unless they start
// with a proper noun written in lower case, like iOS) and have no stray spaces or final period.
func TestSentenceCase(t *testing.T) {
	for _, lb := range allLabels(load(t)) {
		if strings.TrimSpace(lb.text) != lb.text || strings.Contains(lb.text, "  ") {
			t.Errorf("%s: %s name %q has stray spaces", lb.what, lb.locale, lb.text)
		}
		if strings.HasSuffix(lb.text, ".") {
			t.Errorf("%s: %s name %q ends with a period", lb.what, lb.locale, lb.text)
		}
		if lb.locale == "ar" {
			continue
		}
		first, _ := utf8.DecodeRuneInString(lb.text)
		if firstWord, _, _ := strings.Cut(lb.text, " "); !unicode.IsUpper(first) && !properNouns[firstWord] {
			t.Errorf("%s: %s name %q does not start with a capital letter", lb.what, lb.locale, lb.text)
		}
	}
}

func TestCauses(t *testing.T) {
	tx := load(t)
	for i, c := range tx.Causes() {
		if c.Number != i+1 {
			t.Errorf("cause %d is %q number %d; want causes ordered 1 to 17", i, c.ID, c.Number)
		}
		if got, ok := tx.Cause(c.ID); !ok || got.Number != c.Number {
			t.Errorf("Cause(%q) = %v, %v", c.ID, got, ok)
		}
	}
	tests := []struct {
		id, locale, want string
	}{
		{"sdg1", "en", "No poverty"},
		{"sdg1", "es", "Fin de la pobreza"},
		{"sdg1", "fr", "Pas de pauvreté"},
		{"sdg1", "ar", "القضاء على الفقر"},
		{"sdg5", "en", "Gender equality"},
		{"sdg13", "es", "Acción por el clima"},
		{"sdg17", "fr", "Partenariats pour la réalisation des objectifs"},
		{"sdg4", "ar", "التعليم الجيد"},
	}
	for _, tt := range tests {
		c, ok := tx.Cause(tt.id)
		if !ok {
			t.Errorf("no cause %q", tt.id)
			continue
		}
		if got := c.Name.In(tt.locale); got != tt.want {
			t.Errorf("cause %q in %s = %q, want %q", tt.id, tt.locale, got, tt.want)
		}
	}
	if _, ok := tx.Cause("sdg18"); ok {
		t.Error(`Cause("sdg18") reported a cause`)
	}
}

func TestNameIn(t *testing.T) {
	n := taxonomy.Name{"en": "Translation", "es": "Traducción", "fr": "Traduction", "ar": "الترجمة"}
	tests := []struct {
		locale, want string
	}{
		{"en", "Translation"},
		{"es", "Traducción"},
		{"fr", "Traduction"},
		{"ar", "الترجمة"},
		{"es-CL", "Traducción"},
		{"fr_MA", "Traduction"},
		{"sw", "Translation"},
		{"de-DE", "Translation"},
		{"", "Translation"},
	}
	for _, tt := range tests {
		if got := n.In(tt.locale); got != tt.want {
			t.Errorf("In(%q) = %q, want %q", tt.locale, got, tt.want)
		}
	}
	if got := (taxonomy.Name{"en": "Mapping", "es": ""}).In("es"); got != "Mapping" {
		t.Errorf("In with an empty Spanish name = %q, want the English one", got)
	}
}

func TestAccessorsReturnCopies(t *testing.T) {
	tx := load(t)
	tx.Skills()[0].ID = "changed"
	tx.Categories()[0].ID = "changed"
	tx.Causes()[0].ID = "changed"
	tx.SkillsIn(tx.Categories()[0].ID)[0].ID = "changed"
	if tx.Skills()[0].ID == "changed" || tx.Categories()[0].ID == "changed" ||
		tx.Causes()[0].ID == "changed" || tx.SkillsIn(tx.Categories()[0].ID)[0].ID == "changed" {
		t.Error("changing a returned slice changed the Taxonomy")
	}
}
