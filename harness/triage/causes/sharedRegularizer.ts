import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../../runtime/tf';
import { allLayers } from '../../architecture/nestedSpecs';
import type { KnownCause } from '../KnownCause';
import { containersOf } from './containersOf';

/**
 * tfjs's `Container.calculateLosses` walks each layer's inbound nodes and
 * adds the layer's regularization losses once per node inside the model
 * (tfjs-layers engine/container.ts), so a regularized layer — or a nested
 * model holding one — applied twice is penalized twice. A custom layer that
 * collects each sublayer's losses counts it once, as Keras does.
 *
 * Proof by counterfactual: every model on either side counts each layer
 * once (any of its nodes inside the model), and the case runs again.
 */
export const sharedRegularizer: KnownCause = {
  id: 'shared-regularizer',
  fixture: 'fixtures/regressions/shared-*regularized.json',
  summary: "tfjs's Container.calculateLosses counts a shared layer's regularization loss once per application",
  suspect: (r) => {
    const layers = [...(r.facts?.layers?.functional ?? []), ...(r.facts?.layers?.subclass ?? [])];
    // A penalizedScale adds its loss only when called, so the facts (read before any call) show no penalty yet.
    const callLoss = r.spec !== undefined && allLayers(r.spec).some((l) => l.kind === 'penalizedScale');
    return (
      (callLoss || layers.some((l) => l.penalties > 0)) &&
      layers.some((l) => l.applications > 1 && (callLoss || l.penalties > 0 || l.container))
    );
  },
  counterfactual: {
    evidence:
      "gone when every model counts each layer's regularization losses once instead of once per application (rerun)",
    hooks: () => ({
      afterConstruct(side) {
        for (const model of containersOf(side)) {
          const m = model as unknown as {
            layers: { name: string; inboundNodes: unknown[]; calculateLosses(): Tensor[] }[];
            containerNodes: Set<string>;
          };
          model.calculateLosses = () =>
            tf.tidy(() =>
              m.layers
                .filter((l) => l.inboundNodes.some((_, i) => m.containerNodes.has(`${l.name}_ib-${i}`)))
                .flatMap((l) => l.calculateLosses()),
            ) as ReturnType<typeof model.calculateLosses>;
        }
      },
    }),
  },
};
