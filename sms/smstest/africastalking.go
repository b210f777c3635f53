package smstest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
)

// AfricasTalking is a fake of Africa's Talking's SMS API: POST /version1/messaging with the apiKey
// header and the form fields username, to, message and from, answered 201 with SMSMessageData and
// one recipient: statusCode 101 (sent) with a messageId, or 403 for a refused number.
type AfricasTalking struct {
	Username, APIKey string
	server           *httptest.Server
	mu               sync.Mutex
	sent             []url.Values
	refused          map[string]bool
}

// NewAfricasTalking starts the fake, closed when t ends.
func NewAfricasTalking(t testing.TB) *AfricasTalking {
	f := &AfricasTalking{Username: "sandbox", APIKey: "fake-api-key", refused: map[string]bool{}}
	f.server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.server.Close)
	return f
}

// GatewayURL is the address civhub is given for the fake.
func (f *AfricasTalking) GatewayURL() string {
	u, _ := url.Parse(f.server.URL)
	return "africastalking+http://" + url.UserPassword(f.Username, f.APIKey).String() + "@" + u.Host + "?from=CIVHUB"
}

// Refuse makes the fake answer status 403 (invalid phone number) for number.
func (f *AfricasTalking) Refuse(number string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.refused[number] = true
}

// Sent lists the forms of the messages taken.
func (f *AfricasTalking) Sent() []url.Values {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]url.Values(nil), f.sent...)
}

func (f *AfricasTalking) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/version1/messaging" {
		http.Error(w, "Not Found", http.StatusNotFound)
		return
	}
	if r.Header.Get("apiKey") != f.APIKey {
		http.Error(w, "The supplied authentication is invalid", http.StatusUnauthorized)
		return
	}
	if err := r.ParseForm(); err != nil || r.PostForm.Get("username") != f.Username || r.PostForm.Get("to") == "" || r.PostForm.Get("message") == "" {
		http.Error(w, "Invalid request", http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	to := r.PostForm.Get("to")
	recipient := map[string]any{"number": to, "cost": "0", "status": "InvalidPhoneNumber", "statusCode": 403, "messageId": "None"}
	if !f.refused[to] {
		f.sent = append(f.sent, r.PostForm)
		recipient = map[string]any{"number": to, "cost": "KES 0.8000", "status": "Success", "statusCode": 101,
			"messageId": fmt.Sprintf("ATXid_%d", len(f.sent))}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(map[string]any{"SMSMessageData": map[string]any{"Message": "Sent to 1/1 Total Cost: KES 0.8000",
		"Recipients": []any{recipient}}})
}
