// Smoke: one user, a few iterations over every kind of request. Run it
// first against a fresh deployment: every check must pass.
import http from 'k6/http';
import { check, sleep } from 'k6';
import { BASE_URL, okOrMissing, productUrl, putProduct, uniqueName, writeHeaders } from './common.js';

export const options = {
  vus: 1,
  iterations: 5,
  thresholds: {
    checks: ['rate==1.0'],
    http_req_failed: ['rate==0'],
    http_req_duration: ['p(95)<500'],
  },
};

http.setResponseCallback(okOrMissing);

export default function () {
  const index = http.get(`${BASE_URL}/`);
  check(index, { 'static index is 200': (r) => r.status === 200 });

  const list = http.get(`${BASE_URL}/api/products?limit=10`);
  check(list, {
    'list is 200': (r) => r.status === 200,
    'list has items and next': (r) => Array.isArray(r.json('items')) && r.json('next') !== undefined,
  });

  const name = uniqueName('smoke');
  const created = putProduct(name, 1);
  check(created, { 'put creates (201)': (r) => r.status === 201 });

  const read = http.get(productUrl(name));
  check(read, {
    'read is 200': (r) => r.status === 200,
    'read has an ETag': (r) => Boolean(r.headers.Etag || r.headers.ETag),
    'read returns the quantity': (r) => r.json('quantity') === 1,
  });

  const missing = http.get(productUrl(`${name}-missing`));
  check(missing, {
    'unknown product is 404': (r) => r.status === 404,
    'errors are problem+json': (r) => String(r.headers['Content-Type']).startsWith('application/problem+json'),
  });

  const removed = http.del(productUrl(name), null, { headers: writeHeaders() });
  check(removed, { 'delete is 204': (r) => r.status === 204 });

  const openapi = http.get(`${BASE_URL}/api/openapi.json`);
  check(openapi, { 'openapi is 200': (r) => r.status === 200 });
  sleep(0.2);
}
