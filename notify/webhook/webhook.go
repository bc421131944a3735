// Package webhook POSTs a JSON document to a URL, with a timeout on each
// attempt and a few retries when the failure may pass (no answer, a 5xx,
// 429 Too Many Requests).
package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// Defaults of a Sender's zero fields.
const (
	DefaultTimeout  = 10 * time.Second
	DefaultAttempts = 3
	DefaultBackoff  = 2 * time.Second
)

// Sender posts to webhooks.
type Sender struct {
	// Client sends the requests; nil is a client with no other timeout
	// than Timeout.
	Client *http.Client
	// Timeout bounds each attempt.
	Timeout time.Duration
	// Attempts is how many times a document is tried in all.
	Attempts int
	// Backoff is the wait before the second attempt, doubled before each
	// one after.
	Backoff time.Duration
}

// Post sends body as JSON to url. Its error never names the URL, whose
// path may be its secret: the caller names the recipient.
func (s *Sender) Post(ctx context.Context, url string, body []byte) error {
	attempts := orDefault(s.Attempts, DefaultAttempts)
	wait := s.Backoff
	if wait <= 0 {
		wait = DefaultBackoff
	}
	var err error
	for i := range attempts {
		if i > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(wait):
			}
			wait *= 2
		}
		var retry bool
		if retry, err = s.post(ctx, url, body); err == nil || !retry {
			break
		}
	}
	return err
}

// post makes one attempt and says whether another may succeed.
func (s *Sender) post(ctx context.Context, url string, body []byte) (retry bool, err error) {
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return false, errors.New("not a valid URL")
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "sunset-notify")
	client := s.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		var ue interface{ Unwrap() error }
		if errors.As(err, &ue) && ue.Unwrap() != nil {
			err = ue.Unwrap() // leave out the URL *url.Error names
		}
		return ctx.Err() == nil || errors.Is(ctx.Err(), context.DeadlineExceeded), err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return false, nil
	}
	retry = resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests
	return retry, fmt.Errorf("the webhook answered %s", resp.Status)
}

func orDefault(v, def int) int {
	if v <= 0 {
		return def
	}
	return v
}
