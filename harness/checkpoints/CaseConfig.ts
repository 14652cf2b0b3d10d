import type { DivergenceKind } from '../compare/Divergence';
import type { Tolerance } from '../compare/Tolerance';
import type { MutantName } from '../construct/mutants';
import type { LossName } from '../runtime/losses';
import type { OptimizerName, OptimizerOptions } from '../runtime/makeOptimizer';

/** Everything one case needs, fully resolved. */
export interface CaseConfig {
  seed: number;
  optimizer: OptimizerName;
  optimizerOptions: OptimizerOptions;
  /** Custom-loop optimizer steps (and `fit` epochs over the one batch). */
  steps: number;
  batchSize: number;
  loss: LossName;
  tolerance: Tolerance;
  /** Run the `model.fit` checkpoint too. */
  fit: boolean;
  /** Run the `reload` checkpoint (save and load each side after training). */
  reload: boolean;
  mutant?: MutantName;
  /**
   * Divergence kinds a team lets pass (`--allow resources`): a case whose
   * every divergence is of these kinds is still a divergence, reported as
   * found, but counted `allowed`, not failing. Empty by default.
   */
  allow: DivergenceKind[];
  /**
   * A third construction to compare the functional model with: `keras`
   * builds the spec in Keras 3 (harness/reference/keras). Unset: none.
   */
  reference?: 'keras';
  /**
   * `--backends a,b,…`: each side also runs on every listed backend (the
   * first is the reference) and is compared with itself across them under
   * `tolerance` — kernels sum in other orders, so never bitwise by default.
   */
  backends?: { names: ConcreteBackend[]; tolerance: Tolerance };
}

/** A backend a case can run on (not `auto`). */
export type ConcreteBackend = 'tensorflow' | 'wasm' | 'cpu';
