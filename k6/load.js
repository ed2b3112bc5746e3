// Load: the background write-up's scenario, 1000 virtual users for 10 s on
// the list endpoint, p95 under 200 ms. scripts/bench runs the same with
// wrk (1000 connections on /api/products?limit=50).
import http from 'k6/http';
import { check } from 'k6';
import { BASE_URL } from './common.js';

export const options = {
  vus: Number(__ENV.VUS || 1000),
  duration: __ENV.DURATION || '10s',
  thresholds: {
    http_req_duration: ['p(95)<200'],
    http_req_failed: ['rate<0.001'],
    checks: ['rate>0.999'],
  },
};

export default function () {
  const response = http.get(`${BASE_URL}/api/products?limit=50`);
  check(response, {
    'list is 200': (r) => r.status === 200,
    'list has items': (r) => Array.isArray(r.json('items')),
  });
}
