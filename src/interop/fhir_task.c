/* fhir_task.c — each follow-up after discharge as a FHIR R4 Task:
 *   intent plan, code text "Follow-up after discharge", for → the
 *   Patient, authoredOn → when the discharge made it, restriction.period
 *   .end → due_on (FHIR's way to say by when a Task is due), description
 *   → "30 days after discharge from PROGRAM", each attempt → a note
 *   (date, who, how, what happened), the outcome → output and
 *   businessStatus, closed_at → lastModified and executionPeriod.end.
 *
 * status, from the R4 Task.status value set (required binding):
 *   open, no attempt yet      → ready: the spec's word for a task "ready
 *                               to be performed, but no action has yet
 *                               been taken", used where assignment needs
 *                               no acceptance (the team has it from the
 *                               discharge; "requested" would wait for an
 *                               owner to accept it)
 *   open, attempts made       → in-progress
 *   reached, re_engaged       → completed
 *   declined                  → completed: they were reached and said no
 *                               more; the outcome says so
 *   not_reached               → failed: "attempted but could not be
 *                               completed"
 *   ended                     → cancelled: closed unattempted because
 *                               they declined or enrolled again
 *                               (statusReason gives the note)
 * "rejected" is the performer refusing the task, not the person refusing
 * contact, so it is never used. */
#include "../web/json.h"
#include "fhir.h"

#include <string.h>

enum db_status fhir_task_load(struct db *db, struct arena *a,
                              struct fhir_record *rec)
{
	struct followup *list;
	int n;
	enum db_status s =
	    followups_of_person(db, a, rec->person.id, &list, &n);
	if (s != DB_DONE)
		return s;
	rec->tasks = arena_alloc(a, (size_t)n * sizeof *rec->tasks + 1);
	rec->ntasks = n;
	for (int i = 0; i < n; i++) {
		struct fhir_task *t = &rec->tasks[i];
		t->followup = list[i];
		t->attempts = NULL;
		t->nattempts = 0;
		if (!list[i].attempts)
			continue; /* no statement for those never tried */
		s = followup_attempts_of(db, a, list[i].id, &t->attempts,
		                         &t->nattempts);
		if (s != DB_DONE)
			return s;
	}
	return DB_DONE;
}

static const char *task_status(const struct followup *f)
{
	if (!strcmp(f->state, "open"))
		return f->attempts ? "in-progress" : "ready";
	if (!strcmp(f->outcome, "not_reached"))
		return "failed";
	if (!strcmp(f->outcome, "ended"))
		return "cancelled";
	return "completed"; /* reached, declined, re_engaged */
}

/* A note: {"time": on, "authorString": who, "text": text}; on and who may
 * be "". */
static void note(struct buf *b, const char *on, const char *who,
                 const char *text)
{
	json_raw(b, "{");
	if (*on) {
		json_raw(b, "\"time\":");
		json_text(b, on);
		json_raw(b, ",");
	}
	if (*who) {
		json_raw(b, "\"authorString\":");
		json_text(b, who);
		json_raw(b, ",");
	}
	json_raw(b, "\"text\":");
	json_text(b, text);
	json_raw(b, "}");
}

/* Whether the outcome's note says something the Task does not already:
 * a decline by attempt keeps the attempt's note as the outcome's, and a
 * cancelled or failed Task has it as its statusReason. */
static bool outcome_note_new(const struct fhir_task *t, const char *status)
{
	const struct followup *f = &t->followup;
	return *f->outcome_note && strcmp(status, "cancelled") &&
	       strcmp(status, "failed") &&
	       (!t->nattempts ||
	        strcmp(t->attempts[t->nattempts - 1].note, f->outcome_note));
}

static void notes(struct buf *b, struct arena *a, const struct fhir_task *t,
                  const char *status)
{
	const struct followup *f = &t->followup;
	bool outcome = outcome_note_new(t, status);
	if (!t->nattempts && !outcome)
		return;
	json_raw(b, ",\"note\":[");
	for (int i = 0; i < t->nattempts; i++) {
		const struct followup_attempt *at = &t->attempts[i];
		const char *text = arena_sprintf(
		    a, "%s: %s.%s%s",
		    choice_label(followup_methods, followup_method_count,
		                 at->method),
		    choice_label(followup_results, followup_result_count,
		                 at->result),
		    *at->note ? " " : "", at->note);
		if (i)
			json_raw(b, ",");
		note(b, at->attempted_on, at->staff_name, text);
	}
	if (outcome) {
		if (t->nattempts)
			json_raw(b, ",");
		note(b, f->closed_at, "", f->outcome_note);
	}
	json_raw(b, "]");
}

static void task(struct buf *b, struct arena *a, const struct fhir_task *t)
{
	const struct followup *f = &t->followup;
	const char *status = task_status(f);
	bool closed = !strcmp(f->state, "closed");
	const char *outcome =
	    closed ? choice_label(followup_outcomes, followup_outcome_count,
	                          f->outcome)
	           : "";
	json_raw(b, "{\"resourceType\":\"Task\",\"id\":\"followup-");
	json_int(b, f->id);
	json_raw(b, "\",\"status\":");
	json_text(b, status);
	if (!strcmp(status, "cancelled") || !strcmp(status, "failed")) {
		json_raw(b, ",\"statusReason\":{\"text\":");
		json_text(b, *f->outcome_note ? f->outcome_note : outcome);
		json_raw(b, "}");
	}
	if (closed) {
		json_raw(b, ",\"businessStatus\":{\"text\":");
		json_text(b, outcome);
		json_raw(b, "}");
	}
	json_raw(b, ",\"intent\":\"plan\",\"code\":{\"text\":\"Follow-up after"
	            " discharge\"},\"description\":");
	json_text(b, arena_sprintf(a, "%d days after discharge from %s",
	                           f->days_after, f->program_name));
	json_raw(b, ",\"for\":{\"reference\":\"Patient/");
	json_int(b, f->person_id);
	json_raw(b, "\"}");
	/* the first attempt's local date, unless it reads later than the UTC
	 * closing (a zone ahead of UTC): a Period's start is never after its
	 * end */
	bool start =
	    t->nattempts && (!closed || strncmp(t->attempts[0].attempted_on,
	                                        f->closed_at, 10) <= 0);
	if (start || closed) {
		json_raw(b, ",\"executionPeriod\":{");
		if (start) {
			json_raw(b, "\"start\":");
			json_text(b, t->attempts[0].attempted_on);
		}
		if (closed) {
			if (start)
				json_raw(b, ",");
			json_raw(b, "\"end\":");
			json_text(b, f->closed_at);
		}
		json_raw(b, "}");
	}
	json_raw(b, ",\"authoredOn\":");
	json_text(b, f->created_at);
	if (closed) {
		json_raw(b, ",\"lastModified\":");
		json_text(b, f->closed_at);
	}
	json_raw(b, ",\"restriction\":{\"repetitions\":1,\"period\":{"
	            "\"end\":");
	json_text(b, f->due_on);
	json_raw(b, "}}");
	notes(b, a, t, status);
	if (closed) {
		json_raw(b, ",\"output\":[{\"type\":{\"text\":\"Outcome\"},"
		            "\"valueCodeableConcept\":{\"coding\":[{\"system\":"
		            "\"urn:waypoint:followup-outcome\",\"code\":");
		json_text(b, f->outcome);
		json_raw(b, ",\"display\":");
		json_text(b, outcome);
		json_raw(b, "}],\"text\":");
		json_text(b, outcome);
		json_raw(b, "}}]");
	}
	json_raw(b, "}");
}

void fhir_task_entries(struct buf *b, const struct fhir_record *rec)
{
	struct arena a;
	arena_init(&a);
	for (int i = 0; i < rec->ntasks; i++) {
		json_raw(b, ",{\"fullUrl\":\"urn:waypoint:Task/followup-");
		json_int(b, rec->tasks[i].followup.id);
		json_raw(b, "\",\"resource\":");
		task(b, &a, &rec->tasks[i]);
		json_raw(b, "}");
	}
	arena_free(&a);
}
