package lifecycle

// Refusal is one reason a stage change may not happen, with what would
// satisfy it.
type Refusal struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Fix     string `json:"fix"`
	// Overridable refusals come from a guard: --force with --reason may
	// override them. The others (no such transition, a missing reason)
	// never give way.
	Overridable bool `json:"overridable"`
}

// Refusal codes.
const (
	CodeUnknownStage  = "unknown-stage"
	CodeSameStage     = "same-stage"
	CodeNoTransition  = "no-transition"
	CodeReasonNeeded  = "reason-required"
	CodeBadReason     = "bad-reason"
	CodeChecklistOpen = "checklist-open"
	// The dark proof.
	CodeNoAddress  = "no-address"
	CodeNoCheck    = "no-check"
	CodeAnswered   = "answered"
	CodeNotCovered = "not-covered"
	CodeUnclear    = "unclear"
	CodeStaleCheck = "stale-check"
	// Port mappings.
	CodeMappingOpen       = "mapping-open"
	CodeMappingUnverified = "mapping-unverified"
	CodeMappingAnswers    = "mapping-answers"
	// Sanitization.
	CodeNoSanitization         = "no-sanitization"
	CodeSanitizationIncomplete = "sanitization-incomplete"
)
