package cardformat

// CSNFromUID maps a UID as PC/SC returns it (first byte most significant) to
// its CSN format and bits: 4 bytes csn32, 7 bytes csn56, 10 bytes csn80.
func CSNFromUID(uid []byte) (Format, Bits, error) {
	var id string
	switch len(uid) {
	case 4:
		id = "csn32"
	case 7:
		id = "csn56"
	case 10:
		id = "csn80"
	default:
		return Format{}, Bits{}, &UIDLengthError{Got: len(uid)}
	}
	f, _ := Lookup(id)
	b, err := BitsFromBytes(uid)
	return f, b, err
}
