// Package production is the client of a card producer speaking protocol v1
// of production.md. It implements enroll.Producer; what to send, when to
// retry and how a card's state moves is decided in enroll.
//
// The client maps every reply onto the port's errors so enroll never has to
// look at HTTP: a refusal for good (*enroll.ProducerRejectedError), a
// conflict (enroll.ErrProducerConflict), an unknown card (enroll.ErrNotFound)
// and, for everything where the card may or may not have arrived,
// *enroll.ProducerUnavailableError.
package production
