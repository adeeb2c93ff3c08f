package words

import (
	"fmt"
	"slices"
	"strings"

	"github.com/carddesk/carddesk/enroll"
)

// CredentialNumber shows a credential's field values, e.g. "facility 12 ·
// card 3456": facility first reads naturally, other fields by name.
func CredentialNumber(fields map[string]string) string {
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
		parts[i] = fmt.Sprintf("%s %s", k, fields[k])
	}
	return strings.Join(parts, " · ")
}

// CredentialLabel names a card in messages: its format and number.
func CredentialLabel(k enroll.Credential) string {
	if csn, ok := k.Fields["csn"]; ok && len(k.Fields) == 1 { // a serial number needs no field name
		return k.Format + " " + strings.ToUpper(csn)
	}
	return k.Format + " " + CredentialNumber(k.Fields)
}
