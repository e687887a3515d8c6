/* referral_pages.h — what the referral pages share with each other and
 * with the pages that show referrals elsewhere: the person's overview
 * and the contact note's form and API (notes/). */
#ifndef WAYPOINT_REFERRAL_PAGES_H
#define WAYPOINT_REFERRAL_PAGES_H

#include "../../http/req.h"
#include "referral.h"

/* referral_of_request reads the person's referral {rid}: GO_ON, or
 * ANSWERED (404, or the database's failure). */
enum answer referral_of_request(struct req *r, struct referral *out);

/* referral_overview writes the person's section of the overview: their
 * open referrals, overdue ones marked (nothing when none is open). */
void referral_overview(struct req *r);

/* ---- a contact note's referrals (referral_links.c) */

/* referral_ids_from_form reads the form's "referral" checkboxes: 0, or
 * -1 with *e naming "referrals". */
int referral_ids_from_form(struct req *r, int64_t *ids, int *n,
                           struct field_error *e);
/* referral_ids_from_json reads the body's "referrals" (a list of
 * referral ids; absent: *given false): GO_ON, or ANSWERED with 400. */
enum answer referral_ids_from_json(struct req *r, int64_t *ids, int *n,
                                   bool *given);
/* referral_link_contact makes contact_id name ids (checked as the
 * person's): GO_ON, or ANSWERED (400 naming "referrals", or the
 * failure); page: answer a refusal as the caller's own (GO_ON with *e
 * set and *refused true) instead of a JSON error. */
enum answer referral_link_contact(struct req *r, int64_t contact_id,
                                  const int64_t *ids, int n, bool *refused,
                                  struct field_error *e);
/* referral_boxes writes the contact form's fieldset: a checkbox for each
 * of the person's open referrals (and any the note names already),
 * ticked as the form sent them (typed) or as contact_id names them. */
void referral_boxes(struct req *r, int64_t contact_id, bool typed,
                    const struct field_error *e);
/* referral_links_json writes "referrals":[ids] for contact_id (a member
 * of an open object, with its leading comma). */
void referral_links_json(struct req *r, struct buf *b, int64_t contact_id);

#endif
