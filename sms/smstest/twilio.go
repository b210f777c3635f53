package smstest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// Twilio is a fake of Twilio's Messages API: POST /2010-04-01/Accounts/{SID}/Messages.json with
// Basic authentication and the form fields To, From and Body, answered 201 Created with the
// message's SID; 400 with Twilio's error code 21211 for a refused number; and GET of the same
// address lists the messages sent to a number (To=), newest first. It takes no reference of
// ours: the same message posted twice is sent twice, as Twilio would.
type Twilio struct {
	SID, Token string
	server     *httptest.Server
	mu         sync.Mutex
	sent       []TwilioMessage
	refused    map[string]bool
}

// TwilioMessage is a message the fake took.
type TwilioMessage struct {
	SID, To, From, Body, StatusCallback string
}

// NewTwilio starts the fake, closed when t ends.
func NewTwilio(t testing.TB) *Twilio {
	f := &Twilio{SID: "AC0123456789abcdef0123456789abcdef", Token: "fake-auth-token", refused: map[string]bool{}}
	f.server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.server.Close)
	return f
}

// GatewayURL is the address civhub is given for the fake.
func (f *Twilio) GatewayURL() string {
	u, _ := url.Parse(f.server.URL)
	return "twilio+http://" + url.UserPassword(f.SID, f.Token).String() + "@" + u.Host + "/2010-04-01?from=%2B15550001111"
}

// Refuse makes the fake answer 400 (21211) to messages for number.
func (f *Twilio) Refuse(number string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.refused[number] = true
}

// Sent lists the messages taken.
func (f *Twilio) Sent() []TwilioMessage {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]TwilioMessage(nil), f.sent...)
}

func (f *Twilio) serve(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	sid, token, ok := r.BasicAuth()
	if r.URL.Path != "/2010-04-01/Accounts/"+f.SID+"/Messages.json" {
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"code":20404,"message":"The requested resource was not found","status":404}`)
		return
	}
	if !ok || sid != f.SID || token != f.Token {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"code":20003,"message":"Authenticate","status":401}`)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if r.Method == http.MethodGet {
		to := r.URL.Query().Get("To")
		var list []map[string]string
		for i := len(f.sent) - 1; i >= 0; i-- {
			if m := f.sent[i]; m.To == to {
				list = append(list, map[string]string{"sid": m.SID, "to": m.To, "from": m.From, "body": m.Body, "status": "sent"})
			}
		}
		json.NewEncoder(w).Encode(map[string]any{"messages": list, "page": 0, "page_size": 50})
		return
	}
	if err := r.ParseForm(); err != nil || r.PostForm.Get("Body") == "" || (r.PostForm.Get("From") == "" && r.PostForm.Get("MessagingServiceSid") == "") {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"code":21602,"message":"Message body is required.","status":400}`)
		return
	}
	to := r.PostForm.Get("To")
	if f.refused[to] || !strings.HasPrefix(to, "+") {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"code":21211,"message":"The 'To' number %s is not a valid phone number.","status":400}`, to)
		return
	}
	m := TwilioMessage{SID: fmt.Sprintf("SM%032d", len(f.sent)+1), To: to, From: r.PostForm.Get("From"), Body: r.PostForm.Get("Body"),
		StatusCallback: r.PostForm.Get("StatusCallback")}
	f.sent = append(f.sent, m)
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(map[string]any{"sid": m.SID, "status": "queued", "to": m.To, "from": m.From, "body": m.Body})
}
