package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
)

func newChecklistCmd(a *app) *cobra.Command {
	var done, evidence, reopen, reason string
	var asJSON bool
	var san sanitizationFlags
	cmd := &cobra.Command{
		Use:   "checklist ASSET [--json] [--done ITEM --evidence TEXT] [--reopen ITEM --reason TEXT] [--sanitized --media-type ... ]",
		Short: "Show an asset's end-of-life checklist, tick or reopen an item, or record its media sanitization",
		Long: `Show an asset's end-of-life checklist (generated when it enters
decommissioning), tick one item with --done ITEM, reopen a wrong tick with
--reopen ITEM --reason TEXT (history keeps why), or record the media
sanitization (NIST SP 800-88) with --sanitized and the record's fields,
which also ticks the sanitize-media item.

Items verified "evidence" need --evidence TEXT. Items verified
"scan-dark" and "scan-mapping-closed" cannot be ticked by hand: a check
that shows the device dark, or the mapping closed, ticks them.`,
		Args: exactArgs(1, "ASSET"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			actions := 0
			for _, given := range []bool{done != "", reopen != "", san.given} {
				if given {
					actions++
				}
			}
			switch {
			case actions > 1:
				return usageError("give one of --done, --reopen or --sanitized")
			case evidence != "" && done == "":
				return usageError("--evidence goes with --done ITEM")
			case reason != "" && reopen == "":
				return usageError("--reason goes with --reopen ITEM")
			}
			if !san.given {
				for _, name := range sanitizationFieldFlags {
					if cmd.Flags().Changed(name) {
						return usageError("--%s records a sanitization: add --sanitized", name)
					}
				}
			}
			open := a.service
			if actions > 0 {
				open = a.serviceToWrite
			}
			svc, err := open()
			if err != nil {
				return err
			}
			switch {
			case done != "":
				err = svc.Tick(ctx, args[0], done, evidence)
			case reopen != "":
				err = svc.Untick(ctx, args[0], reopen, reason)
			case san.given:
				var rec inventory.Sanitization
				if rec, err = san.record(a.now()); err == nil {
					err = svc.RecordSanitization(ctx, args[0], rec)
				}
			}
			if err != nil {
				return err
			}
			s := svc.Store()
			as, err := s.FindAsset(ctx, args[0])
			if err != nil {
				return err
			}
			items, err := s.Checklist(ctx, as.ID)
			if err != nil {
				return err
			}
			rec, hasRec, err := s.Sanitization(ctx, as.ID)
			if err != nil {
				return err
			}
			if asJSON {
				doc := map[string]any{"asset": as.Ref(), "stage": as.Stage, "items": nonNil(items), "sanitization": nil}
				switch {
				case hasRec && !lifecycle.SanitizationCounts(items):
					// Reopened: history keeps the record, disposal no longer counts it.
					doc["reopened_sanitization"] = rec
				case hasRec:
					doc["sanitization"] = rec
				}
				return writeJSON(a.stdout, doc)
			}
			if len(items) == 0 {
				fmt.Fprintf(a.stdout, "%s has no end-of-life checklist (it is %s; one is generated on %s)\n",
					as.Ref(), as.Stage, command("stage", cliArg(as.Ref()), "decommissioning"))
			} else {
				d, r := lifecycle.Progress(items)
				fmt.Fprintf(a.stdout, "%s (%s): %d of %d required items done\n", as.Ref(), as.Stage, d, r)
				writeChecklist(a.stdout, items)
			}
			if hasRec {
				label, note := "Sanitization", ""
				if !lifecycle.SanitizationCounts(items) {
					label, note = "Sanitization (no longer counts)", "\n  sanitize-media was reopened: record the sanitization again before disposal"
				}
				fmt.Fprintf(a.stdout, "\n%s: %s %s by %s on %s (%s, verified by %s) → %s%s\n", label,
					rec.Method, rec.Technique, rec.Operator, rec.Date, rec.MediaType, rec.Verification, rec.Destination, note)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&done, "done", "", "tick this item (its id, from the list)")
	cmd.Flags().StringVar(&evidence, "evidence", "", "what was done and where the proof is")
	cmd.Flags().StringVar(&reopen, "reopen", "", "reopen this item, ticked by mistake (needs --reason)")
	cmd.Flags().StringVar(&reason, "reason", "", "why the item is reopened, for the history")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	san.register(cmd)
	return cmd
}

type sanitizationFlags struct {
	given                                                   bool
	mediaType, make, model, serial, method, technique, tool string
	verification, operator, date, destination               string
}

// sanitizationFieldFlags are the flags of a sanitization record.
var sanitizationFieldFlags = []string{"media-type", "media-make", "media-model", "media-serial", "method",
	"technique", "tool", "verification", "operator", "date", "destination"}

func (f *sanitizationFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.BoolVar(&f.given, "sanitized", false, "record the media sanitization with the flags below")
	fl.StringVar(&f.mediaType, "media-type", "", "sanitization: media type (HDD, SSD, flash, tape, ...)")
	fl.StringVar(&f.make, "media-make", "", "sanitization: media manufacturer")
	fl.StringVar(&f.model, "media-model", "", "sanitization: media model")
	fl.StringVar(&f.serial, "media-serial", "", "sanitization: media serial number")
	fl.StringVar(&f.method, "method", "", "sanitization: clear, purge or destroy")
	fl.StringVar(&f.technique, "technique", "", "sanitization: overwrite, block-erase, crypto-erase, degauss, shred, ...")
	fl.StringVar(&f.tool, "tool", "", "sanitization: tool and version used")
	fl.StringVar(&f.verification, "verification", "", "sanitization: how the result was verified")
	fl.StringVar(&f.operator, "operator", "", "sanitization: who did it")
	fl.StringVar(&f.date, "date", "", "sanitization: when (YYYY-MM-DD, default today)")
	fl.StringVar(&f.destination, "destination", "", "sanitization: reuse, recycle, vendor or destroyed")
}

func (f *sanitizationFlags) record(now time.Time) (inventory.Sanitization, error) {
	d, err := inventory.ParseDate(f.date)
	if err != nil {
		return inventory.Sanitization{}, inventory.FieldError("date", "%v", err)
	}
	if d.IsZero() {
		d = inventory.DateOf(now)
	}
	return inventory.Sanitization{MediaType: f.mediaType, Manufacturer: f.make, Model: f.model, Serial: f.serial,
		Method: f.method, Technique: f.technique, Tool: f.tool, Verification: f.verification,
		Operator: f.operator, Date: d, Destination: f.destination}, nil
}
