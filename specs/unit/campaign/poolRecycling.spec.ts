import { join } from 'node:path';
import type { PoolExecutor as Pool } from '../../../harness';
import { InProcessExecutor, planFuzz } from '../../../harness';
import { ROOT, useCpu } from '../../helpers';

// The pool runs compiled workers: take it from the build (npm test builds first).
const { PoolExecutor } = require(join(ROOT, 'dist', 'harness', 'campaign', 'PoolExecutor.js')) as {
  PoolExecutor: typeof Pool;
};

beforeAll(useCpu);

// Durations vary, and so do stacks: jest maps tfjs's frames to its sources (tfjs-layers/src/…) while a worker
// reports them in node_modules' compiled files. Everything else a case reports must be the same.
const UNSTABLE = new Set(['durationMs', 'stack']);
const timeless = (x: unknown) => JSON.parse(JSON.stringify(x, (k, v) => (UNSTABLE.has(k) ? undefined : v)));

describe('worker recycling', () => {
  it('fresh workers take over every recycleAfter tasks, and every case reads as it does in one process', async () => {
    const jobs = planFuzz({ runs: 7, seed: 4, backend: 'cpu' });
    const pool = new PoolExecutor({
      workers: 2,
      caseTimeoutMs: 120_000,
      backend: 'cpu',
      ranOn: 'cpu',
      recycleAfter: 3,
    });
    try {
      const pooled = [];
      for (const j of jobs) pooled.push(await pool.run(j));
      expect(pool.recycled).toBe(2);
      const here = new InProcessExecutor();
      const local = [];
      for (const j of jobs) local.push(await here.run(j));
      expect(timeless(pooled)).toEqual(timeless(local));
    } finally {
      await pool.close();
    }
  });
});
