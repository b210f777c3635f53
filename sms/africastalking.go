package sms

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// AfricasTalking sends through Africa's Talking's SMS API, or a service that speaks it: POST
// {URL}/version1/messaging with the apiKey header and the form fields username, to, message and
// from (a sender ID or short code; "" for the account's default). Its callbacks are not signed,
// and civhub keeps secrets out of addresses, so civhub trusts no word of them: a callback about a
// message that arrived only makes civhub read the inbox through the API (GET /version1/messaging,
// with the apiKey header), and a delivery report counts only when it names the ID of a message
// civhub sent, which only civhub and the provider know.
type AfricasTalking struct {
	URL      string // https://api.africastalking.com (the sandbox: https://api.sandbox.africastalking.com)
	Username string
	APIKey   string
	From     string
	Client   *http.Client
}

// Name implements Gateway.
func (a *AfricasTalking) Name() string { return "africastalking" }

// Send implements Gateway. The API takes no reference of ours and lists no sent message to look
// for: a message whose sender died after sending it may go twice.
func (a *AfricasTalking) Send(ctx context.Context, m Message) (string, error) {
	form := url.Values{"username": {a.Username}, "to": {m.To}, "message": {m.Body}}
	if a.From != "" {
		form.Set("from", a.From)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(a.URL, "/")+"/version1/messaging", strings.NewReader(form.Encode()))
	if err != nil {
		return "", fmt.Errorf("%w: africastalking address: %v", ErrPermanent, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := a.do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var answer struct {
		SMSMessageData struct {
			Recipients []struct {
				StatusCode int    `json:"statusCode"`
				MessageID  string `json:"messageId"`
			}
		}
	}
	if resp.StatusCode < 200 || resp.StatusCode >= 300 {
		return "", fmt.Errorf("africastalking: %s", resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil || len(answer.SMSMessageData.Recipients) == 0 {
		return "", fmt.Errorf("africastalking: an answer without recipients")
	}
	r := answer.SMSMessageData.Recipients[0]
	switch {
	case r.StatusCode == 100 || r.StatusCode == 101 || r.StatusCode == 102: // processed, sent, queued
		return r.MessageID, nil
	case r.StatusCode == 403 || r.StatusCode == 404 || r.StatusCode == 406 || r.StatusCode == 407:
		// Invalid or blacklisted number, unsupported number type, a person who opted out: for good.
		return "", fmt.Errorf("%w: africastalking: status %d", ErrPermanent, r.StatusCode)
	}
	return "", fmt.Errorf("africastalking: status %d", r.StatusCode) // insufficient balance, risk hold, could not route: later
}

// do sends req with the account's key.
func (a *AfricasTalking) do(req *http.Request) (*http.Response, error) {
	req.Header.Set("Accept", "application/json")
	req.Header.Set("apiKey", a.APIKey)
	client := a.Client
	if client == nil {
		client = httpClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("africastalking: %w", err)
	}
	return resp, nil
}

var _ Inbox = (*AfricasTalking)(nil)

// Received implements Inbox through the API's inbox: GET /version1/messaging?username=&lastReceivedId=,
// answered with SMSMessageData.Messages (id, from, to, text, date, linkId), oldest first.
func (a *AfricasTalking) Received(ctx context.Context, after int64) ([]Received, error) {
	q := url.Values{"username": {a.Username}, "lastReceivedId": {strconv.FormatInt(after, 10)}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(a.URL, "/")+"/version1/messaging?"+q.Encode(), nil)
	if err != nil {
		return nil, fmt.Errorf("%w: africastalking address: %v", ErrPermanent, err)
	}
	resp, err := a.do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("africastalking: inbox: %s", resp.Status)
	}
	var answer struct {
		SMSMessageData struct {
			Messages []struct {
				ID   json.Number `json:"id"`
				From string      `json:"from"`
				Text string      `json:"text"`
			}
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil {
		return nil, fmt.Errorf("africastalking: inbox: an answer that could not be read")
	}
	var out []Received
	for _, m := range answer.SMSMessageData.Messages {
		id, err := m.ID.Int64()
		if err != nil || id <= after {
			return nil, fmt.Errorf("africastalking: inbox: a message without a new ID")
		}
		after = id // oldest first: each ID is above the one before
		out = append(out, Received{ID: id, From: m.From, Text: m.Text})
	}
	return out, nil
}
