// Stress: ramps past the load test's 1000 users on the mix scripts/bench
// measures as "k6 stress.js mix" (80% point reads, 10% list pages after a
// random name, 10% replacing writes) to see where latency and errors turn.
// The thresholds are loose on purpose: the run should show the knee, and
// fail only when onebox stops answering.
import http from 'k6/http';
import { check } from 'k6';
import { mixedRequest, okOrMissing } from './common.js';

const peak = Number(__ENV.PEAK_VUS || 2000);

export const options = {
  stages: [
    { duration: '30s', target: Math.round(peak / 4) },
    { duration: '1m', target: Math.round(peak / 2) },
    { duration: '1m', target: peak },
    { duration: '30s', target: peak },
    { duration: '30s', target: 0 },
  ],
  thresholds: {
    http_req_failed: [{ threshold: 'rate<0.01', abortOnFail: true, delayAbortEval: '30s' }],
    http_req_duration: ['p(99)<2000'],
    checks: ['rate>0.99'],
  },
};

http.setResponseCallback(okOrMissing);

export default function () {
  check(mixedRequest(), { 'answered without a server error': (r) => r.status > 0 && r.status < 500 });
}
