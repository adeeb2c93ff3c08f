package enroll

// Permission is one thing an operator may be allowed to do. Services check
// them themselves, so the UI and the CLI cannot forget to.
type Permission string

const (
	// PermView lets any signed-in operator read station data.
	PermView              Permission = "view"
	PermManageOperators   Permission = "manage_operators"
	PermManageSettings    Permission = "manage_settings"
	PermManageReasons     Permission = "manage_reasons"
	PermManageFormats     Permission = "manage_formats"
	PermEditCardholders   Permission = "edit_cardholders"
	PermImportExport      Permission = "import_export"
	PermRequestCards      Permission = "request_cards"
	PermRespondRequests   Permission = "respond_requests"
	PermManageCredentials Permission = "manage_credentials"
	PermViewAudit         Permission = "view_audit"
	PermManageTemplates   Permission = "manage_templates"
	// PermBackup lets an administrator back up and restore the database.
	PermBackup Permission = "backup"
)

var adminOnly = map[Permission]bool{
	PermManageOperators: true,
	PermManageSettings:  true,
	PermManageReasons:   true,
	PermManageFormats:   true,
	PermManageTemplates: true,
	PermBackup:          true,
}

// Can reports whether the actor holds the permission.
func (a Actor) Can(p Permission) bool {
	switch a.Role {
	case RoleAdmin:
		return true
	case RoleOperator:
		return !adminOnly[p]
	}
	return false
}

func (a Actor) require(p Permission) error {
	if a.Can(p) {
		return nil
	}
	return &PermissionError{Actor: a.Name, Permission: p}
}

func (p Permission) describe() string {
	switch p {
	case PermManageOperators:
		return "manage operators"
	case PermManageSettings:
		return "change settings"
	case PermManageReasons:
		return "manage request reasons"
	case PermManageFormats:
		return "manage card formats"
	case PermView:
		return "view station data"
	case PermEditCardholders:
		return "change cardholders"
	case PermImportExport:
		return "import or export cardholders"
	case PermRequestCards:
		return "request cards"
	case PermRespondRequests:
		return "answer card requests"
	case PermManageCredentials:
		return "enroll credentials"
	case PermViewAudit:
		return "view the audit log"
	case PermManageTemplates:
		return "manage badge templates"
	case PermBackup:
		return "back up or restore the database"
	}
	return string(p)
}
