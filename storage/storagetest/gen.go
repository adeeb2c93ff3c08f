package storagetest

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/carddesk/carddesk/demo"
	"github.com/carddesk/carddesk/enroll"
)

// GenCardholders returns n plausible cardholders for demos and benchmarks: a
// Dutch/English mix of names (with tussenvoegsels, apostrophes and a few
// diacritics), about thirty departments, e-mail addresses, and external ids
// "HR-000001" ... numbered 1..n, so they are unique within one call. The same
// seed always gives the same rows. Rows have no ID and no photo.
func GenCardholders(n int, seed int64) []enroll.Cardholder {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x43445344))
	base := time.Date(2020, 1, 6, 8, 0, 0, 0, time.UTC)
	out := make([]enroll.Cardholder, n)
	for i := range out {
		first := demo.FirstNames[rng.IntN(len(demo.FirstNames))]
		last := demo.LastNames[rng.IntN(len(demo.LastNames))]
		created := base.Add(time.Duration(i) * 17 * time.Minute)
		status := enroll.CardholderActive
		if rng.IntN(100) < 8 {
			status = enroll.CardholderInactive
		}
		out[i] = enroll.Cardholder{
			ExternalID: fmt.Sprintf("HR-%06d", i+1),
			FirstName:  first,
			LastName:   last,
			Email:      genEmail(first, last, i, rng),
			Department: genDepartments[rng.IntN(len(genDepartments))],
			Status:     status,
			CreatedAt:  created,
			UpdatedAt:  created.Add(time.Duration(rng.IntN(400*24)) * time.Hour),
		}
	}
	return out
}

func genEmail(first, last string, i int, rng *rand.Rand) string {
	local := demo.MailLocalPart(first, last)
	if i%5 == 0 { // namesakes get a number, as mail systems do
		local += fmt.Sprint(rng.IntN(99) + 1)
	}
	return local + "@" + genDomains[rng.IntN(len(genDomains))]
}

var genDomains = []string{"example.com", "example.nl", "example.org"}

var genDepartments = []string{
	"Finance", "Human Resources", "IT Operations", "Facilities", "Security", "Legal", "Marketing", "Sales",
	"Customer Service", "Research & Development", "Logistics", "Procurement", "Quality Assurance",
	"Production", "Maintenance", "Reception", "Catering", "Communications", "Engineering", "Data Science",
	"Compliance", "Internal Audit", "Payroll", "Warehouse", "Board Office", "Training", "Health & Safety",
	"Fleet Management", "Cleaning Services", "Visitor Centre",
}
