// Package cardformat turns access-card field values into bit strings and
// back, for the built-in Wiegand and CSN formats and for formats an
// administrator defines. It is pure computation: no I/O, no global state
// beyond the read-only built-in table, safe for concurrent use.
//
// # Conventions
//
// Bit positions are 0-based; position 0 is the first bit a reader sends and
// the leftmost character of Bits.String. A field lists its positions most
// significant first, so a field need not be contiguous or ascending. Bits.Hex
// treats the whole string as one binary number (last bit least significant)
// and drops leading zeros: h10301 facility 1 card 5 is 202000b.
//
// Field values are unsigned and written in decimal, except a field named
// "csn", which is written in lower-case hex zero-padded to the field's
// width (csn=04a1b2c3). ParseValue accepts either case and an optional 0x
// for csn. A Value holds up to 128 bits so csn80 needs no big.Int; Wiegand
// fields are limited to 64 bits (MaxFieldBits) so they fit a uint64
// wherever the station stores or shows them. Value.MarshalJSON writes
// decimal fields as JSON numbers and csn as a string.
//
// # Encoding and decoding
//
// Format.Encode takes text values keyed by field name (what the CLI's
// NAME=VALUE and the UI's inputs give); Format.EncodeValues takes numbers.
// Unknown names are reported before missing ones, because a misspelt name
// causes both. Parity checks are computed in list order, each seeing the
// parity bits set before it; that is how Corporate 1000 covers bit 1 with
// bit 34 and both with bit 0.
//
// Format.Decode refuses only a wrong length. Broken parity and fixed-field
// mismatches are reported in Decoded (ParityOK, FailedChecks as indexes into
// Format.Parity, FixedOK), since an operator still needs to see what a
// damaged or foreign card holds. Nothing guesses a format from a bit length:
// 37 bits may be h10302 or h10304, so the caller picks the format.
//
// # Errors
//
// Errors are typed so a UI can point at the culprit and the CLI can print
// the message as is: *RangeError, *MissingFieldError (both carry the allowed
// range), *UnknownFieldError, *FixedFieldError, *ValueSyntaxError,
// *LengthError, *BitsSyntaxError, *HexOverflowError, ErrLengthRequired,
// *UnknownFormatError, *UIDLengthError, *MaskError, *DefinitionError (with
// every Problem found), *FileError and *VersionError.
//
// # Custom formats
//
// A custom format is a Format of KindWiegand built from masks (ParseMask,
// FormatMask) and checked by Format.Validate before it is saved or used;
// Encode and Decode on an unvalidated Format return an error instead of
// panicking but do not enforce the layout rules. Unused lists positions that
// are deliberately left 0: every position must be in a field, be a parity
// bit, or be unused, so a forgotten bit is caught when the format is saved
// rather than on the first card. Fixed fields hold a constant such as a site
// code; Encode fills them in and Decode flags cards that disagree.
//
// # Format files
//
// MarshalDefinition and UnmarshalDefinition move a custom format between
// stations as a small JSON document, version DefinitionVersion:
//
//	{
//	  "carddesk_format": 1,
//	  "id": "acme40",
//	  "name": "ACME 40 bits",
//	  "kind": "wiegand",
//	  "length": 40,
//	  "fields": [
//	    {"name": "site", "mask": "1-4", "fixed": 5},
//	    {"name": "card", "mask": "15-32"}
//	  ],
//	  "parity": [
//	    {"type": "even", "position": 0, "mask": "1-19"}
//	  ],
//	  "unused": "35-36"
//	}
//
// "carddesk_format" identifies the file and its version; a reader refuses
// versions it does not know and, for version 1, keys it does not know, so
// a typo never silently drops part of a layout. "kind" may be left out
// (wiegand is the only kind a file holds); "fixed", "parity" and "unused"
// are optional. Masks use ParseMask notation with 0-based positions.
// Importing validates the format and lists every problem at once.
// FORMAT-FILE.md beside this file is the full description for people who
// write these files by hand.
package cardformat
