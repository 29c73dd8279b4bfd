// SPDX-License-Identifier: GPL-2.0
/*
 * The answer in one line a kernel developer can paste: faults per merged
 * page after the merge, what that says about this kernel, and where the
 * figure was measured when that is not bare metal.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report.h"

/* "6.1.192, SVM/NPT" plus why this is not bare metal, if it is not. */
static void where(const struct hostinfo *h, char *buf, size_t len)
{
	size_t n = (size_t)snprintf(buf, len, "%s, %s", h->kernel_release, h->virt_mode);

	if (!strcmp(h->kvm_module, "kvm_pvm") && n < len)
		n += (size_t)snprintf(buf + n, len - n, ", software KVM");
	if (h->emulator[0] && n < len)
		n += (size_t)snprintf(buf + n, len - n, ", emulated by %.40s", h->emulator);
	else if (h->under_hypervisor && n < len)
		snprintf(buf + n, len - n, ", under a hypervisor");
}

static const char *meaning(const struct run_config *cfg, double fpmp)
{
	if (cfg->post_merge_write)
		return "writes after the merge, copy-on-write included";
	if (fpmp >= 0.9)
		return "KVM's mapping is zapped on merge: every merged page faults once on its first read";
	if (fpmp <= 0.05)
		return "KVM's mappings are updated in place: merged pages are read without a fault";
	return "some merged pages fault on their first read, not all";
}

void report_verdict(FILE *out, const struct run_config *cfg, const struct run_result *res)
{
	char at[256];

	where(&res->host, at, sizeof(at));
	if (res->bad_sum_seen)
		fprintf(out, "verdict (%s): the kernel corrupted guest memory: vCPU %d's %s "
			"pass read what nobody wrote; %.2f faults per merged page does not "
			"matter\n", at, res->bad_sum.vcpu, res->phases[res->bad_sum_phase].name,
			res->faults_per_merged_page);
	else if (cfg->stress_s && res->stress.corruptions)
		fprintf(out, "verdict (%s): the kernel corrupted guest memory: %llu words "
			"differed from what the guest wrote while KSM merged (first: %s); "
			"%.2f faults per merged page does not matter\n", at,
			(unsigned long long)res->stress.corruptions,
			corruption_kind_names[res->stress.kept[0].kind],
			res->faults_per_merged_page);
	else if (cfg->no_ksm)
		fprintf(out, "verdict (%s): control, no KSM: %.2f faults per page after the "
			"wait, as expected of a read with nothing merged\n", at, res->faults_per_page);
	else if (!region_backing_mergeable(cfg->backing))
		fprintf(out, "verdict (%s): negative control, %s memory: KSM merged %ld pages "
			"and the guest took %.2f faults per page after the merge\n", at,
			region_backing_names[cfg->backing], res->merged_pages, res->faults_per_page);
	else if (res->merged_pages <= 0 || isnan(res->faults_per_merged_page))
		fprintf(out, "verdict (%s): KSM merged nothing, so this run cannot tell "
			"(see check merge)\n", at);
	else
		fprintf(out, "verdict (%s): %.2f faults per merged page (%ld pages merged): %s\n",
			at, res->faults_per_merged_page, res->merged_pages,
			meaning(cfg, res->faults_per_merged_page));
}
