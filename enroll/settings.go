package enroll

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// SecretShown is what a secret setting reads as once it has a value.
const SecretShown = "(set)"

// settingDef describes one known key: its default and how a value is checked.
type settingDef struct {
	Key         string
	Default     string
	Secret      bool
	Description string
	Choices     []string                     // the only values allowed; nil: free text
	check       func(string) (message, bool) // bad: the message says why
}

// choice is a key that takes one of a few values.
func choice(key, def, description string, allowed ...string) settingDef {
	return settingDef{Key: key, Default: def, Description: description, Choices: allowed, check: oneOf(allowed...)}
}

// toggle is a key that is on or off.
func toggle(key, description string) settingDef {
	return choice(key, "false", description, "true", "false")
}

// The optional use cases an administrator enables one by one
// (production.md); each is off until then.
const (
	UseOrderCard           = "order_card"
	UseOrderTemporaryCards = "order_temporary_cards"
	UseAbortCardOrder      = "abort_card_order"
	UseUpdateCardOrder     = "update_card_order"
	UseTemporaryCards      = "temporary_cards"
)

// UseCases are the optional use cases, in the order they are listed.
var UseCases = []string{UseOrderCard, UseOrderTemporaryCards, UseAbortCardOrder, UseUpdateCardOrder, UseTemporaryCards}

var settingDefs = buildSettingDefs()

func buildSettingDefs() []settingDef {
	defs := []settingDef{
		{Key: "station.name", Description: "name of this station in logs and mail", check: maxLen(64)},
		{Key: DeskLockKey, Default: "10", Description: "lock the desk after this many minutes without keyboard or mouse use (0-1440; 0: never)", check: lockMinutes},
		{Key: "smtp.host", Description: "mail server host name", check: hostName},
		{Key: "smtp.port", Default: "587", Description: "mail server port (1-65535)", check: portNumber},
		choice("smtp.tls", "starttls", "none, starttls or tls", "none", "starttls", "tls"),
		{Key: "smtp.username", Description: "mail server user", check: maxLen(254)},
		{Key: "smtp.password", Secret: true, Description: "mail server password (never shown)", check: maxLen(1024)},
		{Key: "smtp.from", Description: "sender address of station mail", check: emailOrEmpty},
		toggle("readers.simulated.enabled", "offer the simulated reader for training (always on in the demo)"),
		toggle("readers.ccid.enabled", "talk CCID over USB to readers no smart-card service owns (Linux kiosks)"),
		{Key: "backup.keep", Default: strconv.Itoa(DefaultBackupKeep), Description: "daily backups kept (0-365; 0 = no daily backup)", check: backupKeep},
		{Key: "backup.dir", Description: "folder of the daily backups (empty: backups beside the database)", check: backupDir},
	}
	defs = append(defs,
		settingDef{Key: "production.url", Description: "base URL of the card producer (http or https)", check: producerURL},
		settingDef{Key: "production.client_id", Description: "this station's client id at the card producer", check: maxLen(200)},
		settingDef{Key: "production.client_secret", Secret: true, Description: "client secret at the card producer (never shown)", check: maxLen(1024)},
		settingDef{Key: "production.layout", Description: "the producer's layout id for new orders", check: maxLen(200)},
		choice("production.queue", "true", "true: new orders wait for the batch sync (processing); false: sent at once", "true", "false"),
		settingDef{Key: "production.sync_interval", Default: "60s", Description: "how often the running app syncs with the producer (10s to 24h)", check: syncInterval},
	)
	for _, uc := range UseCases {
		defs = append(defs, toggle("usecase."+uc+".enabled", "enable the use case "+strings.ReplaceAll(uc, "_", " ")))
	}
	return defs
}

// SettingKeys lists every key `settings set` accepts.
func SettingKeys() []string {
	keys := make([]string, len(settingDefs))
	for i, d := range settingDefs {
		keys[i] = d.Key
	}
	return keys
}

func lookupSetting(key string) (settingDef, error) {
	for _, d := range settingDefs {
		if d.Key == key {
			return d, nil
		}
	}
	return settingDef{}, invalid("key", msg(MsgUnknownSetting, Data{"Value": key, "Allowed": strings.Join(SettingKeys(), ", ")}))
}

// Setting is one key as shown to an administrator.
type Setting struct {
	Key         string
	Value       string // for a secret with a value: SecretShown, SecretNoKey or SecretUnreadable
	IsSet       bool   // false: Value is the default
	Secret      bool
	Description string
	Choices     []string // the only values allowed; nil: free text
}

// Settings is the use case for station settings (administrators only).
type Settings struct{ base }

// Get returns a setting's value, its default when unset, SecretShown for secrets.
func (s *Settings) Get(ctx context.Context, a Actor, key string) (Setting, error) {
	if err := a.require(PermManageSettings); err != nil { // before naming the keys there are
		return Setting{}, err
	}
	d, err := lookupSetting(key)
	if err != nil {
		return Setting{}, err
	}
	var st Setting
	err = s.view(ctx, a, PermManageSettings, func(tx Tx) error {
		v, ok, err := tx.Settings().Get(ctx, key)
		if err != nil {
			return err
		}
		st, err = s.shown(ctx, tx, d, v, ok)
		return err
	})
	return st, err
}

// List returns every known setting.
func (s *Settings) List(ctx context.Context, a Actor) ([]Setting, error) {
	var out []Setting
	err := s.view(ctx, a, PermManageSettings, func(tx Tx) error {
		all, err := tx.Settings().All(ctx)
		if err != nil {
			return err
		}
		for _, d := range settingDefs {
			v, ok := all[d.Key]
			st, err := s.shown(ctx, tx, d, v, ok)
			if err != nil {
				return err
			}
			out = append(out, st)
		}
		return nil
	})
	return out, err
}

// shown is a setting as an administrator sees it; a secret's value only
// says whether it is set (and whether this station can open it).
func (s *Settings) shown(ctx context.Context, tx Tx, d settingDef, v string, ok bool) (Setting, error) {
	st := Setting{Key: d.Key, Value: d.Default, IsSet: ok, Secret: d.Secret, Description: d.Description, Choices: d.Choices}
	if ok {
		st.Value = v
	}
	if d.Secret && ok && v != "" {
		var err error
		if st.Value, err = s.shownSecret(ctx, tx, d.Key, v); err != nil {
			return Setting{}, err
		}
	}
	return st, nil
}

// Set validates and stores one value; the audit log never holds a secret.
func (s *Settings) Set(ctx context.Context, a Actor, key, value string) error {
	return s.SetMany(ctx, a, []KeyValue{{Key: key, Value: value}})
}

// KeyValue is one setting to store.
type KeyValue struct{ Key, Value string }

// SetMany stores several settings in one transaction, all or none: a mail
// server is never left half configured. Every bad key and value is named in
// one *ValidationError.
func (s *Settings) SetMany(ctx context.Context, a Actor, kvs []KeyValue) error {
	if err := a.require(PermManageSettings); err != nil { // before naming the keys there are
		return err
	}
	defs := make([]settingDef, len(kvs))
	var fe fieldErrors
	for i := range kvs {
		d, err := lookupSetting(kvs[i].Key)
		if err != nil {
			var ve *ValidationError
			if errors.As(err, &ve) {
				fe = append(fe, FieldError{Field: kvs[i].Key, Message: ve.Fields[0].Message, ID: ve.Fields[0].ID, Data: ve.Fields[0].Data})
				continue
			}
			return err
		}
		defs[i] = d
		if !d.Secret {
			kvs[i].Value = strings.TrimSpace(kvs[i].Value)
		}
		if m, bad := d.check(kvs[i].Value); bad {
			fe.add(d.Key, m)
		}
	}
	if err := fe.err(); err != nil {
		return err
	}
	return s.update(ctx, a, PermManageSettings, func(tx Tx) error {
		for i, kv := range kvs {
			if err := s.set(ctx, tx, a, defs[i], kv.Value); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *Settings) set(ctx context.Context, tx Tx, a Actor, d settingDef, value string) error {
	old, _, err := tx.Settings().Get(ctx, d.Key)
	if err != nil {
		return err
	}
	stored := value
	if d.Secret {
		if stored, err = s.sealSecret(ctx, tx, d.Key, value); err != nil {
			return err
		}
	}
	if err := tx.Settings().Set(ctx, d.Key, stored); err != nil {
		return err
	}
	ev := change{action: "setting.set", entity: "setting", details: d.Key + " = " + value,
		before: map[string]string{d.Key: old}, after: map[string]string{d.Key: value}}
	if d.Secret {
		ev.details, ev.before, ev.after = d.Key+" changed", nil, nil
	}
	return record(ctx, tx, a, s.now(), ev)
}

// value reads a setting for the station's own use (mail, station name),
// secrets included; it is not reachable from the UI or CLI.
func (s *Settings) value(ctx context.Context, tx Tx, key string) (string, error) {
	return s.settingValue(ctx, tx, key)
}

// StationName is shown in the title bar; any signed-in operator may read it.
func (s *Settings) StationName(ctx context.Context) (string, error) {
	var v string
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		v, err = s.value(ctx, tx, "station.name")
		return err
	})
	return v, err
}

func maxLen(n int) func(string) (message, bool) {
	return func(v string) (message, bool) {
		l := len([]rune(v))
		return msg(MsgTooLong, Data{"Len": l, "Max": n}), l > n
	}
}

func oneOf(allowed ...string) func(string) (message, bool) {
	return func(v string) (message, bool) {
		return msg(MsgOneOf, Data{"Value": v, "Allowed": strings.Join(allowed, ", ")}), !slices.Contains(allowed, v)
	}
}

func portNumber(v string) (message, bool) {
	n, err := strconv.Atoi(v)
	return msg(MsgPort, Data{"Value": v}), err != nil || n < 1 || n > 65535
}

func hostName(v string) (message, bool) {
	return msg(MsgHostName, Data{"Value": v}), strings.ContainsAny(v, " /\\@\t") || len(v) > 253
}

func producerURL(v string) (message, bool) {
	if v == "" {
		return message{}, false
	}
	u, err := url.Parse(v)
	return msg(MsgURL, Data{"Value": v}), err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == ""
}

// Sync interval bounds: faster would load the producer, slower leaves
// produced cards unseen for more than a day.
const (
	MinSyncInterval = 10 * time.Second
	MaxSyncInterval = 24 * time.Hour
)

// DeskLockKey is the idle time, in minutes, after which the desk locks.
const DeskLockKey = "desk.lock_minutes"

// MaxDeskLockMinutes is a day: a desk idle that long is left alone.
const MaxDeskLockMinutes = 24 * 60

func lockMinutes(v string) (message, bool) {
	n, err := strconv.Atoi(v)
	return msg(MsgMinutes, Data{"Value": v, "Min": 0, "Max": MaxDeskLockMinutes}), err != nil || n < 0 || n > MaxDeskLockMinutes
}

// DeskLock is how long the desk may sit idle before it locks; 0: it never
// locks by itself. Every signed-in operator's desk reads it.
func (s *Settings) DeskLock(ctx context.Context) (time.Duration, error) {
	var v string
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		v, err = s.value(ctx, tx, DeskLockKey)
		return err
	})
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > MaxDeskLockMinutes {
		return 0, fmt.Errorf("setting %s: %q is not a number of minutes from 0 to %d", DeskLockKey, v, MaxDeskLockMinutes)
	}
	return time.Duration(n) * time.Minute, nil
}

func syncInterval(v string) (message, bool) {
	d, err := time.ParseDuration(v)
	return msg(MsgDuration, Data{"Value": v, "Min": "10s", "Max": "24h"}), err != nil || d < MinSyncInterval || d > MaxSyncInterval
}

func backupKeep(v string) (message, bool) {
	n, err := strconv.Atoi(v)
	if err != nil {
		return msg(MsgValueNumber, Data{"Text": v}), true
	}
	return msg(MsgValueRange, Data{"Value": n, "Min": 0, "Max": MaxBackupKeep}), n < 0 || n > MaxBackupKeep
}

// backupDir must be absolute: a relative folder would depend on where
// the app happened to be started.
func backupDir(v string) (message, bool) {
	if m, bad := maxLen(1024)(v); bad {
		return m, bad
	}
	return msg(MsgAbsoluteFolder, Data{"Value": v}), v != "" && !filepath.IsAbs(v)
}

func emailOrEmpty(v string) (message, bool) {
	return msg(MsgEmail, Data{"Value": v}), v != "" && !validEmail(v)
}
