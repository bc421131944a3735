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
// inventory.Writer, which only a Store.Update hands out (the service's
// Store can only read), and a judgement needs lifecycle's functions and
// the evidence.
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
	const mod = "github.com/sunset-tui/sunset/"
	banned := map[string]string{
		"inventory.Writer":          "composes store writes",
		"inventory.EvidenceFilter":  "loads evidence itself",
		"lifecycle.Decide":          "decides stage changes itself",
		"lifecycle.Findings":        "judges findings itself",
		"lifecycle.AssetFindings":   "judges findings itself",
		"lifecycle.UnknownFindings": "judges unknown devices itself",
		"lifecycle.Reminders":       "works out what is due itself",
		"lifecycle.BuildReport":     "builds the report itself",
		"lifecycle.ProveDark":       "judges darkness itself",
		"lifecycle.SeenIn":          "judges what a check saw itself",
		"lifecycle.VerifyByCheck":   "ticks checklist items itself",
		"lifecycle.Checklist":       "keeps checklists itself",
		"lifecycle.Tick":            "ticks checklist items itself",
		"lifecycle.Untick":          "reopens checklist items itself",
		"lifecycle.Adopt":           "adopts unknown devices itself",
		"lifecycle.Dismiss":         "dismisses unknown devices itself",
		"lifecycle.Acknowledge":     "acknowledges findings itself",
		"lifecycle.NewAcks":         "hides acknowledged findings itself",
		"lifecycle.AckStateOf":      "judges acknowledgements itself",
		"lifecycle.Evidence":        "loads evidence itself",
		"scan.Record":               "stores checks itself",
		"scan.Execute":              "runs checks without storing them with what they prove",
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
			parsed, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly|parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			// The package each import name stands for, aliases included.
			pkgOf := map[string]string{}
			for _, imp := range parsed.Imports {
				path := strings.Trim(imp.Path.Value, `"`)
				name := path[strings.LastIndex(path, "/")+1:]
				if imp.Name != nil {
					name = imp.Name.Name
				}
				pkgOf[name] = strings.TrimPrefix(path, mod)
			}
			if parsed, err = parser.ParseFile(token.NewFileSet(), f, nil, 0); err != nil {
				t.Fatal(err)
			}
			ast.Inspect(parsed, func(n ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				x, ok := sel.X.(*ast.Ident)
				if !ok {
					return true
				}
				name := pkgOf[x.Name] + "." + sel.Sel.Name
				if why, bad := banned[name]; bad {
					t.Errorf("%s uses %s: it %s instead of calling lifecycle/service", rel(root, f), name, why)
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
