package web

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"civhub/sqldb"
)

// TestExportAuditDetailsReadable: the personal data export gives each audit entry's detail as a
// sentence in the person's language, as the audit log page does, not as the JSON it is stored as.
func TestExportAuditDetailsReadable(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	f.confirmWork(t, volunteer, f.taskB)
	resp := f.do(volunteer, methodGet, "/account/export", nil)
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("export: %d", resp.StatusCode)
	}
	var x struct {
		AuditLog []struct{ Action, Detail string } `json:"audit_log"`
	}
	if err := json.Unmarshal(body, &x); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("task %d: 2 h 30 min, confirmed", f.taskB.ID)
	found := false
	for _, e := range x.AuditLog {
		if strings.HasPrefix(e.Detail, "{") {
			t.Errorf("an audit detail exported as JSON: %s", e.Detail)
		}
		found = found || e.Detail == want
	}
	if !found {
		t.Fatalf("no entry reads %q: %+v", want, x.AuditLog)
	}
}
