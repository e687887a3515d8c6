// Peer Desk drop-ins by someone not enrolled: counted for the staff
// member's team with or without a name, signed at once, never billed;
// each team sees its own, managers see all; bad input names the field and
// saves nothing; a drop-in never shows up in anyone's record.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND, sqlDirect, staff, startServer } from './helpers.mjs';

describe(`Peer Desk drop-ins (${BACKEND})`, () => {
  let s, admin, manager, peer, trainee, twoTeams, outsider, loner, teamA, teamB, prog;
  const today = new Date().toISOString().slice(0, 10);
  const visit = (extra = {}) => ({ contact_on: today, starts_at: '13:00', ends_at: '13:20', location: 'office',
    did_together: 'Coffee and a talk about the shelter waiting list.', ...extra });
  const list = async (who, q = '') => (await who.fetch(`/api/v1/drop-ins${q}`)).json();
  const count = () => Number(sqlDirect(s, 'SELECT COUNT(*) FROM contacts WHERE person_id IS NULL').out.trim());

  before(async () => {
    s = await startServer();
    admin = await staff(s, 'admin');
    manager = await staff(s, 'program_manager');
    prog = (await (await admin.json('POST', '/api/v1/programs',
      { name: 'Desk', kind: 'peer_desk', time_zone: 'UTC', unit_rounding: 'eight_minute' })).json()).id;
    teamA = (await (await admin.json('POST', '/api/v1/teams', { name: 'Desk A', program_id: prog })).json()).id;
    teamB = (await (await admin.json('POST', '/api/v1/teams', { name: 'Desk B', program_id: prog })).json()).id;
    peer = await staff(s);
    trainee = await staff(s, 'peer_trainee');
    twoTeams = await staff(s);
    outsider = await staff(s);
    loner = await staff(s); // on no team
    for (const u of [peer, trainee, twoTeams]) await admin.json('POST', `/api/v1/teams/${teamA}/members`, { email: u.user.email });
    for (const u of [twoTeams, outsider]) await admin.json('POST', `/api/v1/teams/${teamB}/members`, { email: u.user.email });
  });
  after(async () => { await s.stop(); });

  test('a drop-in is counted with or without a name, signed, for the only team', async () => {
    let r = await peer.json('POST', '/api/v1/drop-ins', visit({ visitor_name: 'Sam' }));
    assert.equal(r.status, 201, await r.clone().text());
    r = await peer.json('POST', '/api/v1/drop-ins', visit());
    assert.equal(r.status, 201, 'no name is fine');
    const l = await list(peer);
    assert.equal(l.total, 2);
    assert.equal(l.items.length, 2);
    assert.deepEqual(l.items.map((x) => x.visitor_name).sort(), ['', 'Sam']);
    for (const x of l.items) {
      assert.equal(x.team_id, teamA);
      assert.match(x.signed_at, /^\d{4}-/);
      assert.equal(x.staff, peer.user.name);
    }
    const audited = sqlDirect(s, "SELECT COUNT(*) FROM audit_log WHERE entity_type = 'drop_in' AND action = 'create'");
    assert.equal(audited.out.trim(), '2');
  });

  test("a trainee's drop-in counts at once: it is no one's record and never billed", async () => {
    const r = await trainee.json('POST', '/api/v1/drop-ins', visit({ visitor_name: 'Lee' }));
    assert.equal(r.status, 201);
    const id = (await r.json()).id;
    const row = sqlDirect(s, `SELECT state, cosign_state, kind FROM contacts WHERE id = ${id}`).out.trim();
    assert.equal(row, 'signed|none|peer_desk');
    const csv = await (await manager.fetch(`/billing.csv?program=${prog}&from=${today}&to=${today}`)).text();
    assert.doesNotMatch(csv, /Lee|peer_desk/);
  });

  test('someone on two teams names one of theirs; another team is refused', async () => {
    let r = await twoTeams.json('POST', '/api/v1/drop-ins', visit());
    assert.equal(r.status, 400);
    assert.equal((await r.json()).error.field, 'team_id');
    r = await twoTeams.json('POST', '/api/v1/drop-ins', visit({ team_id: teamB }));
    assert.equal(r.status, 201);
    r = await peer.json('POST', '/api/v1/drop-ins', visit({ team_id: teamB }));
    assert.equal(r.status, 400, 'not their team');
    assert.equal((await r.json()).error.field, 'team_id');
    r = await loner.json('POST', '/api/v1/drop-ins', visit());
    assert.equal(r.status, 400);
    assert.match((await r.json()).error.message, /no team/);
  });

  test('each team sees its own; a program manager sees every team; others nothing', async () => {
    const a = await list(peer), b = await list(outsider), m = await list(manager), none = await list(loner);
    assert.ok(a.items.every((x) => x.team_id === teamA));
    assert.equal(b.total, 1, 'team B has one');
    assert.equal(b.items[0].team_id, teamB);
    assert.equal(m.total, a.total + b.total);
    assert.equal(none.total, 0);
  });

  test('bad input is refused naming the field, and nothing is saved', async () => {
    const before = count();
    const cases = [
      [visit({ contact_on: '2999-01-01' }), 'contact_on'],
      [visit({ contact_on: 'yesterday' }), 'contact_on'],
      [visit({ starts_at: '25:00' }), 'starts_at'],
      [visit({ ends_at: '12:00' }), 'ends_at'],
      [visit({ location: 'moon' }), 'location'],
      [visit({ visitor_name: 'x'.repeat(201) }), 'visitor_name'],
      [visit({ visitor_name: 'two\nlines' }), 'visitor_name'],
      [visit({ did_together: '' }), 'did_together'],
      [visit({ did_together: 'x'.repeat(10001) }), 'did_together'],
      [visit({ team_id: 'A' }), 'team_id'],
      [visit({ person_id: 1 }), 'person_id'],
      [visit({ kind: 'individual' }), 'kind'],
      [visit({ visitor_name: 7 }), 'visitor_name'],
      [visit({ contact_on: undefined }), 'contact_on'],
      [visit({ response: ['a'] }), 'response'],
      [visit({ team_notice: 'a\u0002b' }), 'team_notice'],
      [visit({ signed_at: '2026-01-01T00:00:00Z' }), 'signed_at'],
      [visit({ goals: [1] }), 'goals'],
    ];
    for (const [body, field] of cases) {
      const r = await peer.json('POST', '/api/v1/drop-ins', body);
      assert.equal(r.status, 400, field);
      assert.equal((await r.json()).error.field, field, JSON.stringify(body).slice(0, 80));
    }
    let r = await peer.fetch('/api/v1/drop-ins?from=2026-12-01&to=2026-11-01');
    assert.equal(r.status, 400);
    r = await peer.fetch('/api/v1/drop-ins?from=soon');
    assert.equal((await r.json()).error.field, 'from');
    assert.equal(count(), before, 'nothing saved');
  });

  test('the period narrows the list; a drop-in is in no person\'s timeline', async () => {
    assert.equal((await list(peer, '?from=2020-01-01&to=2020-12-31')).total, 0);
    assert.ok((await list(peer, `?from=2020-01-01&to=${today}`)).total >= 3);
    const orphans = sqlDirect(s, "SELECT COUNT(*) FROM contacts WHERE kind = 'peer_desk' AND person_id IS NOT NULL");
    assert.equal(orphans.out.trim(), '0');
  });

  test('the page counts a drop-in and shows the form again, keeping what was typed, on an error', async () => {
    let r = await peer.form('/drop-ins', { visitor_name: 'Robin', contact_on: today, did_together: '' });
    assert.equal(r.status, 400);
    let html = await r.text();
    assert.match(html, /value="Robin"/, 'what was typed stays');
    assert.match(html, /href="#did_together"/, 'the summary links to the field');
    r = await peer.form('/drop-ins', { visitor_name: 'Robin', contact_on: today, did_together: 'Found a warm coat.' });
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), '/drop-ins?saved=1');
    html = await (await peer.fetch('/drop-ins?saved=1')).text();
    assert.match(html, /Drop-in counted/);
    assert.match(html, /Robin · Found a warm coat\./);
    assert.doesNotMatch(await (await outsider.fetch('/drop-ins')).text(), /Robin/, 'another team does not see it');
  });
});
