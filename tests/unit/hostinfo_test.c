// SPDX-License-Identifier: GPL-2.0
/* Virtualization-mode detection against fake /sys trees. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "hostinfo.h"

static char root[] = "/tmp/ksmexit-sys-XXXXXX";

static void put(const char *rel, const char *text)
{
	char path[512], cmd[600];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", path);
	assert_int_equal(system(cmd), 0);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int fresh_root(void **state)
{
	(void)state;
	strcpy(root, "/tmp/ksmexit-sys-XXXXXX");
	assert_non_null(mkdtemp(root));
	return 0;
}

static int remove_root(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	return system(cmd);
}

static void vmx_with_ept_and_nested(void **state)
{
	struct hostinfo h;
	char buf[512];

	(void)state;
	put("module/kvm/parameters/tdp_mmu", "Y\n");
	put("module/kvm_intel/parameters/ept", "Y\n");
	put("module/kvm_intel/parameters/nested", "Y\n");
	put("kernel/mm/transparent_hugepage/enabled", "always [madvise] never\n");
	hostinfo_collect(&h, root, "/nonexistent");
	assert_string_equal(h.kvm_module, "kvm_intel");
	assert_string_equal(h.virt_mode, "VMX/EPT");
	assert_int_equal(h.tdp, 1);
	assert_int_equal(h.tdp_mmu, 1);
	assert_int_equal(h.nested, 1);
	assert_string_equal(h.thp_enabled, "madvise");
	/* A module parameter, not a claim about this host: no caveat of its own. */
	assert_null(strstr(hostinfo_caveat(&h, buf, sizeof(buf)) ?: "", "nested"));
}

static void runner_names_the_emulator(void **state)
{
	struct hostinfo h;
	char buf[512];

	(void)state;
	put("module/kvm_intel/parameters/ept", "Y\n");
	setenv("KSMEXIT_EMULATOR", "Bochs 2.7, corei7_skylake_x", 1);
	hostinfo_collect(&h, root, "/nonexistent");
	unsetenv("KSMEXIT_EMULATOR");
	assert_string_equal(h.emulator, "Bochs 2.7, corei7_skylake_x");
	assert_non_null(strstr(hostinfo_caveat(&h, buf, sizeof(buf)),
			       "emulated by Bochs 2.7, corei7_skylake_x, not bare metal"));
}

/* DMI strings say "emulator" only where no hypervisor bit says otherwise. */
static void firmware_names_the_emulator(void **state)
{
	struct hostinfo h;

	(void)state;
	put("class/dmi/id/bios_vendor", "The Bochs Project\n");
	hostinfo_collect(&h, root, "/nonexistent");
	if (h.under_hypervisor)
		assert_string_equal(h.emulator, "");
	else
		assert_string_equal(h.emulator, "Bochs (DMI bios_vendor \"The Bochs Project\")");
}

static void svm_with_shadow_paging(void **state)
{
	struct hostinfo h;

	(void)state;
	put("module/kvm/parameters/tdp_mmu", "N\n");
	put("module/kvm_amd/parameters/npt", "0\n");
	put("module/kvm_amd/parameters/nested", "0\n");
	hostinfo_collect(&h, root, "/nonexistent");
	assert_string_equal(h.virt_mode, "SVM/shadow");
	assert_int_equal(h.tdp, 0);
	assert_int_equal(h.tdp_mmu, 0);
	assert_int_equal(h.nested, 0);
}

static void svm_with_npt(void **state)
{
	struct hostinfo h;

	(void)state;
	put("module/kvm_amd/parameters/npt", "1\n");
	hostinfo_collect(&h, root, "/nonexistent");
	assert_string_equal(h.virt_mode, "SVM/NPT");
	assert_int_equal(h.tdp_mmu, -1);	/* not reported: unknown */
	assert_int_equal(h.nested, -1);
}

static void kvm_pvm_is_shadow(void **state)
{
	struct hostinfo h;
	char buf[512];

	(void)state;
	put("module/kvm_pvm/parameters/x", "\n");
	hostinfo_collect(&h, root, "/nonexistent");
	assert_string_equal(h.virt_mode, "kvm_pvm/shadow");
	assert_non_null(strstr(hostinfo_caveat(&h, buf, sizeof(buf)), "kvm_pvm"));
}

static void no_kvm_module(void **state)
{
	struct hostinfo h;

	(void)state;
	put("kernel/nothing", "\n");
	hostinfo_collect(&h, root, "/nonexistent");
	assert_string_equal(h.virt_mode, "unknown");
	assert_string_equal(h.thp_enabled, "unknown");
	assert_int_equal(h.nr_ksm_knobs, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(vmx_with_ept_and_nested, fresh_root, remove_root),
		cmocka_unit_test_setup_teardown(runner_names_the_emulator, fresh_root, remove_root),
		cmocka_unit_test_setup_teardown(firmware_names_the_emulator, fresh_root, remove_root),
		cmocka_unit_test_setup_teardown(svm_with_shadow_paging, fresh_root, remove_root),
		cmocka_unit_test_setup_teardown(svm_with_npt, fresh_root, remove_root),
		cmocka_unit_test_setup_teardown(kvm_pvm_is_shadow, fresh_root, remove_root),
		cmocka_unit_test_setup_teardown(no_kvm_module, fresh_root, remove_root),
	};

	return cmocka_run_group_tests_name("hostinfo", tests, NULL, NULL);
}
