package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/enroll"
)

func badgeCmds() []*command { return []*command{badgesRenderCmd()} }

// idList is a repeatable flag of ids; one value may also list several,
// separated by commas.
type idList []string

func (l *idList) String() string { return strings.Join(*l, ",") }
func (l *idList) Set(s string) error {
	for part := range strings.SplitSeq(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			*l = append(*l, part)
		}
	}
	return nil
}

// dpiFlag is --dpi: 300 unless given, and whether it was given.
type dpiFlag struct {
	n   int
	set bool
}

func (d *dpiFlag) String() string { return strconv.Itoa(d.n) }
func (d *dpiFlag) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil {
		return fmt.Errorf("%q is not a whole number", s)
	}
	d.n, d.set = n, true
	return nil
}

// Limits of --dpi: below it nothing is legible, above it a PNG of a card
// takes hundreds of megabytes.
const minDPI, maxDPI = 72, 1200

// checkDPIFlags keeps --dpi to its range and to the PNG output it is for.
func checkDPIFlags(dpi dpiFlag, pngDir string) error {
	if dpi.set && pngDir == "" {
		return usageErrorf("--dpi sets the resolution of the --png images; give --png DIR as well")
	}
	if dpi.n < minDPI || dpi.n > maxDPI {
		return usageErrorf("--dpi %d: use %d to %d", dpi.n, minDPI, maxDPI)
	}
	return nil
}

// renderedBadge is one cardholder's badge with who it is for.
type renderedBadge struct {
	holder enroll.Cardholder
	badge  badge.Badge
}

func badgesRenderCmd() *command {
	var (
		templateID, out, pngDir string
		holders                 idList
		all                     bool
		dpi                     = dpiFlag{n: 300}
	)
	return &command{
		name:     "badges render",
		synopsis: "--template ID (--cardholder ID... | --all) [-o FILE.pdf] [--png DIR --dpi N]",
		summary:  "render badges: one PDF, front then back, badge after badge",
		detail: "--cardholder may be repeated, take several ids (1,2,3 or 1 2 3), or both.\n" +
			"--all renders every active cardholder, by name; a cardholder whose badge cannot be drawn\n" +
			"(say, the template has a barcode of a card number they do not have) is named on stderr\n" +
			"and left out. With --cardholder such a badge refuses the whole render.\n" +
			"The PDF goes to out.pdf unless -o names another file. --png DIR also writes one PNG per\n" +
			"side, DIR/cardholder-ID-front.png and -back.png, at --dpi N (72 to 1200; default 300).",
		access:  signedIn,
		maxArgs: -1,
		setFlags: func(fs *flag.FlagSet) {
			fs.StringVar(&templateID, "template", "", "the badge template's `ID` (templates list)")
			fs.Var(&holders, "cardholder", "render the badge of cardholder `ID` (repeatable)")
			fs.BoolVar(&all, "all", false, "render the badge of every active cardholder")
			fs.StringVar(&out, "o", "out.pdf", "write the PDF to `FILE.pdf`")
			fs.StringVar(&pngDir, "png", "", "also write one PNG per side into `DIR`")
			fs.Var(&dpi, "dpi", "resolution `N` of the --png images, in dots per inch")
		},
		check: func() error {
			if templateID == "" {
				return usageErrorf("--template ID is required (see templates list)")
			}
			if all == (len(holders) > 0) {
				return usageErrorf("give --cardholder ID... or --all, not both and not neither")
			}
			return checkDPIFlags(dpi, pngDir)
		},
		checkArgs: func(args []string) error {
			if len(args) > 0 && all {
				return usageErrorf("unexpected argument %q: --all takes no cardholder ids", args[0])
			}
			return nil
		},
		run: func(ctx context.Context, c *call) error {
			tid, err := parseID("badge template", templateID)
			if err != nil {
				return err
			}
			bt, err := c.st.Templates.Get(ctx, c.actor, tid)
			if err != nil {
				return templateErr(err, templateID)
			}
			var list []renderedBadge
			if all {
				list, err = allBadges(ctx, c, bt)
			} else {
				list, err = namedBadges(ctx, c, bt, append(holders, c.args...))
			}
			if err != nil {
				return err
			}
			badges := make([]badge.Badge, len(list))
			for i, rb := range list {
				badges[i] = rb.badge
			}
			var pdf bytes.Buffer
			if err := badge.WritePDF(&pdf, bt.Template, badges); err != nil {
				return fmt.Errorf("badge template %d (%s): %w", bt.ID, bt.Name, err)
			}
			var pngs []string
			if pngDir != "" {
				if pngs, err = writeBadgePNGs(pngDir, bt.Template, list, dpi.n); err != nil {
					return err
				}
			}
			if err := writeFileAtomic(out, pdf.Bytes(), 0o644); err != nil {
				return err
			}
			if c.g.JSON {
				return writeJSON(c.stdout(), renderJSON{File: out, Template: id(bt.ID), Badges: len(list), Pages: len(list) * len(bt.Template.Sides()), PNGs: pngs})
			}
			if _, err := fmt.Fprintf(c.stdout(), "wrote %d badge(s) with template %q to %s\n", len(list), bt.Name, out); err != nil {
				return err
			}
			for _, p := range pngs {
				if _, err := fmt.Fprintln(c.stdout(), p); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

// renderJSON is what badges render --json prints.
type renderJSON struct {
	File     string   `json:"file"`
	Template string   `json:"template_id"`
	Badges   int      `json:"badges"`
	Pages    int      `json:"pages"`
	PNGs     []string `json:"png,omitempty"`
}

// namedBadges gathers the badges of the cardholders named; any that is
// missing or cannot be drawn refuses the render, each one named.
func namedBadges(ctx context.Context, c *call, bt enroll.BadgeTemplate, typed []string) ([]renderedBadge, error) {
	var list []renderedBadge
	var problems []string
	for _, s := range typed {
		hid, err := parseID("cardholder", s)
		if err != nil {
			return nil, err
		}
		rb, err := badgeOf(ctx, c, hid)
		if errors.Is(err, enroll.ErrNotFound) {
			return nil, &notFound{what: "cardholder", id: s}
		}
		if err != nil {
			return nil, err
		}
		if p := drawProblem(bt.Template, rb); p != "" {
			problems = append(problems, p)
			continue
		}
		list = append(list, rb)
	}
	if len(problems) > 0 {
		return nil, &linesError{msg: strings.Join(problems, "\n") + "\nnothing was rendered"}
	}
	return list, nil
}

// allBadges gathers the badges of every active cardholder, leaving out
// (and naming on stderr) those whose badge cannot be drawn.
func allBadges(ctx context.Context, c *call, bt enroll.BadgeTemplate) ([]renderedBadge, error) {
	hs, err := c.st.Cardholders.Search(ctx, c.actor, enroll.CardholderQuery{Status: enroll.CardholderActive})
	if err != nil {
		return nil, err
	}
	var list []renderedBadge
	for _, h := range hs {
		rb, err := badgeOf(ctx, c, h.ID)
		if err != nil {
			return nil, err
		}
		if p := drawProblem(bt.Template, rb); p != "" {
			fmt.Fprintf(c.env.Stderr, "carddesk: left out %s\n", p)
			continue
		}
		list = append(list, rb)
	}
	if len(list) == 0 {
		if len(hs) == 0 {
			return nil, errors.New("no active cardholders: nothing to render")
		}
		return nil, errors.New("no cardholder's badge could be drawn with this template: nothing was rendered")
	}
	return list, nil
}

func badgeOf(ctx context.Context, c *call, holderID int64) (renderedBadge, error) {
	h, err := c.st.Cardholders.Get(ctx, c.actor, holderID)
	if err != nil {
		return renderedBadge{}, err
	}
	b, err := c.st.Badges.ForCardholder(ctx, c.actor, holderID)
	return renderedBadge{holder: h, badge: b}, err
}

// drawProblem tries each side at a low resolution: what stops a badge from
// being drawn (a barcode with no value, say) comes from its data, so the
// layout finds it without the cost of a full render. "" when it draws.
func drawProblem(t *badge.Template, rb renderedBadge) string {
	for _, side := range t.Sides() {
		if _, err := badge.Render(t, side, rb.badge, 24); err != nil {
			return fmt.Sprintf("cardholder %d (%s): %s", rb.holder.ID, rb.holder.FullName(), oneLine(err))
		}
	}
	return ""
}

func oneLine(err error) string { return strings.ReplaceAll(err.Error(), "\n", "; ") }

// writeBadgePNGs writes DIR/cardholder-ID-SIDE.png for every badge.
func writeBadgePNGs(dir string, t *badge.Template, list []renderedBadge, dpi int) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create %s: %w", dir, unwrapPathError(err))
	}
	var paths []string
	for _, rb := range list {
		for _, side := range t.Sides() {
			img, err := badge.Render(t, side, rb.badge, float64(dpi))
			if err != nil {
				return nil, fmt.Errorf("cardholder %d (%s): %w", rb.holder.ID, rb.holder.FullName(), err)
			}
			var buf bytes.Buffer
			if err := png.Encode(&buf, img); err != nil {
				return nil, fmt.Errorf("cardholder %d: %w", rb.holder.ID, err)
			}
			p := filepath.Join(dir, fmt.Sprintf("cardholder-%d-%s.png", rb.holder.ID, side))
			if err := writeFileAtomic(p, buf.Bytes(), 0o644); err != nil {
				return nil, err
			}
			paths = append(paths, p)
		}
	}
	return paths, nil
}
