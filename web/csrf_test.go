package web

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"civhub/web/webtest"
)

// formTokenExempt lists the browser forms that take no form token, each with the reason. Every
// other POST route must refuse a wrong token.
var formTokenExempt = map[string]string{
	"POST /lang":                     "switching the interface language changes nothing stored and must work from any page, even an expired one",
	"POST /unsubscribe":              "one-click unsubscribe (RFC 8058) is posted by mail clients without a session; the signed link authenticates it",
	"POST /hooks/sms/android":        "an SMS gateway posts its webhooks, not a browser; their signature authenticates them",
	"POST /hooks/sms/twilio":         "an SMS gateway posts its webhooks, not a browser; their signature authenticates them",
	"POST /hooks/sms/africastalking": "an SMS gateway posts its callbacks, not a browser; civhub believes none of their words (see africasTalkingHook)",
}

// wrongFormToken differs from the fixture's form token in its last character only, so that a check
// that compares lengths or prefixes, or merely wants a token, lets it through.
const wrongFormToken = "form-tokem"

// checkWrongFormTokens posts every browser form of the route table with a wrong form token, as
// every role, and expects each either refused before the form is read (401, 403 or 404: the role
// may not use it) or refused as an expired form (403) — and at least one role per form to get that
// far, so that the check itself is exercised. A wrong token must change nothing, which the end
// checks as far as signing out goes.
func checkWrongFormTokens(t *testing.T, f *fixture) {
	// Every session owes a second factor too, so that the code form of the second sign-in
	// step reads its form rather than sending the visitor back to the first.
	for _, role := range roles {
		f.owePendingCode(t, role)
	}
	expired := f.s.catalog.Locale("en").T("err.form_expired")
	paths := formPaths(f)
	for _, pattern := range f.s.patterns {
		if !strings.HasPrefix(pattern, "POST ") || formTokenExempt[pattern] != "" {
			continue
		}
		if len(paths[pattern]) == 0 {
			t.Errorf("%s: no path to post to; give it a row in the authorization matrix", pattern)
			continue
		}
		checked := false
		for _, path := range paths[pattern] {
			for _, role := range roles {
				resp, detail := f.postWrongToken(t, role, path)
				switch {
				case resp.StatusCode == http.StatusForbidden && detail == expired:
					checked = true
				case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusNotFound ||
					resp.StatusCode == http.StatusForbidden:
					// Refused before the form was read: this role may not use the form.
				default:
					t.Errorf("POST %s as %s with a wrong form token: status %d (%q), want 403 (form expired)",
						path, role, resp.StatusCode, detail)
				}
			}
		}
		if !checked {
			t.Errorf("%s: no role reached the form-token check; post it where someone may use it", pattern)
		}
	}
	// Nothing was done: in particular, nobody was signed out.
	for _, role := range roles[1:] {
		if resp := f.do(role, http.MethodGet, "/account", nil); resp.StatusCode != http.StatusOK {
			t.Errorf("after the forms with wrong tokens, %s gets /account with status %d, want 200", role, resp.StatusCode)
		}
	}
}

// owePendingCode marks role's session as halfway through a two-step sign-in.
func (f *fixture) owePendingCode(t *testing.T, role string) {
	t.Helper()
	ctx, err := f.s.sessions.Load(context.Background(), f.sessions[role])
	if err != nil {
		t.Fatal(err)
	}
	f.s.sessions.Put(ctx, sessionPending, f.people[volunteer].ID)
	f.s.sessions.Put(ctx, sessionPendingAt, time.Now().Unix())
	if _, _, err := f.s.sessions.Commit(ctx); err != nil {
		t.Fatal(err)
	}
}

// formPaths gives for each POST pattern the paths its rows of the authorization matrix post to,
// and the verification request of gamma, which has none waiting (alpha's may be).
func formPaths(f *fixture) map[string][]string {
	paths := map[string][]string{}
	for _, row := range matrix {
		if strings.HasPrefix(row.pattern, "POST ") {
			paths[row.pattern] = append(paths[row.pattern], row.path(f))
		}
	}
	paths["POST /orgs/{slug}/verification"] = append(paths["POST /orgs/{slug}/verification"], "/orgs/gamma/verification")
	return paths
}

// postWrongToken posts a form with a wrong token to path as role, and returns the response and the
// detail of the error page, if any. A form read as multipart (one with a file) is sent as multipart.
func (f *fixture) postWrongToken(t *testing.T, role, path string) (*http.Response, string) {
	t.Helper()
	unreadable := f.s.catalog.Locale("en").T("err.form_unreadable")
	form := url.Values{"csrf_token": {wrongFormToken}}
	resp, detail := f.postBody(t, role, path, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if resp.StatusCode != http.StatusBadRequest || detail != unreadable {
		return resp, detail
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf_token", wrongFormToken)
	mw.Close()
	return f.postBody(t, role, path, mw.FormDataContentType(), &body)
}

func (f *fixture) postBody(t *testing.T, role, path, contentType string, body io.Reader) (*http.Response, string) {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, path, body)
	r.Header.Set("Content-Type", contentType)
	r.AddCookie(&http.Cookie{Name: f.s.sessions.Cookie.Name, Value: f.sessions[role]})
	w := httptest.NewRecorder()
	f.s.ServeHTTP(w, r)
	resp := w.Result()
	doc := webtest.Parse(t, resp.Body)
	// The problem is shown on the form itself, or on the error page below its lead paragraph.
	detail := ""
	if ps := doc.All("main .problem, main p.lead + p"); len(ps) > 0 {
		detail = webtest.Text(ps[0])
	}
	return resp, detail
}
