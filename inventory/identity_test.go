package inventory

import (
	"reflect"
	"testing"
)

func TestSerialKeyFoldsCaseAndSpaceAndDropsPlaceholders(t *testing.T) {
	for serial, want := range map[string]string{
		"SN-123":                 "sn-123",
		"  sn-123 ":              "sn-123",
		"Ab12ÄÖ":                 "ab12äö",
		"":                       "",
		"   ":                    "",
		"N/A":                    "",
		"n.a.":                   "",
		"None":                   "",
		"To Be Filled By O.E.M.": "",
		"System Serial Number":   "",
		"0":                      "",
		"00000000":               "",
		"NA-1":                   "na-1",
		"000000000000":           "",
		"XXXXXXXX":               "",
		"Chassis Serial Number":  "",
		"Not Applicable":         "",
		"0x1":                    "0x1",
		"00000001":               "00000001",
	} {
		if got := SerialKey(serial); got != want {
			t.Errorf("SerialKey(%q) = %q, want %q", serial, got, want)
		}
	}
}

func TestIdentifyingMACLeavesOutNoneAndBroadcast(t *testing.T) {
	for mac, want := range map[string]bool{
		"02:00:5e:10:00:01": true, "00:00:00:00:00:01": true,
		"00:00:00:00:00:00": false, "ff:ff:ff:ff:ff:ff": false,
	} {
		if got := IdentifyingMAC(mac); got != want {
			t.Errorf("IdentifyingMAC(%q) = %v, want %v", mac, got, want)
		}
	}
}

func TestAddressReadingsInLookupOrder(t *testing.T) {
	ip := func(v string) Address { return Address{Kind: AddrIP, Value: v} }
	mac := func(v string) Address { return Address{Kind: AddrMAC, Value: v} }
	dns := func(v string) Address { return Address{Kind: AddrDNS, Value: v} }
	for text, want := range map[string][]Address{
		" 192.0.2.1 ":           {ip("192.0.2.1"), dns("192.0.2.1")},
		"2001:DB8::0:1":         {ip("2001:db8::1")},
		"AA-BB-CC-00-11-22":     {mac("aa:bb:cc:00:11:22"), dns("aa-bb-cc-00-11-22")},
		"aabb.cc00.1122":        {mac("aa:bb:cc:00:11:22"), dns("aabb.cc00.1122")},
		"Files01.Example.Test.": {dns("files01.example.test")},
		"not an address!":       nil,
		"":                      nil,
	} {
		if got := AddressReadings(text); !reflect.DeepEqual(got, want) {
			t.Errorf("AddressReadings(%q) = %+v, want %+v", text, got, want)
		}
	}
}
