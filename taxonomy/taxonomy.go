// Package taxonomy is civhub's shared vocabulary for matching organizations with volunteers: the
// skills volunteers offer and organizations ask for, grouped in categories, and the causes they
// work for, which are the 17 UN Sustainable Development Goals.
//
// The lists live in skills.toml and causes.toml, embedded in the binary, with every name in each
// interface language (en, es, fr, ar). IDs are stable: they are stored in the database and in
// links, so a name may be reworded at any time but an ID is never changed or reused.
package taxonomy

import (
	"bytes"
	_ "embed"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
)

//go:embed skills.toml
var skillsFile []byte

//go:embed causes.toml
var causesFile []byte

// locales lists the languages every name must have, in the interface's switcher order.
var locales = []string{"en", "es", "fr", "ar"}

// causeCount is the number of Sustainable Development Goals.
const causeCount = 17

// Name is a label in each interface language, keyed by locale code ("en", "es", "fr", "ar").
type Name map[string]string

// In returns the name in locale. A regional tag such as "es-CL" falls back to its language, and a
// locale without a name falls back to English.
func (n Name) In(locale string) string {
	if s := n[locale]; s != "" {
		return s
	}
	if i := strings.IndexAny(locale, "-_"); i > 0 {
		if s := n[locale[:i]]; s != "" {
			return s
		}
	}
	return n["en"]
}

// Category groups related skills, such as "websites" or "crisis_response".
type Category struct {
	ID   string
	Name Name
}

// Skill is something a volunteer can do for an organization, such as "translation". Category is
// the ID of the category it belongs to.
type Skill struct {
	ID       string
	Category string
	Name     Name
}

// Cause is one of the 17 UN Sustainable Development Goals. ID is "sdg" followed by Number, which
// runs from 1 to 17; Name is the UN's official short title.
type Cause struct {
	ID     string
	Number int
	Name   Name
}

// Taxonomy holds the validated categories, skills and causes. It is never modified after Load, so
// it is safe for concurrent use. The slices it returns are copies, but their Name maps are shared
// and must be treated as read-only.
type Taxonomy struct {
	categories []Category
	skills     []Skill
	causes     []Cause

	categoryByID     map[string]Category
	skillByID        map[string]Skill
	skillsByCategory map[string][]Skill
	causeByID        map[string]Cause
}

var loadOnce = sync.OnceValues(func() (*Taxonomy, error) { return parse(skillsFile, causesFile) })

// Load parses and validates the embedded skills.toml and causes.toml. It does the work once;
// later calls return the same Taxonomy (or the same error).
func Load() (*Taxonomy, error) { return loadOnce() }

// Categories returns every category in file order.
func (t *Taxonomy) Categories() []Category { return slices.Clone(t.categories) }

// Skills returns every skill in file order.
func (t *Taxonomy) Skills() []Skill { return slices.Clone(t.skills) }

// SkillsIn returns the skills of the category with the given ID in file order, or nil when there
// is no such category.
func (t *Taxonomy) SkillsIn(category string) []Skill {
	return slices.Clone(t.skillsByCategory[category])
}

// Skill returns the skill with the given ID and whether it exists.
func (t *Taxonomy) Skill(id string) (Skill, bool) {
	s, ok := t.skillByID[id]
	return s, ok
}

// Causes returns the 17 causes ordered by number.
func (t *Taxonomy) Causes() []Cause { return slices.Clone(t.causes) }

// Cause returns the cause with the given ID ("sdg1" to "sdg17") and whether it exists.
func (t *Taxonomy) Cause(id string) (Cause, bool) {
	c, ok := t.causeByID[id]
	return c, ok
}

// File formats. Names are written as one key per locale next to the ID.

type names struct {
	EN string `toml:"en"`
	ES string `toml:"es"`
	FR string `toml:"fr"`
	AR string `toml:"ar"`
}

func (n names) name() Name { return Name{"en": n.EN, "es": n.ES, "fr": n.FR, "ar": n.AR} }

type skillsDoc struct {
	Categories []struct {
		ID string `toml:"id"`
		names
	} `toml:"category"`
	Skills []struct {
		ID       string `toml:"id"`
		Category string `toml:"category"`
		names
	} `toml:"skill"`
}

type causesDoc struct {
	Causes []struct {
		ID     string `toml:"id"`
		Number int    `toml:"number"`
		names
	} `toml:"cause"`
}

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

// problems collects everything wrong with the files, so one run of the tests reports it all.
type problems []string

func (p *problems) addf(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	return fmt.Errorf("taxonomy: %s", strings.Join(p, "; "))
}

// checkID reports an ID that is not lower snake_case or was already seen.
func (p *problems) checkID(file, kind, id string, seen map[string]bool) {
	switch {
	case !idPattern.MatchString(id):
		p.addf("%s: %s id %q is not lower snake_case", file, kind, id)
	case seen[id]:
		p.addf("%s: %s id %q is duplicated", file, kind, id)
	}
	seen[id] = true
}

// checkName reports each locale whose name is missing or blank.
func (p *problems) checkName(file, kind, id string, n Name) {
	for _, l := range locales {
		if strings.TrimSpace(n[l]) == "" {
			p.addf("%s: %s %q has no %s name", file, kind, id, l)
		}
	}
}

// decode strictly decodes a TOML file: a misspelt key is an error rather than a silently lost name.
func (p *problems) decode(file string, data []byte, v any) bool {
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(v)
	if err != nil {
		p.addf("%s: %v", file, err)
		return false
	}
	for _, key := range md.Undecoded() {
		p.addf("%s: unknown key %q", file, key.String())
	}
	return true
}

// parse decodes and validates the skills and causes files, reporting every problem it finds.
func parse(skillsTOML, causesTOML []byte) (*Taxonomy, error) {
	const skillsName, causesName = "skills.toml", "causes.toml"
	var p problems
	t := &Taxonomy{
		categoryByID:     map[string]Category{},
		skillByID:        map[string]Skill{},
		skillsByCategory: map[string][]Skill{},
		causeByID:        map[string]Cause{},
	}

	var sd skillsDoc
	if p.decode(skillsName, skillsTOML, &sd) {
		seen := map[string]bool{}
		for _, e := range sd.Categories {
			c := Category{ID: e.ID, Name: e.name()}
			p.checkID(skillsName, "category", c.ID, seen)
			p.checkName(skillsName, "category", c.ID, c.Name)
			if _, dup := t.categoryByID[c.ID]; !dup {
				t.categoryByID[c.ID] = c
			}
			t.categories = append(t.categories, c)
		}
		if len(t.categories) == 0 {
			p.addf("%s: there are no categories", skillsName)
		}
		seen = map[string]bool{}
		for _, e := range sd.Skills {
			s := Skill{ID: e.ID, Category: e.Category, Name: e.name()}
			p.checkID(skillsName, "skill", s.ID, seen)
			p.checkName(skillsName, "skill", s.ID, s.Name)
			if _, ok := t.categoryByID[s.Category]; !ok {
				p.addf("%s: skill %q names unknown category %q", skillsName, s.ID, s.Category)
			}
			if _, dup := t.skillByID[s.ID]; !dup {
				t.skillByID[s.ID] = s
			}
			t.skills = append(t.skills, s)
			t.skillsByCategory[s.Category] = append(t.skillsByCategory[s.Category], s)
		}
		for _, c := range t.categories {
			if len(t.skillsByCategory[c.ID]) == 0 {
				p.addf("%s: category %q has no skills", skillsName, c.ID)
			}
		}
	}

	var cd causesDoc
	if p.decode(causesName, causesTOML, &cd) {
		seen := map[string]bool{}
		numbered := map[int]string{}
		for _, e := range cd.Causes {
			c := Cause{ID: e.ID, Number: e.Number, Name: e.name()}
			p.checkID(causesName, "cause", c.ID, seen)
			p.checkName(causesName, "cause", c.ID, c.Name)
			switch other, dup := numbered[c.Number]; {
			case c.Number < 1 || c.Number > causeCount:
				p.addf("%s: cause %q has number %d, outside 1 to %d", causesName, c.ID, c.Number, causeCount)
			case dup:
				p.addf("%s: causes %q and %q both have number %d", causesName, other, c.ID, c.Number)
			default:
				numbered[c.Number] = c.ID
			}
			if want := fmt.Sprintf("sdg%d", c.Number); c.ID != want {
				p.addf("%s: cause number %d has id %q, want %q", causesName, c.Number, c.ID, want)
			}
			if _, dup := t.causeByID[c.ID]; !dup {
				t.causeByID[c.ID] = c
			}
			t.causes = append(t.causes, c)
		}
		if len(t.causes) != causeCount {
			p.addf("%s: there are %d causes, want exactly %d", causesName, len(t.causes), causeCount)
		}
		slices.SortStableFunc(t.causes, func(a, b Cause) int { return a.Number - b.Number })
	}

	if err := p.err(); err != nil {
		return nil, err
	}
	return t, nil
}
