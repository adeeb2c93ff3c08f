package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/carddesk/carddesk/enroll"
)

// Departments of the demo organisation, with how many people each has out
// of 100, so lists look like a real building: few in the board office, many
// in research and logistics.
var departments = []struct {
	name   string
	weight int
}{
	{"Research", 16}, {"Logistics", 14}, {"IT", 11}, {"Finance", 10}, {"Facilities", 9},
	{"Security", 8}, {"HR", 7}, {"Reception", 5}, {"Communications", 5}, {"Legal", 4},
	{"Catering", 6}, {"Board Office", 2}, {"Quality Assurance", 3},
}

const mailDomain = "northwind.example" // .example never reaches a real mailbox

// people returns n cardholders, always the same ones for the same seed.
// About one in twelve is inactive (left the company), contractors have no
// HR number, and a few people have no e-mail address.
func people(n int, seed uint64) []enroll.Cardholder {
	rng := rand.New(rand.NewPCG(seed, 0xCA4DDE5C))
	used := map[string]int{}
	out := make([]enroll.Cardholder, n)
	for i := range out {
		first := FirstNames[rng.IntN(len(FirstNames))]
		last := LastNames[rng.IntN(len(LastNames))]
		c := enroll.Cardholder{
			FirstName:  first,
			LastName:   last,
			Department: department(rng),
			Status:     enroll.CardholderActive,
		}
		if rng.IntN(100) < 8 {
			c.Status = enroll.CardholderInactive
		}
		if rng.IntN(100) < 90 {
			c.ExternalID = fmt.Sprintf("E%06d", 104000+i*7+rng.IntN(7))
		}
		if rng.IntN(100) < 95 {
			c.Email = email(first, last, used)
		}
		out[i] = c
	}
	return out
}

func department(rng *rand.Rand) string {
	total := 0
	for _, d := range departments {
		total += d.weight
	}
	pick := rng.IntN(total)
	for _, d := range departments {
		if pick < d.weight {
			return d.name
		}
		pick -= d.weight
	}
	return departments[0].name
}

// email gives namesakes a number, as mail systems do.
func email(first, last string, used map[string]int) string {
	local := MailLocalPart(first, last)
	used[local]++
	if n := used[local]; n > 1 {
		local += fmt.Sprint(n)
	}
	return local + "@" + mailDomain
}

// initials are what the generated photo shows: first letters of the first
// name and of the last name's main word ("van den Berg" -> B).
func initials(c enroll.Cardholder) string {
	words := strings.Fields(c.LastName)
	main := ""
	for _, w := range words {
		if r := []rune(w); len(r) > 0 && strings.ToUpper(string(r[0])) == string(r[0]) && r[0] != '\'' {
			main = w
		}
	}
	if main == "" && len(words) > 0 {
		main = words[len(words)-1]
	}
	return firstLetter(c.FirstName) + firstLetter(main)
}

func firstLetter(s string) string {
	for _, r := range s {
		return strings.ToUpper(string(r))
	}
	return ""
}
