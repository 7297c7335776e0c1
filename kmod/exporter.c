// SPDX-License-Identifier: GPL-2.0
/*
 * Who exports a symbol whose CRC did not match.  check_version() gets the
 * kernel's CRC as a pointer into the exporter's CRC table: into vmlinux, or
 * into a module's memory.  The module is found as __module_address() finds
 * it, by walking the module list with preemption disabled (a probe handler
 * runs so; the list is RCU-protected, and modules are freed only after a
 * grace period).  Neither __module_address() nor the list's head is
 * exported: the walk starts from modverify's own entry, and the head is
 * the one entry that is not in module memory.  It runs only for a
 * mismatch, and stops after MV_MAX_MODULES entries.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/pgtable.h>
#include <linux/rculist.h>
#include <linux/string.h>

#include "modverify.h"

#define MV_MAX_MODULES		8192	/* list entries walked at most */

#if defined(MODULES_VADDR) && defined(MODULES_END)
/* A struct module lives in its module's memory; the list's head does not. */
static bool is_module_entry(const struct list_head *node)
{
	unsigned long addr = (unsigned long)node;

	return addr >= MODULES_VADDR && addr < MODULES_END;
}

/* The module whose memory holds @addr, or NULL (vmlinux). */
static const struct module *module_of(unsigned long addr, bool *known)
{
	const struct list_head *self = &THIS_MODULE->list, *node;
	unsigned int n;

	*known = true;
	if (within_module(addr, THIS_MODULE))
		return THIS_MODULE;
	node = READ_ONCE(self->next);
	for (n = 0; node != self; n++, node = READ_ONCE(node->next)) {
		const struct module *mod = list_entry(node, struct module, list);

		if (n == MV_MAX_MODULES) {
			*known = false;
			return NULL;
		}
		if (is_module_entry(node) && READ_ONCE(mod->state) != MODULE_STATE_UNFORMED &&
		    within_module(addr, mod))
			return mod;
	}
	return NULL;
}
#else
static const struct module *module_of(unsigned long addr, bool *known)
{
	*known = false;
	return NULL;
}
#endif

/**
 * mv_exporter_note() - note who exports @symbol, whose CRC did not match
 * @rec: the attempt's record
 * @symbol: the symbol, as in its crc line
 * @crcp: the kernel's CRC of it, as check_version() got it
 */
void mv_exporter_note(struct mv_record *rec, const char *symbol, const s32 *crcp)
{
	struct mv_exporter *e;
	const struct module *mod;
	bool known;

	if (rec->n_exporters == MV_MAX_EXPORTERS)
		return;
	e = &rec->exporters[rec->n_exporters++];
	strscpy(e->symbol, symbol, sizeof(e->symbol));
	mod = module_of((unsigned long)crcp, &known);
	e->known = known;
	e->owner[0] = '\0';
	e->taints = 0;
	if (mod) {
		strscpy(e->owner, mod->name, sizeof(e->owner));
		e->taints = READ_ONCE(mod->taints);
	}
}
