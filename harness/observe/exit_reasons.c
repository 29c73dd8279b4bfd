// SPDX-License-Identifier: GPL-2.0
/* Exit-reason names per vendor, for the per-phase exit histogram. */
#include <stddef.h>
#include <stdio.h>

#include "exit_reasons.h"

struct reason_name {
	uint32_t reason;
	const char *name;
};

static const struct reason_name vmx_reasons[] = {
	{ 0, "EXCEPTION_NMI" }, { 1, "EXTERNAL_INTERRUPT" }, { 2, "TRIPLE_FAULT" },
	{ 3, "INIT_SIGNAL" }, { 4, "SIPI_SIGNAL" }, { 7, "INTERRUPT_WINDOW" },
	{ 8, "NMI_WINDOW" }, { 9, "TASK_SWITCH" }, { 10, "CPUID" }, { 12, "HLT" },
	{ 13, "INVD" }, { 14, "INVLPG" }, { 15, "RDPMC" }, { 16, "RDTSC" },
	{ 18, "VMCALL" }, { 19, "VMCLEAR" }, { 20, "VMLAUNCH" }, { 21, "VMPTRLD" },
	{ 22, "VMPTRST" }, { 23, "VMREAD" }, { 24, "VMRESUME" }, { 25, "VMWRITE" },
	{ 26, "VMOFF" }, { 27, "VMON" }, { 28, "CR_ACCESS" }, { 29, "DR_ACCESS" },
	{ 30, "IO_INSTRUCTION" }, { 31, "MSR_READ" }, { 32, "MSR_WRITE" },
	{ 33, "INVALID_STATE" }, { 34, "MSR_LOAD_FAIL" }, { 36, "MWAIT_INSTRUCTION" },
	{ 37, "MONITOR_TRAP_FLAG" }, { 39, "MONITOR_INSTRUCTION" },
	{ 40, "PAUSE_INSTRUCTION" }, { 41, "MCE_DURING_VMENTRY" },
	{ 43, "TPR_BELOW_THRESHOLD" }, { 44, "APIC_ACCESS" }, { 45, "EOI_INDUCED" },
	{ 46, "GDTR_IDTR" }, { 47, "LDTR_TR" },
	{ VMX_EXIT_EPT_VIOLATION, "EPT_VIOLATION" },
	{ VMX_EXIT_EPT_MISCONFIG, "EPT_MISCONFIG" }, { 50, "INVEPT" }, { 51, "RDTSCP" },
	{ 52, "PREEMPTION_TIMER" }, { 53, "INVVPID" }, { 54, "WBINVD" },
	{ 55, "XSETBV" }, { 56, "APIC_WRITE" }, { 57, "RDRAND" }, { 58, "INVPCID" },
	{ 59, "VMFUNC" }, { 60, "ENCLS" }, { 61, "RDSEED" }, { 62, "PML_FULL" },
	{ 63, "XSAVES" }, { 64, "XRSTORS" }, { 67, "UMWAIT" }, { 68, "TPAUSE" },
	{ 74, "BUS_LOCK" }, { 75, "NOTIFY" },
};

static const struct reason_name svm_reasons[] = {
	{ 0x000, "read_cr0" }, { 0x003, "read_cr3" }, { 0x004, "read_cr4" },
	{ 0x008, "read_cr8" }, { 0x010, "write_cr0" }, { 0x013, "write_cr3" },
	{ 0x014, "write_cr4" }, { 0x018, "write_cr8" }, { 0x020, "read_dr0" },
	{ 0x027, "read_dr7" }, { 0x030, "write_dr0" }, { 0x037, "write_dr7" },
	{ 0x041, "DB_excp" }, { 0x043, "BP_excp" }, { 0x046, "UD_excp" },
	{ 0x04d, "GP_excp" }, { 0x04e, "PF_excp" }, { 0x052, "MC_excp" },
	{ 0x053, "AC_excp" }, { 0x060, "interrupt" }, { 0x061, "nmi" },
	{ 0x062, "smi" }, { 0x063, "init" }, { 0x064, "vintr" },
	{ 0x065, "cr0_sel_write" }, { 0x06e, "rdtsc" }, { 0x06f, "rdpmc" },
	{ 0x070, "pushf" }, { 0x071, "popf" }, { 0x072, "cpuid" }, { 0x073, "rsm" },
	{ 0x074, "iret" }, { 0x075, "swint" }, { 0x076, "invd" }, { 0x077, "pause" },
	{ 0x078, "hlt" }, { 0x079, "invlpg" }, { 0x07a, "invlpga" }, { 0x07b, "io" },
	{ 0x07c, "msr" }, { 0x07d, "task_switch" }, { 0x07e, "ferr_freeze" },
	{ 0x07f, "shutdown" }, { 0x080, "vmrun" }, { 0x081, "vmmcall" },
	{ 0x082, "vmload" }, { 0x083, "vmsave" }, { 0x084, "stgi" }, { 0x085, "clgi" },
	{ 0x086, "skinit" }, { 0x087, "rdtscp" }, { 0x088, "icebp" },
	{ 0x089, "wbinvd" }, { 0x08a, "monitor" }, { 0x08b, "mwait" },
	{ 0x08d, "xsetbv" }, { 0x08f, "efer_write_trap" }, { 0x090, "cr0_write_trap" },
	{ 0x094, "cr4_write_trap" }, { 0x098, "cr8_write_trap" }, { 0x0a2, "invpcid" },
	{ 0x0a5, "buslock" }, { 0x0a6, "idle_halt" },
	{ SVM_EXIT_NPF, "NPF" }, { 0x401, "avic_incomplete_ipi" },
	{ 0x402, "avic_unaccelerated_access" }, { 0x403, "vmgexit" },
};

static const struct reason_name arm64_reasons[] = {
	{ 0x00, "UNKNOWN" }, { 0x01, "WFx" }, { 0x03, "CP15_32" }, { 0x04, "CP15_64" },
	{ 0x07, "FP_ASIMD" }, { 0x0e, "ILL" }, { 0x16, "HVC64" }, { 0x17, "SMC64" },
	{ 0x18, "SYS64" }, { 0x19, "SVE" }, { ARM64_EC_IABT_LOW, "IABT_LOW" },
	{ 0x22, "PC_ALIGN" }, { ARM64_EC_DABT_LOW, "DABT_LOW" }, { 0x26, "SP_ALIGN" },
	{ 0x2f, "SERROR" }, { 0x30, "BREAKPT_LOW" }, { 0x32, "SOFTSTP_LOW" },
	{ 0x34, "WATCHPT_LOW" }, { 0x3c, "BRK64" },
	{ ARM64_EXIT_NOT_TRAP + 0, "IRQ" }, { ARM64_EXIT_NOT_TRAP + 1, "EL1_SERROR" },
	{ ARM64_EXIT_NOT_TRAP + 3, "IL" },
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char *lookup(const struct reason_name *t, size_t n, uint32_t reason)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].reason == reason)
			return t[i].name;
	return NULL;
}

const char *exit_reason_name(uint32_t isa, uint32_t reason)
{
	if (isa == KVM_ISA_VMX)	/* the high bits are flags, e.g. failed entry */
		return lookup(vmx_reasons, ARRAY_SIZE(vmx_reasons), reason & 0xffff);
	if (isa == KVM_ISA_SVM)
		return lookup(svm_reasons, ARRAY_SIZE(svm_reasons), reason);
	if (isa == KVM_ISA_ARM64)
		return lookup(arm64_reasons, ARRAY_SIZE(arm64_reasons), reason);
	return NULL;
}

/* ret's bit 31 flags a pending SError; type 2 is a trap (ARM_EXCEPTION_TRAP). */
uint32_t arm64_exit_reason(uint64_t ret, uint64_t esr_ec)
{
	uint32_t type = ret & 0x7fffffff;

	return type == 2 ? (uint32_t)esr_ec : ARM64_EXIT_NOT_TRAP + type;
}

int exit_reason_is_tdp_fault(uint32_t isa, uint32_t reason)
{
	return (isa == KVM_ISA_VMX && (reason & 0xffff) == VMX_EXIT_EPT_VIOLATION) ||
	       (isa == KVM_ISA_SVM && reason == SVM_EXIT_NPF) ||
	       (isa == KVM_ISA_ARM64 && (reason == ARM64_EC_DABT_LOW ||
					 reason == ARM64_EC_IABT_LOW));
}

const char *exit_reason_label(uint32_t isa, uint32_t reason, char *buf, size_t len)
{
	const char *name = exit_reason_name(isa, reason);

	if (name)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "isa %u reason 0x%x", isa, reason);
	return buf;
}
