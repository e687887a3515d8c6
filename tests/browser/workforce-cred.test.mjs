// Credentials and languages on a phone (issue 27): a manager adds a kind,
// records a peer's credential (a date refused first, the form kept as
// typed), the peer reads their record and adds a language, anyone finds
// who speaks it.  Every page passes axe and fits 360 px.
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

describe('credentials and languages in Chromium', () => {
  let s, browser, manager, peer;
  before(async () => {
    s = await startServer();
    manager = await staff(s, 'program_manager');
    peer = await staff(s);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await s?.stop();
  });

  test("a manager keeps the kinds and a peer's credentials", async () => {
    const page = await watchedPage(browser, PHONE);
    await signIn(page, s.url, manager.user);
    await page.goto(`${s.url}/workforce/credential-kinds`);
    await checked(page, 'kinds');
    await page.locator('#name').fill('CPS certification');
    await page.locator('label[for="role_peer_specialist"]').click(); // USWDS hides the box itself
    await page.locator('label[for="billing_required"]').click();
    await page.getByRole('button', { name: 'Add the kind' }).click();
    await page.getByRole('link', { name: 'CPS certification' }).waitFor();
    await checked(page, 'kinds, one added');

    await page.goto(`${s.url}/workforce/settings`);
    await checked(page, 'settings');
    await page.getByLabel('Warn before a credential expires').fill('30,30');
    await page.getByRole('button', { name: 'Save the settings' }).click();
    await page.locator('[data-error-summary]').waitFor();
    await checked(page, 'settings refused');

    await page.goto(`${s.url}/staff/${peer.user.id}/credentials`);
    await checked(page, 'credentials, none yet');
    await page.locator('#kind_id').selectOption({ label: 'CPS certification' });
    await page.getByLabel('Number').fill('CPS-20417');
    await page.getByLabel('Issued on').fill('2025-03-01');
    await page.getByLabel('Expires on').fill('2025-02-01');
    await page.getByRole('button', { name: 'Add the credential' }).click();
    await page.locator('[data-error-summary]').waitFor();
    assert.equal(await page.getByLabel('Number').inputValue(), 'CPS-20417', 'kept as typed');
    await checked(page, 'credential refused');
    await page.getByLabel('Expires on').fill(day(25));
    await page.getByRole('button', { name: 'Add the credential' }).click();
    await page.getByText('Expires in 25 days').waitFor();
    await checked(page, 'credential added');
    await page.close();
  });

  test('the peer reads their record, adds a language, finds who speaks it', async () => {
    const page = await watchedPage(browser, PHONE);
    await signIn(page, s.url, peer.user);
    await page.goto(`${s.url}/staff/${peer.user.id}`);
    await page.getByText('Expires in 25 days').waitFor();
    await checked(page, 'staff record');
    await page.getByRole('link', { name: 'Change the languages' }).click();
    await checked(page, 'languages form');
    await page.locator('label[for="lang-2"]').click(); // Spanish
    await page.getByLabel('Other languages').fill('Nepali');
    await page.getByRole('button', { name: 'Save the languages' }).click();
    await page.getByText('Nepali').waitFor();
    await page.goto(`${s.url}/workforce/languages?language=Spanish`);
    await page.locator('main li', { hasText: peer.user.name }).waitFor();
    await checked(page, 'who speaks Spanish');
    await page.goto(`${s.url}/`);
    await page.getByRole('heading', { name: 'Your credentials expiring' }).waitFor();
    await checked(page, 'Today');
    await page.close();
  });
});
