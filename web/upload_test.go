package web

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"

	"civhub"
	"civhub/sqldb"
)

// postFile sends a multipart form with one file as role.
func (f *fixture) postFile(role, path, field, name string, data []byte, extra map[string]string) *http.Response {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf_token", "form-token")
	for k, v := range extra {
		mw.WriteField(k, v)
	}
	if data != nil {
		fw, _ := mw.CreateFormFile(field, name)
		fw.Write(data)
	}
	mw.Close()
	r := httptest.NewRequest(http.MethodPost, path, &body)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	r.AddCookie(&http.Cookie{Name: f.s.sessions.Cookie.Name, Value: f.sessions[role]})
	w := httptest.NewRecorder()
	f.s.ServeHTTP(w, r)
	return w.Result()
}

func TestLogo(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	var photo bytes.Buffer
	jpeg.Encode(&photo, image.NewRGBA(image.Rect(0, 0, 800, 400)), nil)
	t.Run("ErrNotAnImage", func(t *testing.T) {
		if resp := f.postFile(orgAdmin, "/orgs/alpha/logo", "logo", "x.png", []byte("<svg/>"), nil); resp.StatusCode != 400 {
			t.Fatalf("status %d, want 400", resp.StatusCode)
		}
	})
	for _, slug := range []string{"alpha", "gamma"} {
		if resp := f.postFile(orgAdmin, "/orgs/"+slug+"/logo", "logo", "photo.jpg", photo.Bytes(), nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("upload to %s: status %d", slug, resp.StatusCode)
		}
	}
	resp := f.do(anon, methodGet, "/orgs/alpha/logo", nil)
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" || !bytes.HasPrefix(data, []byte("\x89PNG")) {
		t.Fatalf("logo: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if cfg, _, err := image.DecodeConfig(bytes.NewReader(data)); err != nil || cfg.Width != 256 || cfg.Height != 128 {
		t.Fatalf("logo is %v (%v), want 256×128", cfg, err)
	}
	if resp := f.do(otherOrg, methodGet, "/orgs/gamma/logo", nil); resp.StatusCode != 404 {
		t.Fatalf("an at-risk organization's logo shown to an outsider: %d", resp.StatusCode)
	}
	if resp := f.do(member, methodGet, "/orgs/gamma/logo", nil); resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "private, max-age=86400" {
		t.Fatalf("member: %d, Cache-Control %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
	if resp := f.postFile(orgAdmin, "/orgs/alpha/logo", "logo", "", nil, map[string]string{"remove": "1"}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove: %d", resp.StatusCode)
	}
	if resp := f.do(anon, methodGet, "/orgs/alpha/logo", nil); resp.StatusCode != 404 {
		t.Fatalf("removed logo still served: %d", resp.StatusCode)
	}
}

func TestEvidenceFile(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	pdf := []byte("%PDF-1.4\n% registration certificate\n")
	resp := f.postFile(orgAdmin, "/orgs/alpha/verification", "file", "certificate.pdf", pdf,
		map[string]string{"evidence": "Registered association, certificate attached."})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("request with a file: %d", resp.StatusCode)
	}
	req, err := f.s.organizations.verifications.LatestVerification(context.Background(), f.alpha.ID)
	if err != nil || req.File == nil || req.File.Name != "certificate.pdf" {
		t.Fatalf("latest = %+v, %v", req, err)
	}
	path := fmt.Sprintf("/orgs/alpha/verification/%d/file", req.ID)
	for role, want := range map[string]int{moderator: 200, orgAdmin: 200, member: 403, otherOrg: 403, volunteer: 403} {
		resp := f.do(role, methodGet, path, nil)
		if resp.StatusCode != want {
			t.Errorf("%s: status %d, want %d", role, resp.StatusCode, want)
		}
		if want == 200 {
			data, _ := io.ReadAll(resp.Body)
			if !bytes.Equal(data, pdf) || resp.Header.Get("Content-Disposition") != `attachment; filename="certificate.pdf"` {
				t.Errorf("%s got %q with %q", role, data, resp.Header.Get("Content-Disposition"))
			}
		}
	}
	// The same request ID through another organization finds nothing.
	if resp := f.do(otherOrg, methodGet, fmt.Sprintf("/orgs/beta/verification/%d/file", req.ID), nil); resp.StatusCode != 404 {
		t.Fatalf("another organization's evidence through beta: %d, want 404", resp.StatusCode)
	}
	t.Run("ErrNotADocument", func(t *testing.T) {
		resp := f.postFile(orgAdmin, "/orgs/gamma/verification", "file", "x.html", []byte("<html><script>alert(1)</script>"),
			map[string]string{"evidence": "Registered association, certificate attached."})
		if resp.StatusCode != 400 {
			t.Fatalf("status %d, want 400", resp.StatusCode)
		}
		if o, _ := f.s.orgs.FindOrganizationBySlug(context.Background(), "gamma"); o.Verification != civhub.Unverified {
			t.Fatal("a refused upload still filed the request")
		}
	})
}
