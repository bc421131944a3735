package lifecycle

// Refusal is one reason a stage change may not happen: a code, the facts
// it is about, a sentence, and the steps that would satisfy it.
type Refusal struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// Steps say what would satisfy the refusal. Fix is those steps worded
	// for a reader: the engine leaves it empty, and the front end that
	// shows the refusal fills it in (Decision.Worded).
	Steps []Step `json:"steps"`
	Fix   string `json:"fix,omitempty"`
	// The facts the refusal is about, where it has them: the checklist
	// item, the port mapping, the address, the check.
	Item      string `json:"item,omitempty"`
	MappingID int64  `json:"mapping_id,omitempty"`
	Address   string `json:"address,omitempty"`
	CheckID   int64  `json:"check_id,omitempty"`
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
	CodeSanitizationReopened   = "sanitization-reopened"
)

// worded returns the refusals with their Fix worded by word.
func worded(rs []Refusal, word func(Step) string) []Refusal {
	if rs == nil {
		return nil
	}
	out := make([]Refusal, len(rs))
	for i, r := range rs {
		r.Fix = WordSteps(r.Steps, word)
		out[i] = r
	}
	return out
}
