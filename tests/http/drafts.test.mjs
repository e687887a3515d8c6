// Drafts of long forms (http/form_draft.h): kept per staff member and form
// as they type, read back only by them and only while they may reach the
// person, removed when the form is saved and kept when it is refused.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND, sqlDirect, staff, startServer } from './helpers.mjs';

describe(`form drafts (${BACKEND})`, () => {
  let s, north, northToo, south, person, form;
  const release = {
    kind: 'release', discloser: 'Harbor Peer Recovery Center', information: 'Plan goals',
    recipient: 'County Housing Office', purpose: 'Housing application', revocation: 'In writing, any time',
    expires_on: '2099-12-31', signer_name: 'José Núñez', signed_on: '2026-11-20', signature_method: 'typed',
  };
  const fields = [['recipient', 'County <Housing> Office'], ['purpose', 'Housing "application"'], ['kind', 'release']];
  const get = (who, f = form) => who.fetch(`/api/v1/drafts?form=${encodeURIComponent(f)}`);
  const count = () => sqlDirect(s, 'SELECT count(*) FROM form_drafts').out.trim();

  before(async () => {
    s = await startServer();
    const admin = await staff(s, 'admin');
    const prog = await (await admin.json('POST', '/api/v1/programs', { name: 'Harbor', kind: 'community',
      time_zone: 'UTC', unit_rounding: 'any_part' })).json();
    const team = async (name) => (await (await admin.json('POST', '/api/v1/teams', { name, program_id: prog.id })).json()).id;
    const northTeam = await team('North'), southTeam = await team('South');
    north = await staff(s); northToo = await staff(s); south = await staff(s);
    for (const [who, t] of [[north, northTeam], [northToo, northTeam], [south, southTeam]])
      await admin.json('POST', `/api/v1/teams/${t}/members`, { email: who.user.email });
    person = (await (await north.json('POST', '/api/v1/persons', { legal_name: 'Dana Draft', preferred_name: '',
      pronouns: '', date_of_birth: '1990-01-01', record_number: 'D-1', phone: '', email: '', preferred_language: 'English',
      recovery_stage: 'recovery_initiation', team_id: northTeam })).json()).id;
    form = `/persons/${person}/consents`;
  });
  after(async () => { await s.stop(); });

  test('kept, read back as typed, replaced, and discarded', async () => {
    assert.equal((await get(north)).status, 204, 'none yet');
    assert.equal((await north.json('PUT', '/api/v1/drafts', { form, fields })).status, 204);
    let r = await get(north);
    assert.equal(r.status, 200);
    const d = await r.json();
    assert.equal(d.form, form);
    assert.deepEqual(d.fields, fields);
    assert.match(d.saved_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal((await north.json('PUT', '/api/v1/drafts', { form, fields: [['purpose', 'later']] })).status, 204);
    assert.deepEqual((await (await get(north)).json()).fields, [['purpose', 'later']], 'one draft per form');
    assert.equal(count(), '1');
    assert.equal((await north.fetch(`/api/v1/drafts?form=${encodeURIComponent(form)}`, { method: 'DELETE' })).status, 204);
    assert.equal((await get(north)).status, 204);
    assert.equal(count(), '0');
  });

  test('a draft is its author\'s alone; another team cannot keep or read one', async () => {
    await north.json('PUT', '/api/v1/drafts', { form, fields });
    assert.equal((await get(northToo)).status, 204, 'a teammate does not see it');
    const r = await south.json('PUT', '/api/v1/drafts', { form, fields });
    assert.equal(r.status, 404, 'another team\'s person is not there');
    assert.equal((await get(south)).status, 404);
    assert.equal((await south.fetch(`/api/v1/drafts?form=${encodeURIComponent(form)}`, { method: 'DELETE' })).status, 404);
    assert.equal((await get(north)).status, 200, 'the author\'s draft is untouched');
    const anon = await fetch(`${s.url}/api/v1/drafts?form=${encodeURIComponent(form)}`);
    assert.equal(anon.status, 401);
  });

  test('a refused submission keeps the draft; a saved one removes it', async () => {
    await north.json('PUT', '/api/v1/drafts', { form, fields });
    const refused = await north.form(form, { ...release, recipient: '' });
    assert.equal(refused.status, 400);
    assert.equal((await get(north)).status, 200, 'kept: the form was not saved');
    const saved = await north.form(form, release);
    assert.equal(saved.status, 303);
    assert.equal((await get(north)).status, 204, 'gone once the form is saved');
    // the incident form, outside any person's record
    await north.json('PUT', '/api/v1/drafts', { form: '/incidents', fields: [['what_happened', 'A fall']] });
    assert.equal((await north.form('/incidents', { occurred_at: '2026-11-20T10:00', location: 'Lobby',
      people_involved: 'Staff', what_happened: 'A fall', actions_taken: 'First aid', notified: 'Supervisor' })).status, 303);
    assert.equal((await get(north, '/incidents')).status, 204);
  });

  test('only forms that keep drafts; malformed, unknown and oversized bodies are refused, naming the field', async () => {
    const bad = [
      [{ fields }, 400, 'form'],
      [{ form: '', fields }, 400, 'form'],
      [{ form: `/persons/${person}/stage`, fields }, 400, 'form'],
      [{ form: '/no/such/form', fields }, 400, 'form'],
      [{ form: '/persons/abc/consents', fields }, 400, 'form'],
      [{ form: `/persons/${person}/consents?x=1`.repeat(20), fields }, 400, 'form'],
      [{ form, fields: 'recipient=x' }, 400, 'fields'],
      [{ form, fields: [['recipient']] }, 400, 'fields'],
      [{ form, fields: [['recipient', 3]] }, 400, 'fields'],
      [{ form, fields: Array.from({ length: 301 }, (_, i) => [`f${i}`, 'x']) }, 400, 'fields'],
      [{ form, fields: [['did_together', 'x'.repeat(70000)]] }, 413, 'fields'],
      [{ form, fields, extra: 1 }, 400, 'extra'],
    ];
    await north.fetch(`/api/v1/drafts?form=${encodeURIComponent(form)}`, { method: 'DELETE' });
    for (const [body, status, field] of bad) {
      const r = await north.json('PUT', '/api/v1/drafts', body);
      assert.equal(r.status, status, JSON.stringify(body).slice(0, 80));
      assert.equal((await r.json()).error.field, field);
    }
    assert.equal((await get(north)).status, 204, 'nothing kept');
    assert.equal((await north.fetch('/api/v1/drafts')).status, 400, 'GET without a form');
  });
});
