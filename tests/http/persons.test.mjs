// Persons served: reachable only through their team (404 to everyone else),
// every access audited by the router, break-the-glass with a reason and a
// review, search by any part of a name with or without accents.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND, PG, runWaypoint, sqlDirect, staff, startServer } from './helpers.mjs';

let serial = 0;
const person = (over = {}) => ({
  legal_name: `José Núñez ${'abcdefghij'[serial++ % 10]}${serial}`, preferred_name: 'Pepe', pronouns: 'he/him',
  date_of_birth: '1988-02-29', record_number: `R-${Math.random().toString(36).slice(2, 9)}`,
  phone: '555-0142', email: 'pepe@example.org', preferred_language: 'Spanish',
  recovery_stage: 'recovery_initiation', voicemail_ok: true, texts_ok: false, ...over,
});

describe(`persons and team boundaries (${BACKEND})`, () => {
  let s, admin, north, south, northTeam, southTeam, pepe;
  before(async () => {
    s = await startServer();
    admin = await staff(s, 'admin');
    const prog = await (await admin.json('POST', '/api/v1/programs', { name: 'Harbor', kind: 'community',
      time_zone: 'UTC', unit_rounding: 'any_part', crisis_lines: [{ label: 'Harbor <warm> line', number: '555-0100' }] })).json();
    northTeam = (await (await admin.json('POST', '/api/v1/teams', { name: 'North', program_id: prog.id })).json()).id;
    southTeam = (await (await admin.json('POST', '/api/v1/teams', { name: 'South', program_id: prog.id })).json()).id;
    north = await staff(s);
    south = await staff(s);
    assert.equal((await admin.json('POST', `/api/v1/teams/${northTeam}/members`, { email: north.user.email })).status, 204);
    assert.equal((await admin.json('POST', `/api/v1/teams/${southTeam}/members`, { email: south.user.email })).status, 204);
    const r = await north.json('POST', '/api/v1/persons', person({ team_id: northTeam }));
    assert.equal(r.status, 201, await r.clone().text());
    pepe = await r.json();
  });
  after(async () => { await s.stop(); });

  test('the team reads its person; the read is audited with the person', async () => {
    const r = await north.fetch(`/api/v1/persons/${pepe.id}`);
    assert.equal(r.status, 200);
    const p = await r.json();
    assert.match(p.legal_name, /^José Núñez /);
    assert.equal(p.voicemail_ok, true);
    assert.equal(p.team_id, northTeam);
    const audit = await (await admin.fetch(`/api/v1/audit?person=${pepe.id}`)).json();
    assert.ok(audit.items.some((e) => e.action === 'read' && e.user_id === north.user.id && e.outcome === 'success'));
    assert.ok(audit.items.some((e) => e.action === 'create' && e.entity_type === 'person'));
  });

  test('50 reads at once: each is audited before it is answered, and the chain holds', async () => {
    const count = () => Number(sqlDirect(s, `SELECT COUNT(*) FROM audit_log WHERE person_id = ${pepe.id}`
      + ` AND action = 'read' AND user_id = ${north.user.id}`).out.trim());
    const before = count();
    const all = await Promise.all(Array.from({ length: 50 }, () => north.fetch(`/api/v1/persons/${pepe.id}`)));
    assert.deepEqual([...new Set(all.map((r) => r.status))], [200]);
    assert.equal(count(), before + 50, 'one entry per read, none lost or doubled');
    const v = runWaypoint(['audit', 'verify', '--db', s.db]);
    assert.equal(v.status, 0, v.stderr);
  });

  /** Makes the database refuse audit entries for one action, for a while. */
  function blockAudit(action) {
    const sql = PG
      ? `CREATE FUNCTION block_audit() RETURNS trigger AS $$ BEGIN IF NEW.action = '${action}' THEN
           RAISE EXCEPTION 'blocked'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;
         CREATE TRIGGER block_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION block_audit();`
      : `CREATE TRIGGER block_audit BEFORE INSERT ON audit_log WHEN NEW.action = '${action}'
           BEGIN SELECT RAISE(ABORT, 'blocked'); END;`;
    assert.equal(sqlDirect(s, sql).status, 0);
    return () => assert.equal(sqlDirect(s, PG ? 'DROP TRIGGER block_audit ON audit_log; DROP FUNCTION block_audit();'
      : 'DROP TRIGGER block_audit;').status, 0);
  }

  test('a read that cannot be audited is refused (503) and shows nothing; it recovers', async () => {
    const unblock = blockAudit('read');
    try {
      const api = await north.fetch(`/api/v1/persons/${pepe.id}`);
      assert.equal(api.status, 503);
      const body = await api.json();
      assert.equal(body.error.code, 'audit_unavailable');
      assert.doesNotMatch(JSON.stringify(body), /Núñez|Pepe|555-0142/);
      const page = await north.fetch(`/persons/${pepe.id}`);
      assert.equal(page.status, 503);
      assert.doesNotMatch(await page.text(), /Núñez|555-0142/);
    } finally { unblock(); }
    assert.equal((await north.fetch(`/api/v1/persons/${pepe.id}`)).status, 200);
    assert.equal(runWaypoint(['audit', 'verify', '--db', s.db]).status, 0, 'no gap left by the refused reads');
  });

  test('a change that cannot be audited is not saved either', async () => {
    const stageOf = async () => (await (await north.fetch(`/api/v1/persons/${pepe.id}`)).json()).recovery_stage;
    const before = await stageOf();
    const next = before === 'stabilization' ? 'recovery_initiation' : 'stabilization';
    let unblock = blockAudit('update');
    try {
      const r = await north.form(`/persons/${pepe.id}/stage`, { recovery_stage: next });
      assert.equal(r.status, 503);
      assert.match(await r.text(), /Nothing was changed/);
    } finally { unblock(); }
    assert.equal(await stageOf(), before, 'the stage change was rolled back with its audit entry');
    unblock = blockAudit('create');
    try {
      const r = await north.json('POST', '/api/v1/persons', person({ team_id: northTeam, legal_name: 'Unaudited Person' }));
      assert.equal(r.status, 503);
    } finally { unblock(); }
    const list = await (await north.fetch('/api/v1/persons?q=unaudited')).json();
    assert.deepEqual(list.items, [], 'no person without a create entry');
    assert.equal((await north.form(`/persons/${pepe.id}/stage`, { recovery_stage: next })).status, 303);
    assert.equal(await stageOf(), next);
  });

  test("another team's person is 404 in the API and the page, and the attempt is audited", async () => {
    const api = await south.fetch(`/api/v1/persons/${pepe.id}`);
    assert.equal(api.status, 404);
    const page = await south.fetch(`/persons/${pepe.id}`);
    assert.equal(page.status, 404);
    assert.doesNotMatch(await page.text(), /Núñez|Pepe/);
    const missing = await south.fetch('/api/v1/persons/999999');
    assert.equal(missing.status, 404, 'absent and not-yours look alike');
    const audit = await (await admin.fetch(`/api/v1/audit?person=${pepe.id}&user=${south.user.id}`)).json();
    assert.ok(audit.items.some((e) => e.outcome === 'denied'));
    const list = await (await south.fetch('/api/v1/persons?q=jose')).json();
    assert.deepEqual(list.items, []);
    const stage = await south.form(`/persons/${pepe.id}/stage`, { recovery_stage: 'stabilization' });
    assert.equal(stage.status, 404, 'nor can they change it');
  });

  test('nobody adds a person to a team they are not on', async () => {
    const r = await south.json('POST', '/api/v1/persons', person({ team_id: northTeam }));
    assert.equal(r.status, 400);
    assert.equal((await r.json()).error.field, 'team_id');
    const token = await admin.json('POST', '/api/v1/persons', person({ team_id: northTeam }));
    assert.equal(token.status, 400, 'admins too: access is through teams');
  });

  test('bad input is refused naming the field, and nothing is saved', async () => {
    const before = (await (await north.fetch('/api/v1/persons?limit=200')).json()).items.length;
    const cases = [
      [{ legal_name: '' }, 'legal_name'], [{ date_of_birth: '2099-01-01' }, 'date_of_birth'],
      [{ date_of_birth: '1990-02-30' }, 'date_of_birth'], [{ date_of_birth: '17/04/1990' }, 'date_of_birth'],
      [{ recovery_stage: 'cured' }, 'recovery_stage'], [{ record_number: '' }, 'record_number'],
      [{ email: 'not-an-address' }, 'email'], [{ texts_ok: 'yes' }, 'texts_ok'],
      [{ legal_name: 'Two\nLines' }, 'legal_name'], [{ diagnosis: 'x' }, 'diagnosis'],
      [{ record_number: pepe.record_number }, 'record_number'],
      [{ legal_name: 7 }, 'legal_name'], [{ legal_name: 'x'.repeat(201) }, 'legal_name'],
      [{ pronouns: 'p'.repeat(41) }, 'pronouns'], [{ date_of_birth: undefined }, 'date_of_birth'],
      [{ preferred_language: 'l'.repeat(61) }, 'preferred_language'], [{ team_id: String(northTeam) }, 'team_id'],
      [{ recovery_stage: null }, 'recovery_stage'], [{ id: 1 }, 'id'],
    ];
    for (const [over, field] of cases) {
      const r = await north.json('POST', '/api/v1/persons', person({ team_id: northTeam, ...over }));
      assert.equal(r.status, 400, JSON.stringify(over));
      assert.equal((await r.json()).error.field, field, JSON.stringify(over));
    }
    assert.equal((await (await north.fetch('/api/v1/persons?limit=200')).json()).items.length, before);
    // the form: the error beside the field, the summary by its label, what was typed kept
    const form = await north.form('/persons', { ...person({ pronouns: 'p'.repeat(41) }), team_id: String(northTeam),
      voicemail_ok: '1', texts_ok: '' });
    assert.equal(form.status, 400);
    const html = await form.text();
    assert.match(html, /href="#pronouns">Pronouns<\/a>: Pronouns must be at most 40 characters/);
    assert.match(html, /id="pronouns-error" role="alert">Pronouns must be at most 40 characters/);
    assert.match(html, /value="555-0142"/);
    assert.equal((await (await north.fetch('/api/v1/persons?limit=200')).json()).items.length, before);
  });

  test("the team's list sorts by name (accents aside), newest or record number, and pages", async () => {
    const prog = (await (await admin.fetch('/api/v1/programs')).json()).items[0].id;
    const team = (await (await admin.json('POST', '/api/v1/teams', { name: 'Sorted', program_id: prog })).json()).id;
    const peer = await staff(s);
    await admin.json('POST', `/api/v1/teams/${team}/members`, { email: peer.user.email });
    for (const [name, rec] of [['Zed Alpha', 'S-2'], ['Ábel Beta', 'S-3'], ['carla Gamma', 'S-1']]) {
      const r = await peer.json('POST', '/api/v1/persons', person({ team_id: team, legal_name: name, preferred_name: '', record_number: rec }));
      assert.equal(r.status, 201);
    }
    const names = async (q) => (await (await peer.fetch(`/api/v1/persons?${q}`)).json()).items.map((p) => p.legal_name);
    assert.deepEqual(await names('sort=name'), ['Ábel Beta', 'carla Gamma', 'Zed Alpha']);
    assert.deepEqual(await names(''), ['Ábel Beta', 'carla Gamma', 'Zed Alpha'], 'by name unless told');
    assert.deepEqual(await names('sort=newest'), ['carla Gamma', 'Ábel Beta', 'Zed Alpha']);
    assert.deepEqual(await names('sort=record'), ['carla Gamma', 'Zed Alpha', 'Ábel Beta']);
    const first = await (await peer.fetch('/api/v1/persons?sort=name&limit=2')).json();
    assert.deepEqual(first.items.map((p) => p.legal_name), ['Ábel Beta', 'carla Gamma']);
    assert.ok(first.next_cursor);
    const rest = await (await peer.fetch(`/api/v1/persons?sort=name&limit=2&cursor=${first.next_cursor}`)).json();
    assert.deepEqual(rest.items.map((p) => p.legal_name), ['Zed Alpha']);
    assert.equal(rest.next_cursor, null);
    const bad = await peer.fetch('/api/v1/persons?sort=age');
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).error.field, 'sort');
    const page = await (await peer.fetch('/persons?sort=newest&limit=2')).text();
    assert.match(page, /aria-current="true">Newest</);
    assert.match(page, /href="\/persons\?q=&amp;sort=newest&amp;cursor=2">More/);
  });

  test('someone on two teams finds the persons of both, in order; after leaving one, only the other', async () => {
    // One team: the search names it and walks the name index; several: it
    // goes through the user's memberships (person.c).
    const prog = (await (await admin.fetch('/api/v1/programs')).json()).items[0].id;
    const team = async (name) => (await (await admin.json('POST', '/api/v1/teams', { name, program_id: prog })).json()).id;
    const east = await team('East'), west = await team('West');
    const both = await staff(s), eastOnly = await staff(s);
    for (const [t, who] of [[east, both], [west, both], [east, eastOnly]])
      assert.equal((await admin.json('POST', `/api/v1/teams/${t}/members`, { email: who.user.email })).status, 204);
    for (const [t, name, rec] of [[west, 'Quill West', 'Q-1'], [east, 'Quill East', 'Q-2'], [west, 'Quillon Able', 'Q-3']]) {
      const r = await both.json('POST', '/api/v1/persons', person({ team_id: t, legal_name: name, preferred_name: '', record_number: rec }));
      assert.equal(r.status, 201, name);
    }
    const find = async (who, q) => (await (await who.fetch(`/api/v1/persons?${q}`)).json()).items.map((p) => p.legal_name);
    assert.deepEqual(await find(both, 'q=quill'), ['Quill East', 'Quill West', 'Quillon Able']);
    assert.deepEqual(await find(both, 'q=quill&sort=newest'), ['Quillon Able', 'Quill East', 'Quill West']);
    assert.deepEqual(await find(both, 'q=quill&sort=record'), ['Quill West', 'Quill East', 'Quillon Able']);
    assert.deepEqual(await find(eastOnly, 'q=quill'), ['Quill East'], "not the other team's");
    // The add form: on one team, that team is chosen; on two, neither is.
    const checked = async (who) => [...(await (await who.fetch('/persons/new')).text())
      .matchAll(/name="team_id" value="(\d+)"( checked)?/g)].map((m) => [Number(m[1]), Boolean(m[2])]);
    assert.deepEqual(await checked(eastOnly), [[east, true]]);
    assert.deepEqual((await checked(both)).sort(), [[east, false], [west, false]].sort());
    assert.deepEqual(await find(eastOnly, 'q=Q-1'), []);
    const left = await admin.form('/teams/members', { team_id: west, email: both.user.email, action: 'remove' });
    assert.equal(left.status, 303);
    assert.deepEqual(await find(both, 'q=quill'), ['Quill East']);
    assert.deepEqual(await find(both, 'q=quill&sort=newest'), ['Quill East']);
    assert.deepEqual(await find(both, 'q=Q-3'), [], 'no longer by record number either');
  });

  test('search treats % and _ as letters, not wildcards', async () => {
    for (const q of ['%', '_', 'jos%', 'j_se']) {
      const list = await (await north.fetch(`/api/v1/persons?q=${encodeURIComponent(q)}`)).json();
      assert.deepEqual(list.items, [], q);
    }
  });

  test('search finds by any part of a name, with or without accents, by record number and birth date', async () => {
    await north.json('POST', '/api/v1/persons', person({ team_id: northTeam, legal_name: 'Ana Łukasiewicz', preferred_name: '', record_number: 'LUK-1', date_of_birth: '1975-06-01' }));
    const find = async (q) => (await (await north.fetch(`/api/v1/persons?q=${encodeURIComponent(q)}`)).json()).items.map((p) => p.legal_name);
    const isPepe = (names) => names.includes(pepe.legal_name);
    assert.ok(isPepe(await find('jose')));
    assert.ok(isPepe(await find('NÚÑEZ')));
    assert.ok(isPepe(await find('nunez')));
    assert.ok(isPepe(await find('pepe')), 'preferred name');
    assert.ok((await find('lukas')).includes('Ana Łukasiewicz'));
    assert.deepEqual(await find('LUK-1'), ['Ana Łukasiewicz']);
    assert.deepEqual(await find('1975-06-01'), ['Ana Łukasiewicz']);
    assert.deepEqual(await find('%'), [], 'wildcards are text');
    assert.deepEqual(await find('nobody'), []);
  });

  test('the overview page: escaped, crisis lines one tap away, and a stage change', async () => {
    const page = await north.fetch(`/persons/${pepe.id}`);
    const html = await page.text();
    assert.match(html, /<h1>Pepe<\/h1>/);
    assert.match(html, /id="crisis"/);
    assert.ok(html.includes('href="tel:555-0100">Harbor &lt;warm&gt; line: 555-0100'));
    assert.match(html, /Recovery initiation/);
    const r = await north.form(`/persons/${pepe.id}/stage`, { recovery_stage: 'stabilization' });
    assert.equal(r.status, 303);
    assert.match(await (await north.fetch(`/persons/${pepe.id}`)).text(), /<p class="usa-intro">Stabilization/);
    const bad = await north.form(`/persons/${pepe.id}/stage`, { recovery_stage: 'done' });
    assert.equal(bad.status, 400);
  });

  test('break-the-glass: a reason is required, access is audited, reviewers are told', async () => {
    let r = await south.json('POST', `/api/v1/persons/${pepe.id}/emergency`, { reason: 'urgent' });
    assert.equal(r.status, 400);
    assert.equal((await r.json()).error.field, 'reason');
    for (const [body, field] of [[{}, 'reason'], [{ reason: 'r'.repeat(501) }, 'reason'], [{ reason: 12345678901 }, 'reason'],
      [{ reason: 'Crisis call, need the plan', why: 'x' }, 'why']]) {
      r = await south.json('POST', `/api/v1/persons/${pepe.id}/emergency`, body);
      assert.equal(r.status, 400, JSON.stringify(body).slice(0, 60));
      assert.equal((await r.json()).error.field, field, JSON.stringify(body).slice(0, 60));
    }
    r = await south.form(`/persons/${pepe.id}/emergency`, { reason: 'too short' });
    assert.equal(r.status, 400);
    assert.match(await r.text(), /id="reason-error" role="alert">Give a reason of 10 to 500 characters/);
    assert.equal((await south.fetch(`/api/v1/persons/${pepe.id}`)).status, 404, 'no access opened by a refused reason');
    r = await south.json('POST', '/api/v1/persons/999999/emergency', { reason: 'Crisis call at the Peer Desk, need the crisis plan' });
    assert.equal(r.status, 404);
    const supervisor = await staff(s, 'supervisor');
    assert.doesNotMatch(await (await supervisor.fetch('/programs')).text(), /to review/);
    r = await south.json('POST', `/api/v1/persons/${pepe.id}/emergency`, { reason: 'Crisis call at the Peer Desk, need the crisis plan' });
    assert.equal(r.status, 204);
    const read = await south.fetch(`/api/v1/persons/${pepe.id}`);
    assert.equal(read.status, 200);
    const page = await south.fetch(`/persons/${pepe.id}`);
    assert.match(await page.text(), /Emergency access: this person is not in your teams/);
    const audit = await (await admin.fetch(`/api/v1/audit?person=${pepe.id}&user=${south.user.id}`)).json();
    assert.ok(audit.items.some((e) => e.detail.startsWith('break-the-glass opened')));
    assert.ok(audit.items.some((e) => e.action === 'read' && e.detail === 'break-the-glass' && e.outcome === 'success'));
    // reviewers see a notice and the list; peers may not review
    assert.match(await (await supervisor.fetch('/programs')).text(), /1 emergency access \(break-the-glass\) to review/);
    const list = await (await admin.fetch('/break-glass')).text();
    assert.match(list, /Crisis call at the Peer Desk/);
    assert.equal((await north.fetch('/break-glass')).status, 403);
    const id = /action="\/break-glass\/(\d+)\/review"/.exec(list)[1];
    assert.equal((await north.form(`/break-glass/${id}/review`, {})).status, 403);
    assert.equal((await supervisor.form(`/break-glass/${id}/review`, {})).status, 303);
    assert.doesNotMatch(await (await supervisor.fetch('/programs')).text(), /to review/);
    assert.equal((await supervisor.form(`/break-glass/${id}/review`, {})).status, 404, 'reviewed once');
  });

  test('a likely duplicate (same name and birth date, any team) asks for confirmation', async () => {
    const same = { legal_name: pepe.legal_name.toUpperCase().replace('É', 'E'), date_of_birth: pepe.date_of_birth };
    let r = await south.json('POST', '/api/v1/persons', person({ team_id: southTeam, ...same }));
    assert.equal(r.status, 409);
    const e = (await r.json()).error;
    assert.equal(e.field, 'confirm_duplicate');
    assert.doesNotMatch(e.message, /North|Pepe|R-/, 'the warning names nobody');
    r = await south.json('POST', '/api/v1/persons', person({ team_id: southTeam, ...same, confirm_duplicate: true }));
    assert.equal(r.status, 201);
    const page = await south.form('/persons', { ...person({ ...same }), team_id: String(southTeam), recovery_stage: 'stabilization' });
    assert.equal(page.status, 409);
    assert.match(await page.text(), /This is a different person: save anyway/);
  });

  test('stage history is kept; the printable summary is audited as a print', async () => {
    const fresh = await (await north.json('POST', '/api/v1/persons', person({ team_id: northTeam }))).json();
    await north.form(`/persons/${fresh.id}/stage`, { recovery_stage: 'sustained_recovery_maintenance' });
    const html = await (await north.fetch(`/persons/${fresh.id}`)).text();
    assert.match(html, /Stage history<\/h3><ol class="usa-list" reversed><li>Sustained recovery maintenance — /);
    const when = /<li>Sustained recovery maintenance — <time datetime="(\d{4}-\d\d-\d\dT\d\d:\d\d):\d\dZ">([^<]*)<\/time>/.exec(html);
    assert.ok(when, 'the change is dated');
    assert.equal(when[2], `${when[1].replace('T', ' ')} UTC`, 'as people read a time');
    assert.match(html, /<li>Recovery initiation — /);
    const sum = await north.fetch(`/persons/${fresh.id}/summary`);
    assert.equal(sum.status, 200);
    const text = await sum.text();
    assert.doesNotMatch(text, /usa-header/, 'no navigation on the printed page');
    assert.match(text, /In a crisis/);
    assert.equal((await south.fetch(`/persons/${fresh.id}/summary`)).status, 404);
    const audit = await (await admin.fetch(`/api/v1/audit?person=${fresh.id}&action=print`)).json();
    assert.deepEqual(audit.items.map((e) => [e.user_id, e.outcome]),
      [[south.user.id, 'denied'], [north.user.id, 'success']]);
  });

  test('releases (42 CFR Part 2): every element required by name; revocation and expiry take effect at once', async () => {
    const release = {
      kind: 'release', discloser: 'Harbor Peer Recovery Center', information: 'Attendance and recovery plan goals',
      recipient: 'County Housing Office', purpose: 'Housing application', revocation: 'In writing, any time',
      expires_on: '2099-12-31', signer_name: 'José Núñez', signed_on: '2026-11-20',
    };
    for (const field of ['discloser', 'information', 'recipient', 'purpose', 'revocation', 'signer_name', 'signed_on']) {
      const r = await north.json('POST', `/api/v1/persons/${pepe.id}/consents`, { ...release, [field]: '' });
      assert.equal(r.status, 400, field);
      assert.equal((await r.json()).error.field, field);
    }
    let r = await north.json('POST', `/api/v1/persons/${pepe.id}/consents`, { ...release, expires_on: '' });
    assert.equal((await r.json()).error.field, 'expires_on', 'an expiry date or event is required');
    const count = async () => (await (await north.fetch(`/api/v1/persons/${pepe.id}/consents`)).json()).items.length;
    const before = await count();
    const bad = [
      [{ kind: 'verbal' }, 'kind'], [{ kind: undefined }, 'kind'], [{ signed_on: '2026-13-01' }, 'signed_on'],
      [{ expires_on: 'soon' }, 'expires_on'], [{ recipient: 5 }, 'recipient'], [{ witness: 'x' }, 'witness'],
      [{ purpose: 'p'.repeat(2001) }, 'purpose'], [{ recipient: 'Two\nLines' }, 'recipient'],
      [{ signer_name: undefined }, 'signer_name'], [{ in_force: true }, 'in_force'],
    ];
    for (const [over, field] of bad) {
      r = await north.json('POST', `/api/v1/persons/${pepe.id}/consents`, { ...release, ...over });
      assert.equal(r.status, 400, JSON.stringify(over).slice(0, 60));
      assert.equal((await r.json()).error.field, field, JSON.stringify(over).slice(0, 60));
    }
    assert.equal(await count(), before, 'nothing saved');
    r = await north.json('POST', `/api/v1/persons/${pepe.id}/consents`, { ...release, recipient: 'Peer Run Respite', expires_on: '', expiry_event: 'discharge from the program' });
    assert.equal(r.status, 201, 'an expiry event is enough');
    r = await north.json('POST', `/api/v1/persons/${pepe.id}/consents`, release);
    assert.equal(r.status, 201);
    const id = (await r.json()).id;
    const expired = await (await north.json('POST', `/api/v1/persons/${pepe.id}/consents`, { ...release, recipient: 'Old Clinic', expires_on: '2020-01-01' })).json();
    let list = (await (await north.fetch(`/api/v1/persons/${pepe.id}/consents`)).json()).items;
    assert.equal(list.find((c) => c.id === id).in_force, true);
    assert.equal(list.find((c) => c.id === expired.id).in_force, false, 'expired at once');
    let page = await (await north.fetch(`/persons/${pepe.id}`)).text();
    assert.match(page, /<li>To County Housing Office: Housing application<\/li>/);
    assert.doesNotMatch(page, /Old Clinic/);
    assert.equal((await north.fetch(`/api/v1/persons/${pepe.id}/consents/${id}/revoke`, { method: 'POST' })).status, 204);
    list = (await (await north.fetch(`/api/v1/persons/${pepe.id}/consents`)).json()).items;
    assert.equal(list.find((c) => c.id === id).in_force, false);
    assert.ok(list.find((c) => c.id === id).revoked_at);
    page = await (await north.fetch(`/persons/${pepe.id}`)).text();
    assert.doesNotMatch(page, /County Housing Office: Housing/, 'revoked at once');
    assert.equal((await north.fetch(`/api/v1/persons/${pepe.id}/consents/${id}/revoke`, { method: 'POST' })).status, 404);
    // the form names the missing element beside it
    const form = await north.form(`/persons/${pepe.id}/consents`, { ...release, recipient: '' });
    assert.equal(form.status, 400);
    assert.match(await form.text(), /id="recipient-error" role="alert">The release must name the recipient/);
    // other teams see none of it (a fresh outsider: south used break-the-glass above)
    const outsider = await staff(s);
    assert.equal((await outsider.fetch(`/api/v1/persons/${pepe.id}/consents`)).status, 404);
    assert.equal((await outsider.json('POST', `/api/v1/persons/${pepe.id}/consents`, release)).status, 404);
  });

  test('signatures: drawn (safe SVG path data only) or the typed name; bad ones refused by field', async () => {
    const release = {
      kind: 'services', signer_name: 'José Núñez', signed_on: '2026-11-20',
    };
    const bad = [
      [{ signature_method: 'drawn' }, 'signature_path'],
      [{ signature_method: 'drawn', signature_path: 'M1 1 L2 2"/><script>alert(1)</script>' }, 'signature_path'],
      [{ signature_method: 'drawn', signature_path: 'M1 1 C 2 2 3 3 4 4' }, 'signature_path'],
      [{ signature_method: 'drawn', signature_path: 'L1 1' }, 'signature_path'],
      [{ signature_method: 'drawn', signature_path: 'M1 1 L2 2 '.repeat(7000) }, 'signature_path'],
      [{ signature_method: 'stamped' }, 'signature_method'],
      [{ signature_method: 7 }, 'signature_method'],
    ];
    for (const [extra, field] of bad) {
      const r = await north.json('POST', `/api/v1/persons/${pepe.id}/consents`, { ...release, ...extra });
      assert.equal(r.status, 400, JSON.stringify(extra).slice(0, 80));
      assert.equal((await r.json()).error.field, field);
    }
    const drawn = await north.json('POST', `/api/v1/persons/${pepe.id}/consents`,
      { ...release, signature_method: 'drawn', signature_path: 'M10 20 L30.5 40 L50 60 M70 80 L90 100' });
    assert.equal(drawn.status, 201);
    const id = (await drawn.json()).id;
    const typed = await (await north.json('POST', `/api/v1/persons/${pepe.id}/consents`, release)).json();
    const list = (await (await north.fetch(`/api/v1/persons/${pepe.id}/consents`)).json()).items;
    assert.equal(list.find((c) => c.id === id).signature_method, 'drawn');
    assert.equal(list.find((c) => c.id === id).signature_path, 'M10 20 L30.5 40 L50 60 M70 80 L90 100');
    assert.equal(list.find((c) => c.id === typed.id).signature_method, 'typed', 'the typed name when not told');
    assert.equal(list.find((c) => c.id === typed.id).signature_path, '');
    const page = await (await north.fetch(`/persons/${pepe.id}/consents`)).text();
    assert.match(page, /<svg class="signature" viewBox="0 0 600 200" role="img" aria-label="Signature drawn by José Núñez"><path [^>]*d="M10 20 L30.5 40 L50 60 M70 80 L90 100"\/><\/svg>/);
    assert.match(page, /\(typed name\)/);
    // the page form: drawn without a drawing is refused beside the box, the rest kept
    const form = await north.form(`/persons/${pepe.id}/consents`, { ...release, signature_method: 'drawn', signature_path: '' });
    assert.equal(form.status, 400);
    const html = await form.text();
    assert.match(html, /Draw the signature in the box, or choose to sign with the typed name/);
    assert.match(html, /value="José Núñez"/);
  });

  test('removing someone from the team takes the person away at once', async () => {
    const extra = await staff(s);
    await admin.json('POST', `/api/v1/teams/${northTeam}/members`, { email: extra.user.email });
    assert.equal((await extra.fetch(`/api/v1/persons/${pepe.id}`)).status, 200);
    await admin.json('POST', `/api/v1/teams/${northTeam}/members`, { email: extra.user.email, remove: true });
    assert.equal((await extra.fetch(`/api/v1/persons/${pepe.id}`)).status, 404);
  });
});
