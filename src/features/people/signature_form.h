/* signature_form.h — the person's e-signature on a form: drawn on a canvas
 * (signature_pad, assets/signature.js) or their typed name, the keyboard
 * alternative; and a drawn signature shown back.  Consents and recovery
 * plans both use it. */
#ifndef WAYPOINT_SIGNATURE_FORM_H
#define WAYPOINT_SIGNATURE_FORM_H

#include "../../core/field_error.h"
#include "../../http/req.h"
#include "../../web/html.h"

/* signature_fields writes the method radios (typed unless method says
 * otherwise), the drawing box and the hidden signature_path field. */
void signature_fields(struct req *r, const char *method, const char *path,
                      const struct field_error *e);

/* signature_scripts loads what the drawing box needs; once per page. */
void signature_scripts(struct req *r);

/* signature_image shows a drawn signature; its path data holds only moves,
 * lines and numbers (signature_path_valid), and is escaped besides. */
void signature_image(struct html *b, const char *signer, const char *path);

#endif
