// Issue 22, point 5: requests that libmicrohttpd lets through or leaves
// hanging are refused at once, and the request log names who asked.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND, rawRequest, sqlDirect, staff, startServer, statusOf } from './helpers.mjs';

// A request whose answer must come at once: well before the idle timeout.
const quick = (port, bytes) => rawRequest(port, bytes, { timeout: 3000 });
const head = (line, headers = '') => `${line}\r\nHost: x\r\n${headers}Connection: close\r\n\r\n`;
const post = (headers, body = '') =>
  `POST /api/v1/programs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${headers}Connection: close\r\n\r\n${body}`;
const bodyOf = (raw) => raw.slice(raw.indexOf('\r\n\r\n') + 4);

describe(`strict requests (${BACKEND})`, () => {
  let s;
  before(async () => { s = await startServer(); });
  after(async () => { await s.stop(); });

  test('the request log names the user, the token, or nobody', async () => {
    const admin = await staff(s, 'admin');
    assert.equal((await admin.fetch('/api/v1/programs')).status, 200);
    const created = await admin.form('/api-tokens', { name: 'Log check', access: 'read' });
    const token = /id="new-token">([^<]+)</.exec(await created.text())[1];
    const tokenId = Number(sqlDirect(s, 'SELECT MAX(id) FROM api_tokens').out.trim());
    const byToken = await fetch(`${s.url}/api/v1/programs?limit=1`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(byToken.status, 200);
    await fetch(`${s.url}/healthz`);
    await new Promise((r) => setTimeout(r, 200)); // the line is written when the answer is sent
    const lines = s.log().split('\n');
    assert.ok(lines.some((l) => new RegExp(`GET /api/v1/programs 200 [0-9.]+ms user=${admin.user.id}$`).test(l)),
      'a staff member by number');
    assert.ok(lines.some((l) => new RegExp(`GET /api/v1/programs 200 [0-9.]+ms user=token:${tokenId}$`).test(l)),
      'a token as token:ID');
    assert.ok(lines.some((l) => / GET \/healthz 200 [0-9.]+ms user=-$/.test(l)), 'nobody as -');
  });

  test('differing duplicate Content-Length headers are 400', async () => {
    const raw = await quick(s.port, post('Content-Length: 2\r\nContent-Length: 12\r\n', '{}'));
    assert.equal(statusOf(raw), 400);
    assert.equal(JSON.parse(bodyOf(raw)).error.code, 'bad_length');
    // The same length twice says one thing: it goes on (to ask for a sign-in).
    assert.equal(statusOf(await quick(s.port, post('Content-Length: 2\r\ncontent-length: 2\r\n', '{}'))), 401);
  });

  test('a NUL byte in the request line or a header value is 400', async () => {
    for (const [what, bytes] of [
      ['method', head('GET\0X /api/v1/programs HTTP/1.1')],
      ['path', head('GET /api/v1/programs\0x HTTP/1.1')],
      ['query', head('GET /api/v1/programs?a=b\0c HTTP/1.1')],
      ['end of the target', head('GET /api/v1/programs\0 HTTP/1.1')],
      ['header value', head('GET /api/v1/programs HTTP/1.1', 'X-Note: a\0b\r\n')],
      ['last header value', `GET /api/v1/programs HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Note: ab\0\r\n\r\n`],
      ['Host', 'GET /api/v1/programs HTTP/1.1\r\nHost: x\0evil\r\nConnection: close\r\n\r\n'],
    ]) {
      const raw = await quick(s.port, bytes);
      assert.equal(statusOf(raw), 400, what);
      assert.equal(JSON.parse(bodyOf(raw)).error.code, 'bad_request', what);
    }
    // and the same requests without the NUL are answered
    assert.equal(statusOf(await quick(s.port, head('GET /healthz?a=bc HTTP/1.1', 'X-Note: ab\r\n'))), 200);
    assert.equal(statusOf(await quick(s.port, 'GET /healthz HTTP/1.0\r\n\r\n')), 200);
  });

  test('a chunked body is refused at once: 411, whatever its chunk size', async () => {
    const t = Date.now();
    const raw = await quick(s.port, post('Transfer-Encoding: chunked\r\n', 'FFFFFFFFFFFFFFFF\r\nab\r\n0\r\n\r\n'));
    assert.equal(statusOf(raw), 411);
    assert.match(JSON.parse(bodyOf(raw)).error.message, /Content-Length/);
    assert.ok(Date.now() - t < 2000, 'answered at once');
  });

  test('Transfer-Encoding other than chunked is 400 at once', async () => {
    for (const te of ['chunked, identity', 'gzip', 'identity']) {
      const raw = await quick(s.port, post(`Transfer-Encoding: ${te}\r\n`, '2\r\n{}\r\n0\r\n\r\n'));
      assert.equal(statusOf(raw), 400, te);
      assert.equal(JSON.parse(bodyOf(raw)).error.code, 'bad_transfer_encoding', te);
    }
  });
});
