// CRUD: each iteration creates a product of its own, reads it, replaces it
// (with If-Match), deletes it and reads the 404, checking every answer.
// scripts/bench runs the same cycle with wrk (scripts/lib/bench/crud.lua).
import http from 'k6/http';
import { check } from 'k6';
import { BASE_URL, okOrMissing, productUrl, uniqueName, writeHeaders } from './common.js';

export const options = {
  scenarios: {
    crud: { executor: 'constant-vus', vus: Number(__ENV.VUS || 10), duration: __ENV.DURATION || '30s' },
  },
  thresholds: {
    checks: ['rate>0.999'],
    http_req_failed: ['rate<0.001'],
    'http_req_duration{step:create}': ['p(95)<300'],
    'http_req_duration{step:read}': ['p(95)<100'],
    'http_req_duration{step:update}': ['p(95)<300'],
    'http_req_duration{step:delete}': ['p(95)<300'],
  },
};

http.setResponseCallback(okOrMissing);

export default function () {
  const name = uniqueName('crud');
  const url = productUrl(name);

  const created = http.post(`${BASE_URL}/api/products`, JSON.stringify({ name, quantity: 1 }),
    { headers: writeHeaders(), tags: { step: 'create' } });
  check(created, {
    'create is 201': (r) => r.status === 201,
    'create has a Location': (r) => Boolean(r.headers.Location),
  });

  const read = http.get(url, { tags: { step: 'read' } });
  const etag = read.headers.Etag || read.headers.ETag;
  check(read, {
    'read is 200': (r) => r.status === 200,
    'read has the name': (r) => r.json('name') === name,
    'read has an ETag': () => Boolean(etag),
  });

  const notModified = http.get(url, { headers: { 'If-None-Match': etag }, tags: { step: 'read' } });
  check(notModified, { 'read with If-None-Match is 304': (r) => r.status === 304 });

  const updated = http.put(url, JSON.stringify({ name, quantity: 2 }),
    { headers: writeHeaders({ 'If-Match': etag }), tags: { step: 'update' } });
  check(updated, { 'update with If-Match is 200': (r) => r.status === 200 });

  const stale = http.put(url, JSON.stringify({ name, quantity: 3 }),
    { headers: writeHeaders({ 'If-Match': etag }), tags: { step: 'update' }, responseCallback: http.expectedStatuses(412) });
  check(stale, { 'update with a stale ETag is 412': (r) => r.status === 412 });

  const reread = http.get(url, { tags: { step: 'read' } });
  check(reread, { 'read shows the update': (r) => r.status === 200 && r.json('quantity') === 2 });

  const deleted = http.del(url, null, { headers: writeHeaders(), tags: { step: 'delete' } });
  check(deleted, { 'delete is 204': (r) => r.status === 204 });

  const gone = http.get(url, { tags: { step: 'read' } });
  check(gone, { 'read after delete is 404': (r) => r.status === 404 });
}
