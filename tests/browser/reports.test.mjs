// Service reports on a phone (issue 26, points 1 and 4): a supervisor
// finds Reports (linked from Today), opens the service report with signed
// contacts in it, sees the "Services per month" chart beside its table,
// asks for a backwards period (the form again, the error summary, as
// typed) and a report for sharing (small numbers shown as "<11").  Every
// page passes axe and fits 360 px.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, staff } from '../http/helpers.mjs';
import { axeViolations, launch, signIn, watchedPage } from './browser.mjs';

const PHONE = { width: 360, height: 740 };
const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

async function checked(page, what) {
  assert.deepEqual(await axeViolations(page), [], what);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= PHONE.width, `${what}: no sideways scrolling`);
}

describe('service reports in Chromium', () => {
  let s, browser, supervisor;
  before(async () => {
    s = await startServer();
    const admin = await staff(s, 'admin');
    supervisor = await staff(s, 'supervisor');
    const peer = await staff(s);
    const prog = (await (await admin.json('POST', '/api/v1/programs',
      { name: 'Harbor', kind: 'community', time_zone: 'UTC', unit_rounding: 'eight_minute' })).json()).id;
    const team = (await (await admin.json('POST', '/api/v1/teams', { name: 'North', program_id: prog })).json()).id;
    for (const u of [peer, supervisor]) await admin.json('POST', `/api/v1/teams/${team}/members`, { email: u.user.email });
    const pid = (await (await peer.json('POST', '/api/v1/persons', { legal_name: 'Ana Ruiz', date_of_birth: '1988-02-02',
      record_number: 'R-1', recovery_stage: 'stabilization', team_id: team })).json()).id;
    for (const [i, ago] of [40, 35, 10, 3].entries()) {
      const r = await peer.json('POST', `/api/v1/persons/${pid}/contacts`, { kind: i % 2 ? 'phone' : 'individual',
        contact_on: day(-ago), starts_at: '10:00', ends_at: '10:40', location: i % 2 ? 'phone' : 'community', goals: [],
        did_together: 'Talked through the week.', sign: true });
      assert.equal(r.status, 201, await r.clone().text());
    }
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await s?.stop();
  });

  test('the index, the report with its chart, a refused period and a shared report', async () => {
    const page = await watchedPage(browser, PHONE);
    await signIn(page, s.url, supervisor.user);
    await page.goto(`${s.url}/reports`);
    await checked(page, 'index');
    await page.getByRole('link', { name: 'Services' }).click();
    await page.getByRole('heading', { name: 'Service report' }).waitFor();
    await page.getByLabel('From').fill(day(-60));
    await page.getByLabel('To').fill(day(0));
    await page.getByRole('button', { name: 'Show the report' }).click();
    await page.locator('#services-per-month svg').waitFor();
    assert.equal(await page.locator('#services-per-month svg').getAttribute('aria-hidden'), 'true');
    assert.ok(await page.locator('#services-per-month table tbody tr').count() >= 2, 'a month a row');
    assert.equal(await page.locator('#services-table tfoot [data-figure="contacts"]').textContent(), '4');
    await checked(page, 'report');

    await page.getByLabel('From').fill(day(0));
    await page.getByLabel('To').fill(day(-30));
    await page.getByRole('button', { name: 'Show the report' }).click();
    await page.locator('.usa-error-summary, [data-error-summary]').first().waitFor();
    assert.equal(await page.getByLabel('To').inputValue(), day(-30), 'kept as typed');
    await checked(page, 'refused');

    await page.goto(`${s.url}/reports/services?from=${day(-60)}&to=${day(0)}&by=kind&share=1`);
    assert.equal(await page.locator('#services-table tfoot [data-figure="contacts"]').textContent(), '<11');
    await checked(page, 'shared');
  });
});
