package notify

import (
	"github.com/sunset-tui/sunset/inventory"
)

// The steps an item is sent at besides the remind.before ones ("90d",
// "30d", "7d"): each reaches a recipient at most once.
const (
	// StepDay is the due date itself.
	StepDay = "day"
	// StepOverdue is any day after it, while the item is open.
	StepOverdue = "overdue"
	// StepEscalated is the fallback's copy of an item still open
	// notify.escalate-after past its due date.
	StepEscalated = "escalated"
	// StepFinding is an open finding, sent once.
	StepFinding = "finding"
)

// ReminderStep is the step a reminder due in daysLeft days has reached,
// given remind.before: the nearest remind.before step it is within (with
// 90d,30d,7d, 20 days left is "30d"), "day" on the day, "overdue" after
// it. ok is false when the date is further off than every step. A run
// that missed a step sends the step reached, once, not each one missed.
func ReminderStep(daysLeft int, before []inventory.Duration) (step string, ok bool) {
	switch {
	case daysLeft < 0:
		return StepOverdue, true
	case daysLeft == 0:
		return StepDay, true
	}
	best := -1
	for _, b := range before {
		days := wholeDays(b)
		if days >= daysLeft && (best < 0 || days < best) {
			best, step = days, b.String()
		}
	}
	return step, best >= 0
}

// Escalates reports whether an item overdue by daysOverdue days has been
// open notify.escalate-after past its due date.
func Escalates(daysOverdue int, after inventory.Duration) bool {
	return after > 0 && daysOverdue >= max(wholeDays(after), 1)
}

// wholeDays counts a duration in days, a part of a day as a whole one, as
// lifecycle counts remind.before.
func wholeDays(d inventory.Duration) int {
	n := int(d / inventory.Day)
	if d%inventory.Day != 0 {
		n++
	}
	return n
}
