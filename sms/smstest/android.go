// Package smstest has fake SMS gateways for tests: HTTP servers that speak a provider's own API,
// so that civhub's adapters are tried against the format they will meet.
package smstest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"civhub/sms"
)

// Android is a fake of SMS Gateway for Android's cloud server: POST /3rdparty/v1/messages with
// Basic authentication and the app's JSON, answered 202 Accepted with the message's state, 409
// Conflict for an ID it has seen (as the app does from 1.58), 400 Bad Request for a refused
// number, and 503 while it is down.
type Android struct {
	User, Password string
	server         *httptest.Server
	refused        map[string]bool // numbers answered 400
	down           bool            // answer 503, as a phone that is offline
	mu             sync.Mutex
	sent           []AndroidMessage
	seen           map[string]bool
	conflicts      int
	events         int
}

// AndroidMessage is a message the fake took.
type AndroidMessage struct {
	ID           string                `json:"id"`
	TextMessage  struct{ Text string } `json:"textMessage"`
	PhoneNumbers []string              `json:"phoneNumbers"`
	Delivery     bool                  `json:"withDeliveryReport"`
	DeviceID     string                `json:"deviceId"`
}

// NewAndroid starts the fake, closed when t ends.
func NewAndroid(t testing.TB) *Android {
	a := &Android{User: "civhub", Password: "s3cret-app-password", refused: map[string]bool{}, seen: map[string]bool{}}
	a.server = httptest.NewServer(http.HandlerFunc(a.serve))
	t.Cleanup(a.server.Close)
	return a
}

// GatewayURL is the address civhub is given for the fake: sms.FromURL reads it.
func (a *Android) GatewayURL() string {
	u, _ := url.Parse(a.server.URL)
	return "android+http://" + url.UserPassword(a.User, a.Password).String() + "@" + u.Host + "/3rdparty/v1?signing_key=" + SigningKey
}

// Refuse makes the fake answer 400 Bad Request to messages for number.
func (a *Android) Refuse(number string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.refused[number] = true
}

// SetDown makes the fake answer 503 Service Unavailable, or work again.
func (a *Android) SetDown(down bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.down = down
}

// Sent lists the messages taken, once each.
func (a *Android) Sent() []AndroidMessage {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]AndroidMessage(nil), a.sent...)
}

// Conflicts counts the messages refused because their ID was seen before.
func (a *Android) Conflicts() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.conflicts
}

func (a *Android) serve(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	user, password, ok := r.BasicAuth()
	a.mu.Lock()
	down := a.down
	a.mu.Unlock()
	switch {
	case r.Method != http.MethodPost || r.URL.Path != "/3rdparty/v1/messages":
		http.Error(w, `{"message":"not found"}`, http.StatusNotFound)
		return
	case !ok || user != a.User || password != a.Password:
		http.Error(w, `{"message":"unauthorized"}`, http.StatusUnauthorized)
		return
	case down:
		http.Error(w, `{"message":"device is offline"}`, http.StatusServiceUnavailable)
		return
	case !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json"):
		http.Error(w, `{"message":"content type"}`, http.StatusBadRequest)
		return
	}
	var m AndroidMessage
	if err := json.NewDecoder(r.Body).Decode(&m); err != nil || m.TextMessage.Text == "" || len(m.PhoneNumbers) == 0 {
		http.Error(w, `{"message":"invalid message"}`, http.StatusBadRequest)
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, n := range m.PhoneNumbers {
		if a.refused[n] {
			http.Error(w, `{"message":"invalid phone number"}`, http.StatusBadRequest)
			return
		}
	}
	if m.ID != "" && a.seen[m.ID] {
		a.conflicts++
		http.Error(w, `{"message":"message with such id already exists"}`, http.StatusConflict)
		return
	}
	a.seen[m.ID] = true
	a.sent = append(a.sent, m)
	w.WriteHeader(http.StatusAccepted)
	recipients := []map[string]string{}
	for _, n := range m.PhoneNumbers {
		recipients = append(recipients, map[string]string{"phoneNumber": n, "state": "Pending"})
	}
	json.NewEncoder(w).Encode(map[string]any{"id": m.ID, "state": "Pending", "isHashed": false, "isEncrypted": false, "recipients": recipients})
}

// SigningKey is the webhook signing key the fake's GatewayURL gives civhub.
const SigningKey = "fake-webhook-signing-key"

// Receive plays a message arriving on the phone: it posts the app's sms:received webhook for it to
// hookURL, signed as the app signs, and returns the status civhub answered.
func (a *Android) Receive(t testing.TB, hookURL, from, text string) int {
	t.Helper()
	a.mu.Lock()
	a.events++
	id := "evt-" + strconv.Itoa(a.events)
	a.mu.Unlock()
	body, err := json.Marshal(map[string]any{"deviceId": "fake-phone", "event": "sms:received", "id": id, "webhookId": "fake-hook",
		"payload": map[string]any{"messageId": id, "message": text, "phoneNumber": from, "simNumber": 1, "receivedAt": time.Now().Format(time.RFC3339)}})
	if err != nil {
		t.Fatal(err)
	}
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req, err := http.NewRequest(http.MethodPost, hookURL, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Timestamp", ts)
	req.Header.Set("X-Signature", sms.SignAndroidWebhook(body, ts, []byte(SigningKey)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
