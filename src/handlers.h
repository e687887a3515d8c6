/* handlers.h — every route handler, for the route table (src/routes.c). */
#ifndef WAYPOINT_HANDLERS_H
#define WAYPOINT_HANDLERS_H

#include "http/req.h"
#include "store/db.h"

/* plumbing */
void static_asset(struct req *r); /* GET /assets/{*} */
void health_check(struct req *r); /* GET /healthz */
void metrics_show(struct req *r); /* GET /metrics */

/* features/account */
void signin_page(struct req *r);
void signin_submit(struct req *r);
void signin_code_page(struct req *r);
void signin_code_submit(struct req *r);
void signout_submit(struct req *r);
void password_page(struct req *r);
void password_submit(struct req *r);
void two_step_page(struct req *r);
void two_step_submit(struct req *r);
void invite_page(struct req *r);
void invite_submit(struct req *r);
void session_api_create(struct req *r);
void session_api_get(struct req *r);
void session_api_extend(struct req *r);
void session_api_delete(struct req *r);

/* features/staff */
void users_page(struct req *r);
void user_new_page(struct req *r);
void user_create_page(struct req *r);
void user_page(struct req *r);
void user_action_submit(struct req *r);
void users_api_list(struct req *r);
void users_api_create(struct req *r);
void users_api_get(struct req *r);
void users_api_update(struct req *r);
void users_api_invite(struct req *r);
void users_api_end_sessions(struct req *r);

/* features/audit */
void audit_page(struct req *r);
void audit_csv(struct req *r);
void audit_api_list(struct req *r);

/* features/tokens */
void tokens_page(struct req *r);
void token_create_page(struct req *r);
void token_revoke_page(struct req *r);

/* features/teams */
void teams_page(struct req *r);
void team_create_page(struct req *r);
void team_members_page(struct req *r);
void teams_api_list(struct req *r);
void teams_api_create(struct req *r);
void teams_api_members(struct req *r);

/* features/people */
void persons_page(struct req *r);
void person_new_page(struct req *r);
void person_create_page(struct req *r);
void person_page(struct req *r);
void person_stage_submit(struct req *r);
void person_summary_page(struct req *r);
void supports_page(struct req *r);
void support_add_page(struct req *r);
void support_remove_page(struct req *r);
void support_contact_page(struct req *r);
void supports_api_list(struct req *r);
void supports_api_add(struct req *r);
void support_api_remove(struct req *r);
void support_api_contact(struct req *r);
void enrollments_page(struct req *r);
void enrollment_admit_page(struct req *r);
void enrollment_discharge_page(struct req *r);
void enrollments_api_list(struct req *r);
void enrollments_api_admit(struct req *r);
void enrollment_api_discharge(struct req *r);
/* follow-up after discharge (features/followups) */
void followups_page(struct req *r);
void person_followups_page(struct req *r);
void followup_page(struct req *r);
void followup_attempt_page(struct req *r);
void followup_outcome_page(struct req *r);
void followup_reengage_page(struct req *r);
void followup_schedule_page(struct req *r);
void followup_schedule_submit(struct req *r);
void followups_api_due(struct req *r);
void person_followups_api(struct req *r);
void followup_api_get(struct req *r);
void followup_api_attempt(struct req *r);
void followup_api_outcome(struct req *r);
void followup_api_reengage(struct req *r);
void followup_schedule_api_get(struct req *r);
void followup_schedule_api_put(struct req *r);
void barc10_page(struct req *r);
void barc10_submit(struct req *r);
void barc10_api_list(struct req *r);
void barc10_api_add(struct req *r);
void wellness_page(struct req *r);
void wellness_submit(struct req *r);
void wellness_print(struct req *r);
void wellness_api_get(struct req *r);
void wellness_api_put(struct req *r);
void plan_api_get(struct req *r);
void plan_api_version(struct req *r);
void plan_api_versions(struct req *r);
void plan_api_put(struct req *r);
void plan_api_sign(struct req *r);
void plan_api_cosign(struct req *r);
void plan_api_wording(struct req *r);
void plan_page(struct req *r);
void plan_goal_submit(struct req *r);
void plan_sign_submit(struct req *r);
void plan_progress_submit(struct req *r);
void plan_step_submit(struct req *r);
void plan_step_done_submit(struct req *r);
void plan_status_submit(struct req *r);
void plan_wording_submit(struct req *r);
void plan_side_submit(struct req *r);
void plan_compare_page(struct req *r);
void consents_page(struct req *r);
void consent_create_page(struct req *r);
void consent_revoke_page(struct req *r);
void consents_api_list(struct req *r);
void consents_api_create(struct req *r);
void consent_api_revoke(struct req *r);
void break_glass_page(struct req *r);
void break_glass_submit(struct req *r);
void break_glass_api(struct req *r);
void break_glass_review_page(struct req *r);
void break_glass_review_submit(struct req *r);
void persons_api_list(struct req *r);

/* features/notes */
void contacts_api_list(struct req *r);
void contacts_api_create(struct req *r);
void contacts_api_preview(struct req *r);
void contact_api_get(struct req *r);
void contact_api_update(struct req *r);
void contact_api_sign(struct req *r);
void contact_api_addendum(struct req *r);
void contact_api_cosign(struct req *r);
void contact_new_page(struct req *r);
void timeline_page(struct req *r);
void timeline_api(struct req *r);
void billing_page(struct req *r);
void billing_csv_page(struct req *r);
void billing_api_code(struct req *r);
void billing_api_codes(struct req *r);
void billing_codes_submit(struct req *r);
void program_edit_page(struct req *r);
void program_update_page(struct req *r);
void programs_api_update(struct req *r);
void contact_submit(struct req *r);
void contact_page(struct req *r);
void contact_addendum_submit(struct req *r);
void contact_cosign_submit(struct req *r);
void drop_ins_page(struct req *r);
void drop_ins_submit(struct req *r);
void drop_ins_api_list(struct req *r);
void drop_ins_api_create(struct req *r);

/* features/supervision */
void supervision_page(struct req *r);
void supervision_session_submit(struct req *r);
void plan_cosign_submit(struct req *r);
void supervision_api_queue(struct req *r);
void supervision_api_sessions(struct req *r);
void supervision_api_log(struct req *r);

/* features/incidents, features/notices */
void incidents_page(struct req *r);
void incident_new_page(struct req *r);
void incident_create_page(struct req *r);
void incident_page(struct req *r);
void incident_update_page(struct req *r);
void incident_state_page(struct req *r);
void incidents_api_list(struct req *r);
void incidents_api_create(struct req *r);
void incident_api_get(struct req *r);
void incident_api_update(struct req *r);
void incident_api_move(struct req *r);
void notices_page(struct req *r);
void notices_api_list(struct req *r);
void notices_read_submit(struct req *r);
/* features/people: whose record a page is about (web/layout.h) */
void person_band(struct req *r, bool print);
/* features/drafts */
void drafts_api_get(struct req *r);
void drafts_api_put(struct req *r);
void drafts_api_delete(struct req *r);
void notices_api_read(struct req *r);
void persons_api_create(struct req *r);
void persons_api_get(struct req *r);

/* interop */
void fhir_api_patient(struct req *r);
void fhir_api_everything(struct req *r);

/* features/home */
void home_page(struct req *r);
void today_api(struct req *r);

/* features/programs */
void programs_page(struct req *r);
void program_new_page(struct req *r);
void program_create_page(struct req *r);
void program_page(struct req *r);
void programs_api_list(struct req *r);
void programs_api_create(struct req *r);
void programs_api_get(struct req *r);

/* features/people: corrections, history, transfers (issue 20) */
void person_details_page(struct req *r);
void person_details_submit(struct req *r);
void persons_api_update(struct req *r);
void person_history_page(struct req *r);
void person_history_api(struct req *r);
void transfer_page(struct req *r);
void transfer_submit(struct req *r);
void transfer_api(struct req *r);

/* page banners (web/layout.h: page_banners in routes.c) */
enum db_status break_glass_banner_count(struct req *r, int64_t *n);
enum db_status notices_banner_count(struct req *r, int64_t *n);

/* merging duplicate persons (features/people/person_merge_pages.c) */
void person_merge_page(struct req *r);
void person_merge_submit(struct req *r);
void person_merge_undo_submit(struct req *r);
void person_merge_api(struct req *r);
void person_merge_undo_api(struct req *r);
void person_merges_api(struct req *r);

/* the workforce (issue 27, features/workforce/) */
void staff_record_page(struct req *r);

/* the workforce: credentials and languages */
/* credentials (features/workforce/credential_pages.c, credential_api.c) */
void credential_kinds_page(struct req *r);
void credential_kinds_submit(struct req *r);
void credential_kind_page(struct req *r);
void credential_kind_submit(struct req *r);
void workforce_settings_page(struct req *r);
void workforce_settings_submit(struct req *r);
void staff_credentials_page(struct req *r);
void staff_credentials_submit(struct req *r);
void staff_credential_page(struct req *r);
void staff_credential_submit(struct req *r);
void staff_credential_remove_submit(struct req *r);
void credential_kinds_api(struct req *r);
void credential_kinds_api_create(struct req *r);
void credential_kind_api_update(struct req *r);
void workforce_settings_api(struct req *r);
void workforce_settings_api_put(struct req *r);
void staff_credentials_api(struct req *r);
void staff_credentials_api_add(struct req *r);
void staff_credential_api_update(struct req *r);
void staff_credential_api_remove(struct req *r);
/* languages (features/workforce/language_pages.c) */
void languages_lookup_page(struct req *r);
void staff_languages_page(struct req *r);
void staff_languages_submit(struct req *r);
void staff_languages_api(struct req *r);
void staff_languages_api_put(struct req *r);
void staff_by_language_api(struct req *r);

/* ---- */

/* the workforce: trainee progression and the supervision log */
void progress_page(struct req *r);
void progress_start_submit(struct req *r);
void progress_completion_submit(struct req *r);
void progress_withdraw_submit(struct req *r);
void progress_promote_submit(struct req *r);
void competencies_page(struct req *r);
void competencies_submit(struct req *r);
void competencies_retire_submit(struct req *r);
void supervision_log_page(struct req *r);
void supervision_ack_submit(struct req *r);
void progress_api_get(struct req *r);
void progress_api_start(struct req *r);
void progress_api_complete(struct req *r);
void progress_api_withdraw(struct req *r);
void progress_api_promote(struct req *r);
void competencies_api_list(struct req *r);
void competencies_api_create(struct req *r);
void competencies_api_retire(struct req *r);
void supervision_log_api(struct req *r);
void supervision_ack_api(struct req *r);

/* ---- */

/* the workforce: policies and trainings (policy_pages.c,
 * training_pages.c) */
void policies_page(struct req *r);
void policies_submit(struct req *r);
void policy_page(struct req *r);
void policy_version_submit(struct req *r);
void policy_ack_submit(struct req *r);
void policies_api_list(struct req *r);
void policies_api_create(struct req *r);
void policy_api_get(struct req *r);
void policy_api_publish(struct req *r);
void policy_api_pending(struct req *r);
void policy_api_ack(struct req *r);
void staff_trainings_page(struct req *r);
void staff_trainings_submit(struct req *r);
void staff_training_remove_submit(struct req *r);
void staff_trainings_api(struct req *r);
void staff_trainings_api_add(struct req *r);
void staff_training_api_remove(struct req *r);
struct user;
/* the "Policies" and "Trainings" sections of a staff record
 * (staff_record.c) */
void policy_staff_section(struct req *r, const struct user *u);
void training_staff_section(struct req *r, const struct user *u);

/* ---- */

/* reports (issue 26, features/reports/): services */
void reports_page(struct req *r);
void reports_services_page(struct req *r);
void reports_services_csv(struct req *r);
void reports_services_api(struct req *r);
void reports_threshold_api(struct req *r);

/* ---- */

/* reports: outcomes */
void outcomes_page(struct req *r);
void outcomes_csv(struct req *r);
void outcomes_api(struct req *r);

/* ---- */

/* billing batches (features/billing/) */
void batch_create_submit(struct req *r);
void batches_page(struct req *r);
void batch_page(struct req *r);
void batch_csv_page(struct req *r);
void batches_api_create(struct req *r);
void batches_api_list(struct req *r);
void batch_api_get(struct req *r);
void program_billing_api_get(struct req *r);
void program_billing_api_put(struct req *r);
void program_billing_page(struct req *r);   /* GET /programs/{id}/billing */
void program_billing_submit(struct req *r); /* POST /programs/{id}/billing */

/* ---- */

/* disclosures (features/disclosures/) */
void disclosures_page(struct req *r);       /* GET /persons/{id}/disclosures */
void disclosure_new_page(struct req *r);    /* …/disclosures/new */
void disclosure_create_page(struct req *r); /* POST …/disclosures */
void disclosures_api_list(struct req *r);   /* GET /api/v1/…/disclosures */
void disclosures_api_create(struct req *r); /* POST /api/v1/…/disclosures */
/* For the dispatcher (http/dispatch.c): an API token's read of a person's
 * record.  disclosure_token_gate answers 403 itself (returning -1) when
 * the person's program is under 42 CFR Part 2 and no release covers the
 * token; disclosure_token_record adds the read that went out to the
 * accounting (false, having answered 503, when it could not). */
int disclosure_token_gate(struct req *r);
bool disclosure_token_record(struct req *r);

/* ---- */

/* resources (issue 23, features/resources/): directory */
void resource_page(struct req *r);          /* GET /resources/{uuid} */
void resource_new_page(struct req *r);      /* GET /resources/new */
void resource_edit_page(struct req *r);     /* GET …/{uuid}/edit */
void resource_create_submit(struct req *r); /* POST /resources */
void resource_update_submit(struct req *r); /* POST /resources/{uuid} */
void resource_delete_submit(struct req *r); /* POST …/{uuid}/delete */
void organizations_page(struct req *r);
void organization_page(struct req *r);
void organization_new_page(struct req *r);
void organization_edit_page(struct req *r);
void organization_create_submit(struct req *r);
void organization_update_submit(struct req *r);
void organization_delete_submit(struct req *r);
void organization_partner_submit(struct req *r);
void organization_partner_delete_submit(struct req *r);
void organization_liaison_submit(struct req *r);
void resource_api_get(struct req *r);
void resource_api_create(struct req *r);
void resource_api_update(struct req *r);
void resource_api_delete(struct req *r);
void organizations_api_list(struct req *r);
void organizations_api_create(struct req *r);
void organization_api_get(struct req *r);
void organization_api_update(struct req *r);
void organization_api_delete(struct req *r);
void organization_partners_api(struct req *r);
void organization_partners_api_add(struct req *r);
void organization_partner_api_delete(struct req *r);
void organization_liaison_api(struct req *r);
void organization_liaison_api_add(struct req *r);

/* ---- */

/* resources: search */
void resources_page(struct req *r);
void resources_api_search(struct req *r);

/* ---- */

/* resources: HSDS import and export */
void hsds_import_api(struct req *r);
void hsds_export_api(struct req *r);

/* ---- */

/* referrals (features/referrals/) */
void referrals_page(struct req *r);
void person_referrals_page(struct req *r);
void referral_new_page(struct req *r);
void referral_create_page(struct req *r);
void referral_page(struct req *r);
void referral_change_page(struct req *r);
void referrals_api_list(struct req *r);
void person_referrals_api(struct req *r);
void referrals_api_create(struct req *r);
void referral_api_get(struct req *r);
void referral_api_event(struct req *r);

/* ---- */

#endif
