// A staff member's record (issue 27): GET /staff/{id}.  Each reads their
// own; supervisors, program managers and admins read everyone's; to anyone
// else there is no such record (404, as for another team's person).  Every
// read is audited.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND, sqlDirect, staff, startServer } from './helpers.mjs';

describe(`the staff record (${BACKEND})`, () => {
  let s, peer, other, trainee, supervisor, manager, admin;
  before(async () => {
    s = await startServer();
    peer = await staff(s);
    other = await staff(s);
    trainee = await staff(s, 'peer_trainee');
    supervisor = await staff(s, 'supervisor');
    manager = await staff(s, 'program_manager');
    admin = await staff(s, 'admin');
  });
  after(async () => { await s?.stop(); });

  const reads = () => Number(sqlDirect(s,
    `SELECT COUNT(*) FROM audit_log WHERE action = 'read' AND entity_type = 'staff_record' AND entity_id = '${peer.user.id}'`).out.trim());

  test('a peer reads their own record, with their name, e-mail and role; the read is audited', async () => {
    const before = reads();
    const r = await peer.fetch(`/staff/${peer.user.id}`);
    assert.equal(r.status, 200);
    const html = await r.text();
    assert.ok(html.includes(`<h1>${peer.user.name}</h1>`));
    assert.ok(html.includes(peer.user.email));
    assert.match(html, /Peer specialist/);
    assert.equal(reads(), before + 1);
  });

  test('supervisors, program managers and admins read anyone\'s record', async () => {
    for (const who of [supervisor, manager, admin]) {
      const r = await who.fetch(`/staff/${peer.user.id}`);
      assert.equal(r.status, 200, who.user.role);
    }
  });

  test('another peer or a trainee is told there is no such record, and nothing is audited as read', async () => {
    const before = reads();
    for (const who of [other, trainee]) {
      const r = await who.fetch(`/staff/${peer.user.id}`);
      assert.equal(r.status, 404, who.user.role);
      assert.doesNotMatch(await r.text(), new RegExp(peer.user.name));
    }
    assert.equal(reads(), before);
  });

  test('an id that is no staff member, or not a number, is 404; no session goes to sign-in', async () => {
    assert.equal((await admin.fetch('/staff/987654')).status, 404);
    assert.equal((await admin.fetch('/staff/abc')).status, 404);
    assert.equal((await admin.fetch('/staff/0')).status, 404);
    const anon = await fetch(`${s.url}/staff/${peer.user.id}`, { redirect: 'manual' });
    assert.equal(anon.status, 303);
    assert.match(anon.headers.get('location'), /^\/signin\?next=/);
  });
});
