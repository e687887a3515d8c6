// Finding a person: the search reads either a team's whole name index or
// only the persons under the query's rarest run of three characters
// (person_grams, kept by triggers; SQLite only, so PostgreSQL always scans;
// person_find.c).  Both ways must give the same answer, so every query here
// is checked, page by page and in each order, against the persons the test
// itself knows match.  82 persons share "pat", which makes that run common
// enough for the scan (50 or more).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND, PG, UNDO_AUDIT_PERSON, freshDatabase, runWaypoint, sqlDirect, staff, startServer, stepsApplied } from './helpers.mjs';

const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

describe(`person search, by index scan or by trigram (${BACKEND})`, () => {
  let s, admin, peerA, peerB, both, teamA, teamB;
  const known = []; // every person created: {id, team, legal, preferred, record, dob}

  async function add(who, team, legal, preferred, record, dob) {
    const r = await who.json('POST', '/api/v1/persons', {
      legal_name: legal, preferred_name: preferred, pronouns: '', date_of_birth: dob, record_number: record,
      phone: '', email: '', preferred_language: 'English', recovery_stage: 'stabilization', team_id: team,
    });
    assert.equal(r.status, 201, await r.clone().text());
    const p = { id: (await r.json()).id, team, legal, preferred, record, dob };
    known.push(p);
    return p;
  }

  before(async () => {
    s = await startServer();
    admin = await staff(s, 'admin');
    const prog = (await (await admin.json('POST', '/api/v1/programs', { name: 'Search', kind: 'community',
      time_zone: 'UTC', unit_rounding: 'any_part' })).json()).id;
    const team = async (name) => (await (await admin.json('POST', '/api/v1/teams', { name, program_id: prog })).json()).id;
    teamA = await team('A');
    teamB = await team('B');
    [peerA, peerB, both] = [await staff(s), await staff(s), await staff(s)];
    for (const [t, who] of [[teamA, peerA], [teamB, peerB], [teamA, both], [teamB, both]])
      assert.equal((await admin.json('POST', `/api/v1/teams/${t}/members`, { email: who.user.email })).status, 204);
    for (let i = 0; i < 82; i += 41)
      await Promise.all(Array.from({ length: 41 }, (_, k) => add(peerA, teamA, `Pat Common${i + k}`, '',
        `SR-${i + k}`, `19${50 + ((i + k) % 40)}-0${1 + ((i + k) % 9)}-1${(i + k) % 10}`)));
    await add(peerA, teamA, 'José Núñez', 'Pepe', 'SR-JN', '1971-03-04');
    await add(peerA, teamA, 'Zoë Quill', 'Zed', 'SR-ZQ', '1980-12-01');
    await add(peerB, teamB, 'José Núñez', '', 'SR-JN2', '1990-07-07');
    for (let i = 0; i < 5; i++) await add(peerB, teamB, `Pat Other${i}`, '', `SB-${i}`, '1985-05-05');
  });
  after(async () => { await s.stop(); });

  /** What the search must answer: the test's own reading of the rule. */
  function expected(teams, q, sort) {
    const key = (p) => `${fold(`${p.legal} ${p.preferred}`)}\x1f${`${p.legal} ${p.preferred}`.toLowerCase()}`;
    const hits = known.filter((p) => teams.includes(p.team)
      && (fold(`${p.legal} ${p.preferred}`).includes(fold(q)) || p.record === q || p.dob === q));
    const order = {
      name: (a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id - b.id),
      newest: (a, b) => b.id - a.id,
      record: (a, b) => (a.record < b.record ? -1 : a.record > b.record ? 1 : a.id - b.id),
    }[sort];
    return hits.sort(order).map((p) => p.id);
  }

  /** Every page of the answer, 50 at a time. */
  async function found(who, q, sort) {
    const ids = [];
    let cursor = '';
    for (let pages = 0; pages < 10; pages++) {
      const r = await who.fetch(`/api/v1/persons?q=${encodeURIComponent(q)}&sort=${sort}&limit=50${cursor}`);
      assert.equal(r.status, 200);
      const body = await r.json();
      ids.push(...body.items.map((p) => p.id));
      if (!body.next_cursor) return ids;
      cursor = `&cursor=${body.next_cursor}`;
    }
    throw new Error('more than 10 pages');
  }

  const queries = [
    'pat', // 82 in team A have "pat": the scan
    'at c', // runs across two words, all common
    'pa', // shorter than a run of three: the scan
    'common2', // "on2" is rare: the trigram way
    'COMMON19', 'common81', 'nunez', 'Núñez', 'pepe', 'zed', 'quill', 'e q', 'zoe',
    'zzz', // a run nobody has
    'SR-JN', 'SR-7', '1971-03-04', '1985-05-05', // record numbers and birth dates
    'sr-', // part of a record number is not a match
  ];

  test('every query, every order, every page: the same persons as the rule says', async () => {
    for (const [who, teams] of [[peerA, [teamA]], [peerB, [teamB]], [both, [teamA, teamB]]]) {
      for (const q of queries) {
        for (const sort of ['name', 'newest', 'record']) {
          assert.deepEqual(await found(who, q, sort), expected(teams, q, sort), `${q} by ${sort} for teams ${teams}`);
        }
      }
    }
    assert.equal((await found(peerA, 'pat', 'name')).length, 82, 'the common run really is common');
    assert.equal((await found(both, 'nunez', 'name')).length, 2, 'both teams');
  });

  test("another team's persons stay out, whichever way the search goes", async () => {
    for (const q of ['pat', 'other', 'nunez', 'SB-1', 'SR-JN2', '1990-07-07']) {
      const ids = await found(peerA, q, 'name');
      assert.ok(ids.every((id) => known.find((p) => p.id === id).team === teamA), q);
    }
    assert.deepEqual(await found(peerA, 'other', 'name'), []);
    assert.deepEqual(await found(peerB, 'common1', 'name'), []);
  });

  test('the index follows a person moved, renamed or removed, whoever writes the table', async () => {
    const grams = (id) => (PG ? null
      : Number(sqlDirect(s, `SELECT count(*) FROM person_grams WHERE person_id = ${id}`).out.trim()));
    const zoe = known.find((p) => p.legal === 'Zoë Quill');
    if (!PG) assert.ok(grams(zoe.id) > 0);
    // moved to team B
    assert.equal(sqlDirect(s, `UPDATE persons SET team_id = ${teamB} WHERE id = ${zoe.id}`).status, 0);
    zoe.team = teamB;
    assert.deepEqual(await found(peerA, 'quill', 'name'), []);
    assert.deepEqual(await found(peerB, 'quill', 'name'), [zoe.id]);
    // renamed: the old name no longer finds her, the new one does
    const search = 'zoe marsh \x1fzoë marsh ';
    assert.equal(sqlDirect(s, `UPDATE persons SET legal_name = 'Zoë Marsh', preferred_name = '',`
      + ` search_name = '${search}' WHERE id = ${zoe.id}`).status, 0);
    Object.assign(zoe, { legal: 'Zoë Marsh', preferred: '' });
    assert.deepEqual(await found(peerB, 'quill', 'name'), []);
    assert.deepEqual(await found(peerB, 'marsh', 'name'), [zoe.id]);
    assert.deepEqual(await found(peerB, 'zed', 'name'), [], 'the old preferred name is gone too');
    if (!PG) { // exactly the new name's runs without a space, in the new team
      const entries = sqlDirect(s, `SELECT team_id || ':' || gram FROM person_grams WHERE person_id = ${zoe.id}`
        + ' ORDER BY gram').out.trim().split('\n');
      assert.deepEqual(entries, ['ars', 'mar', 'rsh', 'zoe'].map((g) => `${teamB}:${g}`));
    }
    // removed: no entries left behind
    const gone = known.find((p) => p.legal === 'Pat Other4');
    const del = sqlDirect(s, `DELETE FROM recovery_stages WHERE person_id = ${gone.id};`
      + ` DELETE FROM persons WHERE id = ${gone.id};`);
    assert.equal(del.status, 0, del.err);
    known.splice(known.indexOf(gone), 1);
    if (!PG) assert.equal(grams(gone.id), 0);
    assert.deepEqual(await found(peerB, 'other', 'name'), expected([teamB], 'other', 'name'));
  });

  test('upgrading an existing database builds the same index the triggers keep', { skip: PG ? 'SQLite only' : false }, () => {
    const copy = freshDatabase();
    const backup = sqlDirect(s, `.backup '${copy}'`);
    assert.equal(backup.status, 0, backup.err);
    const dump = 'SELECT team_id, gram, person_id FROM person_grams ORDER BY 1, 2, 3';
    const sql = (text) => {
      const r = sqlDirect({ db: copy }, text);
      assert.equal(r.status, 0, r.err);
      return r.out;
    };
    const kept = sql(dump);
    assert.ok(kept.split('\n').length > 500);
    // as the database was before migration 12 (and 13 and 14, which come after)
    sql(`${UNDO_AUDIT_PERSON} DROP TRIGGER person_grams_insert; DROP TRIGGER person_grams_unset; DROP TRIGGER person_grams_set;
      DROP TRIGGER person_grams_delete; DROP VIEW person_gram_rows; DROP TABLE person_grams; DROP TABLE gram_positions; DELETE FROM schema_migrations WHERE version = 12`);
    const init = runWaypoint(['init', '--db', copy]);
    assert.equal(init.status, 0, init.stderr);
    assert.match(init.stderr, stepsApplied(4));
    assert.equal(sql(dump), kept);
  });
});
