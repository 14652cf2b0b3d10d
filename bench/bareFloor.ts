/**
 * The bare-tfjs floor of one case: the tfjs work a differential test of a
 * spec cannot avoid, written as a user's script would write it, with no
 * comparison, recording, tracing, ledger or triage. Per side: build, an
 * inference and a training call, `steps` custom-loop steps
 * (`tf.variableGrads` + `applyGradients`, reading the loss, gradients and
 * weights back as a comparison must), save and reload with one call each
 * side of it; then a fresh build per side for `tf.model → compile → fit`,
 * and a dispose. What the harness does beyond this (a third build for
 * dispose, traced warm-ups, inventories, leak counts, triage reruns) is its
 * overhead, which the benchmark reports as a ratio to this.
 */
import type { io, Scalar, Tensor, Variable } from '@tensorflow/tfjs';
import type { CaseConfig } from '../harness/checkpoints/CaseConfig';
import { trainableModel } from '../harness/checkpoints/fitCheckpoint';
import { buildFunctional } from '../harness/construct/buildFunctional';
import { buildSubclass } from '../harness/construct/buildSubclass';
import type { Side } from '../harness/construct/Side';
import { compileLoss, dataLoss, makeTarget } from '../harness/runtime/losses';
import { makeInputs } from '../harness/runtime/makeInputs';
import { makeOptimizer } from '../harness/runtime/makeOptimizer';
import { seedFor } from '../harness/runtime/seedFor';
import { openLedger } from '../harness/runtime/tensorLedger';
import { tf } from '../harness/runtime/tf';
import type { ModelSpec } from '../harness/architecture/types';

const list = (t: Tensor | Tensor[]) => (Array.isArray(t) ? t : [t]);
const read = (ts: Tensor[]) => ts.forEach((t) => t.dataSync());

/** Runs the floor of one spec case; a side that throws ends that side's part, as it would a user's script. */
export async function bareFloor(spec: ModelSpec, config: CaseConfig): Promise<void> {
  const before = new Set(Object.keys(tf.engine().state.registeredVariables));
  // The tensors a case made are freed at its end whatever a side did (tfjs keeps some past dispose, e.g. RNN dropout masks), as the harness does.
  const ledger = openLedger();
  const inputs = makeInputs(spec.inputs, config.batchSize, config.seed);
  const x = inputs.length === 1 ? inputs[0] : inputs;
  let targets: Tensor[] = [];
  const sides: (() => Side)[] = [
    () => buildSubclass(spec, config.seed, undefined),
    () => buildFunctional(spec, config.seed),
  ];
  try {
    for (const make of sides) {
      try {
        const side = make();
        const net = side.net;
        const outs = list(net.apply(x, { training: false }) as Tensor | Tensor[]);
        read(outs);
        if (targets.length === 0)
          targets = outs.map((o, i) => makeTarget(config.loss, o.shape, seedFor(config.seed, 'target', String(i))));
        tf.dispose(outs);
        tf.tidy(() => read(list(net.apply(x, { training: true }) as Tensor | Tensor[])));
        const opt = makeOptimizer(config.optimizer, config.optimizerOptions);
        const vars = net.trainableWeights.map((w) => w.read() as Variable);
        for (let step = 0; step < config.steps; step++) {
          const { value, grads } = tf.variableGrads(() => {
            const reg = net.calculateLosses();
            const d = dataLoss(config.loss, targets, list(net.apply(x, { training: true }) as Tensor | Tensor[]));
            return (reg.length > 0 ? tf.addN([d, ...reg]) : d) as Scalar;
          }, vars);
          read([value, ...Object.values(grads)]);
          opt.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
          tf.dispose([value, ...Object.values(grads)]);
          read(vars);
        }
        opt.dispose();
        if (config.reload) {
          const model = trainableModel(side, spec.inputs);
          let artifacts: io.ModelArtifacts | undefined;
          await model.save(
            tf.io.withSaveHandler((a) => {
              artifacts = a;
              return Promise.resolve({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } });
            }),
          );
          const reloaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
          tf.tidy(() => read(list(reloaded.predict(x))));
          reloaded.dispose();
        }
      } catch {
        // The harness records a side's error and goes on; so does the floor.
      }
    }
    if (config.fit && targets.length > 0) {
      for (const make of sides) {
        try {
          const model = trainableModel(make(), spec.inputs);
          model.compile({
            optimizer: makeOptimizer(config.optimizer, config.optimizerOptions),
            loss: compileLoss(config.loss),
          });
          const h = await model.fit(x, targets.length === 1 ? targets[0] : targets, {
            epochs: config.steps,
            batchSize: config.batchSize,
            shuffle: false,
            verbose: 0,
          });
          void h.history;
          read(model.getWeights());
          model.optimizer.dispose();
          model.dispose();
        } catch {
          // As above.
        }
      }
    }
  } finally {
    tf.dispose([...inputs, ...targets]);
    ledger.reclaim();
    for (const [name, v] of Object.entries(tf.engine().state.registeredVariables)) if (!before.has(name)) v.dispose();
  }
}
