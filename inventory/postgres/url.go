package postgres

import (
	"net/url"
	"regexp"
	"strings"
)

// IsURL reports whether dsn names a PostgreSQL database (a postgres:// or
// postgresql:// URL) rather than a SQLite file.
func IsURL(dsn string) bool {
	l := strings.ToLower(dsn)
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

// passwordParam matches a password given as a parameter, in a URL's query
// (password=...) or in key=value form (password=... or password='...').
var passwordParam = regexp.MustCompile(`(?i)(password=)('(?:[^'\\]|\\.)*'|[^&\s]*)`)

// Redact is dsn without any password it holds: the user's password in a
// URL and a password parameter are left out, the rest kept as written, so
// that it can be shown (Location, `policy show`, errors, history).
func Redact(dsn string) string {
	if i := strings.Index(dsn, "://"); i > 0 {
		if u, err := url.Parse(dsn); err == nil {
			if u.User != nil {
				if _, has := u.User.Password(); has {
					u.User = url.User(u.User.Username())
				}
			}
			q := u.Query()
			if q.Has("password") {
				q.Del("password")
				u.RawQuery = q.Encode()
			}
			return u.String()
		}
		// Not a URL after all: cut the user part whole.
		rest := dsn[strings.Index(dsn, "://")+3:]
		if at := strings.LastIndex(rest, "@"); at >= 0 {
			rest = rest[at+1:]
		}
		dsn = dsn[:strings.Index(dsn, "://")+3] + rest
	}
	return passwordParam.ReplaceAllString(dsn, "${1}REDACTED")
}

// secrets are the texts of dsn that must never be shown: its password,
// as written and as decoded.
func secrets(dsn string) []string {
	var out []string
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		if pw, ok := u.User.Password(); ok && pw != "" {
			out = append(out, pw)
			if i := strings.Index(dsn, "://"); i >= 0 {
				userinfo := dsn[i+3:]
				if at := strings.LastIndex(userinfo, "@"); at >= 0 {
					userinfo = userinfo[:at]
					if c := strings.Index(userinfo, ":"); c >= 0 {
						out = append(out, userinfo[c+1:])
					}
				}
			}
		}
		if pw := u.Query().Get("password"); pw != "" {
			out = append(out, pw)
		}
	}
	for _, m := range passwordParam.FindAllStringSubmatch(dsn, -1) {
		if v := strings.Trim(m[2], "'"); v != "" {
			out = append(out, v, m[2])
		}
	}
	return out
}

// scrub is text with every secret of dsn replaced.
func scrub(text string, secrets []string) string {
	for _, s := range secrets {
		if len(s) >= 1 {
			text = strings.ReplaceAll(text, s, "REDACTED")
		}
	}
	return text
}
