// The accounting of disclosures on a phone (issue 26, point 6): a
// supervisor records a release with its purposes, enters a disclosure made
// outside Waypoint (refused first, kept as typed), and reads the person's
// accounting beside an integration's export, which prints without the
// navigation.  Every page passes axe and fits 360 px.
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

describe('the accounting of disclosures in Chromium', () => {
  let s, browser, sup, person, token;
  before(async () => {
    s = await startServer();
    const admin = await staff(s, 'admin');
    const program = (await (await admin.json('POST', '/api/v1/programs', { name: 'Harbor', kind: 'community',
      time_zone: 'UTC', unit_rounding: 'eight_minute', part2: true })).json()).id;
    const team = (await (await admin.json('POST', '/api/v1/teams', { name: 'North', program_id: program })).json()).id;
    sup = await staff(s, 'supervisor');
    await admin.json('POST', `/api/v1/teams/${team}/members`, { email: sup.user.email });
    const r = await sup.json('POST', '/api/v1/persons', { legal_name: 'Rosa Díaz', date_of_birth: '1985-05-05',
      record_number: 'R-1', recovery_stage: 'stabilization', team_id: team });
    person = (await r.json()).id;
    const page = await (await admin.form('/api-tokens', { name: 'Harbor Clinic', access: 'read', scope: 'program',
      program_id: program })).text();
    token = /id="new-token">([^<]+)</.exec(page)[1];
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await s?.stop();
  });

  test('a release, a disclosure entered by hand, and the accounting, printable', async () => {
    const page = await watchedPage(browser, PHONE);
    await signIn(page, s.url, sup.user);
    await page.goto(`${s.url}/persons/${person}/consents`);
    await checked(page, 'consents, with purposes');
    await page.getByLabel('Who may disclose').fill('Harbor Peer Recovery');
    await page.getByLabel('What information').fill('Plan and notes');
    await page.getByLabel('Recipient', { exact: true }).fill('Harbor Clinic');
    await page.getByLabel('Purpose', { exact: true }).fill('Care coordination');
    await page.locator('label[for="purpose_treatment"]').click();
    await page.getByLabel('Expires on').fill('2099-01-01');
    await page.getByLabel('Signed by (typed name)').fill('Rosa Díaz');
    await page.getByLabel('Date signed').fill(day(-30));
    await page.locator('label[for="signature_method-typed"], label[for="signature_method_typed"]').first().click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Covers: treatment').waitFor();
    await checked(page, 'consents, a release recorded');

    // the integration reads the record under it: a row of the accounting
    const r = await fetch(`${s.url}/api/v1/fhir/Patient/${person}/$everything`,
      { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(r.status, 200);

    await page.getByRole('link', { name: /Record a disclosure made outside Waypoint/ }).click();
    await checked(page, 'disclosure form');
    await page.getByLabel('Date disclosed').fill(day(-1));
    await page.getByLabel('What was disclosed').fill('Discharge summary, by fax');
    await page.getByLabel('Purpose').selectOption('treatment');
    await page.getByLabel('Release relied on').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Record the disclosure' }).click();
    await page.locator('[data-error-summary]').waitFor();
    assert.equal(await page.getByLabel('What was disclosed').inputValue(), 'Discharge summary, by fax', 'kept as typed');
    await checked(page, 'disclosure refused');
    await page.getByLabel('Recipient').fill('harbor clinic');
    await page.getByRole('button', { name: 'Record the disclosure' }).click();
    await page.getByRole('heading', { name: 'Accounting of disclosures' }).waitFor();
    await checked(page, 'the accounting');
    const rows = page.locator('tbody tr');
    assert.equal(await rows.count(), 2);
    assert.match(await rows.nth(0).innerText(), /Discharge summary/); // yesterday's comes first
    assert.match(await rows.nth(1).innerText(), /FHIR Bundle/);
    await page.getByRole('link', { name: /^Consent \d+$/ }).first().waitFor();

    // printed: no header or navigation, the table whole
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.usa-header').isVisible(), false);
    assert.equal(await page.locator('table').isVisible(), true);
    await page.emulateMedia({ media: 'screen' });

    // the person's overview links it
    await page.goto(`${s.url}/persons/${person}`);
    await page.getByRole('link', { name: 'Accounting of disclosures' }).click();
    await page.getByRole('heading', { name: 'Accounting of disclosures' }).waitFor();
  });
});
