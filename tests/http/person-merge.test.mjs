// Merging duplicate persons: everything of the merged record moves to the
// survivor in one transaction, the merged record stays as a tombstone that
// points at the survivor, the merge is audited on both and can be undone
// until a note is signed on the survivor.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BACKEND, runWaypoint, sqlDirect, staff, startServer } from './helpers.mjs';

let serial = 0;
const TABLES = ['contacts', 'plan_versions', 'consents', 'barc10', 'enrollments', 'supports', 'recovery_stages',
  'break_glass', 'wellness_plans'];

describe(`merging duplicate persons (${BACKEND})`, () => {
  let s, admin, sup, pm, peer, trainee, southSup, prog, north, south, east;

  const sql = (text) => {
    const r = sqlDirect(s, text);
    assert.equal(r.status, 0, r.err);
    return r.out.trim();
  };
  /** Every row of every moved table held by the persons, with its owner:
   * what a merge changes and an undo must restore exactly. */
  const rows = (...ids) => TABLES.map((t) => sql(t === 'wellness_plans'
    ? `SELECT person_id, document FROM wellness_plans WHERE person_id IN (${ids}) ORDER BY person_id`
    : `SELECT id, person_id${t === 'plan_versions' ? ', version' : ''} FROM ${t} WHERE person_id IN (${ids}) ORDER BY id`)).join('\n#\n');
  const count = (table, id) => Number(sql(`SELECT COUNT(*) FROM ${table} WHERE person_id = ${id}`));
  const counts = (id) => Object.fromEntries(TABLES.map((t) => [t, count(t, id)]));

  async function addPerson(who, team, over = {}) {
    serial++;
    const r = await who.json('POST', '/api/v1/persons', { legal_name: `Jonathan Quill ${serial}`, date_of_birth: '1980-05-06',
      record_number: `M-${serial}-${Math.random().toString(36).slice(2, 7)}`, recovery_stage: 'stabilization',
      team_id: team, ...over });
    assert.equal(r.status, 201, await r.clone().text());
    return r.json();
  }

  /** Gives a person one of everything: a signed note, a release, a BARC-10,
   * an enrollment, a support, a signed plan version and a wellness plan. */
  async function fill(who, pid, tag) {
    let r = await who.json('POST', `/api/v1/persons/${pid}/contacts`, { kind: 'individual', contact_on: '2026-11-20',
      starts_at: '10:00', ends_at: '10:30', location: 'community', goals: [], did_together: `Walked ${tag}`,
      response: 'Fine', next_steps: 'Again', team_notice: '' });
    assert.equal(r.status, 201, await r.clone().text());
    const contact = (await r.json()).id;
    assert.equal((await who.json('POST', `/api/v1/persons/${pid}/contacts/${contact}/sign`)).status, 204);
    r = await who.json('POST', `/api/v1/persons/${pid}/consents`, { kind: 'release', discloser: 'Harbor',
      information: 'Attendance', recipient: `Housing office ${tag}`, purpose: 'Housing', revocation: 'In writing',
      expires_on: '2099-12-31', signer_name: 'Jon Quill', signed_on: '2026-11-20' });
    assert.equal(r.status, 201, await r.clone().text());
    r = await who.json('POST', `/api/v1/persons/${pid}/barc10`, { taken_on: '2026-06-01', filled_by: 'person',
      answers: [4, 4, 4, 4, 4, 4, 4, 4, 4, 4] });
    assert.equal(r.status, 201, await r.clone().text());
    r = await who.json('POST', `/api/v1/persons/${pid}/supports`, { name: `Sister ${tag}`, relationship: 'sister',
      phone: '555-0111', may_contact: true });
    assert.equal(r.status, 201, await r.clone().text());
    r = await who.json('PUT', `/api/v1/persons/${pid}/plan`, { leadership: 'shared', author_kind: 'person',
      summary: 'First', document: { goals: [{ words: `Goal ${tag}`, domain: 'housing', why: 'Home', target_date: '2027-03-01',
        status: 'active', steps: [], progress: [] }], strengths: [], barriers: [] } });
    assert.equal(r.status, 201, await r.clone().text());
    r = await who.json('PUT', `/api/v1/persons/${pid}/wellness-plan`, { sections: { toolbox: [`Toolbox ${tag}`] } });
    assert.ok(r.status < 300, await r.clone().text());
    return contact;
  }

  const enroll = async (who, pid) => {
    const r = await who.json('POST', `/api/v1/persons/${pid}/enrollments`, { program_id: prog,
      admitted_on: '2026-01-10', admission_reason: 'Referred' });
    assert.equal(r.status, 201, await r.clone().text());
    return (await r.json()).id;
  };
  const merge = (who, survivor, body) => who.json('POST', `/api/v1/persons/${survivor}/merge`, body);

  before(async () => {
    s = await startServer();
    admin = await staff(s, 'admin');
    prog = (await (await admin.json('POST', '/api/v1/programs', { name: 'Harbor', kind: 'community', time_zone: 'UTC',
      unit_rounding: 'any_part' })).json()).id;
    const other = (await (await admin.json('POST', '/api/v1/programs', { name: 'Elsewhere', kind: 'community',
      time_zone: 'UTC', unit_rounding: 'any_part' })).json()).id;
    north = (await (await admin.json('POST', '/api/v1/teams', { name: 'North', program_id: prog })).json()).id;
    south = (await (await admin.json('POST', '/api/v1/teams', { name: 'South', program_id: prog })).json()).id;
    east = (await (await admin.json('POST', '/api/v1/teams', { name: 'East', program_id: other })).json()).id;
    sup = await staff(s, 'supervisor');
    pm = await staff(s, 'program_manager');
    peer = await staff(s);
    trainee = await staff(s, 'peer_trainee');
    southSup = await staff(s, 'supervisor');
    for (const u of [sup, pm, peer, trainee]) {
      assert.equal((await admin.json('POST', `/api/v1/teams/${north}/members`, { email: u.user.email })).status, 204);
    }
    await admin.json('POST', `/api/v1/teams/${south}/members`, { email: southSup.user.email });
    await admin.json('POST', `/api/v1/teams/${east}/members`, { email: southSup.user.email });
  });
  after(async () => { await s.stop(); });

  test('peers and trainees may not merge or undo (403); nothing moves', async () => {
    const a = await addPerson(peer, north);
    const b = await addPerson(peer, north, { legal_name: 'Jon Quill', date_of_birth: '1980-05-06' });
    await fill(peer, b.id, 'b');
    const before = rows(a.id, b.id);
    for (const who of [peer, trainee]) {
      assert.equal((await merge(who, a.id, { other: b.id, confirm: true })).status, 403);
      assert.equal((await who.form(`/persons/${a.id}/merge`, { other: String(b.id), confirm: '1' })).status, 403);
      assert.equal((await who.fetch(`/persons/${a.id}/merge`)).status, 403);
      assert.equal((await who.json('POST', `/api/v1/persons/${a.id}/merge/undo`, { merge: 1 })).status, 403);
      assert.doesNotMatch(await (await who.fetch(`/persons/${a.id}`)).text(), /Merge a duplicate/);
    }
    assert.match(await (await sup.fetch(`/persons/${a.id}`)).text(), /Merge a duplicate/);
    assert.equal(rows(a.id, b.id), before);
    assert.equal(sql('SELECT COUNT(*) FROM person_merges'), '0');
  });

  test('bad input is refused naming the field, and a refused merge moves nothing', async () => {
    const a = await addPerson(sup, north);
    const b = await addPerson(sup, north);
    await fill(sup, b.id, 'bad');
    const far = await addPerson(southSup, east);
    const before = rows(a.id, b.id, far.id);
    const cases = [
      [{}, 400, 'other'], [{ confirm: true }, 400, 'other'], [{ other: String(b.id), confirm: true }, 400, 'other'],
      [{ other: a.id, confirm: true }, 400, 'other'], [{ other: 999999, confirm: true }, 400, 'other'],
      [{ other: far.id, confirm: true }, 400, 'other'], [{ other: b.id }, 400, 'confirm'],
      [{ other: b.id, confirm: false }, 400, 'confirm'], [{ other: b.id, confirm: 'yes' }, 400, 'confirm'],
      [{ other: b.id, confirm: true, keep: 'mine' }, 400, 'keep'], [{ other: 1e30, confirm: true }, 400, 'other'],
      [{ other: -3, confirm: true }, 400, 'other'], [{ other: [b.id], confirm: true }, 400, 'other'],
      [{ other: 'x'.repeat(5000), confirm: true }, 400, 'other'],
    ];
    for (const [body, status, field] of cases) {
      const r = await merge(sup, a.id, body);
      assert.equal(r.status, status, JSON.stringify(body));
      const j = await r.json();
      assert.equal(j.error.field, field, JSON.stringify(body));
      assert.ok(j.error.message.length > 10);
    }
    // unknown and not-yours read alike
    const unknown = await (await merge(sup, a.id, { other: 999999, confirm: true })).json();
    const notMine = await (await merge(sup, a.id, { other: far.id, confirm: true })).json();
    assert.equal(unknown.error.message, notMine.error.message);
    // the survivor must be in one's teams too; a malformed body is a 400
    assert.equal((await merge(southSup, a.id, { other: far.id, confirm: true })).status, 404);
    assert.equal((await sup.fetch(`/api/v1/persons/${a.id}/merge`, { method: 'POST', body: '{"other":',
      headers: { 'Content-Type': 'application/json' } })).status, 400);
    // the page names the field too
    const page = await sup.form(`/persons/${a.id}/merge`, { other: String(b.id) });
    assert.equal(page.status, 400);
    assert.match(await page.text(), /Confirm that these two records are the same person/);
    const self = await sup.form(`/persons/${a.id}/merge`, { other: String(a.id), confirm: '1' });
    assert.equal(self.status, 400);
    assert.match(await self.text(), /cannot be merged into itself/);
    assert.equal(rows(a.id, b.id, far.id), before);
    assert.equal(sql('SELECT COUNT(*) FROM person_merges'), '0');
    assert.equal(sql(`SELECT COUNT(*) FROM persons WHERE merged_into IS NOT NULL`), '0');
  });

  test('both enrolled in one program: 409 naming the program, nothing moves; after a discharge it merges', async () => {
    const a = await addPerson(sup, north);
    const b = await addPerson(sup, north);
    const ea = await enroll(sup, a.id);
    await enroll(sup, b.id);
    await fill(sup, b.id, 'enrolled');
    const before = rows(a.id, b.id);
    const r = await merge(sup, a.id, { other: b.id, confirm: true });
    assert.equal(r.status, 409);
    const j = await r.json();
    assert.equal(j.error.field, 'other');
    assert.match(j.error.message, /Harbor/);
    assert.equal(rows(a.id, b.id), before);
    assert.equal((await sup.json('POST', `/api/v1/persons/${a.id}/enrollments/${ea}/discharge`,
      { discharged_on: '2026-02-01', discharge_reason: 'other', discharge_note: 'Duplicate record' })).status, 204);
    assert.equal((await merge(sup, a.id, { other: b.id, confirm: true })).status, 200);
    assert.equal(count('enrollments', a.id), 2);
  });

  test('a merge moves everything; the survivor shows it; the tombstone points at it; both are audited', async () => {
    const a = await addPerson(sup, north, { legal_name: 'Rosalind Ferreira', date_of_birth: '1980-05-06' });
    const b = await addPerson(sup, north, { legal_name: 'Rosa Ferreira', date_of_birth: '1980-05-06' });
    const contact = await fill(sup, b.id, 'merged');
    await enroll(sup, b.id);
    // the survivor has a plan of its own (unsigned) and a wellness plan
    assert.equal((await sup.json('PUT', `/api/v1/persons/${a.id}/plan`, { leadership: 'shared', author_kind: 'person',
      summary: 'Mine', document: { goals: [{ words: 'Survivor goal', domain: 'housing', why: 'x', target_date: '2027-03-01',
        status: 'active', steps: [], progress: [] }], strengths: [], barriers: [] } })).status, 201);
    assert.equal((await sup.json('POST', `/api/v1/persons/${b.id}/plan/versions/1/sign`,
      { signer_name: 'Rosa Ferreira', signed_on: '2026-11-20' })).status, 204);
    assert.ok((await sup.json('PUT', `/api/v1/persons/${a.id}/wellness-plan`, { sections: { toolbox: ['Survivor tool'] } })).status < 300);
    const before = { a: counts(a.id), b: counts(b.id) };
    // before the merge, adding "Rosa Ferreira" again warns of a duplicate
    const dup = { legal_name: 'Rosa Ferreira', date_of_birth: '1980-05-06', recovery_stage: 'stabilization', team_id: north };
    assert.equal((await sup.json('POST', '/api/v1/persons', { ...dup, record_number: `D-${serial}a` })).status, 409);

    // through the pages, as a supervisor would: find, compare, confirm
    let page = await (await sup.fetch(`/persons/${a.id}/merge?q=${encodeURIComponent(b.record_number)}`)).text();
    assert.match(page, new RegExp(`href="/persons/${a.id}/merge\\?other=${b.id}"`));
    page = await (await sup.fetch(`/persons/${a.id}/merge?other=${b.id}`)).text();
    assert.match(page, /Side by side/);
    assert.match(page, /Rosa Ferreira/);
    assert.match(page, /Rosalind Ferreira/);
    const done = await sup.form(`/persons/${a.id}/merge`, { other: String(b.id), confirm: '1' });
    assert.equal(done.status, 303, await done.clone().text());
    assert.match(done.headers.get('location'), new RegExp(`^/persons/${a.id}/merge#merge-\\d+$`));

    // every row moved, in one piece
    const after = { a: counts(a.id), b: counts(b.id) };
    for (const t of TABLES) {
      if (t === 'wellness_plans') continue;
      assert.equal(after.a[t], before.a[t] + before.b[t], t);
      assert.equal(after.b[t], 0, t);
    }
    assert.equal(after.a.wellness_plans, 1, 'the survivor keeps its wellness plan');
    assert.equal(after.b.wellness_plans, 1, "the merged one's stays on the tombstone");
    assert.equal(sql(`SELECT merged_into FROM persons WHERE id = ${b.id}`), String(a.id));

    // the survivor's overview, timeline and API lists show what moved
    const overview = await (await sup.fetch(`/persons/${a.id}`)).text();
    assert.match(overview, /Housing office merged/);
    assert.match(overview, /Merged into this record: Rosa Ferreira \(record /);
    assert.match(await (await peer.fetch(`/persons/${a.id}`)).text(), /Toolbox merged/,
      'the kept wellness plan is shown to the team on the overview');
    const timeline = (await (await sup.fetch(`/api/v1/persons/${a.id}/timeline?limit=200`)).json()).items;
    assert.ok(timeline.some((e) => e.kind === 'contact' && e.link.endsWith(`/contacts/${contact}`)), JSON.stringify(timeline));
    assert.ok(timeline.some((e) => e.kind === 'assessment'));
    assert.ok((await (await sup.fetch(`/api/v1/persons/${a.id}/contacts`)).json()).items.some((c) => c.id === contact));
    assert.ok((await (await sup.fetch(`/api/v1/persons/${a.id}/consents`)).json()).items
      .some((c) => c.recipient === 'Housing office merged'));
    assert.equal((await (await sup.fetch(`/api/v1/persons/${a.id}/barc10`)).json()).items.length, 1);
    assert.equal((await (await sup.fetch(`/api/v1/persons/${a.id}/enrollments`)).json()).items.length, 1);
    assert.ok((await (await sup.fetch(`/api/v1/persons/${a.id}/supports`)).json()).items.some((x) => x.name === 'Sister merged'));
    // plan: the merged record's versions come first, the survivor's stays current
    const plan = await (await sup.fetch(`/api/v1/persons/${a.id}/plan`)).json();
    assert.equal(plan.version, 2);
    assert.equal(plan.document.goals[0].words, 'Survivor goal');
    assert.equal(plan.agreed_version, 1, "the merged record's signed version");
    const v1 = await (await sup.fetch(`/api/v1/persons/${a.id}/plan/versions/1`)).json();
    assert.equal(v1.document.goals[0].words, 'Goal merged');
    // the kept wellness plan is shown on the merge page
    page = await (await sup.fetch(`/persons/${a.id}/merge`)).text();
    assert.match(page, /Toolbox merged/);
    assert.match(page, /Undo this merge/);

    // the tombstone: pages go to the survivor, the API points at it
    let r = await sup.fetch(`/persons/${b.id}`);
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), `/persons/${a.id}`);
    r = await sup.fetch(`/persons/${b.id}/consents`);
    assert.equal(r.headers.get('location'), `/persons/${a.id}/consents`);
    r = await sup.fetch(`/api/v1/persons/${b.id}`);
    assert.equal(r.status, 410);
    const gone = await r.json();
    assert.equal(gone.merged_into, a.id);
    assert.equal(gone.error.code, 'merged');
    const barcBefore = count('barc10', b.id) + count('barc10', a.id);
    r = await sup.json('POST', `/api/v1/persons/${b.id}/barc10`, { taken_on: '2026-06-02', filled_by: 'person',
      answers: [4, 4, 4, 4, 4, 4, 4, 4, 4, 4] });
    assert.equal(r.status, 410, 'nothing is added to a tombstone');
    assert.equal(count('barc10', b.id) + count('barc10', a.id), barcBefore);
    assert.equal((await sup.form(`/persons/${b.id}/stage`, { recovery_stage: 'stabilization' })).status, 410);
    assert.equal((await southSup.fetch(`/persons/${b.id}`)).status, 404, 'only for those who may see the survivor');
    assert.equal((await southSup.fetch(`/api/v1/persons/${b.id}`)).status, 404);

    // tombstones are left out of lists, searches and the duplicate warning
    const found = (await (await sup.fetch('/api/v1/persons?q=ferreira&limit=200')).json()).items.map((p) => p.id);
    assert.ok(found.includes(a.id));
    assert.ok(!found.includes(b.id));
    const all = (await (await sup.fetch('/api/v1/persons?limit=200')).json()).items.map((p) => p.id);
    assert.ok(!all.includes(b.id));
    assert.doesNotMatch(await (await sup.fetch(`/persons?q=${encodeURIComponent(b.record_number)}`)).text(),
      new RegExp(`/persons/${b.id}"`));
    r = await sup.json('POST', '/api/v1/persons', { ...dup, record_number: `D-${serial}b` });
    assert.equal(r.status, 201, 'a tombstone is no possible duplicate');

    // the FHIR export writes the survivor's Bundle, none for the tombstone
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'waypoint-merge-')), 'out');
    const exported = runWaypoint(['export', 'fhir', '--db', s.db, '--out', dir]);
    assert.equal(exported.status, 0, exported.stderr);
    const files = readdirSync(dir);
    assert.ok(files.includes(`Patient-${a.id}.json`));
    assert.ok(!files.includes(`Patient-${b.id}.json`));

    // merging into a tombstone, or a tombstone, is refused
    r = await merge(sup, a.id, { other: b.id, confirm: true });
    assert.equal(r.status, 400);
    assert.match((await r.json()).error.message, /merged into another one already/);
    assert.equal((await merge(sup, b.id, { other: a.id, confirm: true })).status, 410);

    // audited on both; the survivor's accounting includes the tombstone's entries
    const onA = (await (await admin.fetch(`/api/v1/audit?person=${a.id}&limit=200`)).json()).items;
    assert.ok(onA.some((e) => e.entity_type === 'person_merge' && e.person_id === a.id));
    assert.ok(onA.some((e) => e.person_id === b.id && e.action === 'create'), "the merged record's own entries");
    const onB = (await (await admin.fetch(`/api/v1/audit?person=${b.id}&limit=200`)).json()).items;
    assert.ok(onB.some((e) => e.entity_type === 'person_merge' && /merged into record/.test(e.detail)));
    assert.ok(onB.every((e) => e.person_id === b.id));

    const merges = (await (await peer.fetch(`/api/v1/persons/${a.id}/merges`)).json()).items;
    assert.equal(merges.length, 1);
    assert.equal(merges[0].merged_id, b.id);
    assert.equal(merges[0].wellness_plan_kept, true);
    assert.equal(merges[0].moved.contacts, 1);
    assert.equal(merges[0].moved.plan_versions, 1);
    assert.equal(merges[0].undone_at, null);
  });

  test('undo moves back exactly what moved; what was added since stays with the survivor', async () => {
    const a = await addPerson(sup, north);
    const b = await addPerson(sup, north);
    await fill(sup, a.id, 'a');
    await fill(sup, b.id, 'b');
    await enroll(sup, b.id);
    const before = rows(a.id, b.id);
    const m = await (await merge(pm, a.id, { other: b.id, confirm: true })).json();
    assert.equal(m.moved.plan_versions, 1);
    assert.notEqual(rows(a.id, b.id), before);
    // a support added to the survivor after the merge
    const added = await sup.json('POST', `/api/v1/persons/${a.id}/supports`, { name: 'New friend', relationship: 'friend',
      phone: '', may_contact: false });
    assert.equal(added.status, 201);
    const friend = (await added.json()).id;
    // wrong or unknown merges are refused naming the field
    for (const [body, field] of [[{}, 'merge'], [{ merge: 999999 }, 'merge'], [{ merge: String(m.id) }, 'merge']]) {
      const r = await sup.json('POST', `/api/v1/persons/${a.id}/merge/undo`, body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal((await r.json()).error.field, field);
    }
    const r = await sup.json('POST', `/api/v1/persons/${a.id}/merge/undo`, { merge: m.id });
    assert.equal(r.status, 200, await r.clone().text());
    assert.ok((await r.json()).undone_at);
    const now = rows(a.id, b.id);
    assert.equal(now.replace(new RegExp(`\n${friend}\\|${a.id}\n`), '\n'), before, 'every row back where it was');
    assert.equal(sql(`SELECT COALESCE(merged_into, 0) FROM persons WHERE id = ${b.id}`), '0');
    assert.equal((await sup.fetch(`/api/v1/persons/${b.id}`)).status, 200);
    assert.ok((await (await sup.fetch('/api/v1/persons?limit=200')).json()).items.some((p) => p.id === b.id));
    const again = await sup.json('POST', `/api/v1/persons/${a.id}/merge/undo`, { merge: m.id });
    assert.equal(again.status, 409, 'undone once');
    const onB = (await (await admin.fetch(`/api/v1/audit?person=${b.id}&limit=200`)).json()).items;
    assert.ok(onB.some((e) => e.entity_type === 'person_merge' && /undid/.test(e.detail)));
  });

  test('undo is refused once a note is signed on the survivor after the merge', async () => {
    const a = await addPerson(sup, north);
    const b = await addPerson(sup, north);
    await fill(sup, b.id, 'signed');
    const m = await (await merge(sup, a.id, { other: b.id, confirm: true })).json();
    const c = await sup.json('POST', `/api/v1/persons/${a.id}/contacts`, { kind: 'individual', contact_on: '2026-11-21',
      starts_at: '09:00', ends_at: '09:20', location: 'phone', goals: [], did_together: 'Called',
      response: 'Fine', next_steps: '', team_notice: '' });
    assert.equal(c.status, 201);
    assert.equal((await sup.json('POST', `/api/v1/persons/${a.id}/contacts/${(await c.json()).id}/sign`)).status, 204);
    const before = rows(a.id, b.id);
    const r = await sup.json('POST', `/api/v1/persons/${a.id}/merge/undo`, { merge: m.id });
    assert.equal(r.status, 409);
    const j = await r.json();
    assert.equal(j.error.field, 'merge');
    assert.match(j.error.message, /note was signed/);
    assert.equal(rows(a.id, b.id), before);
    assert.equal(sql(`SELECT merged_into FROM persons WHERE id = ${b.id}`), String(a.id));
    const page = await (await sup.fetch(`/persons/${a.id}/merge`)).text();
    assert.doesNotMatch(page, /Undo this merge/);
    const form = await sup.form(`/persons/${a.id}/merge/undo`, { merge: String(m.id) });
    assert.equal(form.status, 409);
    assert.match(await form.text(), /note was signed/);
  });

  test('a program manager merges through the pages; the page refuses another team\'s record', async () => {
    const a = await addPerson(pm, north);
    const b = await addPerson(pm, north);
    const far = await addPerson(southSup, south);
    let r = await pm.fetch(`/persons/${a.id}/merge?other=${far.id}`);
    assert.equal(r.status, 400);
    const text = await r.text();
    assert.match(text, /no such record in your teams/);
    assert.doesNotMatch(text, new RegExp(far.record_number));
    r = await pm.fetch(`/persons/${a.id}/merge?other=abc`);
    assert.equal(r.status, 400);
    assert.ok((await pm.json('PUT', `/api/v1/persons/${b.id}/wellness-plan`, { sections: { toolbox: ['Only mine'] } })).status < 300);
    const before = rows(a.id, b.id);
    r = await pm.form(`/persons/${a.id}/merge`, { other: String(b.id), confirm: '1' });
    assert.equal(r.status, 303);
    assert.equal(sql(`SELECT merged_into FROM persons WHERE id = ${b.id}`), String(a.id));
    assert.equal(count('wellness_plans', a.id), 1, 'the only wellness plan moves');
    const merges = (await (await pm.fetch(`/api/v1/persons/${a.id}/merges`)).json()).items;
    assert.equal(merges[0].moved.wellness_plans, 1);
    assert.equal(merges[0].wellness_plan_kept, false);
    // and back, through the page
    r = await pm.form(`/persons/${a.id}/merge/undo`, { merge: String(merges[0].id) });
    assert.equal(r.status, 303);
    assert.equal(rows(a.id, b.id), before);
    assert.match(await (await pm.fetch(`/persons/${a.id}/merge`)).text(), /Undone/);
  });

  test('a merge whose audit entry cannot be written moves nothing (503)', async () => {
    const a = await addPerson(sup, north);
    const b = await addPerson(sup, north);
    await fill(sup, b.id, 'unaudited');
    const before = rows(a.id, b.id);
    const block = BACKEND === 'postgres'
      ? `CREATE FUNCTION block_merge() RETURNS trigger AS $$ BEGIN IF NEW.entity_type = 'person_merge' THEN
           RAISE EXCEPTION 'blocked'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;
         CREATE TRIGGER block_merge BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION block_merge();`
      : `CREATE TRIGGER block_merge BEFORE INSERT ON audit_log WHEN NEW.entity_type = 'person_merge'
           BEGIN SELECT RAISE(ABORT, 'blocked'); END;`;
    sql(block);
    try {
      const r = await merge(sup, a.id, { other: b.id, confirm: true });
      assert.equal(r.status, 503);
    } finally {
      sql(BACKEND === 'postgres' ? 'DROP TRIGGER block_merge ON audit_log; DROP FUNCTION block_merge();'
        : 'DROP TRIGGER block_merge;');
    }
    assert.equal(rows(a.id, b.id), before);
    assert.equal(sql(`SELECT COUNT(*) FROM person_merges WHERE survivor_id = ${a.id}`), '0');
    assert.equal(sql(`SELECT COALESCE(merged_into, 0) FROM persons WHERE id = ${b.id}`), '0');
    assert.equal((await merge(sup, a.id, { other: b.id, confirm: true })).status, 200, 'and it works once unblocked');
    assert.equal(runWaypoint(['audit', 'verify', '--db', s.db]).status, 0);
  });
});
