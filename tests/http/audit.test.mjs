// The audit review's filters: a person's or a staff member's entries are
// read through their own index (audit_query.c), so every combination of
// filters, page by page, must give exactly the entries the test picks out
// of the whole log itself.  A person's index is filled behind the log
// (audit_index.c): the review must read it up to its watermark and the log
// beyond, whatever state the indexer is in.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND, PG, UNDO_AUDIT_KEY, UNDO_AUDIT_PERSON, freshDatabase, runWaypoint, sqlDirect, staff, startServer, stepsApplied } from './helpers.mjs';

describe(`audit review filters (${BACKEND})`, () => {
  let s, admin, peers, persons;
  before(async () => {
    s = await startServer();
    admin = await staff(s, 'admin');
    const prog = await (await admin.json('POST', '/api/v1/programs', { name: 'Audit filters', kind: 'community',
      time_zone: 'UTC', unit_rounding: 'any_part' })).json();
    const team = (await (await admin.json('POST', '/api/v1/teams', { name: 'Filters', program_id: prog.id })).json()).id;
    peers = [await staff(s), await staff(s)];
    for (const p of peers)
      assert.equal((await admin.json('POST', `/api/v1/teams/${team}/members`, { email: p.user.email })).status, 204);
    persons = [];
    for (const [i, name] of ['Ada Filter', 'Bea Filter', 'Cy Filter'].entries()) {
      const r = await peers[i % 2].json('POST', '/api/v1/persons', { legal_name: name, date_of_birth: '1990-01-0' + (i + 1),
        record_number: `AF-${i}-${Date.now()}`, team_id: team, recovery_stage: 'stabilization' });
      assert.equal(r.status, 201, await r.clone().text());
      persons.push((await r.json()).id);
    }
    // Reads spread over both peers and all three persons, in an order that
    // interleaves them in the log.
    for (let i = 0; i < 24; i++)
      assert.equal((await peers[i % 2].fetch(`/api/v1/persons/${persons[i % 3]}`)).status, 200);
  });
  after(async () => { await s.stop(); });

  /** Every entry the filter query answers, following next_cursor. */
  async function pages(query, limit) {
    const out = [];
    let cursor = '';
    for (let n = 0; n < 500; n++) {
      const r = await admin.fetch(`/api/v1/audit?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(r.status, 200, query);
      const j = await r.json();
      assert.ok(j.items.length <= limit);
      out.push(...j.items);
      if (!j.next_cursor) return out;
      cursor = j.next_cursor;
    }
    assert.fail('paging did not end');
  }

  test('every combination of person, user and action, page by page, equals the whole log filtered', async () => {
    const all = await pages('', 200);
    const ids = all.map((e) => e.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
    assert.ok(all.filter((e) => e.action === 'read' && e.person_id === persons[0]).length >= 8);
    const choices = {
      person: [undefined, ...persons, 999999],
      user: [undefined, peers[0].user.id, peers[1].user.id, admin.user.id],
      action: [undefined, 'read', 'create'],
    };
    let nonEmpty = 0;
    for (const person of choices.person)
      for (const user of choices.user)
        for (const action of choices.action) {
          const want = all.filter((e) => (person === undefined || e.person_id === person)
            && (user === undefined || e.user_id === user) && (action === undefined || e.action === action));
          const query = (person ? `&person=${person}` : '') + (user ? `&user=${user}` : '')
            + (action ? `&action=${action}` : '');
          // The log grows as the admin reads it (each query is audited), so
          // compare the entries up to the newest one of the full read.
          const got = (await pages(query, 3)).filter((e) => e.id <= ids[0]);
          assert.deepEqual(got.map((e) => e.id), want.map((e) => e.id), query);
          if (want.length) nonEmpty++;
        }
    assert.ok(nonEmpty >= 30, `most combinations find something (${nonEmpty})`);
  });

  test('a date range narrows a person\'s entries; a bad person or user is refused naming the field', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const mine = await pages(`&person=${persons[1]}`, 200);
    assert.ok(mine.length > 0);
    assert.deepEqual((await pages(`&person=${persons[1]}&from=${today}&to=${today}`, 200)).map((e) => e.id),
      mine.filter((e) => e.at.startsWith(today)).map((e) => e.id));
    assert.deepEqual(await pages(`&person=${persons[1]}&to=2000-01-01`, 200), []);
    for (const [field, value] of [['person', 'abc'], ['user', '-3'], ['person', '1e3']]) {
      const r = await admin.fetch(`/api/v1/audit?${field}=${value}`);
      assert.equal(r.status, 400);
      assert.equal((await r.json()).error.field, field);
    }
    const peer = await peers[0].fetch(`/api/v1/audit?person=${persons[0]}`);
    assert.equal(peer.status, 403, 'a peer may not read the audit log');
  });

  const sql = (text, db = s) => {
    const r = sqlDirect(db, text);
    assert.equal(r.status, 0, r.err);
    return r.out.trim();
  };
  /** "person:entry" for every person entry of table up to entry upto. */
  const personEntries = (table, upto, db = s) => sql(`SELECT person_id || ':' || id FROM ${table}
    WHERE person_id IS NOT NULL AND id <= ${upto} ORDER BY id`, db);
  const indexNow = (db) => {
    const r = runWaypoint(['audit', 'index', '--db', db]);
    assert.equal(r.status, 0, r.stderr);
    return Number(/complete through entry (\d+)/.exec(r.stdout)[1]);
  };
  const HOLD = PG
    ? `CREATE FUNCTION hold_index() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'held'; END $$ LANGUAGE plpgsql;
       CREATE TRIGGER hold_index BEFORE UPDATE ON audit_person_head FOR EACH ROW EXECUTE FUNCTION hold_index();`
    : "CREATE TRIGGER hold_index BEFORE UPDATE ON audit_person_head BEGIN SELECT RAISE(ABORT, 'held'); END;";
  const RELEASE = PG ? 'DROP TRIGGER hold_index ON audit_person_head; DROP FUNCTION hold_index();' : 'DROP TRIGGER hold_index;';

  test('a person\'s entries are read from the index up to its watermark and from the log beyond it', async () => {
    const through = indexNow(s.db);
    assert.equal(personEntries('audit_person', through), personEntries('audit_log', through), 'the index is complete');
    // Hold the watermark back in the middle of the reads: what the index
    // holds beyond it must not count twice, and new reads come from the log.
    const reads = sql(`SELECT id FROM audit_log WHERE action = 'read' AND person_id IS NOT NULL ORDER BY id`).split('\n');
    const middle = Number(reads[reads.length >> 1]);
    sql(`BEGIN; UPDATE audit_person_head SET indexed_through = ${middle}; ${HOLD} COMMIT;`);
    try {
      assert.ok(Number(sql(`SELECT COUNT(*) FROM audit_person WHERE id > ${middle}`)) >= 8);
      for (let i = 0; i < 6; i++)
        assert.equal((await peers[i % 2].fetch(`/api/v1/persons/${persons[i % 3]}`)).status, 200);
      const all = await pages('', 200);
      for (const person of [...persons, 999999])
        for (const [query, keep] of [['', () => true], ['&action=read', (e) => e.action === 'read'],
          [`&user=${peers[1].user.id}`, (e) => e.user_id === peers[1].user.id]])
          for (const limit of [2, 200]) {
            const want = all.filter((e) => e.person_id === person && keep(e)).map((e) => e.id);
            const got = (await pages(`&person=${person}${query}`, limit)).filter((e) => e.id <= all[0].id);
            assert.deepEqual(got.map((e) => e.id), want, `person ${person}${query}, ${limit} a page`);
          }
      assert.equal(Number(sql('SELECT indexed_through FROM audit_person_head')), middle, 'still held');
    } finally { sql(RELEASE); }
    const now = indexNow(s.db);
    assert.ok(now > through);
    assert.equal(Number(sql('SELECT indexed_through FROM audit_person_head')) >= now, true);
    assert.equal(personEntries('audit_person', now), personEntries('audit_log', now), 'complete again, nothing doubled');
  });

  test('the server keeps the index a second behind the log, on its own', async () => {
    for (let i = 0; i < 3; i++)
      assert.equal((await peers[0].fetch(`/api/v1/persons/${persons[i]}`)).status, 200);
    const last = Number(sql(`SELECT MAX(id) FROM audit_log WHERE action = 'read' AND person_id IS NOT NULL`));
    let through = 0;
    for (let waited = 0; waited < 50 && through < last; waited++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      through = Number(sql('SELECT indexed_through FROM audit_person_head'));
    }
    assert.ok(through >= last, `indexed through ${through}, the last read is ${last}`);
    assert.equal(personEntries('audit_person', through), personEntries('audit_log', through));
  });

  test('audit index names a database it cannot open', () => {
    const r = runWaypoint(['audit', 'index', '--db', '/nonexistent/dir/waypoint.db']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /cannot open database/);
  });

  test('the index is append-only, as the log is', () => {
    assert.notEqual(sqlDirect(s, 'UPDATE audit_person SET person_id = person_id + 1').status, 0);
    assert.notEqual(sqlDirect(s, 'DELETE FROM audit_person').status, 0);
    assert.ok(Number(sql('SELECT COUNT(*) FROM audit_person')) >= 30);
  });

  test('upgrading a database indexes the entries it already holds', { skip: PG ? 'SQLite only' : false }, () => {
    const copy = { db: freshDatabase() };
    sql(`.backup '${copy.db}'`);
    sql(UNDO_AUDIT_PERSON, copy);
    const init = runWaypoint(['init', '--db', copy.db]);
    assert.equal(init.status, 0, init.stderr);
    assert.match(init.stderr, stepsApplied(3));
    const seq = Number(sql('SELECT seq FROM audit_head', copy));
    assert.equal(Number(sql('SELECT indexed_through FROM audit_person_head', copy)), seq);
    assert.equal(personEntries('audit_person', seq, copy), personEntries('audit_log', seq, copy));
    assert.match(sql("SELECT group_concat(name) FROM sqlite_master WHERE tbl_name = 'audit_log' AND type = 'index'", copy),
      /^audit_log_user$/);
  });

  test('upgrading keys the log by entry number, keeping every entry, the chain and append-only', { skip: PG ? 'SQLite only' : false }, async () => {
    const copy = { db: freshDatabase() };
    sql(`.backup '${copy.db}'`);
    sql(UNDO_AUDIT_KEY, copy);
    const indexes = () => sql("SELECT group_concat(name) FROM sqlite_master WHERE tbl_name = 'audit_log' AND type = 'index'", copy);
    assert.match(indexes(), /^sqlite_autoindex_audit_log_1,audit_log_user$/);
    const entries = () => sql('SELECT id, at, user_id, role, action, entity_type, entity_id, person_id, client, outcome,'
      + ' detail, prev_hash, hash FROM audit_log ORDER BY id', copy);
    const before = entries();
    const last = Number(sql('SELECT max(id) FROM audit_log', copy));
    assert.ok(before.split('\n').length >= 30);
    const init = runWaypoint(['init', '--db', copy.db]);
    assert.equal(init.status, 0, init.stderr);
    assert.match(init.stderr, stepsApplied(1));
    assert.equal(entries(), before);
    assert.match(indexes(), /^audit_log_user$/);
    assert.match(sql('EXPLAIN QUERY PLAN SELECT hash FROM audit_log WHERE id = 5', copy), /INTEGER PRIMARY KEY/);
    assert.equal(runWaypoint(['audit', 'verify', '--db', copy.db]).status, 0);
    assert.notEqual(sqlDirect(copy, 'UPDATE audit_log SET outcome = outcome').status, 0);
    assert.notEqual(sqlDirect(copy, 'DELETE FROM audit_log WHERE id = 1').status, 0);
    // The server appends to the new table, and the chain still holds.
    const t = await startServer({ db: copy.db, init: false });
    try {
      assert.equal((await (await staff(t)).fetch('/api/v1/persons')).status, 200);
    } finally {
      await t.stop();
    }
    assert.ok(Number(sql('SELECT max(id) FROM audit_log', copy)) > last);
    assert.equal(runWaypoint(['audit', 'verify', '--db', copy.db]).status, 0);
  });
});
