package postgres

import (
	"net/url"
	"strings"
)

// mask stands in for a secret in a redacted connection string.
const mask = "xxxxx"

// isSecret reports the connection parameters that hold secrets: the password
// and the passphrase of an encrypted client key.
func isSecret(key string) bool {
	key = strings.ToLower(key)
	return key == "password" || key == "sslpassword"
}

// redact returns dsn, a connection URL (postgres://...) or a keyword/value
// string (host=... password=...), with every password replaced by xxxxx, so
// it can be logged and shown. Where dsn is malformed it hides rather more
// than the password; it never shows it.
func redact(dsn string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return redactURL(dsn)
	}
	return redactKeywords(dsn)
}

func redactURL(dsn string) string {
	scheme, rest, _ := strings.Cut(dsn, "://")
	// A URL that net/url parses the way pgx does: exact. Both take the user
	// info up to an '@' before the path; when net/url found none although
	// there is an '@' (postgres://u:12?x@host, whose password pgx reads as
	// "12?x"), the URL is treated as malformed below.
	if u, err := url.Parse(dsn); err == nil && (u.User != nil || !strings.Contains(rest, "@")) {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), mask)
		}
		u.RawQuery = redactQuery(u.RawQuery)
		return u.String()
	}
	// Malformed (an unescaped '@', '/' or '?' in the password, several hosts):
	// everything between the user name and the last '@' goes.
	var b strings.Builder
	b.WriteString(scheme + "://")
	if at := strings.LastIndex(rest, "@"); at >= 0 {
		user, _, hasPassword := strings.Cut(rest[:at], ":")
		b.WriteString(user)
		if hasPassword {
			b.WriteString(":" + mask)
		}
		b.WriteByte('@')
		rest = rest[at+1:]
	}
	hostPath, query, hasQuery := strings.Cut(rest, "?")
	b.WriteString(hostPath)
	if hasQuery {
		b.WriteString("?" + redactQuery(query))
	}
	return b.String()
}

// redactQuery masks the values of password parameters in a URL query,
// leaving the rest as it was written.
func redactQuery(q string) string {
	if q == "" {
		return q
	}
	parts := strings.Split(q, "&")
	for i, p := range parts {
		k, _, hasValue := strings.Cut(p, "=")
		dk, err := url.QueryUnescape(k)
		if err != nil {
			dk = k
		}
		if hasValue && isSecret(dk) {
			parts[i] = k + "=" + mask
		}
	}
	return strings.Join(parts, "&")
}

// redactKeywords follows libpq's keyword/value syntax: key = value pairs
// apart by white space, a value either 'quoted' or running to the next
// white space, backslash escaping the next character in both. Where the
// string stops making sense, the rest of it is masked.
func redactKeywords(s string) string {
	var b strings.Builder
	i := 0
	space := func() {
		for i < len(s) && isSpace(s[i]) {
			b.WriteByte(s[i])
			i++
		}
	}
	for {
		space()
		if i >= len(s) {
			return b.String()
		}
		start := i
		for i < len(s) && s[i] != '=' && !isSpace(s[i]) {
			i++
		}
		key := s[start:i]
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i >= len(s) || s[i] != '=' || key == "" {
			b.WriteString(mask) // a word without a value: a password on its own?
			return b.String()
		}
		b.WriteString(s[start:i] + "=")
		i++
		space()
		start = i
		if i < len(s) && s[i] == '\'' {
			closed := false
			for i++; i < len(s); i++ {
				if s[i] == '\\' {
					i++
				} else if s[i] == '\'' {
					closed = true
					i++
					break
				}
			}
			if !closed {
				b.WriteString(mask)
				return b.String()
			}
		} else {
			for ; i < len(s) && !isSpace(s[i]); i++ {
				if s[i] == '\\' {
					i++
				}
			}
		}
		i = min(i, len(s))
		if isSecret(key) {
			b.WriteString(mask)
		} else {
			b.WriteString(s[start:i])
		}
	}
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}
