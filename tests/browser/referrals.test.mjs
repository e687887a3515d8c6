// Referrals on a phone (issue 23, points 4 and 5): a peer finds a service
// of the directory by name, makes the referral (refused first without a
// follow-up date, kept as typed), moves it forward and is refused going
// back, ends another without a reason and is told which field, names the
// referral on a contact note, and sees the overdue one first on the team's
// list.  Every page passes axe and fits 360 px.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sqlDirect, startServer, staff } from '../http/helpers.mjs';
import { axeViolations, launch, signIn, watchedPage } from './browser.mjs';

const PHONE = { width: 360, height: 740 };
const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

async function checked(page, what) {
  assert.deepEqual(await axeViolations(page), [], what);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= PHONE.width, `${what}: no sideways scrolling`);
}

describe('referrals in Chromium', () => {
  let s, browser, peer, person;
  before(async () => {
    s = await startServer();
    const admin = await staff(s, 'admin');
    const program = (await (await admin.json('POST', '/api/v1/programs', { name: 'Harbor', kind: 'community',
      time_zone: 'UTC', unit_rounding: 'eight_minute' })).json()).id;
    const team = (await (await admin.json('POST', '/api/v1/teams', { name: 'North', program_id: program })).json()).id;
    peer = await staff(s);
    await admin.json('POST', `/api/v1/teams/${team}/members`, { email: peer.user.email });
    person = (await (await peer.json('POST', '/api/v1/persons', { legal_name: 'Rosa Díaz', date_of_birth: '1985-05-05',
      record_number: 'R-1', recovery_stage: 'stabilization', team_id: team })).json()).id;
    sqlDirect(s, `INSERT INTO hsds_organizations (id, name) VALUES ('11111111-1111-4111-8111-111111111111', 'Harbor Food Bank')`);
    sqlDirect(s, `INSERT INTO hsds_services (id, organization_id, name, status) VALUES ('22222222-2222-4222-8222-222222222222',
      '11111111-1111-4111-8111-111111111111', 'Weekly Food Pantry', 'active')`);
    const late = await peer.json('POST', `/api/v1/persons/${person}/referrals`, { to_name: 'Night shelter', status: 'referred',
      follow_up_on: day(-3) });
    assert.equal(late.status, 201);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await s?.stop();
  });

  test('find a service, make the referral, move it on, end one with a reason, name it on a note, the team list', async () => {
    const page = await watchedPage(browser, PHONE);
    await signIn(page, s.url, peer.user);
    await page.goto(`${s.url}/persons/${person}`);
    await page.locator('#overview-referrals').getByText('Overdue').waitFor();
    await checked(page, 'overview with a referral overdue');
    await page.goto(`${s.url}/persons/${person}/referrals`);
    await checked(page, "the person's referrals");
    await page.getByRole('link', { name: 'Make a referral' }).click();
    await checked(page, 'new referral');
    await page.getByLabel('Find a service by name').fill('pantry');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.locator('label[for="service-0"]').click();
    await page.getByLabel('What it is for').fill('Food for the week');
    await page.getByLabel('Follow up on').fill('');
    await page.getByRole('button', { name: 'Make the referral' }).click();
    await page.locator('[data-error-summary]').waitFor();
    assert.equal(await page.getByLabel('What it is for').inputValue(), 'Food for the week', 'kept as typed');
    await checked(page, 'new referral refused');
    await page.getByLabel('Find a service by name').fill('pantry');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.locator('label[for="service-0"]').click();
    await page.getByLabel('What it is for').fill('Food for the week');
    await page.getByLabel('Follow up on').fill(day(7));
    await page.getByRole('button', { name: 'Make the referral' }).click();
    await page.getByRole('heading', { name: 'Referral to Weekly Food Pantry' }).waitFor();
    await checked(page, 'the referral');
    await page.getByLabel('Status').selectOption('referred');
    await page.getByLabel('Barriers met').fill('No bus fare');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('#history').getByText('No bus fare').waitFor();
    await page.getByLabel('Status').selectOption('discussed');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('[data-error-summary]').getByText(/does not move backwards/).waitFor();
    await checked(page, 'moving back refused');
    await page.getByLabel('Status').selectOption('closed');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('[data-error-summary]').getByText(/Reason is required/).waitFor();
    await page.getByLabel('Status').selectOption('connected');
    await page.getByLabel('Date of the first visit').fill(day(0));
    await page.locator('label[for="went_together"]').click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/we went together/).waitFor();
    await checked(page, 'connected');

    await page.goto(`${s.url}/persons/${person}/contacts/new`);
    await page.locator('#referrals label').first().waitFor();
    await checked(page, 'contact form with referrals');

    await page.goto(`${s.url}/referrals`);
    const items = page.locator('#team-referrals li');
    assert.match(await items.first().innerText(), /Night shelter[\s\S]*Overdue/i);
    await checked(page, "the team's referrals");
  });
});
