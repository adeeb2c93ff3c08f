package ui

import (
	"fmt"
	"runtime"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"

	"github.com/carddesk/carddesk/enroll"
)

// Date and time layouts used everywhere in the UI (local time).
const (
	dateLayout     = "2006-01-02"
	dateTimeLayout = "2006-01-02 15:04"
)

func roleName(r enroll.Role) string {
	switch r {
	case enroll.RoleAdmin:
		return lang.L("Administrator")
	case enroll.RoleOperator:
		return lang.L("Operator")
	}
	return string(r)
}

func requestStatusName(s enroll.RequestStatus) string {
	switch s {
	case enroll.RequestPending:
		return lang.L("Pending")
	case enroll.RequestCompleted:
		return lang.L("Completed")
	case enroll.RequestDenied:
		return lang.L("Denied")
	}
	return string(s)
}

func credentialStatusName(s enroll.CredentialStatus) string {
	switch s {
	case enroll.CredentialActive:
		return lang.L("Active")
	case enroll.CredentialInactive:
		return lang.L("Inactive")
	case enroll.CredentialLost:
		return lang.L("Lost")
	case enroll.CredentialStolen:
		return lang.L("Stolen")
	case enroll.CredentialExpired:
		return lang.L("Expired")
	}
	return string(s)
}

func activationName(a enroll.Activation) string {
	switch a.Mode {
	case "":
		return ""
	case enroll.ActivateNever:
		return lang.L("Never")
	case enroll.ActivateEnrollment:
		return lang.L("After enrollment")
	case enroll.ActivateOnDate:
		return lang.X("activation.on", "On {{.Date}}", map[string]any{"Date": a.Date.Format(dateLayout)})
	}
	return string(a.Mode)
}

// localTime shows a stored moment in the station's time zone; zero is empty.
func localTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format(dateTimeLayout)
}

// localDate is like localTime without the time of day; zero reads as never.
func localDate(t time.Time) string {
	if t.IsZero() {
		return lang.L("Never")
	}
	return t.Local().Format(dateLayout)
}

// dateOrEmpty is localDate for dates that may be unset.
func dateOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return localDate(t)
}

// credentialNumber shows a credential's field values, e.g. "facility 12 · card 3456".
func credentialNumber(fields map[string]string) string {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	// facility before card reads naturally; other formats fall back to name order.
	sort.Slice(keys, func(i, j int) bool {
		if keys[i] == "facility" || keys[j] == "facility" {
			return keys[i] == "facility"
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %s", k, fields[k])
	}
	return strings.Join(parts, " · ")
}

// shortcutLabel is how the platform writes the section shortcut for digit n.
func shortcutLabel(n int) string {
	if runtime.GOOS == "darwin" {
		return fmt.Sprintf("⌘%d", n)
	}
	return fmt.Sprintf("Ctrl+%d", n)
}
