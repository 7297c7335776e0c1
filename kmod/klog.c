// SPDX-License-Identifier: GPL-2.0
/*
 * One kernel log line per attempt (module parameter log=refused|all|none),
 * for test runs in QEMU where the serial console is the only output: the
 * CI log then says why a module was refused, and which record has the
 * rest, without anyone running the reader.  Strings from the image are
 * printed with %*pE (escaped), as in the records.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/string.h>

#include "modverify.h"

enum mv_klog_mode { MV_KLOG_NONE, MV_KLOG_REFUSED, MV_KLOG_ALL };

static enum mv_klog_mode mode;

/* Return: 0, or -EINVAL for a mode that is not none, refused or all. */
int mv_klog_init(const char *name)
{
	if (!strcmp(name, "none"))
		mode = MV_KLOG_NONE;
	else if (!strcmp(name, "refused"))
		mode = MV_KLOG_REFUSED;
	else if (!strcmp(name, "all"))
		mode = MV_KLOG_ALL;
	else
		return -EINVAL;
	return 0;
}

#define ESC(s)	(int)strnlen(s, sizeof(s)), s

/* The first CRC comparison the kernel refused, or NULL. */
static const struct mv_crc *refused_crc(const struct mv_record *rec)
{
	unsigned int i;

	for (i = 0; i < rec->n_crcs; i++)
		if (mv_crc_verdict_refuses(rec->crcs[i].verdict))
			return &rec->crcs[i];
	return NULL;
}

/* What decided it, in a few words; empty when decided_by says it all. */
static void detail(const struct mv_record *rec, char *buf, size_t size)
{
	const struct mv_crc *crc = refused_crc(rec);
	const struct mv_reloc *rel = &rec->reloc;
	char err[MV_ERRNAME_LEN];

	buf[0] = '\0';
	switch (rec->decided_by) {
	case MV_DECIDED_VERMAGIC:
		snprintf(buf, size, ": module '%*pE', kernel '%*pE'",
			 ESC(rec->vermagic_module), ESC(rec->vermagic_kernel));
		break;
	case MV_DECIDED_MODULE_LAYOUT:
	case MV_DECIDED_SYMBOL_CRC:
		if (crc)
			snprintf(buf, size, ": %*pE CRC 0x%08lx in the module, 0x%08x in the kernel",
				 ESC(crc->symbol), crc->module_crc, crc->kernel_crc);
		break;
	case MV_DECIDED_UNKNOWN_SYMBOL:
		if (rec->n_unresolved)
			snprintf(buf, size, ": %*pE (%u unresolved)",
				 ESC(rec->unresolved[0]), rec->unresolved_total);
		break;
	case MV_DECIDED_MODULE_SIZE:
		snprintf(buf, size, ": struct module %lu bytes, the kernel's %zu",
			 rec->module_size, sizeof(struct module));
		break;
	case MV_DECIDED_RELOCATION:
		snprintf(buf, size, ": %s at %*pE+0x%llx (%*pE)",
			 mv_reloc_reason_name(rel->reason), ESC(rel->section),
			 (unsigned long long)rel->offset, ESC(rel->symbol));
		break;
	case MV_DECIDED_SIGNATURE:
	case MV_DECIDED_LOCKDOWN:
		snprintf(buf, size, ": %s", mv_sig_reason_name(rec->sig_reason));
		break;
	case MV_DECIDED_ELF:
		snprintf(buf, size, ": %*pE", ESC(rec->image_defect));
		break;
	case MV_DECIDED_LSM:
		snprintf(buf, size, ": %s refused at %s", mv_lsm_name(rec->lsm),
			 mv_preload_step_name(rec->refused_at));
		break;
	case MV_DECIDED_FILE:
		snprintf(buf, size, ": at %s", mv_preload_step_name(rec->refused_at));
		break;
	case MV_DECIDED_INIT:
		if (rec->state == MV_STATE_TASK_EXITED)
			snprintf(buf, size, ": the task died in it");
		else if (rec->init_returned)
			snprintf(buf, size, ": it returned %d %s", rec->init_result,
				 mv_errname(rec->init_result, err));
		break;
	default:
		break;
	}
}

/**
 * mv_klog() - log one line for a final record, as the log parameter says
 * @rec: the record, numbered
 */
void mv_klog(const struct mv_record *rec)
{
	bool loaded = rec->state == MV_STATE_RETURNED && !rec->result;
	const char *name = rec->module[0] ? rec->module : MV_NONE;
	char err[MV_ERRNAME_LEN], more[400];
	int len = strlen(name);

	if (mode == MV_KLOG_NONE || (mode == MV_KLOG_REFUSED && loaded))
		return;
	detail(rec, more, sizeof(more));
	if (rec->state != MV_STATE_RETURNED)
		pr_info("seq %llu: %*pE: %s, decided by %s%s\n", rec->seq, len, name,
			mv_state_name(rec->state), mv_decider_name(rec->decided_by), more);
	else
		pr_info("seq %llu: %*pE: %s (%d %s), decided by %s%s\n", rec->seq, len, name,
			loaded ? "loaded" : "refused", rec->result,
			mv_errname(rec->result, err), mv_decider_name(rec->decided_by), more);
}
