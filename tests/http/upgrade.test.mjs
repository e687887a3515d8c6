// Upgrades from the command line: `waypoint init` whose upgrade fails at a
// step says which, and leaves the database as it was (the steps are one
// transaction); run again once the cause is gone, it completes.  Every step
// from every earlier version is tested in C (tests/unit/test_upgrade.c); a
// database newer than the binary is refused in platform.test.mjs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BACKEND, PG, freshDatabase, runWaypoint, sqlDirect } from './helpers.mjs';

// The version table as migrate.c makes it, and a trigger that refuses step
// 5's row in it, so that step 5 fails after steps 1 to 4 and its own
// statements ran.
const REFUSE_STEP_5 = `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,
  applied_at TEXT NOT NULL); ${PG
    ? `CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
         IF NEW.version = 5 THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$;
       CREATE TRIGGER refuse BEFORE INSERT ON schema_migrations FOR EACH ROW EXECUTE FUNCTION refuse();`
    : `CREATE TRIGGER refuse BEFORE INSERT ON schema_migrations WHEN new.version = 5
         BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;`}`;
const ALLOW = PG ? 'DROP TRIGGER refuse ON schema_migrations; DROP FUNCTION refuse();' : 'DROP TRIGGER refuse;';
const TABLES = PG ? "SELECT string_agg(tablename, ' ' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'"
  : "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name)";

describe(`upgrade (${BACKEND})`, () => {
  test('init that fails at a step names it, changes nothing, and completes when run again', () => {
    const s = { db: freshDatabase() };
    assert.equal(sqlDirect(s, REFUSE_STEP_5).status, 0);
    const failed = runWaypoint(['init', '--db', s.db]);
    assert.equal(failed.status, 1);
    assert.match(failed.stderr, /init failed at step 5 \(person search index\): .*refused by the test/);
    assert.match(failed.stderr, /nothing changed: the database is still at schema version 0\n/);
    assert.equal(sqlDirect(s, TABLES).out.trim(), 'schema_migrations', 'steps 1 to 4 were taken back too');
    assert.equal(sqlDirect(s, 'SELECT count(*) FROM schema_migrations').out.trim(), '0');

    assert.equal(sqlDirect(s, ALLOW).status, 0);
    const done = runWaypoint(['init', '--db', s.db]);
    assert.equal(done.status, 0, done.stderr);
    const latest = Number(sqlDirect(s, 'SELECT max(version) FROM schema_migrations').out.trim());
    assert.match(done.stderr, new RegExp(`schema version ${latest} \\(${latest} steps applied\\)`));
    assert.equal(sqlDirect(s, 'SELECT count(DISTINCT version) FROM schema_migrations').out.trim(), String(latest));
  });
});
