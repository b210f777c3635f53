package web

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"civhub/sqldb"
)

// TestToolkitAPI: the organization's admin edits a toolkit through the API; an edit from an old
// version is refused; the history lists both revisions and their comparison names the words that
// changed; a newcomer's edit waits for a moderator.
func TestToolkitAPI(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	edit := func(role, base, body string) (int, map[string]any) {
		t.Helper()
		resp := f.api(role, http.MethodPost, "/api/v1/toolkits/flood-guide/en/revisions",
			`{"base":`+base+`,"title":"Flood guide","summary":"Before, during and after a flood.","note":"phones",`+
				`"pages":[{"title":"Before","body":"`+body+`"}]}`)
		var out map[string]any
		raw, _ := io.ReadAll(resp.Body)
		json.Unmarshal(raw, &out)
		return resp.StatusCode, out
	}
	if code, out := edit(orgAdmin, "1", "List the families to warn, with their phone numbers."); code != 201 || out["status"] != "published" || out["number"] != 2.0 {
		t.Fatalf("the edit: %d %v", code, out)
	}
	if code, _ := edit(orgAdmin, "1", "An edit of the old version."); code != http.StatusConflict {
		t.Fatalf("an edit of an old version: %d", code)
	}
	if code, out := edit(volunteer, "2", "Spam spam spam."); code != 201 || out["status"] != "pending" {
		t.Fatalf("a newcomer's edit: %d %v", code, out)
	}
	resp := f.api(anon, http.MethodGet, "/api/v1/toolkits/flood-guide/en/revisions", "")
	var history struct{ Revisions []struct{ Number int } }
	if err := json.NewDecoder(resp.Body).Decode(&history); err != nil || len(history.Revisions) != 2 || history.Revisions[0].Number != 2 {
		t.Fatalf("the history others see: %+v %v", history, err)
	}
	resp = f.api(anon, http.MethodGet, "/api/v1/toolkits/flood-guide/en/compare?from=2&to=1", "")
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(string(body), `{"op":"insert","text":", with their phone numbers"}`) {
		t.Fatalf("the comparison: %d %s", resp.StatusCode, body)
	}
	resp = f.api(anon, http.MethodGet, "/api/v1/toolkits/flood-guide/en/revisions/3", "")
	if resp.StatusCode != 404 {
		t.Fatalf("a waiting revision, to anyone: %d", resp.StatusCode)
	}
	resp = f.api(moderator, http.MethodGet, "/api/v1/toolkits/flood-guide/en/revisions/3", "")
	if resp.StatusCode != 200 {
		t.Fatalf("a waiting revision, to a moderator: %d", resp.StatusCode)
	}
}
