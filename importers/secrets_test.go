package importers

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
)

func TestSecretColumnsAreKnownByTheirWords(t *testing.T) {
	secrets := []string{
		"Password", "Root PW", "Admin Pass", "PW", "admin_pwd", "Passcode", "Kennwort", "Mot de passe",
		"Contraseña", "Contrasena", "Preferred Password", "Wifi Key", "Wi-Fi Key", "WPA2 Key", "Recovery Key",
		"PIN code", "PIN", "OTP Seed", "Refresh Token", "token", "API Key", "APIKey", "apikey", "API Keys",
		"adminPassword", "admin_password", "ADMIN-PASSWORD", "Password1", "Rootkennwort", "client_secret",
		"SNMP Community", "Community String", "Private Key", "Pre-shared key", "Credentials", "Key", "Creds",
		"Passwort", "Wachtwoord", "Senha", "Clave", "Parola d'ordine", "Parola d’ordine", "MDP", "TOTP",
		"Shared Secret", "Enable Secret", "BitLocker Recovery Key", "Clé privée", "Chiave privata",
		"Chave de recuperação", "WLAN-Schlüssel", "Netzwerkschlüssel", "Zugangsdaten", "Herstelsleutel",
		"Secret ID", "WPA2Key", "2FA Seed",
	}
	for _, h := range secrets {
		if secretIn(h) == "" {
			t.Errorf("%q is not seen as a secret", h)
		}
	}
	lookalikes := []string{
		"Passport No", "Pinned", "Pine Street", "Keyboard", "Token Ring adapter", "Credentials Ref",
		"Preferred Name", "Key Fob Tag", "holds-credentials", "Has Credentials", "Hostname", "Secret Ref",
		"Password vault path", "Password Vault Path", "Secret ID in vault", "Kennwort-Tresor", "Key User",
		"Primary Key", "Zip Code", "Country Code", "Pass/Fail", "PCI Pass-through", "PIN Pad Serial",
		"Compass Heading", "Bypass", "Spinning Disks", "Kennung", "Opinion", "Secretary", "Monkey",
		"Passenger Seats", "Password URL", "",
	}
	for _, h := range lookalikes {
		if w := secretIn(h); w != "" {
			t.Errorf("%q is seen as a secret (%q)", h, w)
		}
	}
}

// Every column name a format knows, and sunset's own export header, is
// read, never refused.
func TestKnownColumnsAreNoSecrets(t *testing.T) {
	var names []string
	for _, l := range layouts {
		names = append(names, l.markers...)
		for _, a := range append(l.aliases, genericAliases...) {
			names = append(names, a.names...)
		}
	}
	for _, f := range inventory.Fields {
		names = append(names, f.Name)
	}
	for _, n := range names {
		if w := secretIn(n); w != "" {
			t.Errorf("known column %q is seen as a secret (%q)", n, w)
		}
	}
}

func TestHeaderWords(t *testing.T) {
	for header, want := range map[string]string{
		"adminPassword":       "admin password",
		"APIKey":              "api key",
		"admin_password":      "admin password",
		"Mot de passe (WLAN)": "mot de passe wlan",
		"Contraseña":          "contrasena",
		"WPA2 Key":            "wpa2 key",
		"WLAN-Schlüssel":      "wlan schlussel",
		"WPA2Key":             "wpa2 key",
		"2FA Seed":            "2fa seed",
	} {
		if got := strings.Join(headerWords(header), " "); got != want {
			t.Errorf("headerWords(%q) = %q, want %q", header, got, want)
		}
	}
}

// A secret column refuses the file wherever it would have gone: to notes
// (unknown columns), nowhere (--unknown-columns ignore) or a field (--map);
// only --map COLUMN=ignore lets the file in.
func TestSecretColumnRefusesTheFileInOneLine(t *testing.T) {
	st, _ := testStore(t)
	path := writeFile(t, "pw.csv", "tag,hostname,Root PW,Kennwort\nS-1,one,hunter2,geheim\n")
	for _, opts := range []Options{{}, {UnknownColumns: "ignore"}, {Map: map[string]string{"Root PW": "notes"}}} {
		_, err := Import(context.Background(), st, []string{path}, opts)
		var fe *FileError
		if !errors.As(err, &fe) || fe.File != path || fe.Line != 1 || strings.Contains(err.Error(), "\n") ||
			!strings.Contains(err.Error(), `refusing columns "Root PW" ("pw" means a password or secret), "Kennwort" ("kennwort"`) ||
			!strings.Contains(err.Error(), "--map 'Root PW=ignore'") {
			t.Fatalf("options %+v: %v", opts, err)
		}
	}
	rep := mustImport(t, st, []string{path}, Options{Map: map[string]string{"Root PW": "ignore", "kennwort": "ignore"}})
	if rep.Counts.Created != 1 || strings.Contains(assetByTag(t, st, "S-1").Notes, "hunter2") {
		t.Fatalf("%+v", rep)
	}
}
