package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sunset-tui/sunset/importers"
	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
)

func newAssetCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "asset",
		Short: "Add, change, show and list assets",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newAssetAddCmd(a), newAssetSetCmd(a), newAssetShowCmd(a), newAssetListCmd(a))
	return cmd
}

// fieldFlags registers one flag per asset field and applies the ones given.
type fieldFlags struct {
	single map[string]*string
	multi  map[string]*[]string
	cmd    *cobra.Command
}

// multiValued fields may be given several times (--ip A --ip B).
var multiValued = map[string]bool{"ip": true, "mac": true, "dns": true}

func addFieldFlags(cmd *cobra.Command, skip ...string) *fieldFlags {
	ff := &fieldFlags{single: map[string]*string{}, multi: map[string]*[]string{}, cmd: cmd}
	for _, f := range inventory.Fields {
		if contains(skip, f.Name) {
			continue
		}
		if multiValued[f.Name] {
			ff.multi[f.Name] = cmd.Flags().StringArray(f.Name, nil, f.Help+" (repeatable)")
		} else {
			ff.single[f.Name] = cmd.Flags().String(f.Name, "", f.Help)
		}
	}
	return ff
}

// apply sets each field given on the command line, in field order. It
// reports whether any was given.
func (ff *fieldFlags) apply(as *inventory.Asset) (given bool, err error) {
	for _, f := range inventory.Fields {
		if !ff.cmd.Flags().Changed(f.Name) {
			continue
		}
		given = true
		var v string
		if vals, ok := ff.multi[f.Name]; ok {
			v = strings.Join(*vals, " ")
		} else if p, ok := ff.single[f.Name]; ok {
			v = *p
		} else {
			continue
		}
		if err := f.Set(as, v); err != nil {
			return given, namedField(f.Name, err)
		}
	}
	return given, nil
}

// namedField prefixes err with the field's name unless it already names one.
func namedField(field string, err error) error {
	var ie *inventory.Error
	if errors.As(err, &ie) && ie.Field != "" {
		return err
	}
	return inventory.FieldError(field, "%v", err)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func newAssetAddCmd(a *app) *cobra.Command {
	var ff *fieldFlags
	var reason string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "add --tag T --hostname H [--ip A] [--mac M] [--FIELD VALUE]...",
		Short: "Add an asset (in any stage; later stage changes go through `sunset stage`)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var as inventory.Asset
			if _, err := ff.apply(&as); err != nil {
				return err
			}
			svc, err := a.serviceToWrite()
			if err != nil {
				return err
			}
			if as.Source == "" {
				as.Source = "cli"
			}
			if err := svc.AddAsset(cmd.Context(), &as, reason); err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, map[string]any{"asset": as})
			}
			fmt.Fprintf(a.stdout, "added %s (#%d, %s)\n", as.Ref(), as.ID, as.Stage)
			return nil
		},
	}
	ff = addFieldFlags(cmd)
	cmd.Flags().StringVar(&reason, "reason", "", "why, for the history")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the new asset as JSON")
	return cmd
}

func newAssetSetCmd(a *app) *cobra.Command {
	var ff *fieldFlags
	var reason, stage string
	cmd := &cobra.Command{
		Use:   "set ASSET --FIELD VALUE...",
		Short: "Change fields of an asset (not its stage: see `sunset stage`)",
		Args:  exactArgs(1, "ASSET"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("stage") {
				return inventory.FieldError("stage", "use `sunset stage %s %s` to change the stage: it checks the guards", args[0], stage)
			}
			svc, err := a.serviceToWrite()
			if err != nil {
				return err
			}
			_, changed, err := svc.UpdateAsset(cmd.Context(), args[0], func(as *inventory.Asset) error {
				given, err := ff.apply(as)
				if err == nil && !given {
					err = usageError("nothing to set: give at least one --FIELD VALUE (see `sunset asset set --help`)")
				}
				return err
			}, reason)
			if err != nil {
				return err
			}
			if changed {
				fmt.Fprintf(a.stdout, "updated %s\n", args[0])
			} else {
				fmt.Fprintf(a.stdout, "%s unchanged\n", args[0])
			}
			return nil
		},
	}
	ff = addFieldFlags(cmd, "stage")
	cmd.Flags().StringVar(&stage, "stage", "", "not allowed here: use `sunset stage`")
	cmd.Flags().MarkHidden("stage")
	cmd.Flags().StringVar(&reason, "reason", "", "why, for the history")
	return cmd
}

func newAssetShowCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show ASSET",
		Short: "Show an asset (by id, tag, hostname, IP, MAC or DNS name) with its addresses, port mappings, checklist and history",
		Args:  exactArgs(1, "ASSET"),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.open()
			if err != nil {
				return err
			}
			d, err := loadAssetDetail(cmd.Context(), s, args[0])
			if err != nil {
				return err
			}
			svc, err := a.service()
			if err != nil {
				return err
			}
			if d.sites, err = svc.SeenFrom(cmd.Context(), d.asset.ID); err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, map[string]any{
					"asset": d.asset, "mappings": nonNil(d.mappings), "checklist": nonNil(d.checklist), "history": nonNil(d.history),
					"imported": nonNil(d.imported),
					"sites":    nonNil(d.sites),
				})
			}
			return d.writeText(a.stdout)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

type assetDetail struct {
	asset     inventory.Asset
	mappings  []inventory.PortMapping
	checklist []inventory.ChecklistItem
	history   []inventory.Event
	// imported is what imports kept of columns that are no asset field.
	imported []inventory.ImportedColumn
	// sites is what each site's newest complete check saw of the asset.
	sites []lifecycle.SiteSight
}

func loadAssetDetail(ctx context.Context, s inventory.Reader, ref string) (assetDetail, error) {
	var d assetDetail
	var err error
	if d.asset, err = s.FindAsset(ctx, ref); err != nil {
		return d, err
	}
	if d.mappings, err = s.Mappings(ctx, inventory.MappingFilter{AssetID: d.asset.ID}); err != nil {
		return d, err
	}
	if d.checklist, err = s.Checklist(ctx, d.asset.ID); err != nil {
		return d, err
	}
	if d.history, err = s.History(ctx, d.asset.ID); err != nil {
		return d, err
	}
	imported, err := s.ImportedColumns(ctx, []int64{d.asset.ID})
	d.imported = imported[d.asset.ID]
	return d, err
}

func (d assetDetail) writeText(w io.Writer) error {
	as := d.asset
	t := newTable(w, "FIELD", "VALUE")
	t.row("id", fmt.Sprint(as.ID))
	for _, f := range inventory.Fields {
		t.row(f.Name, f.Get(&as))
	}
	t.row("stage-since", formatTime(as.StageSince))
	t.row("last-seen", formatTime(as.LastSeen))
	t.row("source", strings.TrimSpace(as.Source+" "+as.ExternalID))
	if err := t.flush(); err != nil {
		return err
	}
	if len(d.imported) > 0 {
		fmt.Fprintln(w, "\nImported columns (kept from imports, apart from the notes):")
		t = newTable(w, "COLUMN", "VALUE", "FROM")
		for _, c := range d.imported {
			t.row(c.Column, c.Value, c.Source)
		}
		if err := t.flush(); err != nil {
			return err
		}
	}
	if len(d.mappings) > 0 {
		fmt.Fprintln(w, "\nPort mappings:")
		writeMappings(w, d.mappings)
	}
	if len(d.checklist) > 0 {
		fmt.Fprintln(w, "\nEnd-of-life checklist:")
		writeChecklist(w, d.checklist)
	}
	if len(d.sites) > 0 {
		fmt.Fprintln(w, "\nSeen from each site (newest complete check):")
		t = newTable(w, "SITE", "CHECK", "ENDED", "SAW")
		for _, s := range d.sites {
			site := s.Site
			if site == "" {
				site = "(any)"
			}
			t.row(site, s.Origin, formatTime(s.At), string(s.State))
		}
		if err := t.flush(); err != nil {
			return err
		}
	}
	fmt.Fprintln(w, "\nHistory:")
	t = newTable(w, "WHEN", "WHO", "WHAT", "CHANGES", "WHY")
	for _, e := range d.history {
		action := e.Action
		if e.Forced {
			action += " (FORCED)"
		}
		t.row(formatTime(e.At), e.Actor, action, formatChanges(e.Changes), e.Reason)
	}
	return t.flush()
}

func formatChanges(cs []inventory.Change) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = fmt.Sprintf("%s: %q → %q", c.Field, c.From, c.To)
	}
	return strings.Join(parts, ", ")
}

func newAssetListCmd(a *app) *cobra.Command {
	var filter assetFilterFlags
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list [--stage S] [--kind K] [--owner O] [--address A] [--search TEXT]",
		Short: "List assets, or those at an address or matching a search",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := filter.filter()
			if err != nil {
				return err
			}
			a.bulkWork()
			s, err := a.open()
			if err != nil {
				return err
			}
			if asJSON {
				e, err := importers.NewJSONExporter(a.stdout)
				if err != nil {
					return err
				}
				return exportPages(cmd.Context(), s, f, e)
			}
			t := newTable(a.stdout, "TAG", "HOSTNAME", "NAME", "KIND", "STAGE", "OWNER", "IP", "LAST SEEN")
			rows := 0
			err = eachPage(cmd.Context(), s, f, false, func(page []inventory.AssetSummary, _ []inventory.Asset) error {
				for _, as := range page {
					t.row(listedTag(as), as.Hostname, as.Name, string(as.Kind), string(as.Stage), as.Owner, as.PrimaryIP, formatTime(as.LastSeen))
					if rows++; rows%rowsPerBlock == 0 {
						if err := t.flush(); err != nil {
							return err
						}
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
			return t.flush()
		},
	}
	filter.add(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// assetFilterFlags are the flags that choose which assets a listing
// shows.
type assetFilterFlags struct {
	stage, kind, owner, address, search string
}

func (ff *assetFilterFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&ff.stage, "stage", "", "only assets in these stages (comma separated)")
	cmd.Flags().StringVar(&ff.kind, "kind", "", "only assets of this kind")
	cmd.Flags().StringVar(&ff.owner, "owner", "", "only assets of this owner")
	cmd.Flags().StringVar(&ff.address, "address", "", "only assets with this IP, MAC (any spelling) or DNS name")
	cmd.Flags().StringVar(&ff.search, "search", "", "only assets whose tag, hostname, name, serial, owner, vendor, model, department, location or address contains this text")
}

func (ff *assetFilterFlags) filter() (inventory.AssetFilter, error) {
	f := inventory.AssetFilter{Owner: ff.owner, Search: ff.search}
	var err error
	if f.Stages, err = parseStages(ff.stage); err != nil {
		return f, err
	}
	if ff.kind != "" {
		if f.Kind, err = inventory.ParseKind(ff.kind); err != nil {
			return f, inventory.FieldError("kind", "%v", err)
		}
	}
	if ff.address != "" {
		if len(inventory.AddressReadings(ff.address)) == 0 {
			return f, inventory.FieldError("address", "%q is not an IP address, a MAC address or a DNS name", ff.address)
		}
		f.Address = ff.address
	}
	return f, nil
}

// exactArgs is cobra.ExactArgs with a message that names what is missing.
func exactArgs(n int, names ...string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usageError("%s needs %s (see `%s --help`)", cmd.CommandPath(), strings.Join(names, " "), cmd.CommandPath())
		}
		return nil
	}
}

// nonNil makes empty lists print as [] rather than null in JSON.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// parseStages reads --stage: stage names, comma separated.
func parseStages(list string) ([]inventory.Stage, error) {
	var out []inventory.Stage
	for _, v := range inventory.SplitList(list) {
		st, err := inventory.ParseStage(v)
		if err != nil {
			return nil, inventory.FieldError("stage", "%v", err)
		}
		out = append(out, st)
	}
	return out, nil
}

// listedTag is an asset's tag in a list, or "#ID" for an asset without
// one, so that every row names something `asset show` takes.
func listedTag(as inventory.AssetSummary) string {
	if as.Tag == "" {
		return fmt.Sprintf("#%d", as.ID)
	}
	return as.Tag
}
