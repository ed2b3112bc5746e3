// Soak: the stress mix at a steady, moderate rate for an hour (SOAK_DURATION),
// to show leaks and slow drift: memory, connections, latency creeping up.
// Watch the admin listener's /metrics (RSS, pool, request durations) meanwhile.
import http from 'k6/http';
import { check } from 'k6';
import { mixedRequest, okOrMissing } from './common.js';

export const options = {
  scenarios: {
    soak: {
      executor: 'constant-arrival-rate',
      rate: Number(__ENV.RATE || 500),
      timeUnit: '1s',
      duration: __ENV.SOAK_DURATION || '1h',
      preAllocatedVUs: 100,
      maxVUs: 1000,
    },
  },
  thresholds: {
    http_req_failed: ['rate<0.001'],
    http_req_duration: ['p(95)<100', 'p(99)<250'],
    dropped_iterations: ['count<100'],
    checks: ['rate>0.999'],
  },
};

http.setResponseCallback(okOrMissing);

export default function () {
  check(mixedRequest(), { 'answered 2xx': (r) => r.status >= 200 && r.status < 300 });
}
