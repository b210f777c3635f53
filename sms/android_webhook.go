package sms

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"time"
)

// AndroidEvent is a webhook SMS Gateway for Android posts: a message that arrived (sms:received),
// or what became of one civhub sent (sms:sent, sms:delivered, sms:failed).
type AndroidEvent struct {
	ID       string `json:"id"` // the event's own ID: the same when the app retries it
	Event    string `json:"event"`
	DeviceID string `json:"deviceId"`
	Payload  struct {
		MessageID   string `json:"messageId"` // for a message civhub sent: civhub's reference
		Message     string `json:"message"`   // sms:received: the text
		PhoneNumber string `json:"phoneNumber"`
		Reason      string `json:"reason"` // sms:failed
	} `json:"payload"`
}

// Android webhook events civhub acts on.
const (
	AndroidReceived  = "sms:received"
	AndroidDelivered = "sms:delivered"
	AndroidFailed    = "sms:failed"
)

// ErrBadSignature: a webhook whose signature or time does not check out.
var ErrBadSignature = errors.New("sms: the webhook's signature does not match")

// androidSkew is how far a webhook's X-Timestamp may be from now: an old request replayed is
// refused.
const androidSkew = 5 * time.Minute

// ReadAndroidWebhook checks a webhook's signature, the app's X-Signature: the hex HMAC-SHA256,
// under the signing key set in the app, of the body followed by X-Timestamp (Unix seconds), which
// must be within five minutes of now; and reads the event.
func ReadAndroidWebhook(body []byte, signature, timestamp string, key []byte, now time.Time) (*AndroidEvent, error) {
	sec, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil || len(key) == 0 {
		return nil, ErrBadSignature
	}
	if at := time.Unix(sec, 0); at.Before(now.Add(-androidSkew)) || at.After(now.Add(androidSkew)) {
		return nil, ErrBadSignature
	}
	want, err := hex.DecodeString(signature)
	if err != nil {
		return nil, ErrBadSignature
	}
	mac := hmac.New(sha256.New, key)
	mac.Write(body)
	mac.Write([]byte(timestamp))
	if !hmac.Equal(mac.Sum(nil), want) {
		return nil, ErrBadSignature
	}
	var e AndroidEvent
	if err := json.Unmarshal(body, &e); err != nil {
		return nil, err
	}
	return &e, nil
}

// SignAndroidWebhook signs body as the app does, for tests and the fake gateway.
func SignAndroidWebhook(body []byte, timestamp string, key []byte) string {
	mac := hmac.New(sha256.New, key)
	mac.Write(body)
	mac.Write([]byte(timestamp))
	return hex.EncodeToString(mac.Sum(nil))
}
