// The directory kept by hand on a phone (issue 23, point 1): a program
// manager adds an organization, a partner contact, a liaison entry and a
// service (a fault first, the form kept as typed), and a peer reads the
// service's page with its map and tap-to-call links.  Every page passes axe
// and fits 360 px.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, staff } from '../http/helpers.mjs';
import { axeViolations, launch, signIn, watchedPage } from './browser.mjs';

const PHONE = { width: 360, height: 740 };

async function checked(page, what) {
  assert.deepEqual(await axeViolations(page), [], what);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= PHONE.width, `${what}: no sideways scrolling`);
}

describe('directory kept by hand in Chromium', () => {
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

  test('a manager keeps an organization and its service; a peer reads it', async () => {
    const page = await watchedPage(browser, PHONE);
    await signIn(page, s.url, manager.user);
    await page.goto(`${s.url}/resources/organizations`);
    await checked(page, 'organizations, none yet');
    await page.getByRole('link', { name: 'Add an organization' }).click();
    await checked(page, 'organization form');
    await page.locator('#name').fill('Harbor Recovery Center');
    await page.getByLabel('Main phone').fill('203-555-0110');
    await page.locator('label[for="peer_run"]').click();
    await page.getByRole('button', { name: 'Add the organization' }).click();
    await page.getByRole('heading', { name: 'Harbor Recovery Center' }).waitFor();
    await checked(page, 'organization page');

    await page.getByText('Add a partner contact').click();
    await page.locator('#partners ~ details form #name').fill('Dana Liaison');
    await page.getByRole('button', { name: 'Add the contact' }).click();
    await page.getByText('Dana Liaison').first().waitFor();
    await page.getByText('Log a meeting or call').click();
    await page.getByRole('button', { name: 'Log it' }).click();
    await page.locator('[data-error-summary]').waitFor();
    await checked(page, 'liaison refused');
    await page.locator('#happened_on').fill('2026-01-05');
    await page.locator('#summary').fill('Agreed warm hand-offs');
    await page.getByRole('button', { name: 'Log it' }).click();
    await page.getByText('Agreed warm hand-offs').waitFor();
    await checked(page, 'organization with a contact and a log entry');

    await page.getByRole('link', { name: 'Add a service' }).click();
    await checked(page, 'service form');
    await page.locator('#name').fill('Drop-in recovery support');
    await page.getByLabel('Phone', { exact: true }).fill('203-555-0142');
    await page.getByLabel('Street address', { exact: true }).fill('40 Wharf Street');
    await page.getByLabel('City').fill('Harbor City');
    await page.getByLabel('Latitude').fill('41.3049');
    await page.getByLabel('Longitude').fill('-72.9219');
    await page.getByLabel('Monday opens').fill('09:00');
    await page.getByLabel('Languages').fill('English, Spanish');
    await page.getByRole('button', { name: 'Add the service' }).click();
    await page.locator('[data-error-summary]').waitFor();
    assert.equal(await page.getByLabel('City').inputValue(), 'Harbor City', 'kept as typed');
    await checked(page, 'service refused');
    await page.getByLabel('State').fill('CT');
    await page.getByLabel('ZIP code').fill('06510');
    await page.getByLabel('Monday closes').fill('17:00');
    await page.locator('label[for="free"]').click();
    await page.getByLabel('Another category').fill('Recovery community centre');
    await page.getByRole('button', { name: 'Add the service' }).click();
    await page.getByRole('heading', { name: 'Drop-in recovery support' }).waitFor();
    await checked(page, 'service page (manager)');
    const url = page.url();

    const peerPage = await watchedPage(browser, PHONE);
    await signIn(peerPage, s.url, peer.user);
    await peerPage.goto(url);
    await checked(peerPage, 'service page (peer)');
    assert.equal(await peerPage.getByRole('link', { name: '203-555-0142' }).getAttribute('href'), 'tel:2035550142');
    assert.match(await peerPage.getByRole('link', { name: 'Open the map' }).getAttribute('href'),
      /openstreetmap\.org\/\?mlat=41\.3049&mlon=-72\.9219/);
    await peerPage.getByText('Free of charge').waitFor();
    await peerPage.getByText('Dana Liaison').waitFor();
    assert.equal(await peerPage.getByRole('link', { name: 'Edit the service' }).count(), 0);
  });
});
