/* form.c — see form.h. */
#include "form.h"
#include "../core/choice.h"
#include "html.h"
#include "layout.h"

#include <string.h>

static void summary_item(struct html *b, const char *field, const char *label,
                         const char *message)
{
	html_printf(b, "<li><a class=\"usa-link\" href=\"#%s\">%s</a>: %s</li>",
	            field, label ? label : field, message);
}

/* The summary takes focus when the page loads (tabindex -1 and the
 * data-error-summary hook in session.js), as GOV.UK's does: the person
 * hears it first and tabs from it straight into the fields. */
void form_error_summary(struct html *b, const struct field_error *e,
                        const char *label)
{
	if (!e || !e->field)
		return;
	html_printf(
	    b,
	    "<div class=\"usa-alert usa-alert--error\" role=\"alert\" "
	    "tabindex=\"-1\" data-error-summary><div "
	    "class=\"usa-alert__body\"><h2 class=\"usa-alert__heading\">"
	    "%s</h2><ul class=\"usa-list\">",
	    e->nmore ? "There are problems with this form"
	             : "There is a problem with this form");
	summary_item(b, e->field, label ? label : e->label, e->message);
	for (int i = 0; i < e->nmore; i++)
		summary_item(b, e->more[i].field, e->more[i].label,
		             e->more[i].message);
	html_raw(b, "</ul></div></div>\n");
}

void form_required_note(struct html *b)
{
	html_raw(b, "<p class=\"usa-hint\">Fields marked <span "
	            "class=\"usa-hint--required\">*</span> are "
	            "required.</p>\n");
}

/* The field's error, tied to it by id NAME-error (aria-describedby). */
static void error_message(struct html *b, const struct form_field *f)
{
	if (!f->error)
		return;
	html_printf(b,
	            "<span class=\"usa-error-message\" id=\"%s-error\" "
	            "role=\"alert\">%s</span>",
	            f->name, f->error);
}

/* The star is for the eye; a screen reader hears aria-required on the
 * control instead, and the label's name stays the words alone. */
static void required_mark(struct html *b)
{
	html_raw(b, " <span class=\"usa-hint usa-hint--required\" "
	            "aria-hidden=\"true\">*</span>");
}

static void group_open(struct html *b, const struct form_field *f)
{
	if (f->error)
		html_raw(
		    b, "<div class=\"usa-form-group usa-form-group--error\">");
	else
		html_raw(b, "<div class=\"usa-form-group\">");
}

/* label, hint and error message; the caller writes the control. */
static void label_hint_error(struct html *b, const struct form_field *f)
{
	if (f->error)
		html_raw(b,
		         "<label class=\"usa-label usa-label--error\" for=\"");
	else
		html_raw(b, "<label class=\"usa-label\" for=\"");
	html_printf(b, "%s\">%s", f->name, f->label);
	if (f->required)
		required_mark(b);
	html_raw(b, "</label>");
	if (f->hint) {
		html_printf(b,
		            "<div class=\"usa-hint\" id=\"%s-hint\">%s</div>",
		            f->name, f->hint);
	}
	error_message(b, f);
}

static void described_by(struct html *b, const struct form_field *f)
{
	if (!f->hint && !f->error)
		return;
	html_raw(b, " aria-describedby=\"");
	if (f->hint) {
		html_printf(b, "%s-hint", f->name);
	}
	if (f->error) {
		if (f->hint)
			html_raw(b, " ");
		html_printf(b, "%s-error", f->name);
	}
	html_raw(b, "\"");
	if (f->error)
		html_raw(b, " aria-invalid=\"true\"");
}

/* aria-required rather than required: the browser's own check would stop
 * the form before the server's summary could list every fault. */
static void required_attr(struct html *b, const struct form_field *f)
{
	if (f->required)
		html_raw(b, " aria-required=\"true\"");
}

void form_text(struct html *b, const struct form_field *f)
{
	form_input(b, f, "text");
}

void form_select(struct html *b, const struct form_field *f,
                 const struct choice *choices, int count)
{
	group_open(b, f);
	label_hint_error(b, f);
	html_printf(b, "<select class=\"usa-select\" id=\"%s\" name=\"%s\"",
	            f->name, f->name);
	described_by(b, f);
	required_attr(b, f);
	html_raw(b, ">");
	for (int i = 0; i < count; i++) {
		html_printf(b, "<option value=\"%s\"", choices[i].code);
		if (f->value && !strcmp(f->value, choices[i].code))
			html_raw(b, " selected");
		html_printf(b, ">%s</option>", choices[i].label);
	}
	html_raw(b, "</select></div>\n");
}

void form_input(struct html *b, const struct form_field *f, const char *type)
{
	group_open(b, f);
	label_hint_error(b, f);
	if (f->error)
		html_raw(b,
		         "<input class=\"usa-input usa-input--error\" id=\"");
	else
		html_raw(b, "<input class=\"usa-input\" id=\"");
	html_printf(b, "%s\" name=\"%s\" type=\"%s\" value=\"%s\"", f->name,
	            f->name, type, f->value ? f->value : "");
	if (f->autocomplete) {
		html_printf(b, " autocomplete=\"%s\"", f->autocomplete);
	}
	described_by(b, f);
	required_attr(b, f);
	html_raw(b, "></div>\n");
}

void form_textarea(struct html *b, const struct form_field *f)
{
	group_open(b, f);
	label_hint_error(b, f);
	html_printf(
	    b,
	    "<textarea class=\"usa-textarea\" rows=\"3\" id=\"%s\" name=\"%s\"",
	    f->name, f->name);
	described_by(b, f);
	required_attr(b, f);
	html_printf(b, ">%s</textarea></div>\n", f->value ? f->value : "");
}

void form_radios(struct html *b, const struct form_field *f,
                 const struct choice *choices, int count)
{
	group_open(b, f);
	html_printf(b, "<fieldset class=\"usa-fieldset\" id=\"%s\"", f->name);
	if (f->required)
		html_raw(b, " role=\"radiogroup\" aria-required=\"true\"");
	described_by(b, f);
	html_printf(b, "><legend class=\"usa-legend\">%s", f->label);
	if (f->required)
		required_mark(b);
	html_raw(b, "</legend>");
	error_message(b, f);
	for (int i = 0; i < count; i++) {
		html_printf(b,
		            "<div class=\"usa-radio\"><input "
		            "class=\"usa-radio__input\" type=\"radio\" "
		            "id=\"%s-%s\" name=\"%s\" value=\"%s\"",
		            f->name, choices[i].code, f->name, choices[i].code);
		if (f->value && !strcmp(f->value, choices[i].code))
			html_raw(b, " checked");
		html_printf(b,
		            "><label class=\"usa-radio__label\" "
		            "for=\"%s-%s\">%s</label></div>",
		            f->name, choices[i].code, choices[i].label);
	}
	html_raw(b, "</fieldset></div>\n");
}

void form_csrf(struct req *r)
{
	if (!r->has_session)
		return;
	html_raw(page_html(r),
	         "<input type=\"hidden\" name=\"csrf_token\" value=\"");
	html_attr(page_html(r), r->session.csrf);
	html_raw(page_html(r), "\">");
}

void form_checkbox(struct html *b, const char *name, const char *label, bool on)
{
	html_printf(
	    b,
	    "<div class=\"usa-checkbox\"><input class=\"usa-checkbox__input\" "
	    "type=\"checkbox\" value=\"1\" id=\"%s\" name=\"%s\"",
	    name, name);
	if (on)
		html_raw(b, " checked");
	html_printf(
	    b,
	    "><label class=\"usa-checkbox__label\" for=\"%s\">%s</label></div>",
	    name, label);
}
