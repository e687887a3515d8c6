/* cosign.h — a supervisor's co-signature of a trainee's work.
 *
 * A trainee's signed contact note or plan version waits ('pending') until
 * a supervisor of the person's team co-signs it ('cosigned') or returns it
 * with a comment ('returned'); a note or version by anyone else needs none
 * ('none').  Only 'none' and 'cosigned' count: a note is billed, a plan
 * version agreed, only then.  The decision is the same for every subject;
 * the subjects differ only in their table and key.  Notes and plans (and
 * later group notes) use this folder; it includes nothing from features/. */
#ifndef WAYPOINT_COSIGN_H
#define WAYPOINT_COSIGN_H

#include "../../core/field_error.h"
#include "../../http/req.h"
#include "../../store/db.h"
#include "../../web/fields.h"

#include <stdbool.h>
#include <stdint.h>

/* What is co-signed, and what its key is. */
enum cosign_subject {
	COSIGN_CONTACT,      /* a contact's note: key is the contact's id */
	COSIGN_PLAN_VERSION, /* a plan version: key is its number */
};

/* cosign_first_state: the state a newly signed note or version starts in;
 * a trainee's waits for a co-signature.  A static string. */
const char *cosign_first_state(bool trainee);

/* cosign_settled: whether state lets the work count (none, cosigned). */
bool cosign_settled(const char *state);

/* cosign_decide: supervisor co-signs (approve) or returns, with comment,
 * the person's pending subject key, and stamps the time.  DB_OK, DB_DONE
 * when it is not waiting for a co-signature, or the error. */
enum db_status cosign_decide(struct db *db, enum cosign_subject subject,
                             int64_t person_id, int64_t key, int64_t supervisor,
                             bool approve, const char *comment);

/* A supervisor's decision as the pages and the API send it: cosign or
 * return, and a comment for the trainee. */
struct cosign_decision {
	const char *decision, *comment;
	bool approve; /* cosign: set by cosign_decision_check */
};
extern const struct field cosign_decision_fields[];
extern const int cosign_decision_field_count;

/* cosign_decision_check: the decision is one of the two, and a return
 * says why; sets d->approve.  0, or -1 with *e (the sentence in a). */
int cosign_decision_check(struct arena *a, struct cosign_decision *d,
                          struct field_error *e);

/* cosign_decision_from_form reads the decision from the request's form
 * and checks it: what a note's page and the review queue's form share. */
int cosign_decision_from_form(struct req *r, struct cosign_decision *d,
                              struct field_error *e);

/* cosign_decision_from_json reads and checks the decision from an API
 * body, answering 400 naming the field itself: the note's and the plan
 * version's co-signature endpoints share it. */
enum answer cosign_decision_from_json(struct req *r, struct cosign_decision *d);

#endif
