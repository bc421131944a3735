package tui

import (
	"sync"

	tea "github.com/charmbracelet/bubbletea"
)

// feed hands progress from a worker's goroutines to the TUI: publish
// never blocks, and the listener always gets the newest value.
type feed[T any] struct {
	mu     sync.Mutex
	latest T
	notify chan struct{}
	done   chan struct{}
	once   sync.Once
}

func newFeed[T any]() *feed[T] {
	return &feed[T]{notify: make(chan struct{}, 1), done: make(chan struct{})}
}

func (f *feed[T]) publish(v T) {
	f.mu.Lock()
	f.latest = v
	f.mu.Unlock()
	select {
	case f.notify <- struct{}{}:
	default:
	}
}

// close ends the feed once the work is done: the listener stops.
func (f *feed[T]) close() { f.once.Do(func() { close(f.done) }) }

// listen waits for the next value and wraps it as a message; it returns
// nil once the feed is closed.
func (f *feed[T]) listen(wrap func(T) tea.Msg) tea.Cmd {
	return func() tea.Msg {
		select {
		case <-f.notify:
			f.mu.Lock()
			v := f.latest
			f.mu.Unlock()
			return wrap(v)
		case <-f.done:
			return nil
		}
	}
}
