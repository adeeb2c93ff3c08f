package words

import "fyne.io/fyne/v2/lang"

// AuditAction words an audit log action ("request.create" reads "Card
// requested"). An action this version does not know shows as recorded.
func AuditAction(action string) string {
	switch action {
	case "operator.setup":
		return lang.L("Station set up")
	case "mail.resend":
		return lang.L("Mail sent again")
	case "db.backup":
		return lang.L("Database backed up")
	case "db.restore":
		return lang.L("Database restored from a backup")
	case "operator.sign_in":
		return lang.L("Signed in")
	case "operator.sign_in_failed":
		return lang.L("Sign-in refused")
	case "operator.sign_out":
		return lang.L("Signed out")
	case "desk.lock":
		return lang.L("Desk locked")
	case "desk.unlock":
		return lang.L("Desk unlocked")
	case "desk.switch":
		return lang.L("Desk taken over")
	case "operator.locked":
		return lang.L("Operator locked out")
	case "operator.unlock":
		return lang.L("Operator unlocked")
	case "operator.create":
		return lang.L("Operator added")
	case "operator.password":
		return lang.L("Password set")
	case "cardholder.create":
		return lang.L("Cardholder added")
	case "cardholder.update":
		return lang.L("Cardholder changed")
	case "cardholder.import":
		return lang.L("Cardholders imported")
	case "cardholder.export":
		return lang.L("Cardholders exported")
	case "request.create":
		return lang.L("Card requested")
	case "request.modify":
		return lang.L("Request modified")
	case "request.connect":
		return lang.L("Card connected")
	case "request.complete":
		return lang.L("Request closed")
	case "request.deny":
		return lang.L("Request denied")
	case "credential.enroll":
		return lang.L("Card registered")
	case "credential.assign":
		return lang.L("Card assigned")
	case "credential.status":
		return lang.L("Card status changed")
	case "credential.expiry":
		return lang.L("Card expiry date set")
	case "credential.unassign":
		return lang.L("Card taken back")
	case "format.create":
		return lang.L("Card format added")
	case "format.update":
		return lang.L("Card format changed")
	case "format.import":
		return lang.L("Card format imported")
	case "format.delete":
		return lang.L("Card format deleted")
	case "template.create":
		return lang.L("Badge template added")
	case "template.update":
		return lang.L("Badge template changed")
	case "template.import":
		return lang.L("Badge template imported")
	case "template.delete":
		return lang.L("Badge template deleted")
	case "template.default":
		return lang.L("Default badge template set")
	case "order.card":
		return lang.L("Card ordered")
	case "order.temporary":
		return lang.L("Temporary card ordered")
	case "order.retry":
		return lang.L("Card ordered again")
	case "order.abort":
		return lang.L("Card order aborted")
	case "order.failed":
		return lang.L("Card order failed")
	case "order.status":
		return lang.L("Card order status changed")
	case "order.receive":
		return lang.L("Ordered card received")
	case "tempcard.initialize":
		return lang.L("Temporary card initialized")
	case "tempcard.assign":
		return lang.L("Temporary card assigned")
	case "tempcard.withdraw":
		return lang.L("Temporary card withdrawn")
	case "tempcard.lock":
		return lang.L("Temporary card locked")
	case "tempcard.expire":
		return lang.L("Temporary card expired")
	case "print.job":
		return lang.L("Badge sent to printer")
	case "print.failed":
		return lang.L("Print job refused")
	case "print.cancel":
		return lang.L("Print job cancelled")
	case "print.profile":
		return lang.L("Printer profile changed")
	case "reader.configure":
		return lang.L("Reader set up")
	case "reader.remove":
		return lang.L("Reader settings removed")
	case "reason.create":
		return lang.L("Reason added")
	case "reason.update":
		return lang.L("Reason renamed")
	case "reason.delete":
		return lang.L("Reason deleted")
	case "setting.seal":
		return lang.L("Stored secrets encrypted")
	case "setting.set":
		return lang.L("Setting changed")
	}
	return action
}

// AuditArea is one group of audit actions the log can be narrowed to: its
// name and the action prefix it stands for.
type AuditArea struct{ Name, Prefix string }

// AuditAreas are the groups offered in the audit log's filter.
func AuditAreas() []AuditArea {
	return []AuditArea{
		{lang.L("Operators and sign-ins"), "operator."},
		{lang.L("Desk lock"), "desk."},
		{lang.L("Cardholders"), "cardholder."},
		{lang.L("Card requests"), "request."},
		{lang.L("Credentials"), "credential."},
		{lang.L("Card formats"), "format."},
		{lang.L("Badge templates"), "template."},
		{lang.L("Printing"), "print."},
		{lang.L("Card orders"), "order."},
		{lang.L("Temporary cards"), "tempcard."},
		{lang.L("Card readers"), "reader."},
		{lang.L("Request reasons"), "reason."},
		{lang.L("Settings"), "setting."},
	}
}
