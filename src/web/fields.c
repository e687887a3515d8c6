/* fields.c — see fields.h. */
#include "fields.h"
#include "../core/local_time.h"
#include "../core/text.h"
#include "../http/response.h"
#include "json.h"

#include <stdio.h>
#include <string.h>

static const char **text_at(const struct field *f, const void *obj)
{
	return (const char **)((const char *)obj + f->offset);
}

static bool *flag_at(const struct field *f, const void *obj)
{
	return (bool *)((const char *)obj + f->offset);
}

static int64_t *id_at(const struct field *f, const void *obj)
{
	return (int64_t *)((const char *)obj + f->offset);
}

void fields_from_form(struct req *r, const struct field *f, int n, void *obj)
{
	for (int i = 0; i < n; i++) {
		if (f[i].flags & FIELD_OUTPUT_ONLY)
			continue;
		const char *v = req_form(r, f[i].name);
		int64_t id = 0;
		if (f[i].type == FIELD_FLAG)
			*flag_at(&f[i], obj) =
			    v && (!strcmp(v, "1") || !strcmp(v, "on") ||
			          !strcmp(v, "yes"));
		else if (f[i].type == FIELD_ID)
			*id_at(&f[i], obj) = text_to_id(v, &id) ? id : 0;
		else if (f[i].flags & FIELD_AS_TYPED)
			*text_at(&f[i], obj) = v ? v : "";
		else
			*text_at(&f[i], obj) = req_form_text(r, f[i].name);
	}
}

static const struct field *find(const struct field *f, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(f[i].name, name) &&
		    !(f[i].flags & FIELD_OUTPUT_ONLY))
			return &f[i];
	return NULL;
}

static bool listed(const char *const *extra, const char *name)
{
	for (; extra && *extra; extra++)
		if (!strcmp(*extra, name))
			return true;
	return false;
}

static enum answer bad_type(struct req *r, const struct field *f,
                            const char *what)
{
	reply_error(r, 400, "bad_type",
	            arena_sprintf(&r->arena, "%s must be %s.", f->name, what),
	            f->name);
	return ANSWERED;
}

/* One JSON value into its member; null reads as absent. */
static enum answer read_json(struct req *r, const struct field *f, json_t *v,
                             void *obj)
{
	bool absent = !v || json_is_null(v);
	switch (f->type) {
	case FIELD_FLAG:
		if (!absent && !json_is_boolean(v))
			return bad_type(r, f, "true or false");
		*flag_at(f, obj) = json_is_true(v);
		return GO_ON;
	case FIELD_ID:
		if (!absent && !json_is_integer(v))
			return bad_type(r, f, "a whole number");
		*id_at(f, obj) = absent ? 0 : json_integer_value(v);
		return GO_ON;
	default:
		if (!absent && !json_is_string(v))
			return bad_type(r, f, "a string");
		if (absent)
			*text_at(f, obj) = "";
		else if (f->flags & FIELD_AS_TYPED)
			*text_at(f, obj) =
			    arena_strdup(&r->arena, json_string_value(v));
		else
			*text_at(f, obj) = text_trim(
			    arena_strdup(&r->arena, json_string_value(v)));
		return GO_ON;
	}
}

enum answer fields_from_json(struct req *r, const struct field *f, int n,
                             const char *const *extra, void *obj)
{
	const char *key;
	json_t *value;
	json_object_foreach(r->json, key, value)
	{
		if (find(f, n, key) || listed(extra, key))
			continue;
		reply_error(r, 400, "unknown_field",
		            arena_sprintf(&r->arena,
		                          "\"%s\" is not a field of this "
		                          "request.",
		                          key),
		            arena_strdup(&r->arena, key));
		return ANSWERED;
	}
	for (int i = 0; i < n; i++)
		if (!(f[i].flags & FIELD_OUTPUT_ONLY) &&
		    read_json(r, &f[i], json_object_get(r->json, f[i].name),
		              obj) == ANSWERED)
			return ANSWERED;
	return GO_ON;
}

static bool has_control(const char *s, bool lines)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c < 0x20 || c == 0x7f) &&
		    !(lines && (c == '\n' || c == '\r' || c == '\t')))
			return true;
	}
	return false;
}

static bool is_time(const char *s)
{
	return strlen(s) == 5 && s[0] >= '0' && s[0] <= '2' && s[1] >= '0' &&
	       s[1] <= '9' && (s[0] < '2' || s[1] <= '3') && s[2] == ':' &&
	       s[3] >= '0' && s[3] <= '5' && s[4] >= '0' && s[4] <= '9';
}

static bool not_future(const char *date, const char *zone)
{
	char today[LOCAL_DATE_SIZE];
	local_today(zone ? zone : "UTC", today);
	return strncmp(date, today, 10) <= 0;
}

/* "must be community, inpatient or peer_desk": the codes, which is what
 * an API client needs; a form offers them as its choices. */
static const char *choices_sentence(struct arena *a, const struct field *f)
{
	struct buf b = {0};
	buf_puts(&b, "must be ");
	for (int i = 0; i < *f->nchoices; i++) {
		if (i)
			buf_puts(&b, i + 1 == *f->nchoices ? " or " : ", ");
		buf_puts(&b, f->choices[i].code);
	}
	const char *out = arena_strdup(a, b.data);
	buf_free(&b);
	return out;
}

/* Why a present text value is refused, or NULL when it is good. */
static const char *text_fault(struct arena *a, const struct field *f,
                              const char *v, const char *zone)
{
	switch (f->type) {
	case FIELD_DATE:
		if (!text_is_date(v))
			return "must be a date like 2026-04-17";
		if ((f->flags & FIELD_NOT_FUTURE) && !not_future(v, zone))
			return "must not be in the future";
		return NULL;
	case FIELD_TIME:
		return is_time(v) ? NULL : "must be a time like 14:30";
	case FIELD_CHOICE:
		return choice_known(f->choices, *f->nchoices, v)
		           ? NULL
		           : choices_sentence(a, f);
	case FIELD_EMAIL:
		if (!strchr(v, '@') || has_control(v, false))
			return "must be an address like name@example.org";
		break;
	default:
		break;
	}
	bool lines = f->type == FIELD_TEXT;
	if (has_control(v, lines))
		return lines ? "must not hold control characters"
		             : "must be on one line";
	if (f->max && utf8_length(v) > (size_t)f->max)
		return arena_sprintf(a, "must be at most %d characters",
		                     f->max);
	return NULL;
}

/* The fault goes first in *e, or after the first when there is one (the
 * caller has cleared e->field before the pass). */
static int fail(struct arena *a, const struct field *f, struct field_error *e,
                const char *why)
{
	const char *message =
	    f->message ? f->message : arena_sprintf(a, "%s %s.", f->label, why);
	if (!e->field) {
		e->field = f->name;
		e->message = message;
		e->label = f->label;
		e->nmore = 0;
	} else if (e->nmore < FIELD_ERRORS_MORE) {
		e->more[e->nmore++] =
		    (struct field_fault){f->name, f->label, message};
	}
	return -1;
}

static int check(struct arena *a, const struct field *f, const void *obj,
                 const char *zone, struct field_error *e)
{
	if (f->flags & FIELD_OUTPUT_ONLY)
		return 0;
	if (f->type == FIELD_FLAG)
		return 0;
	if (f->type == FIELD_ID)
		return (f->flags & FIELD_REQUIRED) && *id_at(f, obj) <= 0
		           ? fail(a, f, e, "is required")
		           : 0;
	const char *v = *text_at(f, obj);
	if (!v || !*v)
		return (f->flags & FIELD_REQUIRED)
		           ? fail(a, f, e, "is required")
		           : 0;
	const char *why = text_fault(a, f, v, zone);
	return why ? fail(a, f, e, why) : 0;
}

int fields_check_one(struct arena *a, const struct field *f, const void *obj,
                     struct field_error *e)
{
	e->field = NULL;
	e->label = NULL;
	e->nmore = 0;
	return check(a, f, obj, NULL, e);
}

/* Every field is checked, so that the form can list every fault at once;
 * the first stays in e->field for the API's error. */
int fields_validate_in(struct arena *a, const struct field *f, int n,
                       const void *obj, const char *zone, struct field_error *e)
{
	e->field = NULL;
	e->label = NULL;
	e->nmore = 0;
	return fields_validate_also(a, f, n, obj, zone, e);
}

int fields_validate_also(struct arena *a, const struct field *f, int n,
                         const void *obj, const char *zone,
                         struct field_error *e)
{
	int result = 0;
	for (int i = 0; i < n; i++)
		if (check(a, &f[i], obj, zone, e))
			result = -1;
	return result;
}

int fields_validate(struct arena *a, const struct field *f, int n,
                    const void *obj, struct field_error *e)
{
	return fields_validate_in(a, f, n, obj, NULL, e);
}

void fields_json(struct buf *b, const struct field *f, int n, const void *obj)
{
	bool first = true;
	for (int i = 0; i < n; i++) {
		if (f[i].flags & FIELD_INPUT_ONLY)
			continue;
		if (!first)
			buf_putc(b, ',');
		first = false;
		json_text(b, f[i].name);
		buf_putc(b, ':');
		if (f[i].type == FIELD_FLAG)
			json_bool(b, *flag_at(&f[i], obj));
		else if (f[i].type == FIELD_ID)
			json_int(b, *id_at(&f[i], obj));
		else
			json_text(b, *text_at(&f[i], obj));
	}
}

bool fields_required(const struct field *f, int n, const char *name)
{
	const struct field *one = find(f, n, name);
	return one && (one->flags & FIELD_REQUIRED);
}

const char *fields_label(const struct field *f, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(f[i].name, name))
			return f[i].label;
	return name;
}
