package settings

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"slices"
	"strings"
	"syscall"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/production"
	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// productionTab is the card producer (the production.* settings) and the
// optional use cases that order from it (usecase.*), with a connection
// test that also lists the producer's layouts for the default layout.
type productionTab struct {
	h      screen.Host
	form   *settingsForm
	test   *widget.Button
	result *widget.Label
	// fetchOnLoad: the load under way was started by opening the tab, and
	// reads the producer's layouts when the producer is set up.
	fetchOnLoad bool
	seq         int // the latest request for layouts; older answers are dropped
}

// isProductionKey tells the keys of the Card production tab.
func isProductionKey(key string) bool {
	return strings.HasPrefix(key, "production.") || strings.HasPrefix(key, "usecase.")
}

func newProductionTab(h screen.Host) *productionTab {
	p := &productionTab{h: h, result: newTestResult()}
	p.test = widget.NewButtonWithIcon(lang.L("Test connection"), theme.ViewRefreshIcon(), p.testConnection)
	help := testHelp()
	help.Wrapping = fyne.TextWrapWord
	test := container.NewVBox(container.NewBorder(nil, nil, p.test, nil, help), p.result)
	p.form = newSettingsForm(h, isProductionKey, nil, nil)
	p.form.after = map[string]fyne.CanvasObject{"production.sync_interval": test}
	p.form.loaded = p.loaded
	p.form.save.OnTapped = func() { // an earlier test's answer may no longer hold
		p.result.Hide()
		p.form.saveChanges()
	}
	return p
}

// reload shows the stored values and, when a producer is set up, asks it
// for its layouts.
func (p *productionTab) reload() {
	p.fetchOnLoad = true
	p.result.Hide()
	p.form.reload()
}

func (p *productionTab) loaded(list []enroll.Setting) {
	if !p.fetchOnLoad {
		return
	}
	p.fetchOnLoad = false
	set := map[string]bool{}
	for _, st := range list {
		set[st.Key] = st.Value != ""
	}
	if set["production.url"] && set["production.client_id"] && set["production.client_secret"] {
		p.fetchLayouts(false)
	}
}

// testConnection saves what was edited, then asks the producer for its
// layouts with the saved settings and says what came back.
func (p *productionTab) testConnection() {
	p.form.testSaved(p.result, func() { p.fetchLayouts(true) })
}

// fetchLayouts fills the default layout's choice from the producer; test
// reports success too, and keeps the button disabled meanwhile.
func (p *productionTab) fetchLayouts(test bool) {
	p.seq++
	seq, url := p.seq, p.savedURL()
	if test {
		p.test.Disable()
		sayResult(p.result, lang.L("Connecting…"), widget.MediumImportance)
	}
	jobs, st, actor := p.h.Jobs(), p.h.Station(), p.h.Actor()
	widgets.Go(jobs, func() ([]enroll.Layout, error) {
		return st.Orders.Layouts(jobs.Context(), actor)
	}, func(ls []enroll.Layout, err error) {
		if test {
			p.test.Enable()
		}
		if seq != p.seq {
			return
		}
		if err != nil {
			imp := widget.WarningImportance
			if test {
				imp = widget.DangerImportance
			}
			sayResult(p.result, producerProblem(err, url), imp)
			var bad *production.ConfigError
			if errors.As(err, &bad) {
				p.form.fields.Set(bad.Setting, producerProblem(err, url))
			}
			return
		}
		if in, ok := p.form.inputs["production.layout"].(*layoutInput); ok {
			in.setLayouts(ls)
		}
		if test {
			sayResult(p.result, connectedText(len(ls)), widget.SuccessImportance)
		}
	})
}

// savedURL is the producer URL as stored.
func (p *productionTab) savedURL() string {
	if in, ok := p.form.inputs["production.url"].(*textInput); ok {
		return in.value
	}
	return ""
}

// connectedText says that the producer answered, and with how many layouts.
func connectedText(n int) string {
	switch n {
	case 0:
		return lang.L("Connected, but the producer offers no layouts.")
	case 1:
		return lang.L("Connected: 1 layout")
	}
	return lang.X("production.connected", "Connected: {{.N}} layouts", map[string]any{"N": n})
}

// producerProblem words why the producer's layouts could not be read.
// words.Explain knows the mail server as the one server on the network,
// so the producer's own errors are worded here first.
func producerProblem(err error, url string) string {
	var (
		auth   *production.AuthError
		config *production.ConfigError
		down   *enroll.ProducerUnavailableError
	)
	text := err.Error()
	switch {
	case errors.As(err, &auth) && auth.AfterLogin:
		return lang.L("The card producer accepted the client ID and secret, then refused the token it had just issued. Ask the producer's administrator.")
	case errors.As(err, &auth):
		return lang.X("production.error.auth",
			"The card producer refused the client ID “{{.ClientID}}” with this secret. Check the client ID and client secret.",
			map[string]any{"ClientID": auth.ClientID})
	case errors.Is(err, enroll.ErrProducerNotConfigured):
		return lang.L("Card production is not set up yet. Fill in the producer URL, client ID and client secret, and save.")
	case errors.As(err, &config):
		label, _ := settingText(enroll.Setting{Key: config.Setting})
		return lang.X("production.error.config", "{{.Setting}} cannot be used: {{.Problem}}",
			map[string]any{"Setting": label, "Problem": config.Problem})
	case errors.As(err, &down):
		return producerUnreachable(down, url)
	case strings.Contains(text, "check production.url"):
		return lang.X("production.error.notproducer", "The server at {{.URL}} answered, but not as a card producer. Check the producer URL.",
			map[string]any{"URL": url})
	case strings.Contains(text, "breaks protocol v1"):
		return lang.X("production.error.protocol", "The server at {{.URL}} does not speak the card producer protocol. Check the producer URL.",
			map[string]any{"URL": url})
	}
	return words.Explain(err)
}

// producerUnreachable words a call to the producer without a usable answer.
func producerUnreachable(down *enroll.ProducerUnavailableError, url string) string {
	var (
		dns     *net.DNSError
		netErr  net.Error
		unknown x509.UnknownAuthorityError
		name    x509.HostnameError
		invalid x509.CertificateInvalidError
		verify  *tls.CertificateVerificationError
	)
	text := down.Err.Error()
	data := map[string]any{"URL": url}
	switch {
	case errors.As(down, &dns):
		data["Host"] = dns.Name
		return lang.X("production.error.dns", "The card producer's host {{.Host}} could not be found. Check the producer URL and the network connection.", data)
	case errors.Is(down, syscall.ECONNREFUSED) || strings.Contains(text, "connection refused") || strings.Contains(text, "actively refused"):
		return lang.X("production.error.refused", "No card producer answers at {{.URL}}. Check the producer URL, and that the producer is running.", data)
	case errors.Is(down, context.DeadlineExceeded) || (errors.As(down, &netErr) && netErr.Timeout()):
		return lang.X("production.error.timeout", "The card producer at {{.URL}} did not answer in time. Check the network connection, then try again.", data)
	case errors.As(down, &unknown), errors.As(down, &name), errors.As(down, &invalid), errors.As(down, &verify),
		strings.Contains(text, "x509: "), strings.Contains(text, "tls: "):
		return lang.X("production.error.tls", "The secure connection to the card producer at {{.URL}} failed. Check the producer URL (https or http) and the producer's certificate.", data)
	}
	data["Err"] = text
	return lang.X("production.error.unavailable", "The card producer at {{.URL}} could not be reached or did not answer properly ({{.Err}}). Try again later.", data)
}

// layoutInput is the default layout, chosen from the layouts the producer
// offers. The stored id stays selectable when the producer cannot be
// reached or no longer offers it.
type layoutInput struct {
	sel     *widgets.Select
	ids     []string // the layout id of each option
	layouts []enroll.Layout
	read    bool // layouts holds what the producer said
	value   string
}

func newLayoutInput() *layoutInput {
	in := &layoutInput{sel: widgets.NewSelect(nil, nil)}
	in.sel.PlaceHolder = lang.L("Test the connection to list the layouts")
	return in
}

func (in *layoutInput) object() fyne.CanvasObject { return in.sel }

func (in *layoutInput) set(st enroll.Setting) {
	in.value = st.Value
	in.fill(st.Value)
}

// setLayouts offers the producer's layouts, keeping the choice made.
func (in *layoutInput) setLayouts(ls []enroll.Layout) {
	chosen := in.chosen()
	in.layouts, in.read = ls, true
	in.fill(chosen)
}

// chosen is the layout id selected now, else the stored one.
func (in *layoutInput) chosen() string {
	if i := in.sel.SelectedIndex(); i >= 0 && i < len(in.ids) {
		return in.ids[i]
	}
	return in.value
}

// fill lists the producer's layouts, then the stored and the chosen id
// where the producer does not list them, and selects chosen.
func (in *layoutInput) fill(chosen string) {
	in.ids = in.ids[:0]
	var names []string
	for _, l := range in.layouts {
		in.ids = append(in.ids, l.ID)
		names = append(names, layoutName(l))
	}
	for _, id := range []string{in.value, chosen} {
		if id == "" || slices.Contains(in.ids, id) {
			continue
		}
		in.ids = append(in.ids, id)
		if in.read {
			names = append(names, lang.X("production.layout.missing", "{{.ID}} (not offered by the producer)", map[string]any{"ID": id}))
		} else {
			names = append(names, id)
		}
	}
	if in.read {
		in.sel.PlaceHolder = lang.L("Choose a layout")
	}
	in.sel.SetOptions(names)
	if i := slices.Index(in.ids, chosen); chosen != "" && i >= 0 {
		in.sel.SetSelectedIndex(i)
	} else {
		in.sel.ClearSelected()
	}
}

func (in *layoutInput) edited() (string, bool) {
	i := in.sel.SelectedIndex()
	if i < 0 || i >= len(in.ids) {
		return in.value, false
	}
	return in.ids[i], in.ids[i] != in.value
}

// layoutName is how a layout reads in the list: "Employee card (employee)".
func layoutName(l enroll.Layout) string {
	if l.Name == "" || l.Name == l.ID {
		return l.ID
	}
	return l.Name + " (" + l.ID + ")"
}
