package sms

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// Twilio sends through Twilio's Messages API, or a service that speaks it: POST
// {URL}/Accounts/{AccountSID}/Messages.json with Basic authentication (the account's SID and auth
// token) and the form fields To, From (or MessagingServiceSid) and Body.
type Twilio struct {
	URL        string // the API's base: https://api.twilio.com/2010-04-01
	AccountSID string
	AuthToken  string
	From       string // a number in E.164, or a messaging service's SID (MG…)
	// StatusCallback is where the provider posts what became of each message; "" for nowhere.
	StatusCallback string
	Client         *http.Client
}

// Name implements Gateway.
func (t *Twilio) Name() string { return "twilio" }

func (t *Twilio) messages() string {
	return strings.TrimSuffix(t.URL, "/") + "/Accounts/" + url.PathEscape(t.AccountSID) + "/Messages.json"
}

func (t *Twilio) do(req *http.Request) (*http.Response, []byte, error) {
	req.SetBasicAuth(t.AccountSID, t.AuthToken)
	client := t.Client
	if client == nil {
		client = httpClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, nil, fmt.Errorf("twilio: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 256<<10))
	return resp, body, nil
}

// Send implements Gateway. The API takes no reference of ours, so a message tried again is first
// looked for (Find) by the sender.
func (t *Twilio) Send(ctx context.Context, m Message) (string, error) {
	form := url.Values{"To": {m.To}, "Body": {m.Body}}
	if strings.HasPrefix(t.From, "MG") {
		form.Set("MessagingServiceSid", t.From)
	} else {
		form.Set("From", t.From)
	}
	if t.StatusCallback != "" {
		form.Set("StatusCallback", t.StatusCallback)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.messages(), strings.NewReader(form.Encode()))
	if err != nil {
		return "", fmt.Errorf("%w: twilio address: %v", ErrPermanent, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, body, err := t.do(req)
	if err != nil {
		return "", err
	}
	var answer struct {
		SID  string `json:"sid"`
		Code int    `json:"code"`
	}
	json.Unmarshal(body, &answer)
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300 && answer.SID != "":
		return answer.SID, nil
	case resp.StatusCode == http.StatusBadRequest:
		// The message itself is refused (21211: not a valid number; 21610: the person said STOP).
		// Only the code is kept: the provider's words may name the number, which logs never do.
		return "", fmt.Errorf("%w: twilio: %s, error %d", ErrPermanent, resp.Status, answer.Code)
	}
	return "", fmt.Errorf("twilio: %s", resp.Status)
}

// Find implements Finder: the messages sent to m.To since since, newest first, one of them with
// m's body.
func (t *Twilio) Find(ctx context.Context, m Message, since time.Time) (string, bool, error) {
	q := url.Values{"To": {m.To}, "DateSent>": {since.UTC().Format("2006-01-02")}, "PageSize": {"50"}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, t.messages()+"?"+q.Encode(), nil)
	if err != nil {
		return "", false, err
	}
	resp, body, err := t.do(req)
	if err != nil {
		return "", false, err
	}
	if resp.StatusCode != http.StatusOK {
		return "", false, fmt.Errorf("twilio: looking for a message: %s", resp.Status)
	}
	var list struct {
		Messages []struct {
			SID  string `json:"sid"`
			Body string `json:"body"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(body, &list); err != nil {
		return "", false, fmt.Errorf("twilio: looking for a message: %w", err)
	}
	for _, sent := range list.Messages {
		if sent.Body == m.Body {
			return sent.SID, true, nil
		}
	}
	return "", false, nil
}

// Finder is a gateway that takes no reference of ours, but can be asked whether it sent a message:
// a message tried again after its sender died is looked for first.
type Finder interface {
	Find(ctx context.Context, m Message, since time.Time) (providerID string, found bool, err error)
}

// TwilioSignature is the X-Twilio-Signature of a request to fullURL with the posted form: the
// base64 HMAC-SHA1, under the auth token, of the address followed by each field's name and
// value, sorted by name.
func TwilioSignature(authToken, fullURL string, form url.Values) string {
	keys := make([]string, 0, len(form))
	for k := range form {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(fullURL)
	for _, k := range keys {
		for _, v := range form[k] {
			b.WriteString(k)
			b.WriteString(v)
		}
	}
	mac := hmac.New(sha1.New, []byte(authToken))
	mac.Write([]byte(b.String()))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// CheckTwilioSignature reports whether signature is the one the provider computes for the request.
func CheckTwilioSignature(authToken, fullURL string, form url.Values, signature string) bool {
	want := TwilioSignature(authToken, fullURL, form)
	return authToken != "" && hmac.Equal([]byte(want), []byte(signature))
}
