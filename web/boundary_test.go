package web

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"civhub"
	"civhub/sqldb"
	"civhub/web/webtest"
)

// Whatever civhub accepts it must store, read back, render and serialize on both databases. These
// tests send boundary values for every field of every API operation that stores data and every web
// form, then read every page and list as every kind of person: no answer may be a server error, and
// every JSON answer must parse. The operations come from the OpenAPI document and the forms from the
// pages themselves, so that a new one cannot be forgotten.

// boundaryBase is a body that an API operation accepts, sent as role to the path made by path: the
// boundary values replace one field of it at a time.
type boundaryBase struct {
	role string
	path func(f *fixture) string
	body string
}

func idPath(format string, id func(f *fixture) int64) func(f *fixture) string {
	return func(f *fixture) string { return fmt.Sprintf(format, id(f)) }
}

var boundaryBases = map[string]boundaryBase{
	"register-for-event": {member, fixed("/api/v1/events/camp-beta/registration"), `{"answers":{"1":"Yes"}}`},
	"create-token":       {anon, fixed("/api/v1/auth/token"), `{"email":"person0@example.org","password":"a-long-password-1","name":"script"}`},
	"set-notification-settings": {volunteer, fixed("/api/v1/me/notification-settings"),
		`{"settings":[{"kind":"message","channel":"email","delivery":"weekly"}]}`},
	"put-my-profile": {volunteer, fixed("/api/v1/me/profile"), `{"skills":[],"languages":[{"Code":"en","Level":"fluent"}],
		"time_zone":"Asia/Kolkata","hours_per_week":3,"causes":["sdg4"],"country":"IN","city":"Bengaluru","bio":"Android.",
		"links":["https://example.org/me"],"visibility":{"location":"partners"}}`},
	"create-organization": {volunteer, fixed("/api/v1/orgs"),
		`{"slug":"delta","name":"Delta group","type":"ngo","country":"KE","city":"Nairobi","mission":"m","at_risk":false,"links":["https://delta.example"]}`},
	"update-organization": {orgAdmin, fixed("/api/v1/orgs/alpha"),
		`{"name":"ALPHA","mission":"Our mission","type":"ngo","country":"KE","city":"Kisumu","at_risk":false,"causes":["sdg5"],"languages":["sw"],"links":["https://alpha.example"]}`},
	"create-need": {orgAdmin, fixed("/api/v1/orgs/alpha/needs"), `{"title":"A boundary need","description":"d","remote":true,"causes":["sdg4"],"languages":["fr"],
		"tasks":[{"title":"A boundary task","type":"data_entry","estimated_hours":2,"volunteers_wanted":3,"join_mode":"claim","deadline":"2030-01-31T00:00:00Z"}]}`},
	"update-need": {orgAdmin, idPath("/api/v1/needs/%d", func(f *fixture) int64 { return f.needA.ID }), `{"title":"A need renamed","description":"","remote":true}`},
	"create-task": {otherOrg, idPath("/api/v1/needs/%d/tasks", func(f *fixture) int64 { return f.needB.ID }),
		`{"title":"A boundary task","type":"data_entry","estimated_hours":2,"volunteers_wanted":3,"join_mode":"claim","claim_hours":24,"deadline":"2030-01-31T00:00:00Z","languages":["en"]}`},
	"update-task": {otherOrg, idPath("/api/v1/tasks/%d", func(f *fixture) int64 { return f.taskB.ID }),
		`{"title":"A task renamed","type":"data_entry","estimated_hours":2,"volunteers_wanted":10,"join_mode":"claim","claim_hours":24,"deadline":"2030-01-31T00:00:00Z"}`},
	"claim-task":       {volunteer, idPath("/api/v1/tasks/%d/claim", func(f *fixture) int64 { return f.taskB.ID }), `{"message":"I can do it."}`},
	"apply-task":       {other, idPath("/api/v1/tasks/%d/apply", func(f *fixture) int64 { return f.taskB.ID }), `{"message":"I can do it."}`},
	"submit-task":      {volunteer, idPath("/api/v1/tasks/%d/submit", func(f *fixture) int64 { return f.taskB.ID }), `{"message":"Done, see the sheet."}`},
	"log-hours":        {volunteer, idPath("/api/v1/tasks/%d/hours", func(f *fixture) int64 { return f.taskB.ID }), `{"hours":1.5,"note":"Typing."}`},
	"invite-volunteer": {otherOrg, idPath("/api/v1/tasks/%d/invite", func(f *fixture) int64 { return f.taskB.ID }), `{"person_id":1}`},
	"review-task":      {otherOrg, idPath("/api/v1/tasks/%d/review", func(f *fixture) int64 { return f.taskB.ID }), `{"assignment_id":1,"decision":"return","message":"Please add the sources."}`},
	"submit-resource":  {volunteer, fixed("/api/v1/resources"), `{"kind":"grant","title":"Boundary fund","provider":"A foundation","url":"https://fund.example.org","deadline":"2030-06-30T00:00:00Z","countries":["KE"],"tags":["water"],"amount_max":1000,"currency":"USD"}`},
	"update-resource":  {moderator, idPath("/api/v1/resources/%d", func(f *fixture) int64 { return f.pub.ID }), `{"kind":"grant","title":"Community fund","provider":"A foundation","url":"https://fund.example.org","deadline":"2030-06-30T00:00:00Z"}`},
	"review-resource":  {moderator, idPath("/api/v1/resources/%d/review", func(f *fixture) int64 { return f.pend.ID }), `{"decision":"return","reason":"Add the deadline."}`},
	"take-quiz":        {volunteer, fixed("/api/v1/courses/safe-accounts/en/lessons/1/attempts"), `{"answers":[{"question_id":1,"chosen":[1]},{"question_id":2,"text":"yes"}]}`},
	// A newcomer's edits wait for a moderator, so the current revision stays the base of each.
	"edit-toolkit": {volunteer, fixed("/api/v1/toolkits/flood-guide/en/revisions"),
		`{"base":1,"title":"Flood guide","summary":"Before, during and after a flood.","note":"Phones.","pages":[{"title":"Before","body":"List the families."}]}`},
	"track-resource": {orgAdmin, idPath("/api/v1/orgs/alpha/tracked/%d", func(f *fixture) int64 { return f.pub.ID }), `{"stage":"saved","notes":"Ask Amina."}`},
}

// boundaryStrings are text values no client should be able to turn into a server error.
var boundaryStrings = []any{
	"\x00", "a\x00b", "tab\there", "bell\x07", "del\x7f", "c1\u0085", json.RawMessage(`"\ud800"`), json.RawMessage(`"a\udfffb"`), "\xed\xa0\x80", "😀\u200f\u202e",
	strings.Repeat("é", 100000), "https://ok.example/ javascript:alert(1)", "javascript:alert(1)",
	"data:text/html,<script>alert(1)</script>", "<b>x</b>\"'><script>alert(1)</script>", "", " ", "9223372036854775808",
}

var boundaryTimes = []any{
	"9999-12-31T23:59:59-23:59", "0000-01-01T00:00:00+23:00", "0001-01-01T00:00:00Z", "1969-12-31T23:59:59Z",
	"2099-12-31T23:59:59-23:59", "2100-01-01T00:00:00Z", "1999-12-31T23:59:59-01:00", "2030-02-30T00:00:00Z", "\x00",
}

var boundaryNumbers = []any{
	json.Number("9223372036854775807"), json.Number("-9223372036854775808"), json.Number("2147483648"),
	json.Number("-2147483649"), json.Number("-1"), json.Number("0"), json.Number("1e308"), json.Number("0.0001"),
	json.Number("99999999999999999999999"), "1",
}

// boundaryValues returns the values to try for a property of the given schema.
func boundaryValues(prop map[string]any, base any) []any {
	typ := fmt.Sprint(prop["type"])
	if t, ok := prop["type"].([]any); ok && len(t) > 0 {
		typ = fmt.Sprint(t[0])
	}
	switch {
	case typ == "string" && prop["format"] == "date-time":
		return boundaryTimes
	case typ == "string":
		return boundaryStrings
	case typ == "integer" || typ == "number":
		return boundaryNumbers
	case typ == "array":
		var item any = "sdg1"
		if list, ok := base.([]any); ok && len(list) > 0 {
			item = list[0]
		}
		many := make([]any, 5000)
		for i := range many {
			many[i] = item
		}
		distinct := make([]any, 5000)
		for i := range distinct {
			distinct[i] = "x" + strconv.Itoa(i)
		}
		out := []any{many, distinct, []any{"https://ok.example/ javascript:alert(1)"}, []any{nil}, []any{map[string]any{}}}
		for _, s := range boundaryStrings {
			out = append(out, []any{s})
		}
		return out
	case typ == "object":
		return []any{map[string]any{"\x00": "x"}, map[string]any{"location": "\x00"}, map[string]any{strings.Repeat("k", 1000): "public"}}
	}
	return []any{nil, "x"}
}

// openAPIDocument is what the boundary tests read of the OpenAPI document.
type openAPIDocument struct {
	Paths map[string]map[string]struct {
		OperationID string `json:"operationId"`
		RequestBody *struct {
			Content map[string]struct {
				Schema map[string]any `json:"schema"`
			} `json:"content"`
		} `json:"requestBody"`
		Parameters []struct {
			Name string `json:"name"`
			In   string `json:"in"`
		} `json:"parameters"`
	} `json:"paths"`
	Components struct {
		Schemas map[string]map[string]any `json:"schemas"`
	} `json:"components"`
}

func readOpenAPI(t *testing.T, f *fixture) *openAPIDocument {
	t.Helper()
	resp := f.api(anon, http.MethodGet, "/api/openapi.json", "")
	var doc openAPIDocument
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	return &doc
}

// bodySchema returns the properties of an operation's JSON request body.
func (doc *openAPIDocument) bodySchema(schema map[string]any) map[string]any {
	if ref, ok := schema["$ref"].(string); ok {
		schema = doc.Components.Schemas[strings.TrimPrefix(ref, "#/components/schemas/")]
	}
	props, _ := schema["properties"].(map[string]any)
	return props
}

// checkAnswer fails the test when resp is a server error or claims JSON that does not parse.
func checkAnswer(t *testing.T, what string, resp *http.Response) []byte {
	t.Helper()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 500 {
		t.Errorf("%s: %d: %.300s", what, resp.StatusCode, raw)
	}
	if strings.Contains(resp.Header.Get("Content-Type"), "json") && !json.Valid(raw) {
		t.Errorf("%s: %d with a body that is not JSON: %.300s", what, resp.StatusCode, raw)
	}
	return raw
}

func TestBoundaryValuesInAPI(t *testing.T) {
	t.Parallel() // one of the slowest tests: it and its databases run beside the others
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, d)
			doc := readOpenAPI(t, f)
			sent := 0
			for path, ops := range doc.Paths {
				for method, op := range ops {
					if op.RequestBody == nil {
						continue
					}
					base, ok := boundaryBases[op.OperationID]
					if !ok {
						t.Errorf("%s %s (%s) stores data but has no base body in boundaryBases", method, path, op.OperationID)
						continue
					}
					var body map[string]any
					dec := json.NewDecoder(strings.NewReader(base.body))
					dec.UseNumber()
					if err := dec.Decode(&body); err != nil {
						t.Fatalf("%s: base body: %v", op.OperationID, err)
					}
					url := base.path(f)
					m := strings.ToUpper(method)
					checkAnswer(t, op.OperationID+" with its base body", f.api(base.role, m, url, base.body))
					props := doc.bodySchema(op.RequestBody.Content["application/json"].Schema)
					if len(props) == 0 {
						t.Errorf("%s: no properties in its request schema", op.OperationID)
					}
					for name, p := range props {
						for _, v := range boundaryValues(p.(map[string]any), body[name]) {
							mutated := map[string]any{}
							for k, v := range body {
								mutated[k] = v
							}
							mutated[name] = v
							raw, err := json.Marshal(mutated)
							if err != nil {
								t.Fatal(err)
							}
							checkAnswer(t, fmt.Sprintf("%s %s=%.60q", op.OperationID, name, fmt.Sprint(v)), f.api(base.role, m, url, string(raw)))
							sent++
						}
					}
				}
			}
			t.Logf("%d boundary requests", sent)
			readEverything(t, f, doc)
		})
	}
}

// readEverything reads every API list and record and every page, as every kind of person, and
// fails on a server error or JSON that does not parse.
func readEverything(t *testing.T, f *fixture, doc *openAPIDocument) {
	t.Helper()
	ids := f.recordIDs(t)
	for path, ops := range doc.Paths {
		op, ok := ops["get"]
		if !ok || strings.Contains(path, "openapi") {
			continue
		}
		for _, p := range expandPath("/api"+path, ids) {
			for _, role := range roles {
				checkAnswer(t, "GET "+p+" as "+role+" ("+op.OperationID+")", f.api(role, http.MethodGet, p, ""))
			}
		}
	}
	for _, pattern := range f.s.patterns {
		method, path, ok := strings.Cut(pattern, " ")
		if !ok || method != http.MethodGet || strings.HasPrefix(path, "/api") {
			continue
		}
		path = strings.TrimSuffix(path, "{$}")
		for _, p := range expandPath(path, ids) {
			for _, role := range roles {
				checkAnswer(t, "GET "+p+" as "+role, f.do(role, http.MethodGet, p, nil))
			}
		}
	}
}

var pathParam = regexp.MustCompile(`\{[a-z_]+\}`)

// expandPath fills the parameters of a route pattern with the given records' IDs; routes whose
// parameters name secrets (tokens, files) are read with one made-up value.
func expandPath(path string, ids map[string][]string) []string {
	params := pathParam.FindAllString(path, -1)
	if len(params) == 0 {
		return []string{path}
	}
	if rest, ok := strings.CutPrefix(path, "/courses/{slug}/{lang}"); ok || strings.HasPrefix(path, "/api/v1/courses/{slug}/{lang}") {
		// A course by slug and language; its lessons by position, its questions by ID.
		prefix := "/courses/"
		if !ok {
			prefix, rest = "/api/v1/courses/", strings.TrimPrefix(path, "/api/v1/courses/{slug}/{lang}")
		}
		var out []string
		for _, c := range ids["course"] {
			for _, q := range append(ids["question"], "999999")[:1+min(len(ids["question"]), 1)] {
				p := prefix + c + strings.NewReplacer("{n}", "1", "{id}", q).Replace(rest)
				if !slices.Contains(out, p) {
					out = append(out, p)
				}
			}
		}
		return out
	}
	if rest, ok := strings.CutPrefix(path, "/toolkits/{slug}/{lang}"); ok || strings.HasPrefix(path, "/api/v1/toolkits/{slug}/{lang}") {
		// A toolkit by slug and language; its revisions by number, its files by ID.
		prefix := "/toolkits/"
		if !ok {
			prefix, rest = "/api/v1/toolkits/", strings.TrimPrefix(path, "/api/v1/toolkits/{slug}/{lang}")
		}
		var out []string
		for _, k := range ids["toolkit"] {
			for _, n := range ids["revision"] {
				p := prefix + k + strings.NewReplacer("{n}", n, "{id}", append(ids["file"], "999999")[0]).Replace(rest)
				if !slices.Contains(out, p) {
					out = append(out, p)
				}
			}
		}
		return out
	}
	kind := ""
	switch {
	case strings.HasPrefix(path, "/api/v1/orgs/{slug}/tracked"), strings.HasPrefix(path, "/orgs/{slug}/verification/{id}"):
		return []string{strings.NewReplacer("{slug}", "alpha", "{id}", "1").Replace(path)}
	case strings.Contains(path, "{slug}"):
		kind = "slug"
	case strings.Contains(path, "/needs/"):
		kind = "need"
	case strings.Contains(path, "/tasks/"):
		kind = "task"
	case strings.Contains(path, "/resources/"):
		kind = "resource"
	case strings.Contains(path, "{person}"), strings.Contains(path, "/people/"):
		kind = "person"
	case strings.Contains(path, "/notifications/"):
		kind = "notification"
	}
	values := ids[kind]
	if kind == "" {
		values = []string{"x"}
	}
	var out []string
	for _, v := range values {
		out = append(out, pathParam.ReplaceAllString(path, v))
	}
	return out
}

// recordIDs lists the IDs of every record a page or operation could show, by kind.
func (f *fixture) recordIDs(t *testing.T) map[string][]string {
	t.Helper()
	ids := map[string][]string{}
	for kind, q := range map[string]string{
		"slug": `SELECT slug FROM organizations`, "need": `SELECT CAST(id AS TEXT) FROM needs`,
		"task": `SELECT CAST(id AS TEXT) FROM tasks`, "resource": `SELECT CAST(id AS TEXT) FROM resources`,
		"person": `SELECT CAST(id AS TEXT) FROM people`, "notification": `SELECT CAST(id AS TEXT) FROM notifications`,
		"course": `SELECT slug || '/' || language FROM courses`, "question": `SELECT CAST(id AS TEXT) FROM questions`,
		"toolkit": `SELECT slug || '/' || language FROM toolkits`, "revision": `SELECT DISTINCT CAST(number AS TEXT) FROM toolkit_revisions`,
		"file": `SELECT CAST(id AS TEXT) FROM toolkit_files`,
	} {
		rows, err := f.db.Writer().Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				t.Fatal(err)
			}
			ids[kind] = append(ids[kind], v)
		}
		rows.Close()
		sort.Strings(ids[kind])
	}
	return ids
}

// TestBoundaryValuesInForms fills every form that the pages show each kind of person with boundary
// values, one field at a time, keeping the rest as the page gave it, then reads everything.
func TestBoundaryValuesInForms(t *testing.T) {
	t.Parallel() // one of the slowest tests: it and its databases run beside the others
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, d)
			ids := f.recordIDs(t)
			forms := map[string]bool{}
			sent := 0
			// Pages whose forms come filled from their query: a need from an example (all examples
			// fill the same fields; two of them, the first and the last, spare the run 2,000 posts).
			filled := []string{"/orgs/alpha/needs/new?template=" + blankTemplate}
			for _, tpl := range []civhub.NeedTemplate{civhub.NeedTemplates[0], civhub.NeedTemplates[len(civhub.NeedTemplates)-1]} {
				filled = append(filled, "/orgs/alpha/needs/new?template="+tpl.ID)
			}
			for _, role := range []string{anon, volunteer, orgAdmin, moderator} {
				for _, pattern := range append(slices.Clone(f.s.patterns), filled...) {
					method, path, ok := strings.Cut(pattern, " ")
					if !ok && strings.HasPrefix(pattern, "/") {
						method, path, ok = http.MethodGet, pattern, true
					}
					if !ok || method != http.MethodGet {
						continue
					}
					for _, p := range expandPath(strings.TrimSuffix(path, "{$}"), ids) {
						resp := f.do(role, http.MethodGet, p, nil)
						if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Type"), "html") {
							continue
						}
						page := webtest.Parse(t, resp.Body)
						for _, form := range page.All(`form[method="post"]`) {
							action := webtest.Attr(form, "action")
							if action == "" {
								action = p
							}
							key := role + " " + action
							if strings.Contains(p, "?template=") {
								key += " " + p // each example fills the same form differently
							}
							if skipBoundaryForm(action) || forms[key] {
								continue
							}
							forms[key] = true
							sent += f.fillForm(t, role, action, form)
						}
					}
				}
			}
			if len(forms) < 20 {
				t.Errorf("only %d forms found on the pages: the crawl is broken", len(forms))
			}
			t.Logf("%d forms, %d boundary posts", len(forms), sent)
			readEverything(t, f, readOpenAPI(t, f))
		})
	}
}

// skipBoundaryForm reports whether a form's action ends the caller's session or account, or
// changes who may do what, which would leave the rest of the crawl with nothing to read.
func skipBoundaryForm(action string) bool {
	for _, prefix := range []string{"/signout", "/account/delete", "/account/sessions", "/account/password", "/account/email",
		"/account/2fa", "/admin/people/", "/lang", "/orgs/alpha/delete", "/orgs/beta/delete", "/orgs/gamma/delete"} {
		if strings.HasPrefix(action, prefix) {
			return true
		}
	}
	return false
}

// boundaryFormValues are what fillForm tries in each field: controls, bytes that are not UTF-8, text
// longer than any field takes (but within the size of a form), dates beyond any column, numbers beyond
// any integer, a link with a space and markup.
var boundaryFormValues = []string{"a\x00b", "\x01\xff\xfe", strings.Repeat("é", 12000), "9999-12-31", "0000-01-01",
	"-99999999999999999999", "https://ok.example/ javascript:alert(1)", "<b>x</b>\"'><script>"}

// fillForm posts form as role once per field and boundary value, and returns how many it posted.
func (f *fixture) fillForm(t *testing.T, role, action string, form *html.Node) int {
	t.Helper()
	values := map[string][]string{}
	var fields []string
	for _, in := range webtest.Within(form, "input, textarea, select") {
		name := webtest.Attr(in, "name")
		if name == "" || name == "csrf_token" {
			continue
		}
		if !slices.Contains(fields, name) {
			fields = append(fields, name)
		}
		switch typ := webtest.Attr(in, "type"); {
		case in.Data == "textarea":
			values[name] = append(values[name], webtest.Text(in))
		case in.Data == "select":
			for _, opt := range webtest.Within(in, "option[selected]") {
				values[name] = append(values[name], webtest.Attr(opt, "value"))
			}
		case typ == "checkbox" || typ == "radio":
			if webtest.HasAttr(in, "checked") {
				values[name] = append(values[name], webtest.Attr(in, "value"))
			}
		case typ == "file" || typ == "submit":
		default:
			values[name] = append(values[name], webtest.Attr(in, "value"))
		}
	}
	sent := 0
	for _, field := range fields {
		for _, v := range boundaryFormValues {
			form := make(map[string][]string, len(values))
			for k, vs := range values {
				form[k] = slices.Clone(vs)
			}
			form[field] = []string{v}
			checkAnswer(t, fmt.Sprintf("POST %s as %s with %s=%.40q", action, role, field, v), f.do(role, http.MethodPost, action, form))
			sent++
		}
	}
	return sent
}
