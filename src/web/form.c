/* form.c — see form.h. */
#include "form.h"
#include "../core/choice.h"
#include "html.h"
#include "layout.h"

#include <string.h>

void form_error_summary(struct html *b, const char *field, const char *label,
                        const char *message)
{
	html_raw(
	    b,
	    "<div class=\"usa-alert usa-alert--error\" role=\"alert\">"
	    "<div class=\"usa-alert__body\"><h2 class=\"usa-alert__heading\">"
	    "Please check this form</h2><p class=\"usa-alert__text\">"
	    "<a class=\"usa-link\" href=\"#");
	html_attr(b, field);
	html_raw(b, "\">");
	html_text(b, label);
	html_raw(b, "</a>: ");
	html_text(b, message);
	html_raw(b, "</p></div></div>\n");
}

/* The field's error, tied to it by id NAME-error (aria-describedby). */
static void error_message(struct html *b, const struct form_field *f)
{
	if (!f->error)
		return;
	html_raw(b, "<span class=\"usa-error-message\" id=\"");
	html_attr(b, f->name);
	html_raw(b, "-error\" role=\"alert\">");
	html_text(b, f->error);
	html_raw(b, "</span>");
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
	html_attr(b, f->name);
	html_raw(b, "\">");
	html_text(b, f->label);
	html_raw(b, "</label>");
	if (f->hint) {
		html_raw(b, "<div class=\"usa-hint\" id=\"");
		html_attr(b, f->name);
		html_raw(b, "-hint\">");
		html_text(b, f->hint);
		html_raw(b, "</div>");
	}
	error_message(b, f);
}

static void described_by(struct html *b, const struct form_field *f)
{
	if (!f->hint && !f->error)
		return;
	html_raw(b, " aria-describedby=\"");
	if (f->hint) {
		html_attr(b, f->name);
		html_raw(b, "-hint");
	}
	if (f->error) {
		if (f->hint)
			html_raw(b, " ");
		html_attr(b, f->name);
		html_raw(b, "-error");
	}
	html_raw(b, "\"");
	if (f->error)
		html_raw(b, " aria-invalid=\"true\"");
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
	html_raw(b, "<select class=\"usa-select\" id=\"");
	html_attr(b, f->name);
	html_raw(b, "\" name=\"");
	html_attr(b, f->name);
	html_raw(b, "\"");
	described_by(b, f);
	html_raw(b, ">");
	for (int i = 0; i < count; i++) {
		html_raw(b, "<option value=\"");
		html_attr(b, choices[i].code);
		html_raw(b, "\"");
		if (f->value && !strcmp(f->value, choices[i].code))
			html_raw(b, " selected");
		html_raw(b, ">");
		html_text(b, choices[i].label);
		html_raw(b, "</option>");
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
	html_attr(b, f->name);
	html_raw(b, "\" name=\"");
	html_attr(b, f->name);
	html_raw(b, "\" type=\"");
	html_attr(b, type);
	html_raw(b, "\" value=\"");
	html_attr(b, f->value ? f->value : "");
	html_raw(b, "\"");
	if (f->autocomplete) {
		html_raw(b, " autocomplete=\"");
		html_attr(b, f->autocomplete);
		html_raw(b, "\"");
	}
	described_by(b, f);
	html_raw(b, "></div>\n");
}

void form_textarea(struct html *b, const struct form_field *f)
{
	group_open(b, f);
	label_hint_error(b, f);
	html_raw(b, "<textarea class=\"usa-textarea\" rows=\"3\" id=\"");
	html_attr(b, f->name);
	html_raw(b, "\" name=\"");
	html_attr(b, f->name);
	html_raw(b, "\"");
	described_by(b, f);
	html_raw(b, ">");
	html_text(b, f->value ? f->value : "");
	html_raw(b, "</textarea></div>\n");
}

void form_radios(struct html *b, const struct form_field *f,
                 const struct choice *choices, int count)
{
	group_open(b, f);
	html_raw(b, "<fieldset class=\"usa-fieldset\" id=\"");
	html_attr(b, f->name);
	html_raw(b, "\"");
	described_by(b, f);
	html_raw(b, "><legend class=\"usa-legend\">");
	html_text(b, f->label);
	html_raw(b, "</legend>");
	error_message(b, f);
	for (int i = 0; i < count; i++) {
		html_raw(b, "<div class=\"usa-radio\"><input "
		            "class=\"usa-radio__input\" "
		            "type=\"radio\" id=\"");
		html_attr(b, f->name);
		html_raw(b, "-");
		html_attr(b, choices[i].code);
		html_raw(b, "\" name=\"");
		html_attr(b, f->name);
		html_raw(b, "\" value=\"");
		html_attr(b, choices[i].code);
		html_raw(b, "\"");
		if (f->value && !strcmp(f->value, choices[i].code))
			html_raw(b, " checked");
		html_raw(b, "><label class=\"usa-radio__label\" for=\"");
		html_attr(b, f->name);
		html_raw(b, "-");
		html_attr(b, choices[i].code);
		html_raw(b, "\">");
		html_text(b, choices[i].label);
		html_raw(b, "</label></div>");
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
	html_raw(
	    b,
	    "<div class=\"usa-checkbox\"><input class=\"usa-checkbox__input\" "
	    "type=\"checkbox\" value=\"1\" id=\"");
	html_attr(b, name);
	html_raw(b, "\" name=\"");
	html_attr(b, name);
	html_raw(b, "\"");
	if (on)
		html_raw(b, " checked");
	html_raw(b, "><label class=\"usa-checkbox__label\" for=\"");
	html_attr(b, name);
	html_raw(b, "\">");
	html_text(b, label);
	html_raw(b, "</label></div>");
}
