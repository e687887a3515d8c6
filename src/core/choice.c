/* choice.c — see choice.h. */
#include "choice.h"

#include <string.h>

const char *choice_label(const struct choice *list, int count, const char *code)
{
	for (int i = 0; i < count; i++)
		if (!strcmp(list[i].code, code))
			return list[i].label;
	return code;
}

int choice_known(const struct choice *list, int count, const char *code)
{
	for (int i = 0; i < count; i++)
		if (!strcmp(list[i].code, code))
			return 1;
	return 0;
}
