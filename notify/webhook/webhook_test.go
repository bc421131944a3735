package webhook

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestPostRetriesWhatMayPass(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) < 3 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	s := &Sender{Backoff: time.Millisecond}
	if err := s.Post(context.Background(), srv.URL+"/secret-path", []byte(`{}`)); err != nil || calls.Load() != 3 {
		t.Fatalf("%v after %d calls", err, calls.Load())
	}
}

func TestPostGivesUpOnARefusalAndHidesTheURL(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		http.Error(w, "gone", http.StatusNotFound)
	}))
	defer srv.Close()
	err := (&Sender{Backoff: time.Millisecond}).Post(context.Background(), srv.URL+"/secret-path", []byte(`{}`))
	if err == nil || calls.Load() != 1 || strings.Contains(err.Error(), "secret-path") || !strings.Contains(err.Error(), "404") {
		t.Fatalf("%v after %d calls", err, calls.Load())
	}
}

func TestPostTimesOutEachAttempt(t *testing.T) {
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-block }))
	defer srv.Close()
	defer close(block)
	start := time.Now()
	err := (&Sender{Timeout: 50 * time.Millisecond, Attempts: 2, Backoff: time.Millisecond}).Post(context.Background(), srv.URL+"/secret-path", []byte(`{}`))
	if err == nil || time.Since(start) > 5*time.Second || strings.Contains(err.Error(), "secret-path") {
		t.Fatalf("%v after %v", err, time.Since(start))
	}
}
