// A person's address, support network and enrollments: through the team
// only, every change audited, bad input refused by field with nothing lost.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND, PG, UNDO_LIST_ORDER, freshDatabase, runWaypoint, sqlDirect, staff, startServer, stepsApplied } from './helpers.mjs';

describe(`support network and enrollments (${BACKEND})`, () => {
  let s, admin, peer, outsider, pid, program, desk;
  before(async () => {
    s = await startServer();
    admin = await staff(s, 'admin');
    const prog = async (name, kind) => (await (await admin.json('POST', '/api/v1/programs',
      { name, kind, time_zone: 'UTC', unit_rounding: 'any_part' })).json()).id;
    program = await prog('Community peers', 'community');
    desk = await prog('Peer Desk', 'peer_desk');
    const team = (await (await admin.json('POST', '/api/v1/teams', { name: 'East', program_id: program })).json()).id;
    const other = (await (await admin.json('POST', '/api/v1/teams', { name: 'West', program_id: program })).json()).id;
    peer = await staff(s);
    outsider = await staff(s);
    await admin.json('POST', `/api/v1/teams/${team}/members`, { email: peer.user.email });
    await admin.json('POST', `/api/v1/teams/${other}/members`, { email: outsider.user.email });
    const r = await peer.json('POST', '/api/v1/persons', { legal_name: 'Dana Reyes', date_of_birth: '1979-05-06',
      record_number: 'N-1', recovery_stage: 'stabilization', team_id: team,
      address: '12 Elm Street\nApt 3\nSpringfield' });
    assert.equal(r.status, 201, await r.clone().text());
    pid = (await r.json()).id;
  });
  after(async () => { await s.stop(); });

  test('the address is kept, shown, and checked', async () => {
    const p = await (await peer.fetch(`/api/v1/persons/${pid}`)).json();
    assert.equal(p.address, '12 Elm Street\nApt 3\nSpringfield');
    assert.match(await (await peer.fetch(`/persons/${pid}`)).text(), /12 Elm Street/);
    const long = await peer.json('POST', '/api/v1/persons', { legal_name: 'Too Long', date_of_birth: '1979-05-06',
      record_number: 'N-2', recovery_stage: 'stabilization', team_id: p.team_id, address: 'x'.repeat(301) });
    assert.equal(long.status, 400);
    assert.equal((await long.json()).error.field, 'address');
  });

  test('supports: added, shown with one-tap calls, contact permission changed, removed but kept', async () => {
    let r = await peer.json('POST', `/api/v1/persons/${pid}/supports`, { name: 'Ana <b>Reyes</b>',
      relationship: 'sister', phone: '555-0111', email: 'ana@example.org', may_contact: true });
    assert.equal(r.status, 201);
    const ana = (await r.json()).id;
    r = await peer.json('POST', `/api/v1/persons/${pid}/supports`, { name: 'Marcus', relationship: 'sponsor',
      phone: '555-0122', may_contact: false });
    assert.equal(r.status, 201);
    const marcus = (await r.json()).id;
    const page = await (await peer.fetch(`/persons/${pid}`)).text();
    assert.match(page, /Ana &lt;b&gt;Reyes&lt;\/b&gt; \(sister\): <a class="usa-link" href="tel:555-0111">/);
    assert.match(page, /Marcus \(sponsor\): do not contact/);
    assert.doesNotMatch(page, /tel:555-0122/, 'no call link for someone we may not contact');

    assert.equal((await peer.json('POST', `/api/v1/persons/${pid}/supports/${ana}/contact`, { may_contact: false })).status, 204);
    assert.equal((await peer.json('POST', `/api/v1/persons/${pid}/supports/${marcus}/remove`)).status, 204);
    assert.equal((await peer.json('POST', `/api/v1/persons/${pid}/supports/${marcus}/remove`)).status, 404, 'removed once');
    const list = (await (await peer.fetch(`/api/v1/persons/${pid}/supports`)).json()).items;
    assert.equal(list.length, 2, 'the removed support is kept');
    assert.equal(list.find((x) => x.id === ana).may_contact, false);
    assert.ok(list.find((x) => x.id === marcus).removed_at);
    assert.equal(list[0].id, ana, 'current ones first');

    // the page form
    const form = await peer.form(`/persons/${pid}/supports`, { name: 'Lee', relationship: 'friend', may_contact: '1' });
    assert.equal(form.status, 303);
    const audit = await (await admin.fetch(`/api/v1/audit?person=${pid}`)).json();
    assert.ok(audit.items.filter((e) => e.action === 'update' && e.outcome === 'success').length >= 4);
  });

  test('supports: bad input is refused by field, nothing saved', async () => {
    const before = (await (await peer.fetch(`/api/v1/persons/${pid}/supports`)).json()).items.length;
    const cases = [
      [{ relationship: 'friend', may_contact: true }, 'name'],
      [{ name: 'X', may_contact: true }, 'relationship'],
      [{ name: 'X', relationship: 'friend' }, 'may_contact'],
      [{ name: 'X', relationship: 'friend', may_contact: 'yes' }, 'may_contact'],
      [{ name: 'X', relationship: 'friend', may_contact: true, email: 'nope' }, 'email'],
      [{ name: 'X\nY', relationship: 'friend', may_contact: true }, 'name'],
      [{ name: 'X', relationship: 'friend', may_contact: true, nickname: 'x' }, 'nickname'],
      [{ name: 'x'.repeat(121), relationship: 'friend', may_contact: true }, 'name'],
      [{ name: 'X', relationship: 'r'.repeat(61), may_contact: true }, 'relationship'],
      [{ name: 'X', relationship: 'friend', may_contact: true, phone: 5550111 }, 'phone'],
      [{ name: 'X', relationship: 'friend', may_contact: true, phone: '5'.repeat(41) }, 'phone'],
      [{ name: 'X', relationship: 'friend', may_contact: true, id: 7 }, 'id'],
    ];
    for (const [body, field] of cases) {
      const r = await peer.json('POST', `/api/v1/persons/${pid}/supports`, body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal((await r.json()).error.field, field);
    }
    const page = await peer.form(`/persons/${pid}/supports`, { name: '', relationship: 'aunt' });
    assert.equal(page.status, 400);
    const html = await page.text();
    assert.match(html, /Name is required/);
    assert.match(html, /value="aunt"/, 'what was typed is kept');
    assert.match(html, /href="#name">Name<\/a>: Name is required/, 'the summary names the field by its label');
    // a contact change: the one field, a boolean, and nothing changed when refused
    const one = (await (await peer.fetch(`/api/v1/persons/${pid}/supports`)).json()).items.find((x) => !x.removed_at);
    for (const [body, field] of [[{ may_contact: 'no' }, 'may_contact'], [{}, 'may_contact'],
      [{ may_contact: false, name: 'Y' }, 'name']]) {
      const r = await peer.json('POST', `/api/v1/persons/${pid}/supports/${one.id}/contact`, body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal((await r.json()).error.field, field, JSON.stringify(body));
    }
    const after = (await (await peer.fetch(`/api/v1/persons/${pid}/supports`)).json()).items;
    assert.equal(after.find((x) => x.id === one.id).may_contact, one.may_contact);
    assert.equal(after.length, before);
  });

  test('enrollments: admitted, refused twice at once, discharged with a reason, re-enrolled later', async () => {
    let r = await peer.json('POST', `/api/v1/persons/${pid}/enrollments`, { program_id: program,
      admitted_on: '2025-01-10', admission_reason: 'Referred by the inpatient unit' });
    assert.equal(r.status, 201);
    const first = (await r.json()).id;
    r = await peer.json('POST', `/api/v1/persons/${pid}/enrollments`, { program_id: program,
      admitted_on: '2025-02-01', admission_reason: 'Again' });
    assert.equal(r.status, 409);
    assert.equal((await r.json()).error.field, 'program_id');
    r = await peer.json('POST', `/api/v1/persons/${pid}/enrollments`, { program_id: desk,
      admitted_on: '2025-03-01', admission_reason: 'Drops in at the desk' });
    assert.equal(r.status, 201, 'another program at the same time is fine');

    const bad = [
      [{ discharged_on: '2024-12-31', discharge_reason: 'goals_met' }, 'discharged_on'],
      [{ discharged_on: '2099-01-01', discharge_reason: 'goals_met' }, 'discharged_on'],
      [{ discharged_on: '2025-06-31', discharge_reason: 'goals_met' }, 'discharged_on'],
      [{ discharged_on: '2025-06-30' }, 'discharge_reason'],
      [{ discharged_on: '2025-06-30', discharge_reason: 'bored' }, 'discharge_reason'],
      [{ discharged_on: '2025-06-30', discharge_reason: 'other' }, 'discharge_note'],
      [{ discharge_reason: 'goals_met' }, 'discharged_on'],
      [{ discharged_on: '2025-06-30', discharge_reason: 'moved', discharge_note: 'n'.repeat(1001) }, 'discharge_note'],
      [{ discharged_on: '2025-06-30', discharge_reason: 'moved', discharge_note: 5 }, 'discharge_note'],
      [{ discharged_on: '2025-06-30', discharge_reason: 'moved', reason: 'moved' }, 'reason'],
    ];
    for (const [body, field] of bad) {
      const x = await peer.json('POST', `/api/v1/persons/${pid}/enrollments/${first}/discharge`, body);
      assert.equal(x.status, 400, JSON.stringify(body));
      assert.equal((await x.json()).error.field, field, JSON.stringify(body));
    }
    r = await peer.json('POST', `/api/v1/persons/${pid}/enrollments/${first}/discharge`,
      { discharged_on: '2025-06-30', discharge_reason: 'moved', discharge_note: 'Moved to her sister' });
    assert.equal(r.status, 204);
    r = await peer.json('POST', `/api/v1/persons/${pid}/enrollments/${first}/discharge`,
      { discharged_on: '2025-07-30', discharge_reason: 'moved' });
    assert.equal(r.status, 404, 'a closed stay cannot be discharged again');
    r = await peer.json('POST', `/api/v1/persons/${pid}/enrollments`, { program_id: program,
      admitted_on: '2026-01-05', admission_reason: 'Came back after moving home' });
    assert.equal(r.status, 201, 're-enrollment later is normal');
    const items = (await (await peer.fetch(`/api/v1/persons/${pid}/enrollments`)).json()).items;
    assert.deepEqual(items.map((e) => [e.program_name, e.admitted_on, e.enrolled]), [
      ['Community peers', '2026-01-05', true], ['Peer Desk', '2025-03-01', true], ['Community peers', '2025-01-10', false]]);
    assert.equal(items[2].discharge_reason, 'moved');
    assert.equal(items[0].discharged_on, null);
    const page = await (await peer.fetch(`/persons/${pid}`)).text();
    assert.match(page, /Community peers, since 2026-01-05/);
  });

  test('enrollments: bad admissions are refused by field', async () => {
    const cases = [
      [{ admitted_on: '2025-01-10', admission_reason: 'x' }, 'program_id'],
      [{ program_id: 999999, admitted_on: '2025-01-10', admission_reason: 'x' }, 'program_id'],
      [{ program_id: desk, admitted_on: '2099-01-10', admission_reason: 'x' }, 'admitted_on'],
      [{ program_id: desk, admitted_on: '10/01/2025', admission_reason: 'x' }, 'admitted_on'],
      [{ program_id: desk, admitted_on: '2025-01-10' }, 'admission_reason'],
      [{ program_id: desk, admitted_on: '2025-01-10', admission_reason: 7 }, 'admission_reason'],
      [{ program_id: desk, admitted_on: '2025-01-10', admission_reason: 'r'.repeat(501) }, 'admission_reason'],
      [{ program_id: String(desk), admitted_on: '2025-01-10', admission_reason: 'x' }, 'program_id'],
      [{ program_id: desk, admission_reason: 'x' }, 'admitted_on'],
      [{ program_id: desk, admitted_on: '2025-01-10', admission_reason: 'x', enrolled: true }, 'enrolled'],
    ];
    const before = (await (await peer.fetch(`/api/v1/persons/${pid}/enrollments`)).json()).items.length;
    for (const [body, field] of cases) {
      const r = await peer.json('POST', `/api/v1/persons/${pid}/enrollments`, body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal((await r.json()).error.field, field, JSON.stringify(body));
    }
    assert.equal((await (await peer.fetch(`/api/v1/persons/${pid}/enrollments`)).json()).items.length, before, 'nothing saved');
    const page = await peer.form(`/persons/${pid}/enrollments`, { program_id: String(desk), admitted_on: 'soon',
      admission_reason: 'Walked in' });
    assert.equal(page.status, 400);
    const html = await page.text();
    assert.match(html, /Admission date must be a date/);
    assert.match(html, /href="#admitted_on">Admission date<\/a>/, 'the summary names the field by its label');
    assert.match(html, /Walked in/);
  });

  // The overview's lists, as person_page reads them (contact.c,
  // enrollment.c, support.c): in index order, each stopping at its limit,
  // with no sort of its own (migration 14).
  const LISTS = {
    contacts_person_recent: `SELECT c.id FROM contacts c JOIN users s ON s.id = c.staff_id
      LEFT JOIN users v ON v.id = c.cosigned_by WHERE c.person_id = 1 AND (c.state = 'signed' OR c.staff_id = 2)
      AND (0 = 0 OR c.id < 5) ORDER BY c.id DESC LIMIT 5`,
    enrollments_person: `SELECT e.id FROM enrollments e JOIN programs p ON p.id = e.program_id
      WHERE e.person_id = 1 ORDER BY e.admitted_on DESC, e.id DESC LIMIT 100`,
    supports_person: 'SELECT id FROM supports WHERE person_id = 1 ORDER BY removed_at IS NOT NULL, id LIMIT 100',
  };
  const plans = (db) => Object.entries(LISTS).map(([index, q]) => {
    const r = sqlDirect({ db }, `EXPLAIN QUERY PLAN ${q}`);
    assert.equal(r.status, 0, r.err);
    return [index, r.out.includes(`INDEX ${index} `), /TEMP B-TREE/.test(r.out)];
  });

  test("a person's lists are read in the order shown, and an upgrade adds the indexes", { skip: PG ? 'SQLite only' : false }, () => {
    assert.deepEqual(plans(s.db), Object.keys(LISTS).map((i) => [i, true, false]));
    const copy = freshDatabase();
    assert.equal(sqlDirect(s, `.backup '${copy}'`).status, 0);
    assert.equal(sqlDirect({ db: copy }, UNDO_LIST_ORDER).status, 0);
    assert.ok(plans(copy).some(([, , sorted]) => sorted), 'before the upgrade, the lists are sorted');
    const init = runWaypoint(['init', '--db', copy]);
    assert.equal(init.status, 0, init.stderr);
    assert.match(init.stderr, stepsApplied(2));
    assert.deepEqual(plans(copy), Object.keys(LISTS).map((i) => [i, true, false]));
    // the lists still come out in their order, from the upgraded file
    const enrolled = sqlDirect({ db: copy }, `SELECT admitted_on FROM enrollments WHERE person_id = ${pid}
      ORDER BY admitted_on DESC, id DESC`);
    assert.equal(enrolled.out.trim(), '2026-01-05\n2025-03-01\n2025-01-10');
  });

  test("another team's peer can neither see nor change any of it", async () => {
    for (const path of ['supports', 'enrollments']) {
      assert.equal((await outsider.fetch(`/api/v1/persons/${pid}/${path}`)).status, 404);
      assert.equal((await outsider.fetch(`/persons/${pid}/${path}`)).status, 404);
    }
    const before = (await (await peer.fetch(`/api/v1/persons/${pid}/supports`)).json()).items;
    let r = await outsider.json('POST', `/api/v1/persons/${pid}/supports`, { name: 'Spy', relationship: 'x', may_contact: true });
    assert.equal(r.status, 404);
    r = await outsider.json('POST', `/api/v1/persons/${pid}/supports/${before[0].id}/remove`);
    assert.equal(r.status, 404);
    r = await outsider.json('POST', `/api/v1/persons/${pid}/enrollments`, { program_id: desk, admitted_on: '2025-01-01', admission_reason: 'x' });
    assert.equal(r.status, 404);
    assert.deepEqual((await (await peer.fetch(`/api/v1/persons/${pid}/supports`)).json()).items, before);
    // a support id of another person is not reachable through this one
    const other = await peer.json('POST', '/api/v1/persons', { legal_name: 'Other Person', date_of_birth: '1990-01-01',
      record_number: 'N-3', recovery_stage: 'stabilization', team_id: (await (await peer.fetch(`/api/v1/persons/${pid}`)).json()).team_id });
    const oid = (await other.json()).id;
    r = await peer.json('POST', `/api/v1/persons/${oid}/supports/${before[0].id}/remove`);
    assert.equal(r.status, 404);
  });
});
