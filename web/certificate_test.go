package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"civhub"
	"civhub/sqldb"
	"civhub/web/webtest"
)

// confirmWork gives role 150 confirmed minutes and approved work on task of beta, confirmed by
// beta's admin (otherOrg).
func (f *fixture) confirmWork(t *testing.T, role string, task *civhub.Task) {
	t.Helper()
	f.confirmWorkFor(t, role, task, otherOrg)
}

// confirmWorkFor gives role 150 confirmed minutes and approved work on task, confirmed by manager.
func (f *fixture) confirmWorkFor(t *testing.T, role string, task *civhub.Task, manager string) {
	t.Helper()
	ctx := context.Background()
	by, owner := f.people[role].ID, f.people[manager].ID
	a, err := f.s.work.workflow.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: task.ID, By: by})
	if err != nil {
		t.Fatal(err)
	}
	e, err := f.s.work.hours.LogHours(ctx, a.ID, 150, "", by)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.s.work.hours.DecideHours(ctx, task.ID, e.ID, true, owner); err != nil {
		t.Fatal(err)
	}
	for _, step := range []civhub.ActRequest{
		{Action: civhub.ActSubmit, AssignmentID: a.ID, By: by, Message: "Here it is: https://example.org/sheet"},
		{Action: civhub.ActApprove, AssignmentID: a.ID, By: owner},
	} {
		if _, err := f.s.work.workflow.Act(ctx, step); err != nil {
			t.Fatal(err)
		}
	}
}

// TestCertificateAddress: a volunteer makes an address for their certificate, which then prints
// it; anyone who opens it sees the name, the figures and the day and nothing else; an unknown code
// and a withdrawn certificate say so plainly (404, 410); only its volunteer withdraws it. On both
// databases.
func TestCertificateAddress(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			f := newFixture(t, d)
			f.confirmWork(t, volunteer, f.taskB)

			doc := webtest.Parse(t, f.do(volunteer, methodGet, "/me/certificate", nil).Body)
			if len(doc.All(`form[action="/me/certificate/addresses"]`)) != 1 || len(doc.All(".certificate .check")) != 0 {
				t.Fatal("before an address is made, the page offers to make one and prints none")
			}
			resp := f.do(other, methodPost, "/me/certificate/addresses", nil)
			if resp.StatusCode != http.StatusConflict || !strings.Contains(webtest.Parse(t, resp.Body).Text(".problem"), "nothing to certify yet") {
				t.Fatalf("a volunteer without confirmed work: %d", resp.StatusCode)
			}
			if resp := f.do(volunteer, methodPost, "/me/certificate/addresses", nil); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("make the address: %d", resp.StatusCode)
			}
			doc = webtest.Parse(t, f.do(volunteer, methodGet, "/me/certificate", nil).Body)
			link := doc.One(".certificate .check a")
			path := webtest.Attr(link, "href")
			if !strings.HasPrefix(path, "/certificates/") || len(path) != len("/certificates/xxxx-xxxx-xxxx-xxxx") ||
				webtest.Text(link) != "http://example.com"+path || len(doc.All(`form[action="/me/certificate/addresses"]`)) != 0 {
				t.Fatalf("the printed address: %q %q", path, webtest.Text(link))
			}
			if f.do(volunteer, methodPost, "/me/certificate/addresses", nil); len(f.certificates(t, volunteer)) != 1 {
				t.Fatal("the same figures made a second address")
			}

			resp = f.do(anon, methodGet, path, nil)
			check := webtest.Parse(t, resp.Body)
			text := check.Text("main")
			if resp.StatusCode != http.StatusOK || resp.Header.Get("X-Robots-Tag") != "noindex" ||
				!strings.Contains(text, "This certificate is genuine") || !strings.Contains(text, f.people[volunteer].DisplayName) || !strings.Contains(text, "2.5") {
				t.Fatalf("the check: %d %q", resp.StatusCode, text)
			}
			for _, private := range []string{f.people[volunteer].Email, f.taskB.Title, f.beta.Name} {
				if strings.Contains(text, private) {
					t.Fatalf("the check shows %q, which the certificate's figures do not", private)
				}
			}
			code := strings.TrimPrefix(path, "/certificates/")
			if resp := f.do(anon, methodGet, "/certificates/"+strings.ToUpper(strings.ReplaceAll(code, "-", "")), nil); resp.StatusCode != http.StatusOK {
				t.Fatalf("the code as typed from paper: %d", resp.StatusCode)
			}
			for _, bad := range []string{"aaaa-aaaa-aaaa-aaaa", "x", strings.Repeat("a", 3000), "%3Cscript%3E", "1111-1111-1111-1111"} {
				resp := f.do(anon, methodGet, "/certificates/"+bad, nil)
				if resp.StatusCode != http.StatusNotFound || !strings.Contains(webtest.Parse(t, resp.Body).Text("main"), "No certificate has this code") {
					t.Fatalf("code %.20q: %d, want 404 saying so", bad, resp.StatusCode)
				}
			}

			raw := f.certificates(t, volunteer)[0].Code
			if resp := f.do(otherOrg, methodPost, "/me/certificate/addresses/"+raw+"/withdraw", nil); resp.StatusCode != http.StatusNotFound {
				t.Fatalf("someone else withdraws it: %d, want 404", resp.StatusCode)
			}
			if resp := f.do(volunteer, methodPost, "/me/certificate/addresses/"+raw+"/withdraw", nil); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("withdraw: %d", resp.StatusCode)
			}
			resp = f.do(anon, methodGet, path, nil)
			if text := webtest.Parse(t, resp.Body).Text("main"); resp.StatusCode != http.StatusGone || !strings.Contains(text, "withdrawn") ||
				strings.Contains(text, f.people[volunteer].DisplayName) {
				t.Fatalf("a withdrawn certificate: %d %q", resp.StatusCode, text)
			}
			if resp := f.do(volunteer, methodPost, "/me/certificate/addresses/"+raw+"/withdraw", nil); resp.StatusCode != http.StatusConflict {
				t.Fatalf("withdrawn twice: %d, want 409", resp.StatusCode)
			}
			doc = webtest.Parse(t, f.do(volunteer, methodGet, "/me/certificate", nil).Body)
			if len(doc.All(".certificate .check")) != 0 || len(doc.All(`form[action="/me/certificate/addresses"]`)) != 1 {
				t.Fatal("after withdrawing, the certificate still prints the address, or offers no new one")
			}
		})
	}
}

func (f *fixture) certificates(t *testing.T, role string) []*civhub.Certificate {
	t.Helper()
	list, err := f.s.work.hours.Certificates(context.Background(), f.people[role].ID)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// TestCertificateAPI: through the API a volunteer asks for a certificate (409 before any confirmed
// work), gets the same one while the record stays the same, and lists it; anyone checks it by its
// code, as printed or as typed; once withdrawn it answers 410 without the volunteer's name. On both
// databases.
func TestCertificateAPI(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			f := newFixture(t, d)
			if resp := f.api(volunteer, methodPost, "/api/v1/me/certificates", ""); resp.StatusCode != http.StatusConflict {
				t.Fatalf("before any confirmed work: %d, want 409", resp.StatusCode)
			}
			f.confirmWork(t, volunteer, f.taskB)
			var made, again CertificateBody
			decodeJSON(t, f.api(volunteer, methodPost, "/api/v1/me/certificates", ""), http.StatusOK, &made)
			decodeJSON(t, f.api(volunteer, methodPost, "/api/v1/me/certificates", ""), http.StatusOK, &again)
			if made.Code == "" || again.Code != made.Code || made.Minutes != 150 || made.Tasks != 1 || made.Organizations != 1 ||
				made.Name != f.people[volunteer].DisplayName || made.CheckPath != "/certificates/"+made.Code {
				t.Fatalf("made %+v, then %+v", made, again)
			}
			var mine []CertificateBody
			decodeJSON(t, f.api(volunteer, methodGet, "/api/v1/me/certificates", ""), http.StatusOK, &mine)
			if len(mine) != 1 || mine[0].Code != made.Code {
				t.Fatalf("the volunteer's list: %+v", mine)
			}
			for _, code := range []string{made.Code, strings.ToLower(strings.ReplaceAll(made.Code, "-", ""))} {
				var checked CertificateBody
				decodeJSON(t, f.api(anon, methodGet, "/api/v1/certificates/"+code, ""), http.StatusOK, &checked)
				if checked.Name != made.Name || checked.Minutes != 150 || !checked.IssuedAt.Equal(made.IssuedAt) {
					t.Fatalf("checked as %q: %+v", code, checked)
				}
			}
			if resp := f.api(anon, methodGet, "/api/v1/certificates/aaaa-aaaa-aaaa-aaaa", ""); resp.StatusCode != http.StatusNotFound {
				t.Fatalf("an unknown code: %d, want 404", resp.StatusCode)
			}
			if resp := f.api(other, methodPost, "/api/v1/me/certificates/"+made.Code+"/withdraw", ""); resp.StatusCode != http.StatusNotFound {
				t.Fatalf("someone else withdraws it: %d, want 404", resp.StatusCode)
			}
			if resp := f.api(volunteer, methodPost, "/api/v1/me/certificates/"+made.Code+"/withdraw", ""); resp.StatusCode != http.StatusNoContent {
				t.Fatalf("withdraw: %d", resp.StatusCode)
			}
			resp := f.api(anon, methodGet, "/api/v1/certificates/"+made.Code, "")
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusGone || !strings.Contains(string(body), "withdrawn") || strings.Contains(string(body), made.Name) {
				t.Fatalf("a withdrawn certificate: %d %s", resp.StatusCode, body)
			}
			decodeJSON(t, f.api(volunteer, methodGet, "/api/v1/me/certificates", ""), http.StatusOK, &mine)
			if len(mine) != 1 || mine[0].WithdrawnAt == nil {
				t.Fatalf("the volunteer's list after withdrawing: %+v", mine)
			}
		})
	}
}

// decodeJSON reads resp's body into out after checking its status.
func decodeJSON(t *testing.T, resp *http.Response, status int, out any) {
	t.Helper()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != status {
		t.Fatalf("status %d, want %d: %s", resp.StatusCode, status, body)
	}
	if err := json.Unmarshal(body, out); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
}
