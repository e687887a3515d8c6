// API tokens with scopes: a programs token (today's kind) reaches no
// person; a persons token reads the records of its one team or one
// program's teams and nothing else (404 beyond, as for staff of another
// team); a read token writes nothing; the contacts token adds contact notes
// as drafts of its owner and does nothing else; every access is audited as
// the token and its owner; a revoked token is refused.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND, sqlDirect, staff, startServer } from './helpers.mjs';

describe(`API token scopes (${BACKEND})`, () => {
  let s, admin, north;
  let harbor, bay, northTeam, southTeam, eastTeam;
  let pNorth, pSouth, pEast, signedNote, draftNote;
  const tokens = {};
  const ids = {};

  const note = (extra = {}) => ({ kind: 'individual', contact_on: '2026-11-20', starts_at: '10:00', ends_at: '10:40',
    location: 'community', goals: [], did_together: 'Walked to the food bank together.',
    response: 'Said it felt easier than last time.', next_steps: 'Go again on Friday.', team_notice: '', ...extra });

  /** Creates a token through the admin page, as an administrator would. */
  async function makeToken(fields) {
    const r = await admin.form('/api-tokens', fields);
    const page = await r.text();
    assert.equal(r.status, 200, page);
    const token = /id="new-token">([^<]+)</.exec(page)[1];
    const id = Number(sqlDirect(s, 'SELECT MAX(id) FROM api_tokens').out.trim());
    return { token, id };
  }
  /** A call with a token: method, path, JSON body. */
  const call = (name, path, method = 'GET', body) => fetch(s.url + path, {
    method, redirect: 'manual', body: body === undefined ? undefined : JSON.stringify(body),
    headers: { Authorization: `Bearer ${tokens[name]}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
  });
  const listIds = async (name, query = '') => {
    const r = await call(name, `/api/v1/persons?limit=200${query}`);
    assert.equal(r.status, 200);
    return (await r.json()).items.map((p) => p.id).sort((a, b) => a - b);
  };
  const contactCount = () => Number(sqlDirect(s, 'SELECT COUNT(*) FROM contacts').out.trim());

  before(async () => {
    s = await startServer();
    admin = await staff(s, 'admin');
    const program = async (name) => (await (await admin.json('POST', '/api/v1/programs',
      { name, kind: 'community', time_zone: 'UTC', unit_rounding: 'any_part' })).json()).id;
    const team = async (name, programId) => (await (await admin.json('POST', '/api/v1/teams',
      { name, program_id: programId })).json()).id;
    harbor = await program('Harbor');
    bay = await program('Bay');
    northTeam = await team('North', harbor);
    southTeam = await team('South', harbor);
    eastTeam = await team('East', bay);
    north = await staff(s);
    for (const t of [northTeam, southTeam, eastTeam]) {
      assert.equal((await admin.json('POST', `/api/v1/teams/${t}/members`, { email: north.user.email })).status, 204);
    }
    const person = async (name, teamId, rn) => {
      const r = await north.json('POST', '/api/v1/persons', { legal_name: name, date_of_birth: '1980-01-01',
        record_number: rn, recovery_stage: 'stabilization', team_id: teamId });
      assert.equal(r.status, 201, await r.clone().text());
      return (await r.json()).id;
    };
    pNorth = await person('Nora Northfield', northTeam, 'T-N1');
    pSouth = await person('Sol Southgate', southTeam, 'T-S1');
    pEast = await person('Ezra Eastwood', eastTeam, 'T-E1');
    let r = await north.json('POST', `/api/v1/persons/${pNorth}/contacts`, { ...note(), sign: true });
    assert.equal(r.status, 201, await r.clone().text());
    signedNote = (await r.json()).id;
    r = await north.json('POST', `/api/v1/persons/${pNorth}/contacts`, note({ did_together: 'A draft only.' }));
    draftNote = (await r.json()).id;
    r = await north.json('POST', `/api/v1/persons/${pNorth}/barc10`, { taken_on: '2026-06-01', filled_by: 'with_peer',
      answers: [5, 4, 3, 4, 2, 5, 3, 6, 4, 5] });
    assert.equal(r.status, 201, await r.clone().text());

    for (const [name, fields] of Object.entries({
      programs: { name: 'Programs feed', access: 'read' },
      teamRead: { name: 'EHR nightly', access: 'read', scope: 'team', team_id: northTeam, program_id: '' },
      teamWrite: { name: 'EHR contacts', access: 'read_write', scope: 'team', team_id: northTeam, program_id: '' },
      programRead: { name: 'Warehouse', access: 'read', scope: 'program', team_id: '', program_id: harbor },
    })) {
      const t = await makeToken(fields);
      tokens[name] = t.token;
      ids[name] = t.id;
    }
  });
  after(async () => { await s.stop(); });

  test('a programs token (the first kind) reads programs and no person at all', async () => {
    assert.equal((await call('programs', '/api/v1/programs')).status, 200);
    assert.equal((await call('programs', '/api/v1/persons')).status, 403);
    assert.equal((await call('programs', `/api/v1/persons/${pNorth}`)).status, 403);
    assert.equal((await call('programs', `/api/v1/persons/${pNorth}/contacts`)).status, 403);
    assert.equal((await call('programs', `/api/v1/persons/${pNorth}/contacts`, 'POST', note())).status, 403);
  });

  test('a team token lists and searches only its team\'s persons', async () => {
    assert.deepEqual(await listIds('teamRead'), [pNorth]);
    assert.deepEqual(await listIds('teamRead', '&q=Southgate'), [], 'another team\'s person is not found by name');
    assert.deepEqual(await listIds('teamRead', '&q=T-S1'), [], 'nor by record number');
    assert.deepEqual(await listIds('teamRead', '&q=Northfield'), [pNorth]);
    assert.deepEqual(await listIds('teamRead', '&sort=newest'), [pNorth]);
    assert.deepEqual(await listIds('teamRead', '&sort=record'), [pNorth]);
  });

  test('a team token reads its person\'s record: person, plan, signed notes, BARC-10, timeline, FHIR', async () => {
    let r = await call('teamRead', `/api/v1/persons/${pNorth}`);
    assert.equal(r.status, 200);
    assert.equal((await r.json()).legal_name, 'Nora Northfield');
    for (const path of ['plan', 'plan/versions', 'barc10', 'timeline', 'enrollments', 'consents', 'supports', 'wellness-plan']) {
      r = await call('teamRead', `/api/v1/persons/${pNorth}/${path}`);
      assert.ok([200, 404].includes(r.status) && r.status !== 403, `${path} → ${r.status}`);
    }
    r = await call('teamRead', `/api/v1/persons/${pNorth}/barc10`);
    assert.equal(r.status, 200);
    assert.equal((await r.json()).items.length, 1);
    r = await call('teamRead', `/api/v1/persons/${pNorth}/contacts`);
    assert.equal(r.status, 200);
    const notes = (await r.json()).items.map((c) => c.id);
    assert.deepEqual(notes, [signedNote], 'signed notes only: a draft is its author\'s');
    assert.equal((await call('teamRead', `/api/v1/persons/${pNorth}/contacts/${signedNote}`)).status, 200);
    assert.equal((await call('teamRead', `/api/v1/persons/${pNorth}/contacts/${draftNote}`)).status, 404);
    r = await call('teamRead', `/api/v1/fhir/Patient/${pNorth}`);
    assert.equal(r.status, 200);
    assert.equal((await r.json()).resourceType, 'Patient');
  });

  test('another team\'s or program\'s person is 404, the same as no person at all', async () => {
    const none = await (await call('teamRead', '/api/v1/persons/999999')).json();
    for (const p of [pSouth, pEast]) {
      for (const path of ['', '/contacts', '/plan', '/barc10', '/timeline']) {
        const r = await call('teamRead', `/api/v1/persons/${p}${path}`);
        assert.equal(r.status, 404, `${p}${path}`);
        assert.deepEqual(await r.json(), none, 'nothing tells an out-of-scope person from a missing one');
      }
      assert.equal((await call('teamRead', `/api/v1/fhir/Patient/${p}`)).status, 404);
    }
    assert.equal((await call('teamRead', `/api/v1/persons/${pSouth}/contacts/${signedNote}`)).status, 404);
  });

  test('a token reaches no page and no staff API', async () => {
    for (const path of [`/persons/${pNorth}`, '/persons', '/api/v1/programs', '/api/v1/users', '/api/v1/audit',
      '/api/v1/drop-ins', '/api/v1/incidents', '/api/v1/notices', '/api/v1/session']) {
      assert.equal((await call('teamWrite', path)).status, 403, path);
    }
  });

  test('a program token sees every team of its program and none of another program', async () => {
    assert.deepEqual(await listIds('programRead'), [pNorth, pSouth].sort((a, b) => a - b));
    assert.deepEqual(await listIds('programRead', '&q=Eastwood'), []);
    assert.deepEqual(await listIds('programRead', '&q=Southgate'), [pSouth]);
    assert.equal((await call('programRead', `/api/v1/persons/${pNorth}`)).status, 200);
    assert.equal((await call('programRead', `/api/v1/persons/${pSouth}/contacts`)).status, 200);
    assert.equal((await call('programRead', `/api/v1/persons/${pEast}`)).status, 404);
    assert.equal((await call('programRead', `/api/v1/persons/${pEast}/barc10`)).status, 404);
  });

  test('a read token writes nothing: 403, nothing saved', async () => {
    const before = contactCount();
    for (const name of ['teamRead', 'programRead']) {
      for (const [method, path, body] of [
        ['POST', `/api/v1/persons/${pNorth}/contacts`, note()],
        ['PUT', `/api/v1/persons/${pNorth}/contacts/${draftNote}`, note()],
        ['POST', `/api/v1/persons/${pNorth}/contacts/${draftNote}/sign`, {}],
        ['POST', `/api/v1/persons/${pNorth}/barc10`, { taken_on: '2026-06-02', filled_by: 'person', answers: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1] }],
        ['PUT', `/api/v1/persons/${pNorth}/plan`, {}],
        ['POST', '/api/v1/persons', { legal_name: 'X', team_id: northTeam }],
        ['POST', `/api/v1/persons/${pNorth}/emergency`, { reason: 'x' }],
        ['POST', '/api/v1/programs', { name: 'Z', kind: 'community', time_zone: 'UTC', unit_rounding: 'any_part' }],
      ]) {
        const r = await call(name, path, method, body);
        assert.equal(r.status, 403, `${name} ${method} ${path}`);
      }
    }
    assert.equal(contactCount(), before);
  });

  test('the contacts token adds a draft in its owner\'s name, and nothing else', async () => {
    const before = contactCount();
    let r = await call('teamWrite', `/api/v1/persons/${pNorth}/contacts`, 'POST', note({ did_together: 'From the EHR.' }));
    assert.equal(r.status, 201, await r.clone().text());
    const id = (await r.json()).id;
    const row = sqlDirect(s, `SELECT state, staff_id, person_id FROM contacts WHERE id = ${id}`).out.trim();
    assert.equal(row, `draft|${admin.user.id}|${pNorth}`, 'a draft of the token\'s owner');
    assert.equal(contactCount(), before + 1);
    // signing is for a person: refused, and nothing saved
    r = await call('teamWrite', `/api/v1/persons/${pNorth}/contacts`, 'POST', { ...note(), sign: true });
    assert.equal(r.status, 403);
    const err = (await r.json()).error;
    assert.equal(err.field, 'sign');
    assert.match(err.message, /draft/);
    // bad input is named, and saves nothing
    r = await call('teamWrite', `/api/v1/persons/${pNorth}/contacts`, 'POST', note({ kind: 'séance' }));
    assert.equal(r.status, 400);
    assert.equal((await r.json()).error.field, 'kind');
    r = await call('teamWrite', `/api/v1/persons/${pNorth}/contacts`, 'POST', { ...note(), staff_id: 1 });
    assert.equal(r.status, 400);
    // outside its scope: 404; every other write: 403
    assert.equal((await call('teamWrite', `/api/v1/persons/${pSouth}/contacts`, 'POST', note())).status, 404);
    assert.equal((await call('teamWrite', `/api/v1/persons/${pEast}/contacts`, 'POST', note())).status, 404);
    for (const [method, path, body] of [
      ['PUT', `/api/v1/persons/${pNorth}/contacts/${id}`, note()],
      ['POST', `/api/v1/persons/${pNorth}/contacts/${id}/sign`, {}],
      ['POST', `/api/v1/persons/${pNorth}/contacts/${signedNote}/addenda`, { reason: 'x', text: 'y' }],
      ['POST', `/api/v1/persons/${pNorth}/barc10`, { taken_on: '2026-06-02', filled_by: 'person', answers: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1] }],
      ['PUT', `/api/v1/persons/${pNorth}/wellness-plan`, {}],
      ['POST', '/api/v1/persons', { legal_name: 'X', team_id: northTeam }],
      ['POST', `/api/v1/persons/${pNorth}/consents`, {}],
    ]) {
      assert.equal((await call('teamWrite', path, method, body)).status, 403, `${method} ${path}`);
    }
    assert.equal(contactCount(), before + 1);
    // the owner, once on the team, finds the draft and signs it
    assert.equal((await admin.json('POST', `/api/v1/teams/${northTeam}/members`, { email: admin.user.email })).status, 204);
    try {
      r = await admin.json('POST', `/api/v1/persons/${pNorth}/contacts/${id}/sign`);
      assert.equal(r.status, 204, await r.text());
      r = await call('teamRead', `/api/v1/persons/${pNorth}/contacts/${id}`);
      assert.equal(r.status, 200, 'signed, the note reaches the read token');
    } finally {
      await admin.json('POST', `/api/v1/teams/${northTeam}/members`, { email: admin.user.email, remove: true });
    }
  });

  test('each access is audited as the token and its owner, a refusal too', async () => {
    assert.equal((await call('teamRead', `/api/v1/persons/${pNorth}`)).status, 200);
    assert.equal((await call('teamRead', `/api/v1/persons/${pSouth}`)).status, 404);
    const entries = async (p) => (await (await admin.fetch(`/api/v1/audit?person=${p}&limit=200`)).json()).items;
    const role = `api_token_persons_read (token ${ids.teamRead})`;
    const read = (await entries(pNorth)).filter((e) => e.role === role && e.action === 'read');
    assert.ok(read.length > 0, 'the read is in the log with the token');
    assert.ok(read.every((e) => e.user_id === admin.user.id), 'in its owner\'s name');
    assert.ok(read.some((e) => e.outcome === 'success'));
    const denied = (await entries(pSouth)).filter((e) => e.role === role && e.outcome === 'denied');
    assert.ok(denied.length > 0 && denied.every((e) => e.user_id === admin.user.id));
    const written = (await entries(pNorth)).filter((e) => e.role === `api_token_persons_contacts (token ${ids.teamWrite})`
      && e.action === 'update' && e.outcome === 'success');
    assert.ok(written.length > 0, 'the contact added is audited with the contacts token');
    const lists = sqlDirect(s, `SELECT COUNT(*) FROM audit_log WHERE action = 'query' AND role = '${role}'`
      + ` AND user_id = ${admin.user.id}`).out.trim();
    assert.ok(Number(lists) > 0, 'the list and search are audited too');
  });

  test('the token list shows each token\'s reach, access and owner', async () => {
    const page = await (await admin.fetch('/api-tokens')).text();
    assert.match(page, /Persons of team North \(Harbor\)/);
    assert.match(page, /Persons of program Harbor \(all its teams\)/);
    assert.match(page, /Read, and add contact notes as drafts/);
    assert.match(page, /data-label="Reaches">Programs</);
    assert.ok(page.includes(`data-label="Owner">${admin.user.name}<`));
  });

  test('a token form that breaks a scope rule names the field and creates nothing', async () => {
    const count = () => sqlDirect(s, 'SELECT COUNT(*) FROM api_tokens').out.trim();
    const before = count();
    for (const [fields, field, message] of [
      [{ scope: 'team' }, 'team_id', /Choose the team whose persons the token reads/],
      [{ scope: 'team', team_id: 'abc' }, 'team_id', /Choose the team/],
      [{ scope: 'team', team_id: '999999' }, 'team_id', /There is no such team/],
      [{ scope: 'program' }, 'program_id', /Choose the program whose persons the token reads/],
      [{ scope: 'program', program_id: '999999' }, 'program_id', /There is no such program/],
      [{ scope: 'team', team_id: String(northTeam), program_id: String(harbor) }, 'program_id', /only for a program(&#39;|')s persons/],
      [{ scope: 'program', team_id: String(northTeam), program_id: String(harbor) }, 'team_id', /only for a team(&#39;|')s persons/],
      [{ scope: 'programs', team_id: String(northTeam) }, 'team_id', /only for a team(&#39;|')s persons/],
      [{ scope: 'everything' }, 'scope', /Reaches must be/],
    ]) {
      const r = await admin.form('/api-tokens', { name: 'Bad', access: 'read', ...fields });
      const text = await r.text();
      assert.equal(r.status, 400, JSON.stringify(fields));
      assert.match(text, message, JSON.stringify(fields));
      assert.ok(text.includes(`href="#${field}"`), `the summary links to ${field}: ${JSON.stringify(fields)}`);
      assert.doesNotMatch(text, /id="new-token"/);
    }
    assert.equal(count(), before);
  });

  test('the database refuses a scope without its team or program', () => {
    const ok = (sql) => sqlDirect(s, sql).status === 0;
    const base = `INSERT INTO api_tokens (name, token_hash, access, created_by, created_at, scope, team_id, program_id)`
      + ` VALUES ('x', 'h${Date.now()}`;
    assert.equal(ok(`${base}a', 'read', ${admin.user.id}, 'now', 'team', NULL, NULL)`), false);
    assert.equal(ok(`${base}b', 'read', ${admin.user.id}, 'now', 'program', ${northTeam}, NULL)`), false);
    assert.equal(ok(`${base}c', 'read', ${admin.user.id}, 'now', 'programs', ${northTeam}, NULL)`), false);
    assert.equal(ok(`${base}d', 'read', ${admin.user.id}, 'now', 'persons', NULL, NULL)`), false);
  });

  test('a revoked token is refused (401), the others still work', async () => {
    const t = await makeToken({ name: 'Short-lived', access: 'read', scope: 'team', team_id: northTeam, program_id: '' });
    tokens.short = t.token;
    assert.equal((await call('short', `/api/v1/persons/${pNorth}`)).status, 200);
    assert.equal((await admin.form(`/api-tokens/${t.id}/revoke`, {})).status, 303);
    for (const path of [`/api/v1/persons/${pNorth}`, '/api/v1/persons']) {
      const r = await call('short', path);
      assert.equal(r.status, 401, path);
      assert.doesNotMatch(await r.text(), /Nora/);
    }
    assert.equal((await call('teamRead', `/api/v1/persons/${pNorth}`)).status, 200);
  });
});
