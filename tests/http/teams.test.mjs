// Teams through the API and the page: the declared fields (web/fields.h)
// parse, validate and write them, so each bad input names its field.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND, staff, startServer } from './helpers.mjs';

describe(`teams (${BACKEND})`, () => {
  let s, admin, peer, prog;
  before(async () => {
    s = await startServer();
    admin = await staff(s, 'admin');
    peer = await staff(s, 'peer_specialist');
    prog = (await (await admin.json('POST', '/api/v1/programs', {
      name: 'Teams test', kind: 'community', time_zone: 'America/Chicago', unit_rounding: 'eight_minute',
    })).json()).id;
  });
  after(async () => { await s.stop(); });

  test('a team is created through the API and listed with its fields', async () => {
    const r = await admin.json('POST', '/api/v1/teams', { name: '  North  ', program_id: prog });
    assert.equal(r.status, 201);
    const { id } = await r.json();
    const list = await (await admin.fetch('/api/v1/teams')).json();
    const team = list.items.find((t) => t.id === id);
    assert.deepEqual(team, { id, program_id: prog, name: 'North', members: 0 });
    assert.deepEqual(Object.keys(team), ['id', 'program_id', 'name', 'members']);
    assert.equal(list.next_cursor, null);
  });

  test('the form adds a team and shows it', async () => {
    const r = await admin.form('/teams', { name: 'South <b>', program_id: String(prog) });
    assert.equal(r.status, 303);
    const page = await (await admin.fetch('/teams')).text();
    assert.match(page, /South &lt;b&gt;/);
  });

  test('each bad input is refused, naming its field, and nothing is saved', async () => {
    const before = (await (await admin.fetch('/api/v1/teams')).json()).items.length;
    const cases = [
      [{ program_id: prog }, 'name'],
      [{ name: '', program_id: prog }, 'name'],
      [{ name: 'x'.repeat(121), program_id: prog }, 'name'],
      [{ name: 'two\nlines', program_id: prog }, 'name'],
      [{ name: 42, program_id: prog }, 'name'],
      [{ name: 'No program' }, 'program_id'],
      [{ name: 'Text program', program_id: String(prog) }, 'program_id'],
      [{ name: 'Typo', program_id: prog, programme: 1 }, 'programme'],
      [{ name: 'Sneaky', program_id: prog, id: 5 }, 'id'],
    ];
    for (const [body, field] of cases) {
      const r = await admin.json('POST', '/api/v1/teams', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal((await r.json()).error.field, field, JSON.stringify(body));
    }
    const form = await admin.form('/teams', { name: '', program_id: 'abc' });
    assert.equal(form.status, 400);
    const after = (await (await admin.fetch('/api/v1/teams')).json()).items.length;
    assert.equal(after, before);
  });

  test('a name taken in the program, or a program that does not exist, is 409', async () => {
    await admin.json('POST', '/api/v1/teams', { name: 'Twice', program_id: prog });
    const again = await admin.json('POST', '/api/v1/teams', { name: 'Twice', program_id: prog });
    assert.equal(again.status, 409);
    const none = await admin.json('POST', '/api/v1/teams', { name: 'Nowhere', program_id: 999999 });
    assert.equal(none.status, 409);
  });

  test('a peer may not create or list teams', async () => {
    assert.equal((await peer.json('POST', '/api/v1/teams', { name: 'Mine', program_id: prog })).status, 403);
    assert.equal((await peer.fetch('/api/v1/teams')).status, 403);
    assert.equal((await peer.form('/teams', { name: 'Mine', program_id: String(prog) })).status, 403);
  });
});
