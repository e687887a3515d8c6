/* fields.h — declared inputs: one table per entity says each field's
 * name, label, type and limits, and where it lives in the entity's
 * struct; that one table drives form parsing, JSON parsing, validation
 * with errors that name the field, and the JSON writer (Kore's
 * validators, kcgi's field tables).
 *
 *	static const struct field team_fields[] = {
 *	    FIELD_LINE_AT(struct team, name, "name", "Name", FIELD_REQUIRED,
 *120), FIELD_CHOICE_AT(struct team, kind, "kind", "Kind", FIELD_REQUIRED,
 *	                    team_kinds, &team_kind_count),
 *	};
 *	fields_from_form(r, FIELDS(team_fields), &t);
 *	if (fields_validate(&r->arena, FIELDS(team_fields), &t, &e)) …
 *
 * Text values are stored trimmed, as const char * in request memory; an
 * absent text field reads as "". */
#ifndef WAYPOINT_FIELDS_H
#define WAYPOINT_FIELDS_H

#include "../core/buf.h"
#include "../core/choice.h"
#include "../core/field_error.h"
#include "../http/req.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum field_type {
	FIELD_LINE,   /* one line of text (no line breaks, no tabs) */
	FIELD_TEXT,   /* several lines */
	FIELD_DATE,   /* a calendar date, YYYY-MM-DD */
	FIELD_TIME,   /* a time of day, HH:MM (24-hour) */
	FIELD_EMAIL,  /* one line with an @ */
	FIELD_CHOICE, /* a code from a table of choices */
	FIELD_FLAG,   /* bool: a ticked checkbox; JSON true or false */
	FIELD_ID,     /* int64_t: a record id; 0 when absent */
};

enum field_flags {
	FIELD_REQUIRED = 1 << 0,
	FIELD_NOT_FUTURE = 1 << 1,  /* dates: today or earlier, locally */
	FIELD_INPUT_ONLY = 1 << 2,  /* read, never written back (fields_json) */
	FIELD_OUTPUT_ONLY = 1 << 3, /* written, never read (ids, stamps) */
	FIELD_AS_TYPED = 1 << 4, /* read untrimmed: a password's spaces count */
};

struct field {
	const char *name;  /* in forms and JSON */
	const char *label; /* as the form shows it: errors use it */
	enum field_type type;
	unsigned flags;
	int max; /* characters, for text; 0: no limit beyond the body's */
	const struct choice *choices; /* FIELD_CHOICE */
	const int *nchoices;
	size_t offset; /* of the member in the entity's struct */
	/* the sentence when the value is refused; NULL for the standard one
	 * ("Name is required.", "Name must be at most 120 characters…") */
	const char *message;
};

#define FIELDS(list) (list), (int)(sizeof(list) / sizeof((list)[0]))

/* One field of an entity's struct T, member m.  Anything after the limits
 * is more designated initializers, such as .message = "…". */
#define FIELD_AT_(T, m, name_, label_, type_, flags_, max_, ...)               \
	{                                                                      \
		.name = (name_), .label = (label_), .type = (type_),           \
		.flags = (flags_), .max = (max_), .offset = offsetof(T, m),    \
		__VA_ARGS__                                                    \
	}
#define FIELD_LINE_AT(T, m, name, label, flags, max, ...)                      \
	FIELD_AT_(T, m, name, label, FIELD_LINE, flags, max, __VA_ARGS__)
#define FIELD_TEXT_AT(T, m, name, label, flags, max, ...)                      \
	FIELD_AT_(T, m, name, label, FIELD_TEXT, flags, max, __VA_ARGS__)
#define FIELD_DATE_AT(T, m, name, label, flags, ...)                           \
	FIELD_AT_(T, m, name, label, FIELD_DATE, flags, 10, __VA_ARGS__)
#define FIELD_TIME_AT(T, m, name, label, flags, ...)                           \
	FIELD_AT_(T, m, name, label, FIELD_TIME, flags, 5, __VA_ARGS__)
#define FIELD_EMAIL_AT(T, m, name, label, flags, max, ...)                     \
	FIELD_AT_(T, m, name, label, FIELD_EMAIL, flags, max, __VA_ARGS__)
#define FIELD_FLAG_AT(T, m, name, label, ...)                                  \
	FIELD_AT_(T, m, name, label, FIELD_FLAG, 0, 0, __VA_ARGS__)
#define FIELD_ID_AT(T, m, name, label, flags, ...)                             \
	FIELD_AT_(T, m, name, label, FIELD_ID, flags, 0, __VA_ARGS__)
#define FIELD_CHOICE_AT(T, m, name, label, flags, list, count, ...)            \
	FIELD_AT_(T, m, name, label, FIELD_CHOICE, flags, 0,                   \
	          .choices = (list), .nchoices = (count), __VA_ARGS__)

/* fields_from_form reads each field of the table from the request's form
 * into obj: text trimmed ("" when absent; FIELD_AS_TYPED: as sent), a flag
 * ticked when sent as 1, on or yes, an id when it is one (else 0). */
void fields_from_form(struct req *r, const struct field *f, int n, void *obj);

/* fields_from_json reads the JSON body into obj, refusing (400, naming
 * the field) a field not in the table or extra (NULL-terminated, may be
 * NULL) and a value of the wrong JSON type; absent or null fields read as
 * from an empty form.  Returns GO_ON or ANSWERED. */
enum answer fields_from_json(struct req *r, const struct field *f, int n,
                             const char *const *extra, void *obj);

/* fields_validate checks obj against the table, in table order: 0, or -1
 * with *e naming the first field at fault and saying why (the sentence
 * in arena a, or the field's own message). */
int fields_validate(struct arena *a, const struct field *f, int n,
                    const void *obj, struct field_error *e);

/* fields_validate_in is fields_validate for a record kept in time zone
 * zone (core/local_time.h, the record's program's): a FIELD_NOT_FUTURE
 * date is compared with today there.  fields_validate compares with
 * today in UTC, so a table with such a field is validated with this. */
int fields_validate_in(struct arena *a, const struct field *f, int n,
                       const void *obj, const char *zone,
                       struct field_error *e);

/* fields_validate_also is fields_validate_in for a second table of the
 * same form: its faults are added after those already in *e (which the
 * caller has cleared, or filled from the first table). */
int fields_validate_also(struct arena *a, const struct field *f, int n,
                         const void *obj, const char *zone,
                         struct field_error *e);

/* fields_check_one checks one field's value: the validator behind
 * fields_validate, for callers that check a value on its own. */
int fields_check_one(struct arena *a, const struct field *f, const void *obj,
                     struct field_error *e);

/* fields_json writes the fields as JSON members, "name":value, separated
 * by commas and without braces, so a writer can add its own around them;
 * a text field holding NULL is written as null. */
void fields_json(struct buf *b, const struct field *f, int n, const void *obj);

/* fields_required: the field called name must be given (a form marks
 * it). */
bool fields_required(const struct field *f, int n, const char *name);

/* fields_label is the label of the field called name, or name. */
const char *fields_label(const struct field *f, int n, const char *name);

#endif
