/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the numbers were measured on: kernel, CPU, how /dev/kvm virtualizes
 * memory (EPT, NPT or shadow paging), and whether this host is itself a
 * guest.  The figures are meant for bare metal; the header says when not.
 */
#ifndef KSMEXIT_HOSTINFO_H
#define KSMEXIT_HOSTINFO_H

#include <stdbool.h>
#include <stddef.h>

#define HOSTINFO_MAX_KNOBS 32

struct hostinfo {
	char hostname[65];
	char kernel_release[128];
	char kernel_version[256];
	char cmdline[2048];
	char cpu_model[128];
	char kvm_module[32];	/* kvm_intel, kvm_amd, kvm_pvm or "unknown" */
	char virt_mode[48];	/* e.g. "SVM/NPT", "VMX/shadow", "kvm_pvm/shadow" */
	int tdp;		/* ept/npt parameter: 1, 0, -1 unknown */
	int tdp_mmu;		/* kvm.tdp_mmu: 1, 0, -1 unknown */
	int nested;		/* the vendor module's "nested" parameter: 1, 0, -1 */
	bool under_hypervisor;	/* "hypervisor" in /proc/cpuinfo */
	char emulator[160];	/* "" or what emulates this machine, e.g. "Bochs" */
	char thp_enabled[32];
	size_t page_size;	/* the base page, KSM's unit: 4096, 16384, 65536 */
	int nr_ksm_knobs;
	char ksm_knob_name[HOSTINFO_MAX_KNOBS][256];
	char ksm_knob_value[HOSTINFO_MAX_KNOBS][64];
};

/* sysfs_root is normally "/sys"; tests point it at a fake tree. */
void hostinfo_collect(struct hostinfo *h, const char *sysfs_root,
		      const char *ksm_root);
/*
 * Why the figures are not bare-metal figures (software KVM, running under
 * a hypervisor, inside an emulator), joined into buf; NULL when none applies.
 */
const char *hostinfo_caveat(const struct hostinfo *h, char *buf, size_t len);

#endif
