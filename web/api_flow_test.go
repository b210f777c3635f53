package web

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"civhub"
	"civhub/mfa"
)

// apiCall sends a JSON request and decodes the JSON answer into out (when not nil).
func apiCall(t *testing.T, s *Server, method, path, token, body, lang string, out any) *http.Response {
	t.Helper()
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	if lang != "" {
		r.Header.Set("Accept-Language", lang)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	resp := w.Result()
	if out != nil {
		data, _ := io.ReadAll(resp.Body)
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, path, err, data)
		}
	}
	return resp
}

func TestAPITokenFlow(t *testing.T) {
	s, db := newTestServerDB(t, nil)
	p := createPerson(t, db, "priya@example.org", "android-sql-2026", "")

	var problem struct {
		Detail string `json:"detail"`
		Errors []struct {
			Location, Message string
		} `json:"errors"`
	}
	resp := apiCall(t, s, "POST", "/api/v1/auth/token", "", `{"email":"priya@example.org","password":"wrong-password"}`, "es", &problem)
	if resp.StatusCode != 401 || problem.Detail != "El correo o la contraseña no son correctos." {
		t.Fatalf("wrong password: %d %q, want 401 with the Spanish message", resp.StatusCode, problem.Detail)
	}

	var tok struct {
		Token string `json:"token"`
		Info  struct{ ID int64 }
	}
	resp = apiCall(t, s, "POST", "/api/v1/auth/token", "", `{"email":"priya@example.org","password":"android-sql-2026","name":"laptop"}`, "", &tok)
	if resp.StatusCode != 201 || !strings.HasPrefix(tok.Token, civhub.APITokenPrefix) {
		t.Fatalf("token: %d %+v", resp.StatusCode, tok)
	}
	var me struct {
		ID    int64  `json:"id"`
		Email string `json:"email"`
	}
	if resp := apiCall(t, s, "GET", "/api/v1/me", tok.Token, "", "", &me); resp.StatusCode != 200 || me.ID != p.ID {
		t.Fatalf("me: %d %+v", resp.StatusCode, me)
	}
	t.Run("ErrBadToken", func(t *testing.T) {
		resp := apiCall(t, s, "GET", "/api/v1/me", "civhub_notatoken", "", "", nil)
		if resp.StatusCode != 401 || resp.Header.Get("WWW-Authenticate") == "" {
			t.Fatalf("status %d, WWW-Authenticate %q", resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
		}
	})
	t.Run("OKProfile", func(t *testing.T) {
		body := `{"skills":["android_development"],"languages":[{"Code":"en","Level":"fluent"}],"time_zone":"Asia/Kolkata",
			"hours_per_week":3,"causes":["sdg4"],"country":"IN","city":"Bengaluru","bio":"Android.","links":[],
			"visibility":{"location":"partners"}}`
		if resp := apiCall(t, s, "PUT", "/api/v1/me/profile", tok.Token, body, "", nil); resp.StatusCode != 200 {
			t.Fatalf("put profile: %d", resp.StatusCode)
		}
		var public struct {
			Skills  []string `json:"skills"`
			Country string   `json:"country"`
			Bio     string   `json:"bio"`
		}
		apiCall(t, s, "GET", "/api/v1/people/"+itoa(p.ID)+"/profile", "", "", "", &public)
		if len(public.Skills) != 1 || public.Country != "" || public.Bio != "" {
			t.Fatalf("an anonymous caller sees %+v: skills are public, location and bio are not", public)
		}
	})
	t.Run("ErrFieldsNamed", func(t *testing.T) {
		resp := apiCall(t, s, "POST", "/api/v1/orgs", tok.Token, `{"slug":"Bad Slug","name":"Org","type":"ngo","country":"ZZ","time_zone":"Mars/Olympus","mission":"","at_risk":false}`, "fr", &problem)
		if resp.StatusCode != 400 || len(problem.Errors) < 3 {
			t.Fatalf("status %d, errors %+v", resp.StatusCode, problem.Errors)
		}
		for _, e := range problem.Errors {
			if !strings.HasPrefix(e.Location, "body.") || e.Message == "" || strings.HasPrefix(e.Message, "err.") {
				t.Errorf("error detail %+v", e)
			}
		}
	})
	t.Run("OKRevoke", func(t *testing.T) {
		if resp := apiCall(t, s, "DELETE", "/api/v1/me/tokens/"+itoa(tok.Info.ID), tok.Token, "", "", nil); resp.StatusCode != 204 {
			t.Fatalf("revoke: %d", resp.StatusCode)
		}
		if resp := apiCall(t, s, "GET", "/api/v1/me", tok.Token, "", "", nil); resp.StatusCode != 401 {
			t.Fatalf("a revoked token still works: %d", resp.StatusCode)
		}
	})
	t.Run("OKTwoFactor", func(t *testing.T) {
		secret := twoFactorOn(t, s, db, p)
		body := `{"email":"priya@example.org","password":"android-sql-2026"}`
		if resp := apiCall(t, s, "POST", "/api/v1/auth/token", "", body, "", nil); resp.StatusCode != 401 {
			t.Fatalf("no code with two-factor on: %d, want 401", resp.StatusCode)
		}
		code, _ := mfa.Code(secret, time.Now().Add(30*time.Second))
		body = `{"email":"priya@example.org","password":"android-sql-2026","code":"` + code + `"}`
		if resp := apiCall(t, s, "POST", "/api/v1/auth/token", "", body, "", &tok); resp.StatusCode != 201 {
			t.Fatalf("with a code: %d", resp.StatusCode)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestOrganizationAPI(t *testing.T) {
	s, db := newTestServerDB(t, nil)
	createPerson(t, db, "sam@example.org", "techcamp-nairobi-1", "")
	token := createToken(t, s, "sam@example.org")
	var org struct {
		Slug string `json:"slug"`
		City string `json:"city"`
	}
	body := `{"slug":"ncn","name":"Nairobi Civic Tech","type":"coalition","country":"KE","city":"Nairobi","mission":"TechCamps.","at_risk":true}`
	if resp := apiCall(t, s, "POST", "/api/v1/orgs", token, body, "", &org); resp.StatusCode != 201 || org.City != "Nairobi" {
		t.Fatalf("create: %d %+v", resp.StatusCode, org)
	}
	if org.Slug == "ncn" || !strings.HasPrefix(org.Slug, "g-") {
		t.Fatalf("an at-risk organization got the address %q, made from what it asked for", org.Slug)
	}
	if resp := apiCall(t, s, "GET", "/api/v1/orgs/ncn", token, "", "", nil); resp.StatusCode != 404 {
		t.Fatalf("the address it asked for leads to it: %d", resp.StatusCode)
	}
	if resp := apiCall(t, s, "GET", "/api/v1/orgs/"+org.Slug, "", "", "", nil); resp.StatusCode != 404 {
		t.Fatalf("an anonymous caller sees an at-risk organization: %d", resp.StatusCode)
	}
	var list struct {
		Organizations []any `json:"organizations"`
	}
	if apiCall(t, s, "GET", "/api/v1/orgs", "", "", "", &list); len(list.Organizations) != 0 {
		t.Fatal("an at-risk organization is listed")
	}
	var members []struct {
		Role string `json:"role"`
	}
	if resp := apiCall(t, s, "GET", "/api/v1/orgs/"+org.Slug+"/members", token, "", "", &members); resp.StatusCode != 200 || len(members) != 1 || members[0].Role != "owner" {
		t.Fatalf("members: %d %+v", resp.StatusCode, members)
	}
}

// createToken makes a personal API token for the person with email.
func createToken(t *testing.T, s *Server, email string) string {
	t.Helper()
	var tok struct {
		Token string `json:"token"`
	}
	if resp := apiCall(t, s, "POST", "/api/v1/auth/token", "", `{"email":"`+email+`","password":"techcamp-nairobi-1"}`, "", &tok); resp.StatusCode != 201 {
		t.Fatalf("token for %s: %d", email, resp.StatusCode)
	}
	return tok.Token
}
