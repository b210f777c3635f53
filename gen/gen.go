// Package gen fills an empty civhub database with deterministic synthetic data at a chosen scale,
// for benchmarks and load tests: volunteers with skills, languages and time zones by region,
// verified organizations, and open needs and tasks written in the four languages. The same seed
// always gives the same data. PostgreSQL is loaded with COPY, SQLite with batched inserts in large
// transactions.
package gen

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"civhub"
	"civhub/sqldb"
	"civhub/taxonomy"
)

// Scale is how much data to make.
type Scale struct {
	Name          string
	Volunteers    int
	Organizations int
	Tasks         int
}

// Scales are the named scales; large is the million volunteers.
var Scales = []Scale{
	{"small", 2_000, 200, 1_000},
	{"medium", 50_000, 5_000, 25_000},
	{"large", 1_000_000, 100_000, 500_000},
}

// FindScale returns the scale called name.
func FindScale(name string) (Scale, error) {
	for _, s := range Scales {
		if s.Name == name {
			return s, nil
		}
	}
	return Scale{}, fmt.Errorf("gen: unknown scale %q: use small, medium or large", name)
}

// region is where people and organizations are: the languages spoken, the time zones, the
// countries, and how common it is.
type region struct {
	weight    int
	languages []string // the first is the main one
	zones     []string
	countries []string
}

var regions = []region{
	{30, []string{"es", "en"}, []string{"America/Santiago", "America/Bogota", "America/Mexico_City", "America/Lima"}, []string{"CL", "CO", "MX", "PE", "AR"}},
	{20, []string{"fr", "en", "ar"}, []string{"Africa/Dakar", "Europe/Paris", "Africa/Abidjan", "Africa/Casablanca"}, []string{"SN", "FR", "CI", "MA"}},
	{20, []string{"ar", "fr", "en"}, []string{"Africa/Cairo", "Asia/Amman", "Africa/Tunis", "Africa/Khartoum"}, []string{"EG", "JO", "TN", "SD"}},
	{30, []string{"en", "hi", "sw"}, []string{"Africa/Nairobi", "Asia/Kolkata", "Europe/London", "America/New_York"}, []string{"KE", "IN", "GB", "US", "NG"}},
}

// words make titles in each language: a verb, an object, a place.
var words = map[string][3][]string{
	"es": {{"Digitalizar", "Traducir", "Mapear", "Revisar", "Diseñar"}, {"la lista de albergues", "el plan de evacuación", "la base de socios", "el boletín", "el sitio web"}, {"de Valparaíso", "del barrio", "de la cooperativa", "de la red", "del comité"}},
	"fr": {{"Numériser", "Traduire", "Cartographier", "Relire", "Concevoir"}, {"la liste des abris", "le plan d'urgence", "le fichier des membres", "la lettre d'information", "le site web"}, {"de Lyon", "du quartier", "de la coopérative", "du réseau", "du comité"}},
	"ar": {{"رقمنة", "ترجمة", "رسم خريطة", "مراجعة", "تصميم"}, {"قائمة الملاجئ", "خطة الإخلاء", "سجل الأعضاء", "النشرة الإخبارية", "الموقع الإلكتروني"}, {"للتعاونية", "للحي", "للشبكة", "للجنة", "للجمعية"}},
	"en": {{"Digitize", "Translate", "Map", "Review", "Design"}, {"the shelter list", "the evacuation plan", "the member register", "the newsletter", "the website"}, {"for the cooperative", "for the neighbourhood", "for the network", "for the committee", "for the clinic"}},
}

// Progress is told how far the load is: rows written of the total.
type Progress func(done, total int)

// Fill fills db, which must have no people yet, with scale's data made from seed.
func Fill(ctx context.Context, db *sqldb.DB, scale Scale, seed uint64, progress Progress) error {
	var people int
	if err := db.Writer().QueryRowContext(ctx, `SELECT COUNT(*) FROM people`).Scan(&people); err != nil {
		return err
	}
	if people > 0 {
		return fmt.Errorf("gen: the database has %d accounts already; generate into an empty one", people)
	}
	tax, err := taxonomy.Load()
	if err != nil {
		return err
	}
	g := &generator{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), scale: scale, now: time.Now().UTC().Truncate(time.Second),
		progress: progress, total: scale.Volunteers + scale.Organizations*2 + scale.Tasks}
	for _, s := range tax.Skills() {
		g.skills = append(g.skills, s.ID)
	}
	for _, c := range tax.Causes() {
		g.causes = append(g.causes, c.ID)
	}
	// Popular skills are more common: a Zipf draw over the skill list.
	g.skillZipf = rand.NewZipf(rand.New(rand.NewPCG(seed+1, seed+2)), 1.1, 4, uint64(len(g.skills)-1))
	if g.out, err = newLoader(ctx, db); err != nil {
		return err
	}
	defer g.out.close()
	for _, step := range []func(context.Context) error{g.volunteers, g.organizations, g.tasks} {
		if err := step(ctx); err != nil {
			return err
		}
	}
	if err := g.out.flushAll(ctx); err != nil {
		return err
	}
	return g.out.finish(ctx)
}

type generator struct {
	rng       *rand.Rand
	skillZipf *rand.Zipf
	scale     Scale
	now       time.Time
	skills    []string
	causes    []string
	out       loader
	progress  Progress
	done      int
	total     int
}

func (g *generator) tick(ctx context.Context) error {
	g.done++
	if g.done%5000 == 0 || g.done == g.total {
		if g.progress != nil {
			g.progress(g.done, g.total)
		}
		return ctx.Err()
	}
	return nil
}

func (g *generator) region() region {
	n := g.rng.IntN(100)
	for _, r := range regions {
		if n < r.weight {
			return r
		}
		n -= r.weight
	}
	return regions[0]
}

func pick[T any](rng *rand.Rand, list []T) T { return list[rng.IntN(len(list))] }

// distinct draws n different values with draw.
func distinct(n int, draw func() string) []string {
	var out []string
	for tries := 0; len(out) < n && tries < 4*n; tries++ {
		if v := draw(); !contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

var levels = []string{"native", "fluent", "conversational"}

// volunteers makes people with profiles; their IDs run from 1.
func (g *generator) volunteers(ctx context.Context) error {
	for id := 1; id <= g.scale.Volunteers; id++ {
		r := g.region()
		locale := r.languages[0]
		if locale != "es" && locale != "fr" && locale != "ar" {
			locale = "en"
		}
		if err := g.out.add(ctx, "people", []string{"id", "email", "display_name", "locale", "created_at", "email_verified_at"},
			id, "v"+strconv.Itoa(id)+"@gen.civhub.test", "Volunteer "+strconv.Itoa(id), locale, g.now, g.now); err != nil {
			return err
		}
		if err := g.out.add(ctx, "profiles", []string{"person_id", "time_zone", "hours_per_week", "country", "updated_at"},
			id, pick(g.rng, r.zones), 1+g.rng.IntN(10), pick(g.rng, r.countries), g.now); err != nil {
			return err
		}
		for _, s := range distinct(2+g.rng.IntN(4), func() string { return g.skills[g.skillZipf.Uint64()] }) {
			if err := g.out.add(ctx, "profile_skills", []string{"person_id", "skill_id"}, id, s); err != nil {
				return err
			}
		}
		langs := r.languages[:1+g.rng.IntN(len(r.languages))]
		for i, l := range langs {
			level := levels[min(i, 2)]
			if err := g.out.add(ctx, "profile_languages", []string{"person_id", "code", "level"}, id, l, level); err != nil {
				return err
			}
		}
		for _, c := range distinct(1+g.rng.IntN(3), func() string { return pick(g.rng, g.causes) }) {
			if err := g.out.add(ctx, "profile_causes", []string{"person_id", "cause_id"}, id, c); err != nil {
				return err
			}
		}
		if err := g.tick(ctx); err != nil {
			return err
		}
	}
	return nil
}

var orgTypes = []string{civhub.OrgNGO, civhub.OrgCooperative, civhub.OrgCommunity, civhub.OrgAdvocacy}

// organizations makes verified organizations, each owned by a person of its own (IDs after the
// volunteers'), with one open need per two tasks.
func (g *generator) organizations(ctx context.Context) error {
	for id := 1; id <= g.scale.Organizations; id++ {
		owner := g.scale.Volunteers + id
		r := g.region()
		lang := r.languages[0]
		if _, ok := words[lang]; !ok {
			lang = "en"
		}
		if err := g.out.add(ctx, "people", []string{"id", "email", "display_name", "locale", "created_at", "email_verified_at"},
			owner, "o"+strconv.Itoa(id)+"@gen.civhub.test", "Coordinator "+strconv.Itoa(id), lang, g.now, g.now); err != nil {
			return err
		}
		if err := g.out.add(ctx, "organizations", []string{"id", "slug", "name", "mission", "type", "country", "languages", "causes",
			"verification", "verified_at", "created_at", "time_zone"},
			id, "org-"+strconv.Itoa(id), "Organization "+strconv.Itoa(id), "", pick(g.rng, orgTypes), pick(g.rng, r.countries),
			jsonList(lang), jsonList(pick(g.rng, g.causes)), civhub.Verified, g.now, g.now, pick(g.rng, r.zones)); err != nil {
			return err
		}
		if err := g.out.add(ctx, "memberships", []string{"organization_id", "person_id", "role", "created_at"},
			id, owner, civhub.MemberOwner, g.now); err != nil {
			return err
		}
		if err := g.tick(ctx); err != nil {
			return err
		}
		if err := g.tick(ctx); err != nil {
			return err
		}
	}
	return nil
}

var taskTypes = []string{"data_entry", "research", "fact_checking", "mapping", "social_media", "website", "mobile_app",
	"database_design", "training", "design", "writing", civhub.TaskTranslation}

// tasks makes open, listed tasks, two per need, spread over the organizations.
func (g *generator) tasks(ctx context.Context) error {
	for id := 1; id <= g.scale.Tasks; id++ {
		org := 1 + (id-1)%g.scale.Organizations
		need := (id + 1) / 2
		r := regions[org%len(regions)]
		lang := r.languages[0]
		w, ok := words[lang]
		if !ok {
			lang, w = "en", words["en"]
		}
		title := pick(g.rng, w[0]) + " " + pick(g.rng, w[1]) + " " + pick(g.rng, w[2])
		if id%2 == 1 {
			if err := g.out.add(ctx, "needs", []string{"id", "organization_id", "title", "description", "causes", "languages", "status",
				"created_by", "created_at", "updated_at"},
				need, org, title, title+".", jsonList(pick(g.rng, g.causes)), jsonList(lang), civhub.NeedOpen, g.scale.Volunteers+org, g.now, g.now); err != nil {
				return err
			}
		}
		typ := pick(g.rng, taskTypes)
		source, target := "", ""
		if typ == civhub.TaskTranslation {
			source, target = lang, "en"
			if lang == "en" {
				target = "es"
			}
		}
		skills := distinct(1+g.rng.IntN(2), func() string { return g.skills[g.skillZipf.Uint64()] })
		urgency := civhub.UrgencyNormal
		if g.rng.IntN(10) == 0 {
			urgency = civhub.UrgencyUrgent
		}
		mode := civhub.JoinClaim
		if g.rng.IntN(3) == 0 {
			mode = civhub.JoinApply
		}
		deadline := g.now.Add(time.Duration(7+g.rng.IntN(60)) * 24 * time.Hour)
		if err := g.out.add(ctx, "tasks", []string{"id", "need_id", "organization_id", "title", "description", "type", "skills",
			"languages", "source_language", "target_language", "estimated_hours", "deadline", "volunteers_wanted", "urgency",
			"join_mode", "claim_hours", "status", "listed", "matched_at", "created_at", "updated_at"},
			id, need, org, title, title+". "+strings.Repeat(pick(g.rng, w[1])+" ", 3), typ, jsonList(skills...), jsonList(lang), source, target,
			1+g.rng.IntN(20), deadline, 1+g.rng.IntN(3), urgency, mode, 72, civhub.TaskOpen, true, g.now,
			g.now.Add(-time.Duration(g.rng.IntN(90*24))*time.Hour), g.now); err != nil {
			return err
		}
		for _, s := range skills {
			if err := g.out.add(ctx, "task_skills", []string{"task_id", "skill_id"}, id, s); err != nil {
				return err
			}
		}
		if err := g.tick(ctx); err != nil {
			return err
		}
	}
	return nil
}

// jsonList is a list column's value: a JSON array of the items.
func jsonList(items ...string) string {
	b, err := json.Marshal(items)
	if err != nil {
		panic(err) // strings always marshal
	}
	return string(b)
}

// loader writes rows in bulk.
type loader interface {
	add(ctx context.Context, table string, cols []string, values ...any) error
	flushAll(ctx context.Context) error
	finish(ctx context.Context) error
	close()
}

// batch is the rows of one table waiting to be written.
type batch struct {
	cols []string
	rows [][]any
}

// batchSize is how many rows of a table are written at once.
const batchSize = 5000

// tables lists the tables in the order their rows must be written (references first).
var tables = []string{"people", "profiles", "profile_skills", "profile_languages", "profile_causes", "organizations",
	"memberships", "needs", "tasks", "task_skills"}

// bulk gathers rows per table and writes them in batches, in the order of tables.
type bulk struct {
	out     *sqldb.BulkLoader
	pending map[string]*batch
}

func newLoader(ctx context.Context, db *sqldb.DB) (*bulk, error) {
	out, err := db.NewBulkLoader(ctx)
	if err != nil {
		return nil, err
	}
	return &bulk{out: out, pending: map[string]*batch{}}, nil
}

func (b *bulk) add(ctx context.Context, table string, cols []string, values ...any) error {
	p := b.pending[table]
	if p == nil {
		p = &batch{cols: cols}
		b.pending[table] = p
	}
	p.rows = append(p.rows, values)
	if len(p.rows) < batchSize {
		return nil
	}
	// Rows of a table may reference rows of tables before it: write those first.
	return b.flushAll(ctx)
}

func (b *bulk) flushAll(ctx context.Context) error {
	for _, t := range tables {
		if p := b.pending[t]; p != nil && len(p.rows) > 0 {
			if err := b.out.Write(ctx, t, p.cols, p.rows); err != nil {
				return fmt.Errorf("gen: %s: %w", t, err)
			}
			p.rows = p.rows[:0]
		}
	}
	return nil
}

// finish moves the identity counters past the written IDs and refreshes the planner's statistics.
func (b *bulk) finish(ctx context.Context) error {
	if err := b.out.Finish(ctx, "people", "organizations", "needs", "tasks"); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	return nil
}

func (b *bulk) close() { b.out.Close() }
