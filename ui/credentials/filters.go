package credentials

import (
	"fyne.io/fyne/v2/lang"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/words"
)

// statusChoices maps the status filter's options to a query status.
func statusChoices() ([]string, []enroll.CredentialStatus) {
	statuses := []enroll.CredentialStatus{"", enroll.CredentialActive, enroll.CredentialInactive,
		enroll.CredentialLost, enroll.CredentialStolen, enroll.CredentialExpired}
	names := []string{lang.L("All statuses")}
	for _, st := range statuses[1:] {
		names = append(names, words.CredentialStatus(st))
	}
	return names, statuses
}

// holderChoices are the options of the holder filter: every card, the
// cards someone holds, the cards nobody holds.
func holderChoices() []string {
	return []string{lang.L("All cards"), lang.L("Assigned"), lang.L("Available")}
}

// sortChoices maps the order's options to a query sort.
func sortChoices() ([]string, []enroll.CredentialSort) {
	return []string{lang.L("Oldest first"), lang.L("Newest first"), lang.L("By number"), lang.L("Cardholder A–Z"), lang.L("By status")},
		[]enroll.CredentialSort{enroll.SortCredentialEnrolled, enroll.SortCredentialNewest, enroll.SortCredentialNumber,
			enroll.SortCredentialCardholder, enroll.SortCredentialStatus}
}
