// SPDX-License-Identifier: GPL-2.0
/*
 * mvbpf: attach and detach the benchmark's BPF rival (mvb.bpf.c) in the
 * guest, and read its counters.  Static (libbpf, libelf, libz), for the
 * guest's initramfs.  Debian 12's bpftool (7.1) loads an object but
 * cannot attach fentry/fexit programs (no autoattach, and `prog attach`
 * has no tracing types), so this does what `bpftool prog loadall ...
 * autoattach` does in newer versions: load, attach, pin the links.
 *
 *   mvbpf attach OBJ DIR	load OBJ, attach every program, pin the links
 *				and the counters in DIR (on a bpffs); the
 *				programs stay attached after it exits
 *   mvbpf counts DIR		print "loads N", "loads_done N",
 *				"crc_checks N", "dropped N"
 *
 * Removing DIR's pins detaches the programs.  Exit status: 0, 1 on error.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

static const char * const counter_names[] = { "loads", "loads_done", "crc_checks", "dropped" };

static int attach(const char *obj_path, const char *dir)
{
	struct bpf_object *obj = bpf_object__open_file(obj_path, NULL);
	struct bpf_program *prog;
	char path[512];
	int n = 0;

	if (!obj) {
		fprintf(stderr, "mvbpf: ERROR: open %s: %s\n", obj_path, strerror(errno));
		return 1;
	}
	if (bpf_object__load(obj)) {
		fprintf(stderr, "mvbpf: ERROR: load %s: %s\n", obj_path, strerror(errno));
		return 1;
	}
	bpf_object__for_each_program(prog, obj) {
		struct bpf_link *link = bpf_program__attach(prog);

		snprintf(path, sizeof(path), "%s/%s", dir, bpf_program__name(prog));
		if (!link || bpf_link__pin(link, path)) {
			fprintf(stderr, "mvbpf: ERROR: attach %s: %s\n",
				bpf_program__name(prog), strerror(errno));
			return 1;
		}
		printf("attached %s\n", bpf_program__section_name(prog));
		n++;
	}
	snprintf(path, sizeof(path), "%s/counts", dir);
	if (bpf_map__pin(bpf_object__find_map_by_name(obj, "counts"), path)) {
		fprintf(stderr, "mvbpf: ERROR: pin %s: %s\n", path, strerror(errno));
		return 1;
	}
	return n ? 0 : 1;
}

static int counts(const char *dir)
{
	char path[512];
	unsigned int i;
	__u64 v;
	int fd;

	snprintf(path, sizeof(path), "%s/counts", dir);
	fd = bpf_obj_get(path);
	if (fd < 0) {
		fprintf(stderr, "mvbpf: ERROR: %s: %s\n", path, strerror(errno));
		return 1;
	}
	for (i = 0; i < sizeof(counter_names) / sizeof(counter_names[0]); i++) {
		if (bpf_map_lookup_elem(fd, &i, &v)) {
			fprintf(stderr, "mvbpf: ERROR: counter %u: %s\n", i, strerror(errno));
			return 1;
		}
		printf("%s %llu\n", counter_names[i], (unsigned long long)v);
	}
	return 0;
}

int main(int argc, char **argv)
{
	libbpf_set_strict_mode(LIBBPF_STRICT_ALL);
	if (argc == 4 && !strcmp(argv[1], "attach"))
		return attach(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "counts"))
		return counts(argv[2]);
	fprintf(stderr, "usage: mvbpf attach OBJ DIR | counts DIR\n");
	return 2;
}
