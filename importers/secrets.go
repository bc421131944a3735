package importers

import (
	"strings"
	"unicode"
)

// A column is judged a secret by the words of its name, never by
// substrings: "Passport No" and "Pinned" hold no secret, "Preferred
// Password" does. The vocabulary is in English, German, French, Spanish,
// Italian, Dutch and Portuguese, written as headerWords spells words: in
// lower case and without accents ("contraseña" is "contrasena").

// secretWords mean a secret wherever they stand in a column name.
var secretWords = []string{
	"password", "passwd", "passphrase", "passcode", "pass", "pw", "pwd", "pin", "puk", "secret",
	"token", "otp", "totp", "hotp", "psk", "community",
	// German, French, Spanish, Italian, Dutch, Portuguese
	"passwort", "kennwort", "geheimnis", "zugangscode",
	"mdp", "jeton",
	"contrasena", "clave", "secreto",
	"segreto",
	"wachtwoord", "geheim", "pincode", "toegangscode",
	"senha", "segredo",
}

// secretSuffixes mean a secret at the end of a compound word as well
// ("Adminkennwort", "clientsecret", "apitoken").
var secretSuffixes = []string{"password", "passwort", "kennwort", "wachtwoord", "passphrase", "passcode",
	"secret", "token", "contrasena"}

// secretPhrases mean a secret in words that each may mean something else
// ("API Key" but "Key Fob Tag"), written apart or as one word ("apikey").
var secretPhrases = [][]string{
	{"api", "key"}, {"access", "key"}, {"private", "key"}, {"priv", "key"}, {"privacy", "key"},
	{"auth", "key"}, {"ssh", "key"}, {"shared", "key"}, {"pre", "shared", "key"}, {"preshared", "key"},
	{"encryption", "key"}, {"recovery", "key"}, {"bitlocker", "key"}, {"unlock", "key"},
	{"wpa", "key"}, {"wep", "key"}, {"wifi", "key"}, {"wi", "fi", "key"}, {"wlan", "key"},
	{"wireless", "key"}, {"network", "key"},
	{"otp", "seed"}, {"totp", "seed"}, {"mfa", "seed"}, {"2fa", "seed"},
	{"pin", "code"}, {"puk", "code"}, {"access", "code"}, {"unlock", "code"}, {"security", "code"},
	{"alarm", "code"}, {"door", "code"}, {"recovery", "code"}, {"backup", "code"},
	{"community", "string"},
	{"admin", "credentials"}, {"root", "credentials"}, {"login", "credentials"}, {"default", "credentials"},
	// German
	{"privater", "schlussel"}, {"privater", "schluessel"}, {"api", "schlussel"}, {"wlan", "schlussel"},
	{"wlan", "schluessel"}, {"netzwerk", "schlussel"}, {"wiederherstellungs", "schlussel"},
	// French
	{"mot", "de", "passe"}, {"cle", "privee"}, {"cle", "api"}, {"cle", "wifi"}, {"cle", "wpa"},
	{"cle", "de", "recuperation"}, {"code", "d", "acces"},
	// Spanish
	{"llave", "privada"}, {"codigo", "de", "acceso"},
	// Italian
	{"parola", "d", "ordine"}, {"chiave", "privata"}, {"chiave", "api"}, {"chiave", "wifi"},
	{"chiave", "di", "ripristino"}, {"codice", "di", "accesso"},
	// Dutch
	{"prive", "sleutel"}, {"api", "sleutel"}, {"wifi", "sleutel"}, {"herstel", "sleutel"},
	// Portuguese
	{"chave", "privada"}, {"chave", "api"}, {"chave", "wifi"}, {"chave", "de", "recuperacao"},
	{"codigo", "de", "acesso"},
}

// secretNames mean a secret when they are the whole column name; in a
// longer name they may not ("Holds Credentials" is a yes or no).
var secretNames = []string{"key", "credential", "credentials", "creds", "zugangsdaten", "identifiants",
	"credenciales", "credenziali", "credenciais", "inloggegevens"}

// referenceWords mark a column that names where a secret is kept rather
// than holding it ("Credentials Ref", "Password Vault Path").
var referenceWords = []string{"ref", "reference", "referenz", "referencia", "riferimento", "referentie",
	"vault", "tresor", "coffre", "kluis", "path", "pfad", "chemin", "ruta", "percorso",
	"location", "standort", "emplacement", "ubicacion", "url", "uri"}

// harmlessPhrases hold a secret word with another meaning ("Token Ring
// adapter", "Pass/Fail", "PIN pad serial").
var harmlessPhrases = [][]string{{"token", "ring"}, {"pass", "fail"}, {"pass", "through"}, {"pass", "thru"},
	{"pin", "pad"}}

// secretIn returns the secret word or phrase a column name holds, or ""
// when it holds none or names where a secret is kept. sunset stores
// references to credentials, never credentials.
func secretIn(header string) string {
	words := withoutPhrases(headerWords(header), harmlessPhrases)
	if len(words) == 0 || anyWordIs(words, referenceWords) != "" {
		return ""
	}
	if len(words) == 1 {
		for _, n := range secretNames {
			if wordIs(words[0], n) {
				return n
			}
		}
	}
	for _, p := range secretPhrases {
		if hasPhrase(words, p) {
			return strings.Join(p, " ")
		}
	}
	if w := anyWordIs(words, secretWords); w != "" {
		return w
	}
	for _, w := range words {
		for _, s := range secretSuffixes {
			if strings.HasSuffix(w, s) {
				return s
			}
		}
	}
	return ""
}

// headerWords splits a column name into words, in lower case and without
// accents: at spaces and punctuation, and where the case changes
// ("adminPassword", "APIKey").
func headerWords(header string) []string {
	var words []string
	var word []rune
	runes := []rune(header)
	for i, r := range runes {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			words, word = appendWord(words, word), word[:0]
			continue
		}
		if len(word) > 0 && unicode.IsUpper(r) && startsWord(runes, i) {
			words, word = appendWord(words, word), word[:0]
		}
		word = append(word, r)
	}
	return appendWord(words, word)
}

// startsWord: the capital at i begins a word, after a small letter
// ("adminPassword"), or before small ones after a capital or a digit
// ("APIKey", "WPA2Key"; but "2FA").
func startsWord(runes []rune, i int) bool {
	prev := runes[i-1]
	nextSmall := i+1 < len(runes) && unicode.IsLower(runes[i+1])
	return unicode.IsLower(prev) || (unicode.IsUpper(prev) || unicode.IsDigit(prev)) && nextSmall
}

func appendWord(words []string, word []rune) []string {
	if len(word) == 0 {
		return words
	}
	return append(words, withoutAccents.Replace(strings.ToLower(string(word))))
}

var withoutAccents = strings.NewReplacer("à", "a", "á", "a", "â", "a", "ä", "a", "ã", "a", "ç", "c",
	"è", "e", "é", "e", "ê", "e", "ë", "e", "ì", "i", "í", "i", "î", "i", "ï", "i", "ñ", "n",
	"ò", "o", "ó", "o", "ô", "o", "ö", "o", "õ", "o", "ù", "u", "ú", "u", "û", "u", "ü", "u", "ß", "ss")

// wordIs: word is w, its plural, or w numbered ("WPA2", "password1").
func wordIs(word, w string) bool {
	return word == w || word == w+"s" || strings.TrimRight(word, "0123456789") == w
}

// anyWordIs returns the first entry of vocab that a word is, or "".
func anyWordIs(words, vocab []string) string {
	for _, word := range words {
		for _, w := range vocab {
			if wordIs(word, w) {
				return w
			}
		}
	}
	return ""
}

// hasPhrase: words hold the phrase, as its words in a row or as one word.
func hasPhrase(words, phrase []string) bool {
	joined := strings.Join(phrase, "")
	for i, word := range words {
		if wordIs(word, joined) || phraseAt(words, i, phrase) {
			return true
		}
	}
	return false
}

func phraseAt(words []string, i int, phrase []string) bool {
	if i+len(phrase) > len(words) {
		return false
	}
	for j, w := range phrase {
		if !wordIs(words[i+j], w) {
			return false
		}
	}
	return true
}

// withoutPhrases drops the words that make up any of phrases.
func withoutPhrases(words []string, phrases [][]string) []string {
	var kept []string
	for i := 0; i < len(words); i++ {
		n := 0
		for _, p := range phrases {
			if phraseAt(words, i, p) {
				n = len(p)
				break
			}
		}
		if n == 0 {
			kept = append(kept, words[i])
			continue
		}
		i += n - 1
	}
	return kept
}
