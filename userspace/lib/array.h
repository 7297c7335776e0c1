/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Arrays: the element count of a fixed one, and growing a heap one by one
 * element at a time, as the record parser and the predictor both build
 * their lists.
 */
#ifndef MODVERIFY_ARRAY_H
#define MODVERIFY_ARRAY_H

#include <stddef.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * Grow *array_ptr (a pointer to an array of *nr elements of size bytes) by
 * one zeroed element and return it; NULL without memory, the array intact.
 */
void *mv_array_append(void *array_ptr, size_t *nr, size_t size);

#endif /* MODVERIFY_ARRAY_H */
