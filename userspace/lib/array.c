// SPDX-License-Identifier: GPL-2.0
/* Growing heap arrays one element at a time (array.h). */
#include <stdlib.h>
#include <string.h>

#include "array.h"

void *mv_array_append(void *array_ptr, size_t *nr, size_t size)
{
	void **array = array_ptr;
	char *grown;

	/* Capacity is 4, then doubles each time *nr reaches a power of two. */
	if (*nr == 0 || (*nr >= 4 && (*nr & (*nr - 1)) == 0)) {
		size_t capacity = *nr == 0 ? 4 : *nr * 2;

		grown = realloc(*array, capacity * size);
		if (!grown)
			return NULL;
		*array = grown;
	}
	grown = (char *)*array + *nr * size;
	memset(grown, 0, size);
	(*nr)++;
	return grown;
}
