// Shared by the k6 scenarios: where onebox is, how to write to it, and the
// names the benchmark loads (p00001 .. p10000, see scripts/bench).
import http from 'k6/http';
import encoding from 'k6/encoding';

export const BASE_URL = (__ENV.BASE_URL || 'https://localhost:8443').replace(/\/+$/, '');

// Rows to pick random names from; scripts/bench loads 10,000. Against a
// deployment with other data, set ROWS=0: reads then use names the
// scenario created itself.
export const ROWS = parseInt(__ENV.ROWS || '10000', 10);

// onebox takes writes from loopback without a token; from anywhere else it
// needs one of ONEBOX_API_TOKENS_FILE's tokens.
export function writeHeaders(extra) {
  const headers = Object.assign({ 'Content-Type': 'application/json' }, extra || {});
  if (__ENV.API_TOKEN) {
    headers.Authorization = `Bearer ${__ENV.API_TOKEN}`;
  }
  return headers;
}

export function productUrl(name) {
  return `${BASE_URL}/api/products/${encodeURIComponent(name)}`;
}

export function randomName() {
  const n = 1 + Math.floor(Math.random() * Math.max(ROWS, 1));
  return `p${String(n).padStart(5, '0')}`;
}

export function uniqueName(prefix) {
  return `${prefix}-${__VU}-${__ITER}-${Date.now()}`;
}

// The list's `after` cursor for a name: base64url without padding, like
// onebox's own `next` (opaque to clients; these scenarios know the names).
export function cursorAfter(name) {
  return encoding.b64encode(name, 'rawurl');
}

export function putProduct(name, quantity, params) {
  return http.put(productUrl(name), JSON.stringify({ name, quantity }),
    Object.assign({ headers: writeHeaders() }, params || {}));
}

// 404s are answers, not failures, where a scenario expects them.
export const okOrMissing = http.expectedStatuses({ min: 200, max: 399 }, 404);

// The read-mostly mix of soak.js and stress.js: 80 % point reads, 10 % list pages,
// 10 % writes, each tagged with its kind so results can be split by it.
export function mixedRequest() {
  const dice = Math.random();
  const name = randomName();
  if (dice < 0.8) {
    return http.get(productUrl(name), { tags: { kind: 'read' } });
  }
  if (dice < 0.9) {
    return http.get(`${BASE_URL}/api/products?limit=50&after=${cursorAfter(name)}`, { tags: { kind: 'list' } });
  }
  return putProduct(name, Math.floor(Math.random() * 100000), { tags: { kind: 'write' } });
}
