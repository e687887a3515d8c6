/* program.c — program rules: kinds, unit rounding, validation. */
#include "program.h"
#include "../../core/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const struct choice program_kinds[] = {
    {"community", "Community"},
    {"inpatient", "Inpatient"},
    {"peer_desk", "Peer Desk (drop-in)"},
};
const int program_kind_count = sizeof program_kinds / sizeof program_kinds[0];

/* State rules differ on how minutes become 15-minute units (product.md:
 * billing notes), so each program picks one. */
const struct choice unit_rounding_rules[] = {
    {"eight_minute", "8-minute rule: 8 to 22 minutes is 1 unit, 23 to 37 is 2"},
    {"whole_units", "Whole units only: 15 to 29 minutes is 1 unit"},
    {"any_part", "Any part counts: 1 to 15 minutes is 1 unit, 16 to 30 is 2"},
};
const int unit_rounding_rule_count =
    sizeof unit_rounding_rules / sizeof unit_rounding_rules[0];

/* A program's own fields, in the order its JSON has them (crisis lines,
 * created_at and updated_at follow: see programs_api.c). */
const struct field program_fields[] = {
    FIELD_ID_AT(struct program, id, "id", "Program", FIELD_OUTPUT_ONLY),
    FIELD_LINE_AT(struct program, name, "name", "Name", FIELD_REQUIRED,
                  PROGRAM_NAME_MAX),
    FIELD_CHOICE_AT(struct program, kind, "kind", "Kind of program",
                    FIELD_REQUIRED, program_kinds, &program_kind_count),
    FIELD_LINE_AT(struct program, time_zone, "time_zone", "Time zone",
                  FIELD_REQUIRED, 64,
                  .message = "Time zone must be a time zone name such as "
                             "America/Chicago."),
    FIELD_CHOICE_AT(struct program, unit_rounding, "unit_rounding",
                    "Billing units", FIELD_REQUIRED, unit_rounding_rules,
                    &unit_rounding_rule_count),
    FIELD_FLAG_AT(struct program, require_two_step, "require_two_step",
                  "Two-step sign-in for everyone on its teams"),
    FIELD_LINE_AT(struct program, wellness_plan_label, "wellness_plan_label",
                  "Name of the wellness plan", 0, WELLNESS_LABEL_MAX),
    FIELD_FLAG_AT(struct program, part2, "part2",
                  "42 CFR Part 2 applies to this program"),
};
const int program_field_count =
    sizeof program_fields / sizeof program_fields[0];

const struct field program_edit_fields[] = {
    FIELD_DATE_AT(struct program_edit, rounding_from, "unit_rounding_from",
                  "New billing units from", 0,
                  .message = "New billing units from must be a date like "
                             "2026-12-01."),
};
const int program_edit_field_count =
    sizeof program_edit_fields / sizeof program_edit_fields[0];

int program_overdue_days_text(const char *text)
{
	int v = 0;
	if (!text || !*text)
		return 0;
	for (const char *c = text; *c; c++) {
		if (*c < '0' || *c > '9' || v > 1000)
			return -1;
		v = v * 10 + (*c - '0');
	}
	return v >= 1 && v <= 365 ? v : -1;
}

const char *program_field_label(const char *field)
{
	if (!strcmp(field, "referral_overdue_days"))
		return "Referral overdue after";
	if (!strcmp(field, "crisis_lines"))
		return "Crisis lines";
	if (!strcmp(field, "service_codes") || !strncmp(field, "code-", 5))
		return "Service codes";
	if (!strcmp(field, "unit_rounding_from"))
		return program_edit_fields[0].label;
	return fields_label(program_fields, program_field_count, field);
}

const char *program_wellness_label(const struct program *p,
                                   const char *installation_label)
{
	return p->wellness_plan_label && *p->wellness_plan_label
	           ? p->wellness_plan_label
	           : installation_label;
}

int billing_units(const char *rule, int minutes)
{
	if (minutes < 0)
		return -1;
	if (!strcmp(rule, "eight_minute"))
		return (minutes + 7) / 15;
	if (!strcmp(rule, "whole_units"))
		return minutes / 15;
	if (!strcmp(rule, "any_part"))
		return (minutes + 14) / 15;
	return -1;
}

static bool has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

/* An IANA zone name that this machine's time zone database knows. */
static bool time_zone_known(const char *tz)
{
	if (!*tz || tz[0] == '/' || strstr(tz, "..") || strlen(tz) > 64)
		return false;
	for (const char *p = tz; *p; p++)
		if (!strchr(
		        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		        "0123456789/_+-",
		        *p))
			return false;
	const char *dir = getenv("TZDIR");
	char path[256];
	snprintf(path, sizeof path, "%s/%s", dir ? dir : "/usr/share/zoneinfo",
	         tz);
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool phone_number_ok(const char *n)
{
	int digits = 0;
	for (const char *p = n; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (!strchr(" +-().", *p))
			return false;
	}
	return digits >= 3 && strlen(n) <= CRISIS_NUMBER_MAX;
}

int program_validate(struct arena *a, struct program *p, struct field_error *e)
{
	if (fields_validate(a, program_fields, program_field_count, p, e))
		return -1;
	if (!time_zone_known(p->time_zone))
		return field_fail(e, "time_zone",
		                  "Time zone must be a time zone "
		                  "name such as America/Chicago.");
	for (int i = 0; i < p->crisis_line_count; i++) {
		const struct crisis_line *c = &p->crisis_lines[i];
		if (!c->label || !*c->label ||
		    utf8_length(c->label) > CRISIS_LABEL_MAX ||
		    has_control(c->label))
			return field_fail(e, "crisis_lines",
			                  "Each crisis line needs a name of at "
			                  "most 100 characters.");
		if (!c->number || !phone_number_ok(c->number))
			return field_fail(
			    e, "crisis_lines",
			    "Each crisis line needs a phone number: "
			    "digits, spaces, + - ( ) and at least 3 "
			    "digits.");
	}
	if (p->referral_overdue_days < 0 || p->referral_overdue_days > 365)
		return field_fail(e, "referral_overdue_days",
		                  "Referral overdue after must be a whole "
		                  "number of days from 1 to 365.");
	if (p->crisis_line_count == 0) {
		p->crisis_lines[0] = (struct crisis_line){
		    "988 Suicide & Crisis Lifeline", "988"};
		p->crisis_line_count = 1;
	}
	return 0;
}

int program_parse_crisis_lines(struct arena *a, const char *text,
                               struct program *p, struct field_error *e)
{
	p->crisis_line_count = 0;
	char *copy = arena_strdup(a, text ? text : "");
	int line_no = 0;
	for (char *save = NULL, *line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		line_no++;
		line = text_trim(line);
		if (!*line)
			continue;
		char *colon = strrchr(line, ':');
		if (!colon)
			return field_fail(
			    e, "crisis_lines",
			    arena_sprintf(a,
			                  "Crisis lines, line %d: "
			                  "write the name, a colon, "
			                  "then the number.",
			                  line_no));
		if (p->crisis_line_count == PROGRAM_MAX_CRISIS_LINES)
			return field_fail(e, "crisis_lines",
			                  "At most 10 crisis lines.");
		*colon = '\0';
		p->crisis_lines[p->crisis_line_count++] =
		    (struct crisis_line){text_trim(line), text_trim(colon + 1)};
	}
	return 0;
}
