package iso7816

import (
	"bytes"
	"encoding/hex"
	"fmt"
)

// A PC/SC part 3 reader builds an ATR for a contactless storage card (one
// with no ATR of its own) as 3B 8F 80 01 80 4F 0C, then the PC/SC RID
// A0 00 00 03 06, a standard byte, a two-byte card name, four RFU bytes and
// TCK. storageHeader is everything up to the standard byte.
var storageHeader = []byte{0x3B, 0x8F, 0x80, 0x01, 0x80, 0x4F, 0x0C, 0xA0, 0x00, 0x00, 0x03, 0x06}

const storageATRLen = 20

// storageCardNames are the card names of the PC/SC part 3 supplement.
var storageCardNames = map[uint16]string{
	0x0001: "MIFARE Classic 1K",
	0x0002: "MIFARE Classic 4K",
	0x0003: "MIFARE Ultralight",
	0x0004: "SLE55R_XXXX",
	0x0006: "SR176",
	0x0007: "SRI X4K",
	0x0008: "AT88RF020",
	0x0009: "AT88SC0204CRF",
	0x000A: "AT88SC0808CRF",
	0x000B: "AT88SC1616CRF",
	0x000C: "AT88SC3216CRF",
	0x000D: "AT88SC6416CRF",
	0x000E: "SRF55V10P",
	0x000F: "SRF55V02P",
	0x0010: "SRF55V10S",
	0x0011: "SRF55V02S",
	0x0012: "Tag-it",
	0x0013: "LRI512",
	0x0014: "I-CODE SLI",
	0x0015: "TEMPSENS",
	0x0016: "I-CODE1",
	0x0017: "PicoPass 2K",
	0x0018: "PicoPass 2KS",
	0x0019: "PicoPass 16K",
	0x001A: "PicoPass 16KS",
	0x001B: "PicoPass 16K (8x2)",
	0x001C: "PicoPass 16KS (8x2)",
	0x001D: "PicoPass 32KS (16+16)",
	0x001E: "PicoPass 32KS (16+8x2)",
	0x001F: "PicoPass 32KS (8x2+16)",
	0x0020: "PicoPass 32KS (8x2+8x2)",
	0x0021: "LRI64",
	0x0022: "I-CODE UID",
	0x0023: "I-CODE EPC",
	0x0024: "LRI12",
	0x0025: "LRI128",
	0x0026: "MIFARE Mini",
	0x0027: "my-d move (SLE 66R01P)",
	0x0028: "my-d NFC (SLE 66RxxP)",
	0x0029: "my-d proximity 2 (SLE 66RxxS)",
	0x002A: "my-d proximity enhanced (SLE 55RxxE)",
	0x002B: "my-d light (SRF 55V01P)",
	0x002C: "PJM Stack Tag (SRF 66V10ST)",
	0x002D: "PJM Item Tag (SRF 66V10IT)",
	0x002E: "PJM Light (SRF 66V01ST)",
	0x002F: "Jewel Tag",
	0x0030: "Topaz NFC Tag",
	0x0031: "AT88SC0104CRF",
	0x0032: "AT88SC0404CRF",
	0x0033: "AT88RF01C",
	0x0034: "AT88RF04C",
	0x0035: "I-CODE SL2",
	0x0036: "MIFARE Plus SL1 2K",
	0x0037: "MIFARE Plus SL1 4K",
	0x0038: "MIFARE Plus SL2 2K",
	0x0039: "MIFARE Plus SL2 4K",
	0x003A: "MIFARE Ultralight C",
	0x003B: "FeliCa",
	0x003C: "Melexis Sensor Tag (MLX90129)",
	0x003D: "MIFARE Ultralight EV1",
}

// storageStandards names the standard byte, for cards whose name the table
// does not know.
var storageStandards = map[byte]string{
	0x01: "ISO 14443 A part 1",
	0x02: "ISO 14443 A part 2",
	0x03: "ISO 14443 A part 3",
	0x05: "ISO 14443 B part 1",
	0x06: "ISO 14443 B part 2",
	0x07: "ISO 14443 B part 3",
	0x09: "ISO 15693 part 1",
	0x0A: "ISO 15693 part 2",
	0x0B: "ISO 15693 part 3",
	0x0C: "ISO 15693 part 4",
	0x0D: "contact I2C",
	0x0E: "contact extended I2C",
	0x0F: "contact 2WBP",
	0x10: "FeliCa",
	0x40: "low frequency",
}

// desfireATR is how PC/SC readers present a MIFARE DESFire (EV1, EV2, EV3):
// an ISO 14443-4 card whose only historical byte is 80.
var desfireATR = []byte{0x3B, 0x81, 0x80, 0x01, 0x80, 0x80}

// DescribeATR names the card type an ATR stands for, as far as the ATR
// tells: "MIFARE Classic 1K", "MIFARE DESFire", "contactless smart card
// (ISO 14443-4)", or "unknown card (ATR 3b...)".
func DescribeATR(atr []byte) string {
	if name, ok := describeStorageATR(atr); ok {
		return name
	}
	if bytes.Equal(atr, desfireATR) {
		return "MIFARE DESFire"
	}
	if isContactlessATR(atr) {
		return "contactless smart card (ISO 14443-4)"
	}
	if len(atr) == 0 {
		return "unknown card (no ATR)"
	}
	return fmt.Sprintf("unknown card (ATR %s)", hex.EncodeToString(atr))
}

// describeStorageATR reads a PC/SC part 3 storage-card ATR.
func describeStorageATR(atr []byte) (string, bool) {
	if len(atr) != storageATRLen || !bytes.HasPrefix(atr, storageHeader) {
		return "", false
	}
	standard := atr[12]
	name := uint16(atr[13])<<8 | uint16(atr[14])
	if n, ok := storageCardNames[name]; ok {
		return n, true
	}
	kind := "contactless storage card"
	if s, ok := storageStandards[standard]; ok {
		kind += " (" + s + ")"
	}
	if name == 0 {
		return kind, true
	}
	return fmt.Sprintf("%s, card name %04X", kind, name), true
}

// isContactlessATR: a PC/SC reader builds an ISO 14443-4 card's ATR as
// 3B 8n 80 01, n historical bytes (from the ATS, or from ATQB for type B),
// then TCK.
func isContactlessATR(atr []byte) bool {
	if len(atr) < 5 || atr[0] != 0x3B || atr[1]&0xF0 != 0x80 || atr[2] != 0x80 || atr[3] != 0x01 {
		return false
	}
	k := int(atr[1] & 0x0F)
	return len(atr) == 4+k+1
}
