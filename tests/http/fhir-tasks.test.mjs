// FHIR R4: follow-ups after discharge as Task resources in the person's
// Bundle ($everything and `waypoint export fhir`), valid against the
// official FHIR R4 JSON schema, with their statuses, due dates, attempts
// and outcomes (issue 25).
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BACKEND, runWaypoint, staff, startServer } from './helpers.mjs';

const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(new URL('../../../shared/reference/fhir-r4/fhir.schema.json', import.meta.url)));
delete schema.id; // draft-04 style "id": ajv 8 wants "$id"; nothing refers to it
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
ajv.addSchema(schema, 'fhir');
const validBundle = ajv.compile({ $ref: 'fhir#/definitions/Bundle' });
const validTask = ajv.compile({ $ref: 'fhir#/definitions/Task' });
const errors = (v) => JSON.stringify(v.errors?.slice(0, 3));

// Dates relative to today (the program's zone is UTC), so nothing is ever
// in the future.
const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
const tasksOf = (bundle) => bundle.entry.filter((e) => e.resource.resourceType === 'Task').map((e) => e.resource);

describe(`FHIR Task for follow-ups after discharge (${BACKEND})`, () => {
  let s, peer, prog, team;
  const ids = {};
  const fids = {};

  // A person on the team, enrolled 60 days ago and discharged 10 days ago:
  // three follow-ups, due at +7 (overdue), +30 and +90 days.
  async function discharged(name) {
    const r = await peer.json('POST', '/api/v1/persons', { legal_name: name, date_of_birth: '1980-02-02',
      record_number: `T-${name}`, recovery_stage: 'stabilization', team_id: team });
    assert.equal(r.status, 201);
    const id = (await r.json()).id;
    const en = await peer.json('POST', `/api/v1/persons/${id}/enrollments`, { program_id: prog,
      admitted_on: day(-60), admission_reason: 'Referred by the unit' });
    assert.equal(en.status, 201);
    const eid = (await en.json()).id;
    assert.equal((await peer.json('POST', `/api/v1/persons/${id}/enrollments/${eid}/discharge`,
      { discharged_on: day(-10), discharge_reason: 'moved' })).status, 204);
    const list = await (await peer.fetch(`/api/v1/persons/${id}/followups`)).json();
    assert.equal(list.items.length, 3);
    return [id, list.items.map((f) => f.id)];
  }

  before(async () => {
    s = await startServer();
    const admin = await staff(s, 'admin');
    prog = (await (await admin.json('POST', '/api/v1/programs', { name: 'Task program', kind: 'community',
      time_zone: 'UTC', unit_rounding: 'any_part' })).json()).id;
    team = (await (await admin.json('POST', '/api/v1/teams', { name: 'T', program_id: prog })).json()).id;
    peer = await staff(s);
    await admin.json('POST', `/api/v1/teams/${team}/members`, { email: peer.user.email });
    [ids.kept, fids.kept] = await discharged('Kept Intouch');
    [ids.declined, fids.declined] = await discharged('Dee Clined');
    const base = `/api/v1/persons/${ids.kept}/followups`;
    assert.equal((await peer.json('POST', `${base}/${fids.kept[0]}/attempts`, { attempted_on: day(-2),
      method: 'phone', result: 'no_answer', note: 'Rang twice' })).status, 201);
    assert.equal((await peer.json('POST', `${base}/${fids.kept[1]}/outcome`, { outcome: 'reached' })).status, 204);
    assert.equal((await peer.json('POST', `/api/v1/persons/${ids.declined}/followups/${fids.declined[0]}/attempts`,
      { attempted_on: day(-1), method: 'text', result: 'declined' })).status, 201);
  });
  after(async () => { await s.stop(); });

  test('three valid Tasks: statuses, due dates, the attempt and the outcome; the Patient resolves', async () => {
    const r = await peer.fetch(`/api/v1/fhir/Patient/${ids.kept}/$everything`);
    assert.equal(r.status, 200);
    const bundle = await r.json();
    assert.ok(validBundle(bundle), errors(validBundle));
    const tasks = tasksOf(bundle);
    assert.equal(tasks.length, 3);
    for (const t of tasks) {
      assert.ok(validTask(t), errors(validTask));
      assert.equal(t.intent, 'plan');
      assert.equal(t.code.text, 'Follow-up after discharge');
      const patient = bundle.entry.find((e) => `${e.resource.resourceType}/${e.resource.id}` === t.for.reference);
      assert.ok(patient, `${t.for.reference} is in the Bundle`);
      assert.equal(patient.resource.id, String(ids.kept));
      assert.match(t.authoredOn, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
    assert.deepEqual(tasks.map((t) => t.id), fids.kept.map((f) => `followup-${f}`));
    assert.deepEqual(tasks.map((t) => t.status), ['in-progress', 'completed', 'ready']);
    assert.deepEqual(tasks.map((t) => t.restriction.period.end), [day(-3), day(20), day(80)]);
    assert.deepEqual(tasks.map((t) => t.description), [7, 30, 90].map((d) => `${d} days after discharge from Task program`));
    const [tried, reached, waiting] = tasks;
    assert.equal(tried.note.length, 1);
    assert.equal(tried.note[0].time, day(-2));
    assert.equal(tried.note[0].text, 'Phone call: No answer. Rang twice');
    assert.equal(tried.executionPeriod.start, day(-2));
    assert.equal(tried.lastModified, undefined, 'open: not closed');
    assert.equal(tried.output, undefined);
    assert.equal(reached.output[0].valueCodeableConcept.coding[0].code, 'reached');
    assert.equal(reached.businessStatus.text, 'Reached them; follow-up done');
    assert.match(reached.lastModified, /^\d{4}-\d\d-\d\dT/);
    assert.equal(reached.executionPeriod.end, reached.lastModified);
    assert.equal(waiting.note, undefined);
    assert.equal(waiting.executionPeriod, undefined);
    assert.equal(validTask({ ...waiting, status: 'open' }), false, 'the check can fail');
    assert.equal(validTask({ ...waiting, restriction: { period: { end: '2026-13-45' } } }), false);
  });

  test('a decline: that follow-up completed with the outcome, the others cancelled with the reason', async () => {
    const bundle = await (await peer.fetch(`/api/v1/fhir/Patient/${ids.declined}/$everything`)).json();
    assert.ok(validBundle(bundle), errors(validBundle));
    const tasks = tasksOf(bundle);
    for (const t of tasks) assert.ok(validTask(t), errors(validTask));
    assert.deepEqual(tasks.map((t) => t.status), ['completed', 'cancelled', 'cancelled']);
    assert.equal(tasks[0].output[0].valueCodeableConcept.coding[0].code, 'declined');
    assert.equal(tasks[0].note[0].text, 'Text message: Declined further contact.');
    for (const t of tasks.slice(1)) {
      assert.equal(t.statusReason.text, 'They declined further contact.');
      assert.equal(t.output[0].valueCodeableConcept.coding[0].code, 'ended');
    }
  });

  test('waypoint export fhir writes the same Tasks', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'waypoint-fhir-task-')), 'out');
    const r = runWaypoint(['export', 'fhir', '--db', s.db, '--out', dir]);
    assert.equal(r.status, 0, r.stderr);
    const bundle = JSON.parse(readFileSync(path.join(dir, `Patient-${ids.kept}.json`), 'utf8'));
    assert.ok(validBundle(bundle), errors(validBundle));
    const tasks = tasksOf(bundle);
    for (const t of tasks) assert.ok(validTask(t), errors(validTask));
    assert.deepEqual(tasks.map((t) => [t.status, t.restriction.period.end]),
      [['in-progress', day(-3)], ['completed', day(20)], ['ready', day(80)]]);
  });
});
