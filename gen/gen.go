// Package gen fills an empty civhub database with deterministic synthetic data at a chosen scale,
// for benchmarks and load tests, shaped like the data of a platform in use so that queries take the
// plans they would take on it: volunteers with skills, languages and time zones by region; verified
// organizations of very unequal sizes (a power law: a few post many needs, most few or none); needs
// over two years, oldest first, most of them closed by now, with tasks in realistic states (35%
// open and listed, some of their places taken; drafts; tasks closed after being done or cancelled)
// and the volunteers' assignments and agreements those states imply; deadlines at any hour of the
// coming four months, or past for closed tasks, or none; and titles in the four languages made of
// words that follow the task's type, drawn along Zipf curves, so that some words are very common
// and others rare. The same seed always gives the same data. PostgreSQL is loaded with COPY,
// SQLite with batched inserts in large transactions.
package gen

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
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
	if err := checkWords(tax); err != nil {
		return err
	}
	g := &generator{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), scale: scale, now: time.Now().UTC().Truncate(time.Second),
		progress: progress, total: scale.Volunteers + scale.Organizations*2 + scale.Tasks, skews: map[int]skewed{},
		volunteerStep: coprimeStep(scale.Volunteers)}
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
	for _, step := range []func(context.Context) error{g.volunteers, g.organizations, g.needs} {
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
	rng           *rand.Rand
	skillZipf     *rand.Zipf
	skews         map[int]skewed // Zipf draws over lists of each length
	scale         Scale
	now           time.Time
	skills        []string
	causes        []string
	orgs          []org // by ID - 1
	volunteerStep int   // spreads volunteers' ranks of activity over their IDs
	assignments   int64 // the last assignment's ID
	out           loader
	progress      Progress
	done          int
	total         int
}

// org is what tasks take from their organization.
type org struct {
	owner int64
	lang  string
	cause string
}

// coprimeStep returns a step prime to n, so that rank*step%n visits every rank below n once.
func coprimeStep(n int) int {
	gcd := func(a, b int) int {
		for b != 0 {
			a, b = b, a%b
		}
		return a
	}
	step := 7919
	for gcd(step, n) != 1 {
		step++
	}
	return step
}

// checkWords checks that the vocabulary's task types and skills are civhub's, and that every list
// has its four languages.
func checkWords(tax *taxonomy.Taxonomy) error {
	for _, k := range kinds {
		if !slices.Contains(civhub.TaskTypes, k.typ) {
			return fmt.Errorf("gen: unknown task type %q", k.typ)
		}
		for _, s := range k.skills {
			if _, ok := tax.Skill(s); !ok {
				return fmt.Errorf("gen: task type %s: unknown skill %q", k.typ, s)
			}
		}
		for _, l := range []byLang{k.verbs, k.things, projects, places, openers} {
			for _, lang := range languages {
				if len(l[lang]) == 0 {
					return fmt.Errorf("gen: task type %s: no words in %s", k.typ, lang)
				}
			}
		}
	}
	return nil
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

// languages are the languages of needs and tasks.
var languages = []string{"es", "fr", "ar", "en"}

// mainLanguage is the language a region's organizations write in: its main one if needs are written
// in it, else English.
func mainLanguage(r region) string {
	if slices.Contains(languages, r.languages[0]) {
		return r.languages[0]
	}
	return "en"
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
		locale := mainLanguage(r)
		// Volunteers joined over three years, in the order of their IDs.
		joined := g.now.Add(-time.Duration(g.scale.Volunteers-id) * (3 * 365 * 24 * time.Hour / time.Duration(g.scale.Volunteers)))
		if err := g.out.add(ctx, "people", []string{"id", "email", "display_name", "locale", "created_at", "email_verified_at"},
			id, "v"+strconv.Itoa(id)+"@gen.civhub.test", "Volunteer "+strconv.Itoa(id), locale, joined, joined); err != nil {
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
// volunteers'), all registered before the generated needs.
func (g *generator) organizations(ctx context.Context) error {
	for id := 1; id <= g.scale.Organizations; id++ {
		owner := g.scale.Volunteers + id
		r := g.region()
		lang := mainLanguage(r)
		o := org{owner: int64(owner), lang: lang, cause: pick(g.rng, g.causes)}
		g.orgs = append(g.orgs, o)
		joined := g.now.Add(-history - time.Duration(g.scale.Organizations-id)*(30*24*time.Hour/time.Duration(g.scale.Organizations)))
		if err := g.out.add(ctx, "people", []string{"id", "email", "display_name", "locale", "created_at", "email_verified_at"},
			owner, "o"+strconv.Itoa(id)+"@gen.civhub.test", "Coordinator "+strconv.Itoa(id), lang, joined, joined); err != nil {
			return err
		}
		if err := g.out.add(ctx, "organizations", []string{"id", "slug", "name", "type", "country", "languages", "causes",
			"verification", "verified_at", "created_at", "time_zone"},
			id, "org-"+strconv.Itoa(id), "Organization "+strconv.Itoa(id), pick(g.rng, orgTypes), pick(g.rng, r.countries),
			jsonList(lang), jsonList(o.cause), civhub.Verified, joined, joined, pick(g.rng, r.zones)); err != nil {
			return err
		}
		if err := g.out.add(ctx, "memberships", []string{"organization_id", "person_id", "role", "created_at"},
			id, owner, civhub.MemberOwner, joined); err != nil {
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
	"memberships", "needs", "tasks", "task_skills", "assignments", "agreements"}

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
	if err := b.out.Finish(ctx, "people", "organizations", "needs", "tasks", "assignments"); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	return nil
}

func (b *bulk) close() { b.out.Close() }
