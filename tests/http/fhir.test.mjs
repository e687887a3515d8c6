// FHIR R4: Patient from the API and Bundles from `waypoint export fhir`,
// each valid against the official FHIR R4 JSON schema (draft-06, read with
// ajv), team boundaries kept, exports audited.
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
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
const validPatient = ajv.compile({ $ref: 'fhir#/definitions/Patient' });
const validBundle = ajv.compile({ $ref: 'fhir#/definitions/Bundle' });
const validConsent = ajv.compile({ $ref: 'fhir#/definitions/Consent' });
const validQR = ajv.compile({ $ref: 'fhir#/definitions/QuestionnaireResponse' });
const validGoal = ajv.compile({ $ref: 'fhir#/definitions/Goal' });
const validCarePlan = ajv.compile({ $ref: 'fhir#/definitions/CarePlan' });
const validEncounter = ajv.compile({ $ref: 'fhir#/definitions/Encounter' });
const validTask = ajv.compile({ $ref: 'fhir#/definitions/Task' }); // follow-ups: fhir-tasks.test.mjs
const validEntry = (r) => ({ Patient: validPatient, Consent: validConsent, QuestionnaireResponse: validQR,
  Goal: validGoal, CarePlan: validCarePlan, Encounter: validEncounter, Task: validTask })[r.resourceType];
const errors = (v) => JSON.stringify(v.errors?.slice(0, 3));

describe(`FHIR R4 (${BACKEND})`, () => {
  let s, peer, other, ids = [];
  before(async () => {
    s = await startServer();
    const admin = await staff(s, 'admin');
    const prog = await (await admin.json('POST', '/api/v1/programs', { name: 'FHIR program', kind: 'community',
      time_zone: 'UTC', unit_rounding: 'any_part' })).json();
    const team = (await (await admin.json('POST', '/api/v1/teams', { name: 'T', program_id: prog.id })).json()).id;
    peer = await staff(s);
    other = await staff(s);
    await admin.json('POST', `/api/v1/teams/${team}/members`, { email: peer.user.email });
    const people = [
      { legal_name: 'Zoë "Zee" O\'Brien-Łaski', preferred_name: 'Zee', pronouns: 'she/they', phone: '555-0100',
        email: 'zee@example.org', preferred_language: 'Polish', interpreter_needed: true,
        address: '4 Harbor Road\nPortland' },
      { legal_name: 'Sam Minimal', preferred_name: '', pronouns: '', phone: '', email: '', preferred_language: '' },
    ];
    for (const [i, p] of people.entries()) {
      const r = await peer.json('POST', '/api/v1/persons', { ...p, date_of_birth: '1980-01-0' + (i + 1),
        record_number: `F-${i}`, recovery_stage: 'stabilization', team_id: team });
      assert.equal(r.status, 201);
      ids.push((await r.json()).id);
    }
    const c = await peer.json('POST', `/api/v1/persons/${ids[0]}/consents`, { kind: 'release',
      discloser: 'FHIR program', information: 'Plan goals', recipient: 'Primary care "clinic"',
      purpose: 'Care coordination', revocation: 'Any time, in writing', expires_on: '2099-01-01',
      signer_name: 'Zoë O\'Brien-Łaski', signed_on: '2026-11-01' });
    assert.equal(c.status, 201);
    for (const support of [{ name: 'Ola', relationship: 'mother', phone: '555-0177', email: 'ola@example.org', may_contact: true },
      { name: 'Kuba', relationship: 'brother', phone: '555-0178', may_contact: false }]) {
      assert.equal((await peer.json('POST', `/api/v1/persons/${ids[0]}/supports`, support)).status, 201);
    }
    assert.equal((await peer.json('POST', `/api/v1/persons/${ids[0]}/barc10`, { taken_on: '2026-10-01',
      filled_by: 'with_peer', answers: [6, 5, 4, 3, 2, 1, 2, 3, 4, 5] })).status, 201);
    const plan = { goals: [
      { words: 'Dom z ogrodem "someday"', domain: 'housing', why: 'Peace', target_date: '2027-05-01', status: 'active',
        steps: [{ what: 'Save 50 a month', who: 'person', by: '2026-12-31', done: false }, { what: 'Open an account', who: 'peer', done: true }],
        progress: [{ on: '2026-11-02', note: 'Opened it' }] },
      { words: 'Sing again', domain: 'recreation', status: 'achieved', steps: [], progress: [] }] };
    assert.equal((await peer.json('PUT', `/api/v1/persons/${ids[0]}/plan`, { leadership: 'self_directed',
      author_kind: 'person', summary: 'First', document: plan })).status, 201);
    assert.equal((await peer.json('POST', `/api/v1/persons/${ids[0]}/plan/versions/1/sign`,
      { signer_name: 'Zee', signed_on: '2026-11-03' })).status, 204);
    for (const c of [{ kind: 'accompaniment', location: 'hospital_campus', starts_at: '09:00', ends_at: '10:30', sign: true },
      { kind: 'message', location: '', sign: true }, { kind: 'individual', location: 'home', sign: false }]) {
      assert.equal((await peer.json('POST', `/api/v1/persons/${ids[0]}/contacts`, { contact_on: '2026-11-04',
        did_together: 'Went to the "clinic" together', goals: [1], ...c })).status, 201);
    }
  });
  after(async () => { await s.stop(); });

  test('GET /api/v1/fhir/Patient/{id} is a valid Patient', async () => {
    for (const id of ids) {
      const r = await peer.fetch(`/api/v1/fhir/Patient/${id}`);
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-type'), 'application/fhir+json');
      const p = await r.json();
      assert.ok(validPatient(p), errors(validPatient));
      assert.equal(p.resourceType, 'Patient');
      assert.equal(p.id, String(id));
    }
    const zee = await (await peer.fetch(`/api/v1/fhir/Patient/${ids[0]}`)).json();
    assert.equal(zee.name[0].text, 'Zoë "Zee" O\'Brien-Łaski');
    assert.deepEqual(zee.name[1], { use: 'usual', text: 'Zee' });
    assert.equal(zee.birthDate, '1980-01-01');
    assert.deepEqual(zee.identifier, [{ system: 'urn:waypoint:record-number', value: 'F-0' }]);
    assert.equal(zee.communication[0].language.text, 'Polish');
    assert.deepEqual(zee.address, [{ use: 'home', text: '4 Harbor Road\nPortland' }]);
    assert.deepEqual(zee.contact, [
      { relationship: [{ text: 'mother' }], name: { text: 'Ola' },
        telecom: [{ system: 'phone', value: '555-0177' }, { system: 'email', value: 'ola@example.org' }] },
      { relationship: [{ text: 'brother' }], name: { text: 'Kuba' } }, // we may not contact him: no telecom
    ]);
  });

  test('the schema check can fail: a broken Patient is refused', () => {
    assert.equal(validPatient({ resourceType: 'Patient', id: '1', birthDate: '1980-13-45' }), false);
    assert.equal(validPatient({ resourceType: 'Patient', id: 'has spaces' }), false);
    assert.equal(validPatient({ resourceType: 'Patient', gender: 'robot' }), false);
  });

  test('BARC-10 is a valid QuestionnaireResponse; $everything is the export Bundle', async () => {
    const r = await peer.fetch(`/api/v1/fhir/Patient/${ids[0]}/$everything`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/fhir+json');
    const bundle = await r.json();
    assert.ok(validBundle(bundle), errors(validBundle));
    const qr = bundle.entry.find((e) => e.resource.resourceType === 'QuestionnaireResponse').resource;
    assert.ok(validQR(qr), errors(validQR));
    assert.equal(qr.subject.reference, `Patient/${ids[0]}`);
    assert.equal(qr.authored, '2026-10-01');
    assert.equal(qr.item.length, 11);
    assert.deepEqual(qr.item.slice(0, 10).map((i) => i.answer[0].valueInteger), [6, 5, 4, 3, 2, 1, 2, 3, 4, 5]);
    assert.deepEqual(qr.item[10], { linkId: 'total', text: 'Total (10 to 60)', answer: [{ valueInteger: 35 }] });
    assert.equal(validQR({ ...qr, status: 'finished' }), false, 'the check can fail');
    const goals = bundle.entry.filter((e) => e.resource.resourceType === 'Goal').map((e) => e.resource);
    const care = bundle.entry.find((e) => e.resource.resourceType === 'CarePlan').resource;
    for (const g of goals) assert.ok(validGoal(g), errors(validGoal));
    assert.ok(validCarePlan(care), errors(validCarePlan));
    assert.deepEqual(goals.map((g) => [g.lifecycleStatus, g.description.text]),
      [['active', 'Dom z ogrodem "someday"'], ['completed', 'Sing again']]);
    assert.deepEqual(goals[0].target, [{ dueDate: '2027-05-01' }]);
    assert.equal(care.status, 'active', 'the agreed version');
    assert.equal(care.description, 'Self-directed');
    assert.deepEqual(care.goal.map((g) => g.reference), goals.map((g) => `Goal/${g.id}`));
    assert.deepEqual(care.activity.map((a) => [a.detail.description, a.detail.status]),
      [['Save 50 a month', 'not-started'], ['Open an account', 'completed']]);
    assert.equal(validCarePlan({ ...care, mood: 'hopeful' }), false, 'the check can fail');
    assert.equal(validGoal({ ...goals[0], target: [{ dueDate: '2027-13-45' }] }), false);
    assert.equal((await other.fetch(`/api/v1/fhir/Patient/${ids[0]}/$everything`)).status, 404);
  });

  test('each signed contact is a valid Encounter; drafts are not exported', async () => {
    const bundle = await (await peer.fetch(`/api/v1/fhir/Patient/${ids[0]}/$everything`)).json();
    const encounters = bundle.entry.filter((e) => e.resource.resourceType === 'Encounter').map((e) => e.resource);
    assert.equal(encounters.length, 2, 'the draft stays out');
    for (const e of encounters) assert.ok(validEncounter(e), errors(validEncounter));
    const visit = encounters.find((e) => e.type[0].coding[0].code === 'accompaniment');
    assert.equal(visit.class.code, 'FLD');
    assert.equal(visit.status, 'finished');
    assert.deepEqual(visit.length, { value: 90, unit: 'min', system: 'http://unitsofmeasure.org', code: 'min' });
    assert.equal(visit.subject.reference, `Patient/${ids[0]}`);
    assert.equal(visit.period.start, '2026-11-04');
    assert.equal(visit.location[0].location.display, 'Hospital campus');
    assert.equal(validEncounter({ ...visit, status: 'done' }), false, 'the check can fail');
  });

  test("another team's Patient is 404", async () => {
    assert.equal((await other.fetch(`/api/v1/fhir/Patient/${ids[0]}`)).status, 404);
  });

  test('waypoint export fhir writes one valid Bundle per person, each audited', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'waypoint-fhir-')), 'out');
    const r = runWaypoint(['export', 'fhir', '--db', s.db, '--out', dir]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /wrote 2 FHIR Bundles/);
    const files = readdirSync(dir).sort();
    assert.deepEqual(files, ids.map((id) => `Patient-${id}.json`).sort());
    for (const f of files) {
      const bundle = JSON.parse(readFileSync(path.join(dir, f), 'utf8'));
      assert.ok(validBundle(bundle), `${f}: ${errors(validBundle)}`);
      assert.ok(validPatient(bundle.entry[0].resource), errors(validPatient));
      for (const e of bundle.entry.slice(1)) {
        const valid = validEntry(e.resource);
        assert.ok(valid(e.resource), `${e.resource.resourceType}: ${errors(valid)}`);
      }
    }
    const zee = JSON.parse(readFileSync(path.join(dir, `Patient-${ids[0]}.json`), 'utf8'));
    const consent = zee.entry.find((e) => e.resource.resourceType === 'Consent').resource;
    assert.equal(consent.status, 'active');
    assert.equal(consent.patient.reference, `Patient/${ids[0]}`);
    assert.equal(consent.provision.actor[0].reference.display, 'Primary care "clinic"');
    const admin = await staff(s, 'admin');
    const audit = await (await admin.fetch('/api/v1/audit?action=export')).json();
    assert.equal(audit.items.filter((e) => e.entity_type === 'person').length, 2);
    assert.equal(runWaypoint(['export', 'fhir', '--db', s.db]).status, 2, '--out is required');
  });
});
