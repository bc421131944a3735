package service_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// frontEnds are the packages that show and ask; they act and judge only
// through the service.
var frontEnds = []string{"cmd/sunset", "cmd/sunset/internal/demo", "tui"}

// The front ends import the service and never compose store writes or run
// the engine's judgements themselves: a store write needs an
// inventory.Writer, which only a Store.Update hands out (a front end
// cannot name the type, so it cannot write), and a judgement needs
// lifecycle's functions and the evidence.
func TestFrontEndsActAndJudgeOnlyThroughTheService(t *testing.T) {
	root := moduleRoot(t)
	for _, pkg := range []string{"cmd/sunset", "tui"} {
		list := exec.Command("go", "list", "-f", `{{join .Imports "\n"}}`, "./"+pkg)
		list.Dir = root
		out, err := list.CombinedOutput()
		if err != nil {
			t.Fatalf("go list ./%s: %v\n%s", pkg, err, out)
		}
		imports := strings.Fields(string(out))
		if !slices.Contains(imports, "github.com/sunset-tui/sunset/lifecycle/service") {
			t.Errorf("%s does not import lifecycle/service: %v", pkg, imports)
		}
	}
	banned := map[string]string{
		"inventory.Writer":          "composes store writes",
		"lifecycle.Findings":        "judges findings itself",
		"lifecycle.AssetFindings":   "judges findings itself",
		"lifecycle.UnknownFindings": "judges unknown devices itself",
		"lifecycle.Reminders":       "works out what is due itself",
		"lifecycle.BuildReport":     "builds the report itself",
		"lifecycle.ProveDark":       "judges darkness itself",
		"lifecycle.VerifyByCheck":   "ticks checklist items itself",
		"lifecycle.Checklist":       "keeps checklists itself",
		"lifecycle.Evidence":        "loads evidence itself",
		"inventory.EvidenceFilter":  "loads evidence itself",
		"scan.Record":               "stores checks itself",
		"importers.Import":          "applies imports itself",
		"importers.ImportSources":   "applies imports itself",
	}
	for _, pkg := range frontEnds {
		files, err := filepath.Glob(filepath.Join(root, pkg, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			parsed, err := parser.ParseFile(token.NewFileSet(), f, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(parsed, func(n ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				if x, ok := sel.X.(*ast.Ident); ok {
					if why, bad := banned[x.Name+"."+sel.Sel.Name]; bad {
						t.Errorf("%s uses %s.%s: it %s instead of calling lifecycle/service", rel(root, f), x.Name, sel.Sel.Name, why)
					}
				}
				return true
			})
		}
	}
}

func moduleRoot(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}").Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(out))
}

func rel(root, path string) string {
	if r, err := filepath.Rel(root, path); err == nil {
		return r
	}
	return path
}
