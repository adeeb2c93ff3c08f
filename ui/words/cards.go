package words

import (
	"slices"
	"strings"

	"github.com/carddesk/carddesk/enroll"
)

// CredentialNumber shows a credential's field values, e.g. "Facility code
// 12 · Card number 3456": facility first reads naturally, other fields by
// name (CardField). A serial number alone needs no field name: 04A1B2C3.
func CredentialNumber(fields map[string]string) string {
	if csn, ok := fields["csn"]; ok && len(fields) == 1 {
		return strings.ToUpper(csn)
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		switch {
		case a == b:
			return 0
		case a == "facility":
			return -1
		case b == "facility":
			return 1
		}
		return strings.Compare(a, b)
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = CardField(k) + " " + fields[k]
	}
	return strings.Join(parts, " · ")
}

// CredentialLabel names a card in messages: its format and number, e.g.
// "Standard 26-bit (H10301) · Facility code 12 · Card number 3456".
func CredentialLabel(k enroll.Credential) string {
	return FormatName(k.Format) + " · " + CredentialNumber(k.Fields)
}
