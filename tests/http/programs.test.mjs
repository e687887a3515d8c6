// Programs end to end: form and API to the database and back, with every
// kind of bad input refused by name and nothing saved changed by it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND, countPrograms, staff, startServer } from './helpers.mjs';

const valid = {
  name: 'Harbor Peer Center', kind: 'community', time_zone: 'America/Chicago',
  unit_rounding: 'eight_minute',
  crisis_lines: [{ label: '988 Suicide & Crisis Lifeline', number: '988' }],
};

describe(`programs API (${BACKEND})`, () => {
  let s, a;
  before(async () => { s = await startServer(); a = await staff(s, 'admin'); });
  after(async () => { await s.stop(); });

  test('create, then read it back by Location and in the list', async () => {
    const r = await a.json('POST', '/api/v1/programs', valid);
    assert.equal(r.status, 201);
    const created = await r.json();
    assert.equal(created.name, valid.name);
    assert.match(created.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const loc = r.headers.get('location');
    assert.equal(loc, `/api/v1/programs/${created.id}`);
    const got = await (await a.fetch(loc)).json();
    assert.deepEqual(got, created);
    const list = await (await a.fetch(`/api/v1/programs`)).json();
    assert.ok(list.items.some((p) => p.id === created.id));
  });

  test('988 is the crisis line when none is given', async () => {
    const r = await a.json('POST', '/api/v1/programs',
      { ...valid, name: 'No lines', crisis_lines: undefined });
    assert.equal(r.status, 201);
    assert.deepEqual((await r.json()).crisis_lines,
      [{ label: '988 Suicide & Crisis Lifeline', number: '988' }]);
  });

  test('text round-trips exactly, accents and markup included', async () => {
    const name = 'Café <b>Núñez</b> & "Sons" — 日本';
    const r = await a.json('POST', '/api/v1/programs', { ...valid, name });
    assert.equal(r.status, 201);
    assert.equal((await r.json()).name, name);
  });

  test('each bad field is refused with its name, and nothing is saved', async () => {
    const before = await countPrograms(a);
    const cases = [
      [{ ...valid, name: undefined }, 'name'],
      [{ ...valid, name: '   ' }, 'name'],
      [{ ...valid, name: 'x'.repeat(121) }, 'name'],
      [{ ...valid, name: 42 }, 'name'],
      [{ ...valid, name: 'k', kind: 'clinic' }, 'kind'],
      [{ ...valid, name: 'k', kind: undefined }, 'kind'],
      [{ ...valid, name: 't', time_zone: 'Mars/Base' }, 'time_zone'],
      [{ ...valid, name: 't', time_zone: '../../../etc/passwd' }, 'time_zone'],
      [{ ...valid, name: 'u', unit_rounding: 'nearest' }, 'unit_rounding'],
      [{ ...valid, name: 'c', crisis_lines: 'call 988' }, 'crisis_lines'],
      [{ ...valid, name: 'c', crisis_lines: [{ label: 'x', number: 'call me' }] }, 'crisis_lines'],
      [{ ...valid, name: 'c', crisis_lines: [{ label: '', number: '988' }] }, 'crisis_lines'],
      [{ ...valid, name: 'c', crisis_lines: [{ label: 'x', number: 988 }] }, 'number'],
      [{ ...valid, name: 'c', crisis_lines: Array(11).fill({ label: 'x', number: '988' }) }, 'crisis_lines'],
      [{ ...valid, name: 'f', timezone: 'UTC' }, 'timezone'],
    ];
    for (const [body, field] of cases) {
      const r = await a.json('POST', '/api/v1/programs', body);
      assert.equal(r.status, 400, JSON.stringify(body).slice(0, 80));
      const e = (await r.json()).error;
      assert.equal(e.field, field, JSON.stringify(body).slice(0, 80));
      assert.ok(e.message.length > 5);
    }
    assert.equal(await countPrograms(a), before);
  });

  test('a duplicate name is 409 naming the field; the first stays as it was', async () => {
    const body = { ...valid, name: 'Unique One' };
    const first = await (await a.json('POST', '/api/v1/programs', body)).json();
    const r = await a.json('POST', '/api/v1/programs', { ...body, kind: 'inpatient' });
    assert.equal(r.status, 409);
    assert.equal((await r.json()).error.field, 'name');
    const still = await (await a.fetch(`/api/v1/programs/${first.id}`)).json();
    assert.equal(still.kind, 'community');
  });

  test('unknown and malformed ids are 404', async () => {
    for (const id of ['999999', '0', 'abc', '1e3', '-1', '99999999999999999999']) {
      const r = await a.fetch(`/api/v1/programs/${id}`);
      assert.equal(r.status, 404, id);
      assert.equal((await r.json()).error.code, 'not_found');
    }
  });

  test('the list pages with limit and cursor, each program once', async () => {
    for (let i = 0; i < 7; i++) {
      assert.equal((await a.json('POST', '/api/v1/programs', { ...valid, name: `Paged ${i}` })).status, 201);
    }
    const seen = new Set();
    let cursor = '', pages = 0;
    for (;;) {
      const j = await (await a.fetch(`/api/v1/programs?limit=3${cursor ? `&cursor=${cursor}` : ''}`)).json();
      assert.ok(j.items.length <= 3);
      for (const p of j.items) { assert.ok(!seen.has(p.id)); seen.add(p.id); }
      pages++;
      if (!j.next_cursor) break;
      cursor = j.next_cursor;
    }
    assert.equal(seen.size, await countPrograms(a));
    assert.ok(pages >= 3);
  });
});

describe(`programs pages (${BACKEND})`, () => {
  let s, a;
  before(async () => { s = await startServer(); a = await staff(s, 'admin'); });
  after(async () => { await s.stop(); });

  test('the form creates a program and redirects to it', async () => {
    const r = await a.form('/programs', {
      name: 'Form <script>alert(1)</script> Center', kind: 'peer_desk',
      time_zone: 'America/Denver', unit_rounding: 'any_part',
      crisis_lines: '988 Suicide & Crisis Lifeline: 988\nWarm line: 555-0199',
    });
    assert.equal(r.status, 303);
    const loc = r.headers.get('location');
    assert.match(loc, /^\/programs\/\d+$/);
    const html = await (await a.fetch(loc)).text();
    assert.ok(html.includes('Form &lt;script&gt;alert(1)&lt;/script&gt; Center'));
    assert.ok(!html.includes('<script>alert(1)'));
    assert.match(html, /Warm line: <a class="usa-link" href="tel:555-0199">/);
    assert.match(html, /Peer Desk/);
    const list = await (await a.fetch(`/programs`)).text();
    assert.ok(list.includes('Form &lt;script&gt;'));
  });

  test('a multipart form works the same', async () => {
    const fd = new FormData();
    fd.set('name', 'Multipart Center');
    fd.set('kind', 'inpatient');
    fd.set('time_zone', 'UTC');
    fd.set('unit_rounding', 'whole_units');
    fd.set('crisis_lines', '');
    fd.set('csrf_token', a.csrf);
    const r = await a.fetch('/programs', { method: 'POST', body: fd });
    assert.equal(r.status, 303);
    const html = await (await a.fetch(r.headers.get('location'))).text();
    assert.match(html, /988 Suicide &amp; Crisis Lifeline/);
  });

  test('a bad field re-shows the form with the error by the field and the input kept', async () => {
    const r = await a.form('/programs', {
      name: 'Kept "as typed"', kind: 'community', time_zone: 'Nowhere/Land',
      unit_rounding: 'eight_minute', crisis_lines: '',
    });
    assert.equal(r.status, 400);
    const html = await r.text();
    assert.match(html, /<a class="usa-link" href="#time_zone">Time zone<\/a>/);
    assert.match(html, /id="time_zone-error" role="alert">Time zone must be/);
    assert.match(html, /aria-invalid="true"/);
    assert.ok(html.includes('value="Kept &quot;as typed&quot;"'));
    assert.match(html, /id="kind-community" name="kind" value="community" checked/);
  });

  test('a duplicate name is 409 with the form again', async () => {
    const fields = { name: 'Twice', kind: 'community', time_zone: 'UTC', unit_rounding: 'any_part', crisis_lines: '' };
    assert.equal((await a.form('/programs', fields)).status, 303);
    const r = await a.form('/programs', fields);
    assert.equal(r.status, 409);
    assert.match(await r.text(), /already exists/);
  });

  test('bad encodings in a form are 400 naming the form', async () => {
    const r = await a.fetch('/programs', { method: 'POST', body: 'name=%E9&kind=community',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    assert.equal(r.status, 400);
    assert.match(await r.text(), /form field &quot;name&quot;/);
  });

  test('an unknown program page is 404 in the layout', async () => {
    const r = await a.fetch(`/programs/424242`);
    assert.equal(r.status, 404);
    assert.match(await r.text(), /usa-header/);
  });
});
