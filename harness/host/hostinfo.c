// SPDX-License-Identifier: GPL-2.0
/*
 * Host description for result.json and the output header.  Everything is
 * read from procfs and sysfs; a file that is missing leaves "unknown"/-1.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "hostinfo.h"
#include "page.h"
#include "sysfs.h"

/* Module parameter as a tristate: Y/1 -> 1, N/0 -> 0, missing -> -1. */
static int module_param(const char *sysfs, const char *module, const char *param)
{
	char path[512], buf[16];

	snprintf(path, sizeof(path), "%s/module/%s/parameters/%s", sysfs, module, param);
	if (sysfs_read_file(path, buf, sizeof(buf)))
		return -1;
	return buf[0] == 'Y' || buf[0] == 'y' || buf[0] == '1';
}

static bool module_loaded(const char *sysfs, const char *module)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/module/%s", sysfs, module);
	return access(path, F_OK) == 0;
}

/*
 * A kernel with kvm_intel and kvm_amd both built in shows both under
 * /sys/module; only the one of this CPU's vendor runs, so the CPU flags
 * decide (cpu_flag is "vmx" or "svm").
 */
static bool module_in_use(const char *sysfs, const char *module, const char *other,
			  const char *cpu_flag, const char *flags)
{
	char padded[8];

	if (!module_loaded(sysfs, module))
		return false;
	if (!other || !module_loaded(sysfs, other))
		return true;
	snprintf(padded, sizeof(padded), " %s", cpu_flag);
	return strstr(flags, padded) != NULL;
}

static void detect_virt(struct hostinfo *h, const char *sysfs, const char *flags,
			const char *machine)
{
	static const struct {
		const char *module, *other, *cpu_flag, *vendor, *tdp_param, *tdp_name;
	} kinds[] = {
		{ "kvm_intel", "kvm_amd", "vmx", "VMX", "ept", "EPT" },
		{ "kvm_amd", "kvm_intel", "svm", "SVM", "npt", "NPT" },
		{ "kvm_pvm", NULL, NULL, "kvm_pvm", NULL, NULL },
	};

	snprintf(h->kvm_module, sizeof(h->kvm_module), "unknown");
	snprintf(h->virt_mode, sizeof(h->virt_mode), "unknown");
	h->tdp = h->nested = -1;
	h->tdp_mmu = module_param(sysfs, "kvm", "tdp_mmu");
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (!module_in_use(sysfs, kinds[i].module, kinds[i].other,
				   kinds[i].cpu_flag, flags))
			continue;
		snprintf(h->kvm_module, sizeof(h->kvm_module), "%s", kinds[i].module);
		h->nested = module_param(sysfs, kinds[i].module, "nested");
		/* kvm_pvm always shadows the guest's page tables. */
		h->tdp = kinds[i].tdp_param ?
			 module_param(sysfs, kinds[i].module, kinds[i].tdp_param) : 0;
		snprintf(h->virt_mode, sizeof(h->virt_mode), "%s/%s", kinds[i].vendor,
			 h->tdp == 1 ? kinds[i].tdp_name : "shadow");
		return;
	}
	/* arm64 and RISC-V KVM have no vendor module and always translate in
	 * a second stage. */
	if (module_loaded(sysfs, "kvm") && (!strcmp(machine, "aarch64") ||
					     !strcmp(machine, "riscv64"))) {
		snprintf(h->kvm_module, sizeof(h->kvm_module), "kvm");
		snprintf(h->virt_mode, sizeof(h->virt_mode), "%s",
			 machine[0] == 'a' ? "arm64/stage-2" : "riscv64/g-stage");
		h->tdp = 1;
	}
	/* Book3S HV: partition-scoped translation, radix on POWER9. */
	if (!strncmp(machine, "ppc64", 5) && module_loaded(sysfs, "kvm_hv")) {
		snprintf(h->kvm_module, sizeof(h->kvm_module), "kvm_hv");
		snprintf(h->virt_mode, sizeof(h->virt_mode), "book3s-hv/partition-scoped");
		h->tdp = 1;
	}
}

/* The model, the hypervisor bit, and the first CPU's flags into flags. */
static void read_cpuinfo(struct hostinfo *h, char *flags, size_t len)
{
	char line[4096];
	FILE *f = fopen("/proc/cpuinfo", "re");

	snprintf(h->cpu_model, sizeof(h->cpu_model), "unknown");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (!colon)
			continue;
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "model name", 10))
			snprintf(h->cpu_model, sizeof(h->cpu_model), "%s", colon + 2);
		else if (!strncmp(line, "flags", 5)) {
			h->under_hypervisor = strstr(colon, " hypervisor") != NULL;
			snprintf(flags, len, "%s ", colon + 1);
			break;	/* the first CPU tells enough */
		}
	}
	fclose(f);
}

/*
 * An emulator need not set the CPUID hypervisor bit (Bochs does not), so a
 * run inside one could pass for bare metal.  A runner names it in
 * KSMEXIT_EMULATOR; otherwise the firmware's DMI strings may tell.  Under a
 * hypervisor the same strings mean virtualization, not emulation.
 */
static void detect_emulator(struct hostinfo *h, const char *sysfs)
{
	static const char *const fields[] = { "sys_vendor", "bios_vendor", "product_name" };
	static const char *const names[] = { "Bochs", "QEMU" };
	const char *label = getenv("KSMEXIT_EMULATOR");
	char path[512], value[64];

	if (label && *label) {
		snprintf(h->emulator, sizeof(h->emulator), "%s", label);
		return;
	}
	if (h->under_hypervisor)
		return;
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		snprintf(path, sizeof(path), "%s/class/dmi/id/%s", sysfs, fields[i]);
		if (sysfs_read_file(path, value, sizeof(value)))
			continue;
		for (size_t j = 0; j < sizeof(names) / sizeof(names[0]); j++)
			if (strcasestr(value, names[j])) {
				snprintf(h->emulator, sizeof(h->emulator),
					 "%s (DMI %s \"%s\")", names[j], fields[i], value);
				return;
			}
	}
}

static void read_thp(struct hostinfo *h, const char *sysfs)
{
	char path[512], buf[128], *open, *close;

	snprintf(path, sizeof(path), "%s/kernel/mm/transparent_hugepage/enabled", sysfs);
	snprintf(h->thp_enabled, sizeof(h->thp_enabled), "unknown");
	if (sysfs_read_file(path, buf, sizeof(buf)))
		return;
	open = strchr(buf, '[');
	close = open ? strchr(open, ']') : NULL;
	if (open && close)
		snprintf(h->thp_enabled, sizeof(h->thp_enabled), "%.*s",
			 (int)(close - open - 1), open + 1);
}

static void read_ksm_knobs(struct hostinfo *h, const char *ksm_root)
{
	struct dirent *de;
	DIR *dir = opendir(ksm_root);

	h->nr_ksm_knobs = 0;
	if (!dir)
		return;
	while ((de = readdir(dir)) && h->nr_ksm_knobs < HOSTINFO_MAX_KNOBS) {
		char path[512];
		int i = h->nr_ksm_knobs;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", ksm_root, de->d_name);
		if (sysfs_read_file(path, h->ksm_knob_value[i], sizeof(h->ksm_knob_value[i])))
			continue;
		snprintf(h->ksm_knob_name[i], sizeof(h->ksm_knob_name[i]), "%s", de->d_name);
		h->nr_ksm_knobs++;
	}
	closedir(dir);
}

void hostinfo_collect(struct hostinfo *h, const char *sysfs_root,
		      const char *ksm_root)
{
	char flags[4096] = "";
	struct utsname u = { 0 };

	memset(h, 0, sizeof(*h));
	if (!uname(&u)) {
		snprintf(h->hostname, sizeof(h->hostname), "%s", u.nodename);
		snprintf(h->kernel_release, sizeof(h->kernel_release), "%s", u.release);
		snprintf(h->kernel_version, sizeof(h->kernel_version), "%s", u.version);
	}
	sysfs_read_file("/proc/cmdline", h->cmdline, sizeof(h->cmdline));
	read_cpuinfo(h, flags, sizeof(flags));
	detect_virt(h, sysfs_root, flags, u.machine);
	detect_emulator(h, sysfs_root);
	read_thp(h, sysfs_root);
	h->page_size = host_page_size();
	read_ksm_knobs(h, ksm_root);
}

const char *hostinfo_caveat(const struct hostinfo *h, char *buf, size_t len)
{
	const char *parts[3];
	char emulated[256];
	size_t n = 0, used = 0;

	if (!strcmp(h->kvm_module, "kvm_pvm"))
		parts[n++] = "/dev/kvm is kvm_pvm, software virtualization with shadow "
			     "paging: fault counts carry over to hardware, per-fault cost does not";
	if (h->under_hypervisor)
		parts[n++] = "this host runs under a hypervisor, so these are not "
			     "bare-metal figures";
	if (h->emulator[0]) {
		snprintf(emulated, sizeof(emulated), "this machine is emulated by %s, "
			 "not bare metal: counts are the kernel's, times the emulator's",
			 h->emulator);
		parts[n++] = emulated;
	}
	if (!n)
		return NULL;
	buf[0] = '\0';
	for (size_t i = 0; i < n && used < len; i++)
		used += snprintf(buf + used, len - used, "%s%s", i ? "; " : "", parts[i]);
	return buf;
}
