// Resources search on a phone (issue 23, 2): a peer searches the
// directory at 360 px, filters, searches near their own location, follows
// a refusal shown in the form as typed, and pages on; the admin's page
// with one more navigation item still passes axe (target size).  Every
// page passes axe WCAG 2.2 AA and never scrolls sideways.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runWaypoint, sqlDirect, staff, startServer } from '../http/helpers.mjs';
import { axeViolations, launch, signIn, watchedPage } from './browser.mjs';

const PHONE = { width: 360, height: 740 };
const uuid = (n) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

async function checked(page, what) {
  assert.deepEqual(await axeViolations(page), [], what);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= PHONE.width, `${what}: no sideways scrolling`);
  assert.deepEqual(page.problems, [], what);
}

function directory() {
  const sql = [`INSERT INTO hsds_taxonomy_terms (id, code, name) VALUES ('${uuid(901)}', 'food', 'Food');`,
    `INSERT INTO hsds_organizations (id, name) VALUES ('${uuid(301)}', 'Café Esperanza');`];
  for (let i = 0; i < 25; i++) {
    const sid = uuid(i + 1), lid = uuid(200 + i);
    sql.push(`INSERT INTO hsds_services (id, organization_id, name, description, status) VALUES
      ('${sid}', '${uuid(301)}', 'Esperanza Pantry ${String(i).padStart(2, '0')}', 'Groceries and hot meals', 'active');`,
    `INSERT INTO hsds_locations (id, name, latitude, longitude) VALUES ('${lid}', 'Site', ${41.8 + i / 100}, -87.63);`,
    `INSERT INTO hsds_service_at_location (id, service_id, location_id) VALUES ('${uuid(400 + i)}', '${sid}', '${lid}');`,
    `INSERT INTO hsds_addresses (id, location_id, address_1, city, state_province, postal_code)
      VALUES ('${uuid(500 + i)}', '${lid}', '${i + 1} Long Street Name Avenue', 'Chicago', 'IL', '60601');`,
    `INSERT INTO hsds_phones (id, service_id, number) VALUES ('${uuid(600 + i)}', '${sid}', '(312) 555-01${String(i).padStart(2, '0')}');`,
    `INSERT INTO hsds_schedules (id, service_id, freq, byday, opens_at, closes_at)
      VALUES ('${uuid(700 + i)}', '${sid}', 'WEEKLY', 'MO,TU,WE,TH,FR,SA,SU', '00:00', '23:59');`,
    `INSERT INTO hsds_languages (id, service_id, name, code) VALUES ('${uuid(800 + i)}', '${sid}', 'Spanish', 'es');`,
    `INSERT INTO hsds_cost_options (id, service_id, option, amount) VALUES ('${uuid(900 + i)}', '${sid}', '${i % 2 ? 'No charge' : 'Fee'}', ${i % 2 ? 0 : 10});`,
    `INSERT INTO hsds_attributes (id, link_id, link_type, taxonomy_term_id) VALUES ('${uuid(1000 + i)}', '${sid}', 'service', '${uuid(901)}');`);
  }
  return sql.join('\n');
}

describe('resources search in Chromium', () => {
  let s, browser, peer, admin;
  before(async () => {
    s = await startServer();
    admin = await staff(s, 'admin');
    peer = await staff(s);
    assert.equal(sqlDirect(s, directory()).status, 0);
    assert.equal(runWaypoint(['resources', 'reindex', '--db', s.db]).status, 0);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await s?.stop();
  });

  test('a peer searches, filters, searches near a typed place and pages on at 360 px', async () => {
    const page = await watchedPage(browser, PHONE);
    await signIn(page, s.url, peer.user);
    await page.goto(`${s.url}/resources`);
    await checked(page, 'the directory, nothing asked yet');
    await page.getByLabel('What do they need?').fill('cafe meals');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('#results').waitFor();
    assert.equal(await page.locator('#results > li').count(), 20);
    assert.ok(await page.locator('a[href^="tel:"]').first().isVisible());
    await checked(page, 'results');
    await page.locator('#filters summary').click();
    await page.getByLabel('Category').selectOption({ label: 'Food' });
    await page.getByLabel('Open', { exact: true }).selectOption('now');
    await page.locator('label[for="free"]').click();
    await page.getByLabel('Latitude').fill('41.9');
    await page.getByLabel('Longitude').fill('-87.63');
    await checked(page, 'filters open');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('#results-count', { hasText: 'nearest first' }).waitFor();
    assert.equal(await page.locator('#results > li').count(), 12, page.url());
    assert.match(await page.locator('#results > li h2').first().textContent(), /Esperanza Pantry (09|11)/);
    await checked(page, 'free, open now, near here');

    await page.goto(`${s.url}/resources?q=pantry`);
    await page.getByRole('link', { name: 'More results' }).click();
    await page.getByText('Results 21 to 25.').waitFor();
    await checked(page, 'the second page');

    await page.goto(`${s.url}/resources?q=caf%C3%A9&lat=41.9&lon=west`);
    await page.locator('[data-error-summary]').waitFor();
    assert.equal(await page.getByLabel('What do they need?').inputValue(), 'café');
    assert.equal(await page.getByLabel('Longitude').inputValue(), 'west');
    // the refusal is a 400, which Chromium logs; nothing else may be
    page.problems = page.problems.filter((p) => !/status of 400/.test(p));
    await checked(page, 'a refused search, as typed');
  });

  test("the admin's navigation with Resources passes axe at 360 px", async () => {
    const page = await watchedPage(browser, PHONE);
    await signIn(page, s.url, admin.user);
    await page.goto(`${s.url}/resources?q=pantry&free=1`);
    await page.locator('#results').waitFor();
    await checked(page, "the admin's resources page");
    assert.equal(await page.locator('a.usa-nav-link[href="/resources"]').count(), 1);
  });
});
