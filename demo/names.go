package demo

import "strings"

// FirstNames and LastNames are the Dutch/English mix the demo station and
// the storage benchmarks draw people from: tussenvoegsels, apostrophes and
// diacritics included, because search and sorting must cope with them.
var FirstNames = []string{
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

var LastNames = []string{
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

// mailFold turns the letters of a name into those of an e-mail address.
var mailFold = strings.NewReplacer(" ", "", "'", "", "ë", "e", "é", "e", "è", "e", "ö", "o", "ü", "u",
	"ı", "i", "ş", "s", "ł", "l", "ç", "c", "á", "a", "í", "i", "ó", "o", "ø", "o", "å", "a", "ï", "i")

// MailLocalPart is "first.last" as a mail system spells it.
func MailLocalPart(first, last string) string {
	return mailFold.Replace(strings.ToLower(first)) + "." + mailFold.Replace(strings.ToLower(last))
}
