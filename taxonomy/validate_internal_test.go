package taxonomy

import (
	"fmt"
	"strings"
	"testing"
)

// validSkills is a small skills file that passes validation; each case below breaks one thing.
const validSkills = `
[[category]]
id = "websites"
en = "Websites"
es = "Sitios web"
fr = "Sites web"
ar = "المواقع الإلكترونية"

[[skill]]
id = "wordpress"
category = "websites"
en = "WordPress sites"
es = "Sitios en WordPress"
fr = "Sites WordPress"
ar = "مواقع WordPress"

[[skill]]
id = "web_accessibility"
category = "websites"
en = "Web accessibility"
es = "Accesibilidad web"
fr = "Accessibilité web"
ar = "إمكانية الوصول إلى الويب"

[[category]]
id = "crisis_response"
en = "Crisis response"
es = "Respuesta a crisis"
fr = "Réponse aux crises"
ar = "الاستجابة للأزمات"

[[skill]]
id = "crisis_mapping"
category = "crisis_response"
en = "Crisis mapping"
es = "Cartografía de crisis"
fr = "Cartographie de crise"
ar = "رسم خرائط الأزمات"
`

// fixtureCause is one cause of a generated causes file.
type fixtureCause struct {
	id             string
	number         int
	en, es, fr, ar string
}

// causes returns a causes file with count causes, numbered from 1, after edit changes them.
func causes(count int, edit func(cs []fixtureCause)) string {
	cs := make([]fixtureCause, count)
	for i := range cs {
		n := i + 1
		cs[i] = fixtureCause{fmt.Sprintf("sdg%d", n), n,
			fmt.Sprintf("Goal %d", n), fmt.Sprintf("Objetivo %d", n), fmt.Sprintf("Objectif %d", n), "الهدف"}
	}
	if edit != nil {
		edit(cs)
	}
	var b strings.Builder
	for _, c := range cs {
		fmt.Fprintf(&b, "[[cause]]\nid = %q\nnumber = %d\nen = %q\nes = %q\nfr = %q\nar = %q\n\n",
			c.id, c.number, c.en, c.es, c.fr, c.ar)
	}
	return b.String()
}

// replace returns s with old replaced by new, failing the test when old is not in s.
func replace(t *testing.T, s, old, new string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("fixture has no %q", old)
	}
	return strings.Replace(s, old, new, 1)
}

func TestParseValid(t *testing.T) {
	tx, err := parse([]byte(validSkills), []byte(causes(17, nil)))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	if got := len(tx.Skills()); got != 3 {
		t.Errorf("%d skills, want 3", got)
	}
	if got := len(tx.SkillsIn("websites")); got != 2 {
		t.Errorf("%d skills in websites, want 2", got)
	}
	// Causes come back by number whatever the file order.
	shuffled := causes(17, func(cs []fixtureCause) { cs[0], cs[16] = cs[16], cs[0] })
	tx, err = parse([]byte(validSkills), []byte(shuffled))
	if err != nil {
		t.Fatalf("parse with causes out of order: %v", err)
	}
	for i, c := range tx.Causes() {
		if c.Number != i+1 {
			t.Errorf("Causes()[%d] is number %d", i, c.Number)
		}
	}
}

func TestParseEmbedded(t *testing.T) {
	if _, err := parse(skillsFile, causesFile); err != nil {
		t.Fatal(err)
	}
}

func TestParseReportsProblems(t *testing.T) {
	valid := causes(17, nil)
	tests := []struct {
		name           string
		skills, causes string
		want           string
	}{
		{
			name:   "duplicate category id",
			skills: replace(t, validSkills, `id = "crisis_response"`, `id = "websites"`) + "\n",
			causes: valid,
			want:   `category id "websites" is duplicated`,
		},
		{
			name:   "duplicate skill id",
			skills: replace(t, validSkills, `id = "web_accessibility"`, `id = "wordpress"`),
			causes: valid,
			want:   `skill id "wordpress" is duplicated`,
		},
		{
			name:   "duplicate cause id",
			skills: validSkills,
			causes: causes(17, func(cs []fixtureCause) { cs[1].id = "sdg1" }),
			want:   `cause id "sdg1" is duplicated`,
		},
		{
			name:   "category id with capitals",
			skills: strings.ReplaceAll(validSkills, `"crisis_response"`, `"Crisis_Response"`),
			causes: valid,
			want:   `category id "Crisis_Response" is not lower snake_case`,
		},
		{
			name:   "skill id with a dash",
			skills: replace(t, validSkills, `id = "web_accessibility"`, `id = "web-accessibility"`),
			causes: valid,
			want:   `skill id "web-accessibility" is not lower snake_case`,
		},
		{
			name:   "skill id in camel case",
			skills: replace(t, validSkills, `id = "web_accessibility"`, `id = "webAccessibility"`),
			causes: valid,
			want:   `skill id "webAccessibility" is not lower snake_case`,
		},
		{
			name:   "skill id with a double underscore",
			skills: replace(t, validSkills, `id = "web_accessibility"`, `id = "web__accessibility"`),
			causes: valid,
			want:   `skill id "web__accessibility" is not lower snake_case`,
		},
		{
			name:   "empty skill id",
			skills: replace(t, validSkills, `id = "web_accessibility"`, `id = ""`),
			causes: valid,
			want:   `skill id "" is not lower snake_case`,
		},
		{
			name:   "cause id not snake case",
			skills: validSkills,
			causes: causes(17, func(cs []fixtureCause) { cs[2].id = "SDG3" }),
			want:   `cause id "SDG3" is not lower snake_case`,
		},
		{
			name:   "unknown category",
			skills: replace(t, validSkills, `category = "crisis_response"`, `category = "crisis"`),
			causes: valid,
			want:   `skill "crisis_mapping" names unknown category "crisis"`,
		},
		{
			name:   "category without skills",
			skills: replace(t, validSkills, `category = "crisis_response"`, `category = "websites"`),
			causes: valid,
			want:   `category "crisis_response" has no skills`,
		},
		{
			name:   "no categories at all",
			skills: "",
			causes: valid,
			want:   "there are no categories",
		},
		{
			name:   "category missing Spanish",
			skills: replace(t, validSkills, "es = \"Sitios web\"\n", ""),
			causes: valid,
			want:   `category "websites" has no es name`,
		},
		{
			name:   "skill missing English",
			skills: replace(t, validSkills, "en = \"Crisis mapping\"\n", ""),
			causes: valid,
			want:   `skill "crisis_mapping" has no en name`,
		},
		{
			name:   "skill with an empty French name",
			skills: replace(t, validSkills, `fr = "Sites WordPress"`, `fr = ""`),
			causes: valid,
			want:   `skill "wordpress" has no fr name`,
		},
		{
			name:   "skill with a blank Arabic name",
			skills: replace(t, validSkills, `ar = "رسم خرائط الأزمات"`, `ar = "   "`),
			causes: valid,
			want:   `skill "crisis_mapping" has no ar name`,
		},
		{
			name:   "cause missing Arabic",
			skills: validSkills,
			causes: causes(17, func(cs []fixtureCause) { cs[6].ar = "" }),
			want:   `cause "sdg7" has no ar name`,
		},
		{
			name:   "16 causes",
			skills: validSkills,
			causes: causes(16, nil),
			want:   "there are 16 causes, want exactly 17",
		},
		{
			name:   "18 causes",
			skills: validSkills,
			causes: causes(18, nil),
			want:   "there are 18 causes, want exactly 17",
		},
		{
			name:   "no causes",
			skills: validSkills,
			causes: "",
			want:   "there are 0 causes, want exactly 17",
		},
		{
			name:   "cause numbered 0",
			skills: validSkills,
			causes: causes(17, func(cs []fixtureCause) { cs[0].id, cs[0].number = "sdg0", 0 }),
			want:   `cause "sdg0" has number 0, outside 1 to 17`,
		},
		{
			name:   "cause numbered 18",
			skills: validSkills,
			causes: causes(17, func(cs []fixtureCause) { cs[16].id, cs[16].number = "sdg18", 18 }),
			want:   `cause "sdg18" has number 18, outside 1 to 17`,
		},
		{
			name:   "two causes with one number",
			skills: validSkills,
			causes: causes(17, func(cs []fixtureCause) { cs[4].number = 4 }),
			want:   `causes "sdg4" and "sdg5" both have number 4`,
		},
		{
			name:   "cause id not matching its number",
			skills: validSkills,
			causes: causes(17, func(cs []fixtureCause) { cs[0].id, cs[1].id = "sdg2", "sdg1" }),
			want:   `cause number 1 has id "sdg2", want "sdg1"`,
		},
		{
			name:   "misspelt key",
			skills: replace(t, validSkills, `fr = "Cartographie de crise"`, `fr = "Cartographie de crise"`+"\nfrr = \"Cartographie\""),
			causes: valid,
			want:   `skills.toml: unknown key "skill.frr"`,
		},
		{
			name:   "invalid TOML",
			skills: validSkills + "\n[[skill]\n",
			causes: valid,
			want:   "skills.toml: toml:",
		},
		{
			name:   "wrong type",
			skills: validSkills,
			causes: replace(t, valid, "number = 3\n", "number = \"3\"\n"),
			want:   "causes.toml: toml:",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tx, err := parse([]byte(tt.skills), []byte(tt.causes))
			if err == nil {
				t.Fatalf("parse succeeded, want an error containing %q", tt.want)
			}
			if tx != nil {
				t.Error("parse returned a Taxonomy along with its error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %q\nwant it to contain %q", err, tt.want)
			}
		})
	}
}

// TestParseReportsEveryProblem checks that one run lists all problems, not only the first.
func TestParseReportsEveryProblem(t *testing.T) {
	skills := replace(t, validSkills, `category = "crisis_response"`, `category = "crisis"`)
	skills = replace(t, skills, `es = "Sitios web"`, `es = ""`)
	_, err := parse([]byte(skills), []byte(causes(16, nil)))
	if err == nil {
		t.Fatal("parse succeeded")
	}
	for _, want := range []string{
		`unknown category "crisis"`,
		`category "websites" has no es name`,
		`category "crisis_response" has no skills`,
		"there are 16 causes",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error = %q\nwant it to contain %q", err, want)
		}
	}
}
