/* person_band.c — the band at the top of every page of a person's record
 * (web/layout.h): whose record this is, so that nobody signs a note on the
 * wrong record from a phone.  The name people use, the legal name when it
 * differs, the record number and the birth date; on the print view, the
 * date printed as well. */
#include "../../handlers.h"
#include "../../web/html.h"
#include "../../web/layout.h"
#include "../programs/program_zone.h"
#include "person.h"

#include <string.h>

void person_band(struct req *r, bool print)
{
	struct person p;
	if (!r->db || person_get(r->db, &r->arena, r->person_id, &p) != DB_ROW)
		return; /* the page says what went wrong */
	struct html *b = page_html(r);
	const char *shown = person_display_name(&p);
	html_printf(b,
	            "<section class=\"waypoint-person-band\" "
	            "aria-label=\"Whose record this is\"><p "
	            "class=\"margin-0\"><strong "
	            "class=\"waypoint-person-band__name\">%s</strong>",
	            shown);
	if (strcmp(shown, p.legal_name))
		html_printf(b, " (%s)", p.legal_name);
	if (*p.pronouns)
		html_printf(b, " · %s", p.pronouns);
	html_printf(
	    b,
	    " · Record <span class=\"waypoint-person-band__record\">%s</span> "
	    "· Born %s",
	    p.record_number, p.date_of_birth);
	if (print) /* the day in the person's program's zone */
		html_printf(b, " · Printed %s", request_today(r));
	html_raw(b, "</p></section>\n");
}
