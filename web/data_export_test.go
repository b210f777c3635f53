package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"civhub/sqldb"
)

// TestAccountExportDownload downloads the personal export of someone signed in on two devices and
// checks that both sessions are in it, marked by device, without the session cookies or the ids
// the sessions are stored under. (The storage test TestPersonExportGolden checks every field.)
func TestAccountExportDownload(t *testing.T) {
	s, db := newTestServerDB(t, nil)
	p := createPerson(t, db, "jean@example.org", "a-long-password-1", "")
	// Signed in without the sign-in form, whose password hashing is slow on purpose.
	f := &fixture{s: s}
	phone, laptop := f.session(t, p), f.session(t, p)

	r := httptest.NewRequest(http.MethodGet, "/account/export", nil)
	r.AddCookie(&http.Cookie{Name: s.sessions.Cookie.Name, Value: laptop})
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	resp := w.Result()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d, want 200", resp.StatusCode)
	}
	var x struct {
		Sessions []struct {
			ID      string
			Device  string
			Current bool
		} `json:"sessions"`
	}
	if err := json.Unmarshal(body, &x); err != nil {
		t.Fatalf("the export is not JSON: %v", err)
	}
	if len(x.Sessions) != 2 {
		t.Fatalf("the export lists %d sessions, want the 2 devices signed in", len(x.Sessions))
	}
	for _, ps := range x.Sessions {
		if ps.ID != "" || ps.Device != "test" {
			t.Errorf("exported session %+v: want its device and no id", ps)
		}
	}
	secrets := []string{phone, laptop}
	ctx := context.Background()
	err := db.View(ctx, func(tx *sqldb.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT token FROM sessions WHERE person_id = $1`, p.ID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				return err
			}
			secrets = append(secrets, id)
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(secrets) != 4 {
		t.Fatalf("found %d session cookies and stored ids, want 4", len(secrets))
	}
	for _, secret := range secrets {
		if bytes.Contains(body, []byte(secret)) {
			t.Errorf("the export holds a session cookie or the id it is stored under")
		}
	}
}
