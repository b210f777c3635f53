package sms

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Message is a text message to send: Ref is civhub's own reference for it, the same however often
// it is tried, so that a gateway that takes one refuses to send it twice.
type Message struct {
	Ref  string
	To   string // E.164
	Body string
}

// Gateway sends text messages through a provider.
type Gateway interface {
	// Name names the gateway in the messages' records ("android", "twilio").
	Name() string
	// Send hands m to the provider and returns the provider's ID for it. An error wrapping
	// ErrPermanent means trying again cannot help (a number the provider refuses, a bad
	// configuration); any other error is worth another try later.
	Send(ctx context.Context, m Message) (providerID string, err error)
}

// Inbox is a gateway whose messages that arrive civhub reads from the provider's API, page by page
// after the last ID it read, with its own credentials: the way to hear a provider whose callbacks
// carry no signature. Such a callback is only a nudge to read sooner; what it says is not trusted.
type Inbox interface {
	Gateway
	// Received returns the messages that arrived after the one whose ID is after (0: from the
	// first), oldest first; none when there are no more.
	Received(ctx context.Context, after int64) ([]Received, error)
}

// Received is a text message that arrived at a gateway.
type Received struct {
	ID   int64 // the provider's, increasing
	From string
	Text string
}

// ErrPermanent marks a refusal that another try would meet again.
var ErrPermanent = errors.New("sms: refused for good")

// httpClient is what the adapters send with: a provider that does not answer within the timeout
// is tried again later rather than holding the sender.
var httpClient = &http.Client{Timeout: 20 * time.Second}

// Android sends through SMS Gateway for Android, the open-source app that turns a phone with a
// local SIM into a gateway: its local server on the phone (http://phone:8080) or its cloud server
// (https://api.sms-gate.app/3rdparty/v1), with the app's user name and password.
type Android struct {
	URL      string // the API's base, without a trailing slash
	User     string
	Password string
	DeviceID string // the phone to send from, when the account has several; "" for any
	// SigningKey checks the app's webhooks (the key set in the app's webhook settings); "" when
	// civhub hears nothing back from the phone.
	SigningKey string
	Client     *http.Client
}

// Name implements Gateway.
func (a *Android) Name() string { return "android" }

// androidMessage is the app's request to send a text message.
type androidMessage struct {
	ID                 string      `json:"id"`
	TextMessage        androidText `json:"textMessage"`
	PhoneNumbers       []string    `json:"phoneNumbers"`
	WithDeliveryReport bool        `json:"withDeliveryReport"`
	DeviceID           string      `json:"deviceId,omitempty"`
}

type androidText struct {
	Text string `json:"text"`
}

// androidState is the app's answer: the message's ID and state.
type androidState struct {
	ID    string `json:"id"`
	State string `json:"state"`
}

// Send implements Gateway. The message's ID is civhub's reference: the app (1.58 and later)
// answers 409 Conflict to an ID it has seen, which means the message was handed over before.
func (a *Android) Send(ctx context.Context, m Message) (string, error) {
	body, err := json.Marshal(androidMessage{ID: m.Ref, TextMessage: androidText{Text: m.Body}, PhoneNumbers: []string{m.To},
		WithDeliveryReport: true, DeviceID: a.DeviceID})
	if err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(a.URL, "/")+"/messages", bytes.NewReader(body))
	if err != nil {
		return "", fmt.Errorf("%w: android gateway address: %v", ErrPermanent, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.SetBasicAuth(a.User, a.Password)
	client := a.Client
	if client == nil {
		client = httpClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("android gateway: %w", err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	switch {
	case resp.StatusCode == http.StatusConflict:
		return m.Ref, nil // handed over before, under the same reference
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		var st androidState
		if err := json.Unmarshal(answer, &st); err != nil || st.ID == "" {
			return m.Ref, nil // accepted; the app's ID is ours
		}
		return st.ID, nil
	case resp.StatusCode == http.StatusBadRequest || resp.StatusCode == http.StatusUnprocessableEntity:
		// The message itself is refused (a number the app will not take): it would be again.
		// Only the status is kept: the app's words may name the number, which logs never do.
		return "", fmt.Errorf("%w: android gateway: %s", ErrPermanent, resp.Status)
	}
	// A wrong password or address, a phone offline, a full queue: wait for it to be mended.
	return "", fmt.Errorf("android gateway: %s", resp.Status)
}

// FromURL returns the gateway an address names, with its credentials:
//
//	android+https://USER:PASSWORD@api.sms-gate.app/3rdparty/v1 (the app's cloud server)
//	android+http://USER:PASSWORD@192.168.1.20:8080 (the app's server on the phone itself)
//
// with ?device=ID to send from one of the account's phones, and ?signing_key=KEY, the key of the
// app's webhooks, to hear the messages that arrive and what became of those sent; and
//
//	twilio+https://ACCOUNT_SID:AUTH_TOKEN@api.twilio.com/2010-04-01?from=+15550001111
//
// for Twilio or a service that speaks its API (from: a number, or a messaging service's SID).
func FromURL(raw string) (Gateway, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, errors.New("sms: the gateway's address does not parse") // the address holds a password: not repeated
	}
	kind, scheme, _ := strings.Cut(u.Scheme, "+")
	switch kind {
	case "android":
		if (scheme != "http" && scheme != "https") || u.Host == "" || u.User == nil {
			return nil, errors.New("sms: give the Android gateway as android+https://USER:PASSWORD@HOST/PATH")
		}
		password, _ := u.User.Password()
		base := url.URL{Scheme: scheme, Host: u.Host, Path: strings.TrimSuffix(u.Path, "/")}
		return &Android{URL: base.String(), User: u.User.Username(), Password: password, DeviceID: u.Query().Get("device"),
			SigningKey: u.Query().Get("signing_key")}, nil
	case "twilio":
		// twilio+https://ACCOUNT_SID:AUTH_TOKEN@api.twilio.com/2010-04-01?from=+15550001111
		if scheme != "https" && scheme != "http" || u.Host == "" || u.User == nil || u.Query().Get("from") == "" {
			return nil, errors.New("sms: give Twilio as twilio+https://ACCOUNT_SID:AUTH_TOKEN@api.twilio.com/2010-04-01?from=NUMBER")
		}
		token, _ := u.User.Password()
		base := url.URL{Scheme: scheme, Host: u.Host, Path: strings.TrimSuffix(u.Path, "/")}
		from := u.Query().Get("from")
		if strings.HasPrefix(from, " ") { // an unescaped + in a query reads as a space
			from = "+" + strings.TrimSpace(from)
		}
		return &Twilio{URL: base.String(), AccountSID: u.User.Username(), AuthToken: token, From: from}, nil
	case "africastalking":
		// africastalking+https://USERNAME:API_KEY@api.africastalking.com?from=SENDER
		if scheme != "https" && scheme != "http" || u.Host == "" || u.User == nil {
			return nil, errors.New("sms: give Africa's Talking as africastalking+https://USERNAME:API_KEY@api.africastalking.com")
		}
		key, _ := u.User.Password()
		base := url.URL{Scheme: scheme, Host: u.Host, Path: strings.TrimSuffix(u.Path, "/")}
		return &AfricasTalking{URL: base.String(), Username: u.User.Username(), APIKey: key, From: u.Query().Get("from")}, nil
	}
	return nil, fmt.Errorf("sms: unknown gateway %q (android, twilio, africastalking)", kind)
}
