package tui

import (
	"context"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle/service"
	"github.com/sunset-tui/sunset/scan"
)

// ScanCheck returns the CheckFunc that runs live checks through the
// service: it plans from the inventory and policy (scope enforced there),
// runs runner (an *scan.Nmap in the program, a fake in tests), and stores
// the check with the checklist items it proves in one transaction.
// Progress is passed on as the TUI's.
func ScanCheck(svc *service.Service, runner scan.Runner) CheckFunc {
	return func(ctx context.Context, req CheckRequest, progress func(Progress)) (inventory.Check, error) {
		only := make([]string, len(req.AssetIDs))
		for i, id := range req.AssetIDs {
			only[i] = service.IDRef(id)
		}
		out, err := svc.Check(ctx, runner, scan.CheckRequest{Only: only, Confirmed: req.Confirmed,
			OnProgress: func(p scan.Progress) {
				progress(Progress{Percent: p.Percent, Done: p.Hosts, Total: p.Addresses, Answered: p.Answered,
					Phase: p.Task, Remaining: p.Remaining})
			}})
		return out.Check, err
	}
}
