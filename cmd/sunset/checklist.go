package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
)

func newChecklistCmd(a *app) *cobra.Command {
	var done, evidence string
	var asJSON bool
	var san sanitizationFlags
	cmd := &cobra.Command{
		Use:   "checklist ASSET [--json] [--done ITEM --evidence TEXT] [--sanitized --media-type ... ]",
		Short: "Show an asset's end-of-life checklist, tick an item, or record its media sanitization",
		Long: `Show an asset's end-of-life checklist (generated when it enters
decommissioning), tick one item with --done ITEM, or record the media
sanitization (NIST SP 800-88) with --sanitized and the record's fields.

Items verified "evidence" need --evidence TEXT. Items verified
"scan-dark" and "scan-mapping-closed" cannot be ticked by hand: a check
that shows the device dark, or the mapping closed, ticks them.`,
		Args: exactArgs(1, "ASSET"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			s, err := a.open()
			if err != nil {
				return err
			}
			if done != "" && san.given {
				return usageError("give either --done or --sanitized, not both")
			}
			if evidence != "" && done == "" {
				return usageError("--evidence goes with --done ITEM")
			}
			if !san.given {
				for _, name := range sanitizationFieldFlags {
					if cmd.Flags().Changed(name) {
						return usageError("--%s records a sanitization: add --sanitized", name)
					}
				}
			}
			if done != "" || san.given {
				err = s.Update(ctx, func(w inventory.Writer) error {
					as, err := w.FindAsset(ctx, args[0])
					if err != nil {
						return err
					}
					if san.given {
						rec, err := san.record(a.now())
						if err != nil {
							return err
						}
						return recordSanitization(ctx, w, as, rec, a)
					}
					return tickItem(ctx, w, as, done, evidence, a)
				})
				if err != nil {
					return err
				}
			}
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
				if hasRec {
					doc["sanitization"] = rec
				}
				return writeJSON(a.stdout, doc)
			}
			if len(items) == 0 {
				fmt.Fprintf(a.stdout, "%s has no end-of-life checklist (it is %s; one is generated on `sunset stage %s decommissioning`)\n",
					as.Ref(), as.Stage, as.Ref())
			} else {
				d, r := lifecycle.Progress(items)
				fmt.Fprintf(a.stdout, "%s (%s): %d of %d required items done\n", as.Ref(), as.Stage, d, r)
				writeChecklist(a.stdout, items)
			}
			if hasRec {
				fmt.Fprintf(a.stdout, "\nSanitization: %s %s by %s on %s (%s, verified by %s) → %s\n",
					rec.Method, rec.Technique, rec.Operator, rec.Date, rec.MediaType, rec.Verification, rec.Destination)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&done, "done", "", "tick this item (its id, from the list)")
	cmd.Flags().StringVar(&evidence, "evidence", "", "what was done and where the proof is")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	san.register(cmd)
	return cmd
}

func tickItem(ctx context.Context, w inventory.Writer, as inventory.Asset, itemID, evidence string, a *app) error {
	items, err := w.Checklist(ctx, as.ID)
	if err != nil {
		return err
	}
	if len(items) == 0 {
		return inventory.Errorf(inventory.ErrNotFound, "%s has no end-of-life checklist (it is %s)", as.Ref(), as.Stage)
	}
	if _, err := lifecycle.Tick(items, itemID, evidence, a.actor, a.now()); err != nil {
		return err
	}
	return w.CompleteItem(ctx, as.ID, itemID, evidence)
}

// recordSanitization stores the record and ticks the sanitize-media item
// with it as evidence.
func recordSanitization(ctx context.Context, w inventory.Writer, as inventory.Asset, rec inventory.Sanitization, a *app) error {
	rec.AssetID = as.ID
	if err := w.RecordSanitization(ctx, &rec); err != nil {
		return err
	}
	items, err := w.Checklist(ctx, as.ID)
	if err != nil {
		return err
	}
	evidence := fmt.Sprintf("sanitization record: %s by %s (%s) on %s, verified by %s", rec.Method, rec.Technique, rec.Tool, rec.Date, rec.Verification)
	for _, it := range items {
		if it.ID == lifecycle.ItemSanitizeMedia && !it.Done {
			return w.CompleteItem(ctx, as.ID, it.ID, evidence)
		}
	}
	return nil
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
