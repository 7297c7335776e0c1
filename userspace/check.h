/* SPDX-License-Identifier: GPL-2.0 */
/* `modverify check MODULE.ko`: predict what the kernel will say. */
#ifndef MODVERIFY_CHECK_H
#define MODVERIFY_CHECK_H

/* argv[0] is "check".  Returns the exit status (cli.h). */
int mv_check_main(int argc, char *argv[]);

#endif /* MODVERIFY_CHECK_H */
