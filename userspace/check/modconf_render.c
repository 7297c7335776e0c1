// SPDX-License-Identifier: GPL-2.0
/*
 * modprobe's configuration about a module (modconf.h), as text and JSON:
 * each fact with what modprobe does because of it, and the aliases a
 * blacklist concerns (the module's own, from .modinfo, through which udev
 * loads it, and those of the configuration).
 */
#include "modconf.h"

/* Aliases listed in the text before "and N more" */
#define TEXT_ALIASES	3

static void print_modinfo_aliases(FILE *out, const struct mv_elfmod *m)
{
	const char *a = NULL;
	size_t n = 0;

	while ((a = mv_modinfo_next(m, "alias", a))) {
		if (n < TEXT_ALIASES)
			fprintf(out, "%s%s", n ? ", " : "", a);
		n++;
	}
	if (!n)
		fputs("none", out);
	else if (n > TEXT_ALIASES)
		fprintf(out, " and %zu more", n - TEXT_ALIASES);
}

void mv_modconf_print(FILE *out, const struct mv_modconf *c, const char *why,
		      const struct mv_elfmod *m, const char *config_path)
{
	size_t i;

	if (!c) {
		fprintf(out, "\nmodprobe config: not read: %s\n", why);
		return;
	}
	fprintf(out, "\nmodprobe config: %s, about %s\n",
		config_path ? config_path : "the system's (/etc/modprobe.d, /lib/modprobe.d, ...)",
		c->name);
	if (c->install && c->install_ignored)
		fprintf(out, "  install:      %s\n"
			"                ignored: a softdep names installed modules, and modprobe then loads %s with them instead of running the command\n",
			c->install, c->name);
	else if (c->install)
		fprintf(out, "  install:      %s\n"
			"                'modprobe %s' runs it instead of loading the module and exits with its status (nothing is loaded: /bin/false exits 1, /bin/true 0); insmod is not affected\n",
			c->install, c->name);
	if (c->blacklisted)
		fprintf(out, "  blacklist:    yes\n"
			"                a load through an alias (udev, 'modprobe ALIAS') skips the module; 'modprobe %s' by name is not affected (but by 'modprobe -b')\n",
			c->name);
	if (c->options)
		fprintf(out, "  options:      %s (modprobe passes them at load)\n",
			c->options);
	if (c->softdep)
		fprintf(out, "  softdep:      %s (modprobe loads those modules before or after it)\n",
			c->softdep);
	if (!c->install && !c->blacklisted && !c->options && !c->softdep)
		fputs("  nothing:      no install, blacklist, options or softdep line names it\n", out);
	fputs("  aliases:      config: ", out);
	for (i = 0; i < c->nr_aliases; i++)
		fprintf(out, "%s%s", i ? ", " : "", c->aliases[i]);
	fputs(c->nr_aliases ? "; .modinfo: " : "none; .modinfo: ", out);
	print_modinfo_aliases(out, m);
	fputc('\n', out);
}

void mv_modconf_json(struct json_writer *w, const struct mv_modconf *c,
		     const struct mv_elfmod *m, const char *config_path)
{
	const char *a = NULL;
	size_t i;

	jsonw_name(w, "modprobe_config");
	if (!c) {
		jsonw_null(w);
		return;
	}
	jsonw_start_object(w);
	jsonw_string_field(w, "config", config_path);
	jsonw_string_field(w, "name", c->name);
	jsonw_bool_field(w, "blacklisted", c->blacklisted);
	jsonw_string_field(w, "install", c->install);
	jsonw_bool_field(w, "install_ignored", c->install_ignored);
	jsonw_string_field(w, "options", c->options);
	jsonw_string_field(w, "softdep", c->softdep);
	jsonw_name(w, "config_aliases");
	jsonw_start_array(w);
	for (i = 0; i < c->nr_aliases; i++)
		jsonw_string(w, c->aliases[i]);
	jsonw_end_array(w);
	jsonw_name(w, "modinfo_aliases");
	jsonw_start_array(w);
	while ((a = mv_modinfo_next(m, "alias", a)))
		jsonw_string(w, a);
	jsonw_end_array(w);
	jsonw_end_object(w);
}
