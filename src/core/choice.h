/* choice.h — one option of a fixed list: the code stored and the label
 * people read.  Lists of choices are tables in the feature that owns them. */
#ifndef WAYPOINT_CHOICE_H
#define WAYPOINT_CHOICE_H

struct choice {
	const char *code, *label;
};

/* choice_label returns the label for code, or code itself when unknown. */
const char *choice_label(const struct choice *list, int count,
                         const char *code);

/* choice_known answers whether code is one of the list. */
int choice_known(const struct choice *list, int count, const char *code);

#endif
