/* signature_form.c — see signature_form.h. */
#include "signature_form.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/layout.h"
#include "consent.h"

#include <string.h>

void signature_image(struct html *b, const char *signer, const char *path)
{
	html_printf(
	    b,
	    "<br><svg class=\"signature\" viewBox=\"0 0 600 200\" role=\"img\" "
	    "aria-label=\"Signature drawn by %s\"><path fill=\"none\" "
	    "stroke=\"currentColor\" stroke-width=\"2\" d=\"%s\"/></svg>",
	    signer, path);
}

void signature_fields(struct req *r, const char *method, const char *path,
                      const struct field_error *e)
{
	struct html *b = page_html(r);
#define ERR(f) field_error_for(e, f)
	form_radios(b,
	            &(struct form_field){"signature_method", "How they sign",
	                                 method && *method ? method : "typed",
	                                 NULL, ERR("signature_method"), NULL,
	                                 false},
	            signature_methods, signature_method_count);
	html_raw(b, "<div id=\"signature-box\" class=\"signature-box\" "
	            "hidden><p class=\"usa-hint\" id=\"signature-hint\">"
	            "Sign in the box with a finger, pen or mouse.</p>");
	if (ERR("signature_path")) {
		html_printf(b,
		            "<span class=\"usa-error-message\" "
		            "id=\"signature_path-error\">%s</span>",
		            ERR("signature_path"));
	}
	html_printf(b,
	            "<canvas id=\"signature-canvas\" class=\"signature-pad\" "
	            "role=\"img\" aria-describedby=\"signature-hint\" "
	            "aria-label=\"Signature drawing area\"></canvas><input "
	            "type=\"hidden\" id=\"signature_path\" "
	            "name=\"signature_path\" value=\"%s\"><button "
	            "type=\"button\" class=\"usa-button usa-button--outline\" "
	            "id=\"signature-clear\">Clear the drawing</button></div>",
	            path ? path : "");
#undef ERR
}

void signature_scripts(struct req *r)
{
	page_script(r, "signature_pad/signature_pad.umd.min.js");
	page_script(r, "signature.js");
}
