import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkCase,
  KERNEL_CAUSES,
  parseTolerance,
  replayBoth,
  resolveCaseConfig,
  selectBackend,
  tf,
  validateSpec,
  type KernelCall,
} from '../../harness';
import { cliJson, ROOT } from '../helpers';
import { outcomeOf } from '../regressionOutcome';

/**
 * The tensorflow regression fixtures (fixtures/regressions/tensorflow/),
 * replayed across cpu and tensorflow as TensorFlow's users run it (oneDNN
 * as its default has it): each still shows its kernel, and its known cause
 * is proven on it. Runs in the jest project `tensorflow` only.
 */
const dir = join(ROOT, 'fixtures', 'regressions', 'tensorflow');
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('tensorflow findings across backends', () => {
  beforeAll(async () => {
    await selectBackend('tensorflow');
    await selectBackend('cpu');
  });

  it.each(fixtures)('%s shows its kernel with its cause proven', async (file) => {
    const entry = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const before = tf.memory().numTensors;
    if (entry.spec) {
      const spec = validateSpec(entry.spec, file);
      const config = resolveCaseConfig({ backends: entry.expect.backends, steps: 1, reload: false, fit: false });
      const r = await checkCase({ kind: 'spec', name: spec.name, spec }, config, 'cpu');
      expect(r.verdict).toBe(entry.expect.verdict);
      expect(r.kernelFinding?.call.kernel).toBe(entry.expect.kernel);
      expect(r.kernelFinding?.cause).toBe(entry.expect.cause);
      expect(r.knownCause).toBe(entry.expect.cause);
      expect(r.signature).toMatch(new RegExp(`\\|cpu~tensorflow\\|${entry.expect.kernel}$`));
      expect(outcomeOf(r)).toEqual(entry.expect.perPair['cpu~tensorflow']);
    } else {
      const found = await replayBoth(
        entry.call as KernelCall,
        entry.expect.backends,
        parseTolerance('atol:1e-4,rtol:1e-3'),
      );
      expect(found?.finding?.call.kernel).toBe(entry.expect.kernel);
      // A kernel finding with a cause is proven by it; one without (new) is claimed by no kernel cause.
      const cause = KERNEL_CAUSES.find((c) => c.suspect(found!.finding!) && c.confirm(found!.finding!) !== undefined);
      expect(cause?.id).toBe(entry.expect.cause);
      if (entry.expect.cause === 'tensorflow-round-int32')
        expect(cause!.confirm(found!.finding!)).toMatch(/tensorflow returns 0/);
      expect(found?.finding ? 'differ' : 'agree').toBe(entry.expect.perPair['cpu~tensorflow']);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('--onednn off: the same case agrees across backends, and every report records the setting and the tolerance', () => {
    const fixture = 'fixtures/regressions/tensorflow/onednn-conv2d-transpose-single-channel.json';
    const r = cliJson(
      '--spec',
      fixture,
      '--backends',
      'cpu,tensorflow',
      '--onednn',
      'off',
      '--steps',
      '1',
      '--no-fit',
      '--no-reload',
      '--workers',
      '0',
    );
    expect(r.code).toBe(0);
    expect(r.json.cases[0].verdict).toBe('parity');
    expect(r.json.cases[0].tensorflow).toMatchObject({ oneDnn: 'off', settings: { TF_ENABLE_ONEDNN_OPTS: '0' } });
    expect(r.json.config).toMatchObject({
      backends: ['cpu', 'tensorflow'],
      backendTolerance: 'atol:0.0001,rtol:0.001',
    });
    expect(r.out).toContain('across backends cpu, tensorflow (reference cpu) within atol:0.0001,rtol:0.001');
    expect(r.out).toContain('oneDNN off with TF_ENABLE_ONEDNN_OPTS=0');
  });
});
