package smstest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"
)

// AfricasTalking is a fake of Africa's Talking's SMS API: POST /version1/messaging with the apiKey
// header and the form fields username, to, message and from, answered 201 with SMSMessageData and
// one recipient: statusCode 101 (sent) with a messageId, or 403 for a refused number. GET
// /version1/messaging?username=&lastReceivedId= lists what arrived after that ID, ten at a time,
// and Receive and Report post the provider's unsigned callbacks.
type AfricasTalking struct {
	Username, APIKey string
	server           *httptest.Server
	mu               sync.Mutex
	sent             []url.Values
	refused          map[string]bool
	inbox            []map[string]any
	reads            int
}

// ShortCode is the number the fake's messages arrive at.
const ShortCode = "21525"

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

// MessageID is the ID the fake gives the nth message it sends: like the provider's, "ATXid_" and 32
// hexadecimal digits, not to be guessed.
func MessageID(n int) string {
	sum := sha256.Sum256([]byte("fake-at-" + strconv.Itoa(n)))
	return "ATXid_" + hex.EncodeToString(sum[:16])
}

// Arrive keeps a message from a phone in the fake's inbox, as the provider does before it calls
// back, and returns its ID.
func (f *AfricasTalking) Arrive(from, text string) int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := int64(len(f.inbox) + 1)
	f.inbox = append(f.inbox, map[string]any{"id": id, "from": from, "to": ShortCode, "text": text,
		"date": time.Now().UTC().Format("2006-01-02T15:04:05.000Z"), "linkId": fmt.Sprintf("link-%d", id)})
	return id
}

// Receive plays a message arriving: it keeps it in the inbox and posts the provider's incoming
// messages callback for it to hookURL (a form, unsigned), and returns the status civhub answered.
func (f *AfricasTalking) Receive(t testing.TB, hookURL, from, text string) int {
	t.Helper()
	id := f.Arrive(from, text)
	return post(t, hookURL, url.Values{"from": {from}, "to": {ShortCode}, "text": {text}, "id": {strconv.FormatInt(id, 10)},
		"linkId": {fmt.Sprintf("link-%d", id)}, "date": {time.Now().UTC().Format("2006-01-02 15:04:05")}, "networkCode": {"63902"}})
}

// Report posts the provider's delivery report for the message messageID to hookURL: status is
// Success, Failed or Rejected (final), or Sent, Submitted or Buffered.
func (f *AfricasTalking) Report(t testing.TB, hookURL, messageID, number, status, reason string) int {
	t.Helper()
	form := url.Values{"id": {messageID}, "status": {status}, "phoneNumber": {number}, "networkCode": {"63902"}, "retryCount": {"0"}}
	if reason != "" {
		form.Set("failureReason", reason)
	}
	return post(t, hookURL, form)
}

// Reads counts the requests to the inbox.
func (f *AfricasTalking) Reads() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.reads
}

func post(t testing.TB, hookURL string, form url.Values) int {
	resp, err := http.PostForm(hookURL, form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func (f *AfricasTalking) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/version1/messaging" || r.Method != http.MethodPost && r.Method != http.MethodGet {
		http.Error(w, "Not Found", http.StatusNotFound)
		return
	}
	if r.Header.Get("apiKey") != f.APIKey {
		http.Error(w, "The supplied authentication is invalid", http.StatusUnauthorized)
		return
	}
	if r.Method == http.MethodGet {
		f.list(w, r)
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
			"messageId": MessageID(len(f.sent))}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(map[string]any{"SMSMessageData": map[string]any{"Message": "Sent to 1/1 Total Cost: KES 0.8000",
		"Recipients": []any{recipient}}})
}

// list answers the inbox: the messages after lastReceivedId, oldest first, ten at a time.
func (f *AfricasTalking) list(w http.ResponseWriter, r *http.Request) {
	after, err := strconv.ParseInt(r.URL.Query().Get("lastReceivedId"), 10, 64)
	if err != nil || r.URL.Query().Get("username") != f.Username {
		http.Error(w, "Invalid request", http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reads++
	page := []map[string]any{}
	for _, m := range f.inbox {
		if m["id"].(int64) > after && len(page) < 10 {
			page = append(page, m)
		}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"SMSMessageData": map[string]any{"Messages": page}})
}
