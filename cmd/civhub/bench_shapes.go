package main

// The request shapes of civhub bench, and what it learns from the data to fill them in.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// sample is what the bench learns of the data to ask realistic questions.
type sample struct {
	ids                                  []int64 // tasks, newest and soonest due, in order
	typ, skill, language, country, cause string  // the commonest in those tasks
}

// apiTasks is the part of the task API's answer that the bench reads.
type apiTasks struct {
	Tasks []struct {
		ID        int64    `json:"id"`
		NeedID    int64    `json:"need_id"`
		Type      string   `json:"type"`
		Skills    []string `json:"skills"`
		Languages []string `json:"languages"`
		Country   string   `json:"country"`
	} `json:"tasks"`
	Next string `json:"next"`
}

// discover reads the newest and the soonest due tasks through the API and picks the commonest
// type, skill, language, country and cause among them.
func discover(ctx context.Context, c *http.Client, base string) (*sample, error) {
	s := &sample{}
	var types, skills, languages, countries, needs []string
	for _, sort := range []string{"newest", "deadline"} {
		var page apiTasks
		if err := getJSON(ctx, c, base+"/api/v1/tasks?limit=100&sort="+sort, &page); err != nil {
			return nil, err
		}
		for _, t := range page.Tasks {
			s.ids = append(s.ids, t.ID)
			types, skills = append(types, t.Type), append(skills, t.Skills...)
			languages, needs = append(languages, t.Languages...), append(needs, strconv.FormatInt(t.NeedID, 10))
			if t.Country != "" {
				countries = append(countries, t.Country)
			}
		}
	}
	slices.Sort(s.ids)
	if s.ids = slices.Compact(s.ids); len(s.ids) == 0 {
		return nil, errors.New("bench: the API lists no open tasks: fill the database with civhub gen first")
	}
	// Generated tasks are remote, without a country: then the filter asks for one that matches none.
	s.typ, s.skill, s.language, s.country = commonest(types), commonest(skills), commonest(languages), commonest(append(countries, "KE"))
	var need struct {
		Causes []string `json:"causes"`
	}
	if err := getJSON(ctx, c, base+"/api/v1/needs/"+commonest(needs), &need); err != nil {
		return nil, err
	}
	if s.cause = commonest(need.Causes); s.cause == "" {
		return nil, errors.New("bench: the commonest need of the sample has no cause")
	}
	return s, nil
}

// commonest returns the value that occurs most often in list, the first of equals; "" if none.
func commonest(list []string) string {
	seen := map[string]int{}
	best := ""
	for _, v := range list {
		if seen[v]++; seen[v] > seen[best] || best == "" {
			best = v
		}
	}
	return best
}

// getJSON decodes the JSON answer to GET u into v.
func getJSON(ctx context.Context, c *http.Client, u string, v any) error {
	resp, err := get(ctx, c, u)
	if err != nil {
		return err
	}
	return json.Unmarshal(resp.body, v)
}

// response is one answer, read to the end.
type response struct {
	status int
	header http.Header
	body   []byte
}

// get asks for u once, without compression, and wants a 2xx answer.
func get(ctx context.Context, c *http.Client, u string) (*response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err == nil && (resp.StatusCode < 200 || resp.StatusCode > 299) {
		err = fmt.Errorf("bench: GET %s answered %s: %.200s", u, resp.Status, body)
	}
	return &response{resp.StatusCode, resp.Header, body}, err
}

// shape is one kind of request: a name, the paths it asks for in turn (shown as path), and for
// searches the query whose matches are counted.
type shape struct {
	name, path, count string
	paths             []string
}

// searches are the words searched for, by how often they occur. gen draws each task type's words
// along Zipf curves in the organization's language: "subvención" is a rare Spanish object (about
// one listed task in 500), "newsletter" a common English one (one in 20), and "de" begins a word of
// nearly every Spanish and many French titles. The bench counts what each matches.
var searches = []struct{ class, words string }{
	{"none", "zzqx"}, {"rare", "subvención"}, {"common", "newsletter"}, {"very-common", "de"},
}

// benchShapes lists every shape of request on the sample's data.
func benchShapes(s *sample) []shape {
	shapes := []shape{
		apiList("api-newest", "sort", "newest"),
		apiList("api-deadline", "sort", "deadline"),
		apiList("type", "type", s.typ, "sort", "deadline"),
		apiList("skill", "skill", s.skill, "sort", "deadline"),
		apiList("language", "language", s.language, "sort", "deadline"),
		apiList("country", "country", s.country, "sort", "deadline"),
		apiList("cause", "cause", s.cause, "sort", "deadline"),
		apiList("remote", "remote", "yes", "sort", "deadline"),
		apiList("max-hours", "max_hours", "5", "sort", "deadline"),
		apiList("urgent", "urgent", "true", "sort", "deadline"),
		apiList("deadline-by", "due_within_days", "14", "sort", "deadline"),
	}
	for _, w := range searches {
		shapes = append(shapes,
			searchShape(apiList("q-"+w.class+"-newest", "q", w.words, "sort", "newest"), "q", w.words),
			searchShape(apiList("q-"+w.class+"-deadline", "q", w.words, "sort", "deadline"), "q", w.words),
			searchShape(apiList("q-"+w.class+"-type", "q", w.words, "type", s.typ, "sort", "deadline"), "q", w.words, "type", s.typ))
	}
	rotating := shape{name: "task-rotating", path: fmt.Sprintf("/api/v1/tasks/{id} (%d tasks in turn)", len(s.ids))}
	for _, id := range s.ids {
		rotating.paths = append(rotating.paths, "/api/v1/tasks/"+strconv.FormatInt(id, 10))
	}
	id := strconv.FormatInt(s.ids[0], 10)
	common := searches[2].words
	return append(shapes, single("task", "/api/v1/tasks/"+id), rotating,
		single("html-tasks", "/tasks"),
		searchShape(single("html-search", "/tasks?"+query("q", common, "sort", "deadline")), "q", common),
		single("html-task", "/tasks/"+id),
		single("html-home", "/"))
}

// single is a shape of one path.
func single(name, path string) shape { return shape{name: name, path: path, paths: []string{path}} }

// apiList is a shape of the task list API with the query parameters kv (name, value, …).
func apiList(name string, kv ...string) shape { return single(name, "/api/v1/tasks?"+query(kv...)) }

// searchShape is sh with the matches of the API search kv counted.
func searchShape(sh shape, kv ...string) shape {
	sh.count = query(kv...)
	return sh
}

// query encodes the parameters kv (name, value, …) in their order.
func query(kv ...string) string {
	parts := make([]string, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		parts = append(parts, url.QueryEscape(kv[i])+"="+url.QueryEscape(kv[i+1]))
	}
	return strings.Join(parts, "&")
}

// chooseShapes returns the shapes named in the comma-separated list, or all of them.
func chooseShapes(all []shape, list string) ([]shape, error) {
	if list == "all" {
		return all, nil
	}
	var chosen []shape
	for _, name := range strings.Split(list, ",") {
		i := slices.IndexFunc(all, func(s shape) bool { return s.name == strings.TrimSpace(name) })
		if i < 0 {
			names := make([]string, len(all))
			for j, s := range all {
				names[j] = s.name
			}
			return nil, fmt.Errorf("bench: no shape %q; the shapes are %s", name, strings.Join(names, ", "))
		}
		chosen = append(chosen, all[i])
	}
	return chosen, nil
}

// countMatches pages through the API's search q, newest first, and returns how many tasks it
// matches, "≥" the cap when there are more.
func countMatches(ctx context.Context, c *http.Client, base, q string) (string, error) {
	n, after := 0, ""
	for n < countCap {
		var page apiTasks
		if err := getJSON(ctx, c, base+"/api/v1/tasks?limit=100&"+q+"&after="+url.QueryEscape(after), &page); err != nil {
			return "", err
		}
		n += len(page.Tasks)
		if after = page.Next; after == "" {
			return strconv.Itoa(n), nil
		}
	}
	return "≥" + strconv.Itoa(n), nil
}
