// SPDX-License-Identifier: GPL-2.0
/*
 * modprobe's configuration about a module (modconf.h), with libkmod.
 *
 * libkmod matches each kind of line its own way, and so does this file,
 * with libkmod's functions where it has them: the install command and the
 * options are kmod_module_get_install_commands() (the first line whose
 * pattern fnmatch()es the name) and kmod_module_get_options() (every line
 * of the name); blacklist lines are compared by name, as libkmod's
 * module_is_blacklisted() does; softdep lines by fnmatch(), the first
 * that matches, as kmod_module_get_softdeps() does (which would also look
 * the named modules up: only the line's text is wanted here); alias lines
 * by their module name.  The config parser has already made '-' '_' in
 * the names it keeps.  When a softdep of the module names modules found
 * under modules_dir, libkmod's probe ignores the install command and loads
 * the module (__kmod_module_fill_softdep()): kmod_module_get_softdeps()
 * tells, as it tells modprobe.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "modconf.h"

#ifdef MV_HAVE_LIBKMOD
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <libkmod.h>

/* libkmod's complaints (an unreadable or malformed file) as warnings */
static void log_kmod(void *data, int priority, const char *file, int line,
		     const char *fn, const char *format, va_list args)
{
	char text[512];

	(void)data;
	(void)priority;
	(void)file;
	(void)line;
	(void)fn;
	vsnprintf(text, sizeof(text), format, args);
	text[strcspn(text, "\n")] = '\0';
	mv_log(MV_LOG_WARNING, "libkmod: %s", text);
}

/* libkmod will load the module rather than run its install command */
static int softdeps_found(struct kmod_module *mod, bool *found)
{
	struct kmod_list *pre = NULL, *post = NULL;
	int ret = kmod_module_get_softdeps(mod, &pre, &post);

	*found = pre || post;
	kmod_module_unref_list(pre);
	kmod_module_unref_list(post);
	return ret < 0 ? ret : 0;
}

static int dup_value(char **out, const char *value)
{
	if (!value)
		return 0;
	*out = strdup(value);
	return *out ? 0 : -ENOMEM;
}

static int add_alias(struct mv_modconf *c, const char *alias)
{
	char **grown = realloc(c->aliases, (c->nr_aliases + 1) * sizeof(*grown));

	if (!grown)
		return -ENOMEM;
	c->aliases = grown;
	c->aliases[c->nr_aliases] = strdup(alias);
	return c->aliases[c->nr_aliases++] ? 0 : -ENOMEM;
}

/* The kinds of line scan() matches itself (the header comment says how). */
enum line_kind { BLACKLIST, SOFTDEP, ALIAS };

static int scan(struct mv_modconf *c, struct kmod_config_iter *iter,
		enum line_kind kind)
{
	int ret = 0;

	if (!iter)
		return -ENOMEM;
	while (!ret && kmod_config_iter_next(iter)) {
		const char *key = kmod_config_iter_get_key(iter);
		const char *value = kmod_config_iter_get_value(iter);

		switch (kind) {
		case BLACKLIST:
			c->blacklisted |= strcmp(key, c->name) == 0;
			break;
		case SOFTDEP:
			if (!c->softdep && fnmatch(key, c->name, 0) == 0)
				ret = dup_value(&c->softdep, value);
			break;
		case ALIAS:
			if (value && strcmp(value, c->name) == 0)
				ret = add_alias(c, key);
			break;
		}
	}
	kmod_config_iter_free_iter(iter);
	return ret;
}

int mv_modconf_read(const char *name, const char *modules_dir,
		    const char *config_path, struct mv_modconf *c,
		    struct mv_error *err)
{
	const char *paths[] = { config_path, NULL };
	struct kmod_module *mod = NULL;
	struct kmod_ctx *ctx;
	int ret;

	memset(c, 0, sizeof(*c));
	ctx = kmod_new(modules_dir, config_path ? paths : NULL);
	if (!ctx) {
		mv_error_set(err, NULL, "libkmod cannot read modprobe's configuration");
		return -ENOMEM;
	}
	kmod_set_log_fn(ctx, log_kmod, NULL);
	ret = kmod_module_new_from_name(ctx, name, &mod);
	if (!ret) {
		snprintf(c->name, sizeof(c->name), "%s", kmod_module_get_name(mod));
		ret = dup_value(&c->install, kmod_module_get_install_commands(mod));
	}
	if (!ret)
		ret = dup_value(&c->options, kmod_module_get_options(mod));
	if (!ret && c->install)
		ret = softdeps_found(mod, &c->install_ignored);
	if (!ret)
		ret = scan(c, kmod_config_get_blacklists(ctx), BLACKLIST);
	if (!ret)
		ret = scan(c, kmod_config_get_softdeps(ctx), SOFTDEP);
	if (!ret)
		ret = scan(c, kmod_config_get_aliases(ctx), ALIAS);
	kmod_module_unref(mod);
	kmod_unref(ctx);
	if (ret) {
		mv_modconf_free(c);
		mv_error_set(err, NULL, "reading modprobe's configuration with libkmod: %s",
			     strerror(-ret));
	}
	return ret;
}

#else

int mv_modconf_read(const char *name, const char *modules_dir,
		    const char *config_path, struct mv_modconf *c,
		    struct mv_error *err)
{
	(void)name;
	(void)modules_dir;
	(void)config_path;
	memset(c, 0, sizeof(*c));
	mv_error_set(err, NULL,
		     "this modverify was built without libkmod (libkmod-dev)");
	return -ENOSYS;
}

#endif /* MV_HAVE_LIBKMOD */

void mv_modconf_free(struct mv_modconf *c)
{
	size_t i;

	free(c->install);
	free(c->options);
	free(c->softdep);
	for (i = 0; i < c->nr_aliases; i++)
		free(c->aliases[i]);
	free(c->aliases);
	memset(c, 0, sizeof(*c));
}
