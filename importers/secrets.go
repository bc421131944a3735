package importers

import "strings"

// secretWords in a column name mean it probably holds a credential.
var secretWords = []string{"password", "passwd", "passwort", "passphrase", "pwd", "secret", "apikey", "apitoken",
	"accesstoken", "authtoken", "bearertoken", "privatekey", "sshkey", "snmpcommunity", "communitystring",
	"presharedkey", "psk"}

// secretNames are column names that hold credentials on their own.
var secretNames = map[string]bool{"credential": true, "credentials": true, "creds": true, "pin": true,
	"token": true, "community": true, "key": true}

// referenceWords mark a column that names where a secret lives rather than
// holding it (credentials-ref, "Password vault path").
var referenceWords = []string{"ref", "vault", "path", "location", "url"}

// looksSecret reports whether a column name suggests it holds a password,
// key or token. sunset stores references to credentials, never credentials.
func looksSecret(header string) bool {
	n := normHeader(header)
	if n == "" {
		return false
	}
	if secretNames[n] {
		return true
	}
	for _, w := range secretWords {
		if strings.Contains(n, w) {
			for _, r := range referenceWords {
				if strings.Contains(n, r) {
					return false
				}
			}
			return true
		}
	}
	return false
}
