/* form.h — USWDS form fields that show their error beside them, tied to the
 * input by aria-describedby, and keep what the person typed. */
#ifndef WAYPOINT_FORM_H
#define WAYPOINT_FORM_H

#include "../core/buf.h"
#include "../core/field_error.h"
#include "html.h"
#include "../http/req.h"

#include <stdbool.h>

struct choice;

/* form_csrf writes the session's CSRF token as a hidden field: every form
 * that changes something carries it (nothing when there is no session). */
void form_csrf(struct req *r);

/* A field: name (also the id), its label, the value to show, an optional
 * hint, and the error message when this field is at fault (else NULL);
 * a required field's label is marked (and the control aria-required). */
struct form_field {
	const char *name, *label, *value, *hint, *error;
	const char *autocomplete; /* optional */
	bool required;
};

/* form_error_summary writes the GOV.UK / USWDS error summary: every field
 * at fault in e, by its visible label, each linked to its field so that
 * screen-reader and keyboard users get there in one step.  label is the
 * first field's label as this form shows it (NULL: the validator's). */
void form_error_summary(struct html *b, const struct field_error *e,
                        const char *label);

/* form_required_note says how required fields are marked; a form with
 * any writes it once, above its first field. */
void form_required_note(struct html *b);

void form_text(struct html *b, const struct form_field *f);
/* form_input: an input of another type ("date", "time", "number"). */
void form_input(struct html *b, const struct form_field *f, const char *type);
/* form_select writes a drop-down list, one option per choice. */
void form_select(struct html *b, const struct form_field *f,
                 const struct choice *choices, int count);
void form_textarea(struct html *b, const struct form_field *f);
/* form_checkbox writes one checkbox sending value 1 when on. */
void form_checkbox(struct html *b, const char *name, const char *label,
                   bool on);
/* form_radios writes a fieldset of radio buttons, one per choice. */
void form_radios(struct html *b, const struct form_field *f,
                 const struct choice *choices, int count);

#endif
