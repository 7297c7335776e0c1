// SPDX-License-Identifier: GPL-2.0
/* The one-line kernel log per attempt (klog.c, module parameter log=). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kt.h"

static struct mv_record *refused_vermagic(const char *module)
{
	struct mv_record *rec = calloc(1, sizeof(*rec));

	if (!rec)
		abort();
	rec->seq = 7;
	strscpy(rec->module, module, sizeof(rec->module));
	rec->result = -ENOEXEC;
	rec->decided_by = MV_DECIDED_VERMAGIC;
	strscpy(rec->vermagic_module, "6.1.0-50-cloud-amd64 SMP", sizeof(rec->vermagic_module));
	strscpy(rec->vermagic_kernel, "6.1.0-57-cloud-amd64 SMP", sizeof(rec->vermagic_kernel));
	return rec;
}

void test_klog(void)
{
	struct mv_record *rec = refused_vermagic("mv_good");
	struct mv_record *ok = refused_vermagic("mv_ok");
	const char *want = "modverify: seq 7: mv_good: refused (-8 ENOEXEC), decided by vermagic: "
			   "module '6.1.0-50-cloud-amd64 SMP', kernel '6.1.0-57-cloud-amd64 SMP'\n";

	ok->result = 0;
	ok->decided_by = MV_DECIDED_LOADED;
	kh_check("klog-bad-mode", mv_klog_init("everything") == -EINVAL, "log=everything accepted");

	mv_klog_init("none");
	kh_log_reset();
	mv_klog(rec);
	kh_check("klog-none", !kh_log()[0], "log=none printed '%s'", kh_log());

	mv_klog_init("refused");
	kh_log_reset();
	mv_klog(ok);
	mv_klog(rec);
	kh_check("klog-refused", !strcmp(kh_log(), want), "log=refused printed '%s'", kh_log());

	mv_klog_init("all");
	kh_log_reset();
	mv_klog(ok);
	kh_check("klog-all", strstr(kh_log(), "mv_ok: loaded (0 OK), decided by loaded\n"),
		 "log=all printed '%s'", kh_log());

	/* A name from the image cannot start a log line of its own. */
	strscpy(rec->module, "evil\nmodverify: seq 1: forged", sizeof(rec->module));
	kh_log_reset();
	mv_klog(rec);
	kh_check("klog-escaped", !strchr(kh_log(), '\n') || strchr(kh_log(), '\n')[1] == '\0',
		 "printed '%s'", kh_log());
	mv_klog_init("none");
	free(rec);
	free(ok);
}
