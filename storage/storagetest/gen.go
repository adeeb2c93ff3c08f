package storagetest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

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
		first := genFirstNames[rng.IntN(len(genFirstNames))]
		last := genLastNames[rng.IntN(len(genLastNames))]
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

var genASCII = strings.NewReplacer(" ", "", "'", "", "ë", "e", "é", "e", "è", "e", "ö", "o", "ü", "u",
	"ı", "i", "ş", "s", "ł", "l", "ç", "c", "á", "a", "í", "i", "ó", "o", "ø", "o", "å", "a", "ï", "i")

func genEmail(first, last string, i int, rng *rand.Rand) string {
	local := genASCII.Replace(strings.ToLower(first)) + "." + genASCII.Replace(strings.ToLower(last))
	if i%5 == 0 { // namesakes get a number, as mail systems do
		local += fmt.Sprint(rng.IntN(99) + 1)
	}
	return local + "@" + genDomains[rng.IntN(len(genDomains))]
}

var genDomains = []string{"example.com", "example.nl", "example.org"}

var genFirstNames = []string{
	"Jan", "Pieter", "Kees", "Henk", "Willem", "Johannes", "Hendrik", "Daan", "Sem", "Lucas",
	"Bram", "Thijs", "Ruben", "Jesse", "Lars", "Sanne", "Anouk", "Femke", "Lotte", "Eva",
	"Emma", "Julia", "Sophie", "Fleur", "Maaike", "Ingrid", "Marieke", "Annelies", "Joost", "Bart",
	"Sven", "Niels", "Wouter", "Gerrit", "Frank", "Marco", "Sandra", "Linda", "Monique", "Esther",
	"Janneke", "Jeroen", "Bernard", "Berend", "Floor", "Noor", "Tess", "Sara", "Mila", "Daphne",
	"John", "James", "Robert", "Michael", "William", "David", "Richard", "Thomas", "Charles", "Daniel",
	"Matthew", "Mark", "Paul", "Steven", "Andrew", "Mary", "Patricia", "Jennifer", "Elizabeth", "Susan",
	"Jessica", "Sarah", "Karen", "Nancy", "Lisa", "Margaret", "Emily", "Olivia", "Amelia", "Grace",
	"Chloé", "Noah", "Oliver", "George", "Harry", "Jack", "Liam", "Ethan", "Mohamed", "Fatima",
	"Ahmed", "Ayşe", "Zoë", "José", "Renée", "Björn", "Łukasz", "Priya", "Wei", "Yusuf",
}

var genLastNames = []string{
	"de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer",
	"de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer",
	"de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen",
	"van den Heuvel", "van der Veen", "van den Broek", "de Bruijn", "van der Heijden", "Schouten", "van Beek", "Willems", "van Vliet", "van de Ven",
	"Hoekstra", "Maas", "Verhoeven", "Koster", "van Dam", "van der Wal", "Prins", "Blom", "Huisman", "'t Hart",
	"Bosman", "Kuipers", "van Wijk", "Veenstra", "Postma", "Bergman", "Berendsen", "Jonker", "Timmermans", "Groen",
	"Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
	"Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker",
	"Young", "Allen", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson", "Hill",
	"Campbell", "Mitchell", "Roberts", "Carter", "Evans", "Turner", "Parker", "Collins", "Edwards", "Morris",
	"Murphy", "Cook", "O'Brien", "O'Connor", "Müller", "Öztürk", "Yılmaz", "Nguyen", "García", "Fernández",
}

var genDepartments = []string{
	"Finance", "Human Resources", "IT Operations", "Facilities", "Security", "Legal", "Marketing", "Sales",
	"Customer Service", "Research & Development", "Logistics", "Procurement", "Quality Assurance",
	"Production", "Maintenance", "Reception", "Catering", "Communications", "Engineering", "Data Science",
	"Compliance", "Internal Audit", "Payroll", "Warehouse", "Board Office", "Training", "Health & Safety",
	"Fleet Management", "Cleaning Services", "Visitor Centre",
}
