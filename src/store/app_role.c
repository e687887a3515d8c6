/* app_role.c — see app_role.h. */
#include "app_role.h"

enum db_status db_grant_app_role(struct db *db, const char *role)
{
	/* The role is an identifier, which cannot be a bound parameter:
	 * it is bound into a setting, and the block quotes it (%I). */
	struct db_stmt *st =
	    db_query(db, "SELECT set_config('waypoint.app_role', ?, false)",
	             DB_TEXT(role));
	while (db_row(st))
		;
	enum db_status s = db_end(db, st);
	if (s != DB_DONE)
		return s;
	return db_exec(
	    db,
	    "DO $$ DECLARE r text := current_setting('waypoint.app_role');"
	    " BEGIN"
	    " IF r = current_user THEN RAISE EXCEPTION 'the application"
	    " role must not be the owner of the tables (%)', r; END IF;"
	    " EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', r);"
	    " EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL"
	    " TABLES IN SCHEMA public TO %I', r);"
	    " EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA"
	    " public TO %I', r);"
	    " EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON audit_log,"
	    " audit_person FROM %I', r);"
	    " EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON"
	    " schema_migrations FROM %I', r);"
	    " END $$");
}
