package importers

import "testing"

// ServiceNow's classes, by table name and by label: devices are kept,
// software, services, places and parts are not.
func TestDeviceClassesByTableNameAndLabel(t *testing.T) {
	for class, want := range map[string]bool{
		"cmdb_ci_computer": true, "Computer": true, "cmdb_ci_linux_server": true, "Linux Server": true,
		"cmdb_ci_win_server": true, "cmdb_ci_esx_server": true, "cmdb_ci_ip_switch": true, "IP Switch": true,
		"cmdb_ci_ip_router": true, "cmdb_ci_ip_firewall": true, "cmdb_ci_printer": true, "cmdb_ci_netgear": true,
		"Network Gear": true, "cmdb_ci_ups": true, "cmdb_ci_pdu": true, "cmdb_ci_kvm": true, "cmdb_ci_lb_bigip": true,
		"cmdb_ci_vm_instance": true, "VMware Virtual Machine Instance": true, "cmdb_ci_storage_device": true,
		"Mass Storage Device": true, "cmdb_ci_wap_network": true, "Wireless Access Point": true, "cmdb_ci_ip_phone": true,
		"cmdb_ci_mainframe_lpar": true, "cmdb_ci_outofband_device": true, "u_cmdb_ci_camera": true,

		"cmdb_ci_spkg": false, "Software": false, "cmdb_ci_appl": false, "Application": false, "cmdb_ci_service": false,
		"Business Service": false, "cmdb_ci_db_ora_instance": false, "Database Instance": false, "cmdb_ci_app_server": false,
		"Web Server": false, "cmdb_ci_cluster": false, "cmdb_ci_ip_address": false, "cmdb_ci_computer_room": false,
		"cmdb_ci_rack": false, "cmdb_ci_datacenter": false, "cmdb_ci_disk": false, "cmdb_ci_network_adapter": false,
		"cmdb_ci_file_system": false, "cmdb_ci_lb_service": false, "Storage Volume": false,
	} {
		if got := isDeviceClass(class); got != want {
			t.Errorf("isDeviceClass(%q) = %v, want %v", class, got, want)
		}
	}
}
