// Forms never drop what was typed: a refused submission comes back as the
// same form, filled in as submitted, with every fault listed at once in an
// error summary that uses the field's visible label and links to it;
// required fields are marked.  The billing export form is the same page
// again when its dates are empty or reversed, and starts on last month.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND, staff, startServer } from './helpers.mjs';

// The summary's items: [href, visible text] in order.
const summary = (html) => {
  const box = /<div class="usa-alert usa-alert--error"[^>]*data-error-summary>([\s\S]*?)<\/div><\/div>/.exec(html);
  assert.ok(box, 'an error summary');
  return [...box[1].matchAll(/<li><a class="usa-link" href="#([^"]+)">([^<]+)<\/a>: ([^<]+)<\/li>/g)]
    .map((m) => [m[1], m[2], m[3]]);
};
const valueOf = (html, id) => new RegExp(`id="${id}" name="${id}" type="[a-z]+" value="([^"]*)"`).exec(html)?.[1];

describe(`forms that keep what was typed (${BACKEND})`, () => {
  let s, peer, manager, pid, prog, team;
  before(async () => {
    s = await startServer({ env: { WAYPOINT_TEST_NOW: '2027-01-15T12:00:00Z' } });
    const admin = await staff(s, 'admin');
    prog = (await (await admin.json('POST', '/api/v1/programs', { name: 'Harbor', kind: 'community',
      time_zone: 'America/Chicago', unit_rounding: 'any_part' })).json()).id;
    team = (await (await admin.json('POST', '/api/v1/teams', { name: 'North', program_id: prog })).json()).id;
    peer = await staff(s, 'peer_specialist');
    manager = await staff(s, 'program_manager');
    await admin.json('POST', `/api/v1/teams/${team}/members`, { email: peer.user.email });
    pid = (await (await peer.json('POST', '/api/v1/persons', { legal_name: 'Ana Ortega', preferred_name: '',
      pronouns: '', date_of_birth: '1990-03-04', record_number: 'F-1', phone: '', email: '',
      preferred_language: 'English', recovery_stage: 'recovery_initiation', team_id: team })).json()).id;
  });
  after(() => s.stop());

  test('adding a person: every fault at once, by label, linked, the rest kept', async () => {
    const r = await peer.form('/persons', { legal_name: '', preferred_name: 'Kept <name>', date_of_birth: '1990-02-30',
      email: 'not-an-address', record_number: 'R-9', preferred_language: 'English' });
    assert.equal(r.status, 400);
    const html = await r.text();
    const items = summary(html);
    const fields = items.map((i) => i[0]);
    for (const f of ['legal_name', 'date_of_birth', 'email']) assert.ok(fields.includes(f), `${f} in ${fields}`);
    assert.ok(items.length >= 3);
    for (const [field, label] of items) {
      assert.notEqual(label, field, 'the visible label, never the field name');
      assert.doesNotMatch(label, /_/);
      assert.match(html, new RegExp(`id="${field}"`), `the link to #${field} lands on the field`);
    }
    assert.equal(items.find((i) => i[0] === 'date_of_birth')[1], 'Date of birth');
    // beside each field too, and what was typed is still there (escaped)
    assert.match(html, /id="legal_name-error"/);
    assert.match(html, /id="email-error"/);
    assert.equal(valueOf(html, 'preferred_name'), 'Kept &lt;name&gt;');
    assert.equal(valueOf(html, 'email'), 'not-an-address');
    assert.equal(valueOf(html, 'record_number'), 'R-9');
    // required fields are marked, and say so to a screen reader
    assert.match(html, /Fields marked <span[^>]*>\*<\/span> are required/);
    assert.match(html, /id="legal_name" name="legal_name" type="text" value="" autocomplete="off" aria-describedby="legal_name-error" aria-invalid="true" aria-required="true"/);
    assert.doesNotMatch(/<input[^>]*id="pronouns"[^>]*>/.exec(html)[0], /aria-required/, 'optional fields are not marked');
    // and nothing was saved
    const list = await (await peer.fetch('/api/v1/persons')).json();
    assert.ok(!JSON.stringify(list).includes('R-9'));
  });

  test('one fault: the summary says "a problem" and names that one field', async () => {
    const r = await peer.form('/persons', { legal_name: 'Bo', date_of_birth: '1990-01-01', record_number: 'F-2',
      preferred_language: 'English', email: 'x',
      recovery_stage: 'recovery_initiation', team_id: String(team) });
    const html = await r.text();
    assert.equal(r.status, 400);
    assert.match(html, /There is a problem with this form/);
    assert.deepEqual(summary(html).map((i) => i[0]), ['email']);
  });

  test('the note form lists every fault by its label', async () => {
    const r = await peer.form(`/persons/${pid}/contacts`, { kind: 'séance', contact_on: '2099-01-01',
      starts_at: '25:00', did_together: 'We walked to the clinic.' });
    assert.equal(r.status, 400);
    const html = await r.text();
    const items = summary(html);
    const labels = Object.fromEntries(items.map((i) => [i[0], i[1]]));
    assert.equal(labels.kind, 'Kind of contact');
    assert.equal(labels.contact_on, 'Date');
    assert.equal(labels.starts_at, 'Start time');
    assert.match(html, /We walked to the clinic\.<\/textarea>/, 'the text typed is kept');
    assert.equal((await (await peer.fetch(`/api/v1/persons/${pid}/contacts`)).json()).contacts?.length ?? 0, 0);
  });

  test('adding a goal: the goal\'s faults and the change\'s, all at once', async () => {
    const r = await peer.form(`/persons/${pid}/plan/goals`, { words: '', domain: 'housing', target_date: 'soon',
      leadership: 'bossy', author_kind: 'person' });
    assert.equal(r.status, 400);
    const fields = summary(await r.text()).map((i) => i[0]);
    assert.deepEqual(fields.sort(), ['leadership', 'target_date', 'words']);
  });

  test('BARC-10: every unanswered item is listed, by its label, not its code', async () => {
    const r = await peer.form(`/persons/${pid}/barc10`, { taken_on: 'yesterday', filled_by: 'person', item1: '4' });
    assert.equal(r.status, 400);
    const items = summary(await r.text());
    assert.ok(items.length >= 9, `taken_on and the nine unanswered items: ${items.length}`);
    assert.equal(items[0][0], 'taken_on');
    for (const [field, label] of items) assert.notEqual(label, field);
  });

  test('the wellness plan names the section by its question', async () => {
    const long = 'x'.repeat(501);
    const r = await peer.form(`/persons/${pid}/wellness-plan`, { daily: long });
    assert.equal(r.status, 400);
    const [[field, label]] = summary(await r.text());
    assert.equal(field, 'daily');
    assert.notEqual(label, 'daily');
  });

  test('billing: the form starts on last month, in the manager\'s zone', async () => {
    const html = await (await manager.fetch('/billing')).text();
    assert.equal(valueOf(html, 'from'), '2026-12-01');
    assert.equal(valueOf(html, 'to'), '2026-12-31');
    assert.match(html, /<select class="usa-select" id="program" name="program" aria-required="true">/);
  });

  test('billing: empty or reversed dates come back as the form, as typed', async () => {
    let r = await manager.fetch(`/billing.csv?program=${prog}&from=&to=`);
    assert.equal(r.status, 400);
    assert.match(r.headers.get('content-type'), /text\/html/);
    let html = await r.text();
    assert.deepEqual(summary(html).map((i) => i[1]), ['From', 'To']);
    assert.match(html, new RegExp(`<option value="${prog}" selected>`), 'the program chosen stays chosen');
    assert.match(html, /<form class="usa-form" method="get" action="\/billing.csv">/);
    r = await manager.fetch(`/billing.csv?program=${prog}&from=2026-11-30&to=2026-11-01`);
    assert.equal(r.status, 400);
    html = await r.text();
    assert.deepEqual(summary(html).map((i) => [i[0], i[1]]), [['to', 'To']]);
    assert.equal(valueOf(html, 'from'), '2026-11-30');
    assert.equal(valueOf(html, 'to'), '2026-11-01');
    r = await manager.fetch('/billing.csv?from=2026-11-01&to=2026-11-30');
    assert.deepEqual(summary(await r.text()).map((i) => i[0]), ['program']);
    // a good period is still the CSV
    r = await manager.fetch(`/billing.csv?program=${prog}&from=2026-11-01&to=2026-11-30`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /text\/csv/);
    // and a peer still gets no form at all
    assert.equal((await peer.fetch(`/billing.csv?program=${prog}&from=&to=`)).status, 403);
  });

  test('billing codes: every refused code is listed; none saved', async () => {
    const before = await (await manager.fetch('/api/v1/billing/codes')).text();
    const r = await manager.form('/billing/codes', { 'code-individual': 'bad code', 'code-phone': '=cmd()' });
    assert.equal(r.status, 400);
    const items = summary(await r.text());
    assert.ok(items.length >= 2, JSON.stringify(items));
    assert.ok(items.every(([f, label]) => f.startsWith('code-') && !label.startsWith('code-')));
    assert.equal(await (await manager.fetch('/api/v1/billing/codes')).text(), before);
  });

  test('the API still names the first field at fault', async () => {
    const r = await peer.json('POST', '/api/v1/persons', { legal_name: '', date_of_birth: 'x', record_number: 'F-3',
      preferred_language: 'English', recovery_stage: 'recovery_initiation' });
    assert.equal(r.status, 400);
    assert.equal((await r.json()).error.field, 'legal_name');
  });
});
