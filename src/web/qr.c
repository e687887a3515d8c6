/* qr.c — a QR code drawn as inline SVG (libqrencode), so that enrolling an
 * authenticator app needs no image file and no script. */
#include "html.h"

#include <qrencode.h>

void html_qr_code(struct html *b, const char *text, const char *label)
{
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr)
		return;
	int n = qr->width, quiet = 4;
	html_printf(
	    b,
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\"",
	    n + 2 * quiet, n + 2 * quiet);
	html_raw(b, " width=\"240\" height=\"240\" role=\"img\" aria-label=\"");
	html_attr(b, label);
	html_raw(b, "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" "
	            "height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"");
	for (int y = 0; y < n; y++)
		for (int x = 0; x < n; x++)
			if (qr->data[y * n + x] & 1)
				html_printf(b, "M%d %dh1v1h-1z", x + quiet,
				            y + quiet);
	html_raw(b, "\"/></svg>");
	QRcode_free(qr);
}
