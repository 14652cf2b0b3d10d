import { TEST_BACKEND } from '../helpers';

/**
 * What each entry of the pair catalogue (fixtures/pairs/) must report on
 * tfjs 4.22 with the defaults: asserted for the pair modules by
 * pairCatalogue.spec.ts, and for the same custom layers run as layer modules
 * (their twin derived) by layerCatalogue.spec.ts.
 */
export interface Expected {
  verdict: 'parity' | 'divergence';
  /** kind@checkpoint of every divergence, deduplicated, in order found. */
  sigs: string[];
  /** The first divergence's message, or a side's error, must match. */
  first?: RegExp;
  errors?: { side: string; checkpoint: string; message: RegExp }[];
  notes?: RegExp[];
  /** The known causes proven on the case (every divergence explained); absent: a new finding. */
  known?: string[];
  /**
   * The catalogue entry its findings are diagnosed with (issue #12 §4), and
   * which `kind@checkpoint`s carry it — every divergence of those, none of
   * the others — and every side error. Absent: nothing carries a diagnosis.
   */
  diagnosis?: { entry: string; on: string[] | 'all' };
}

const TRAINING = ['weights@step-1', 'slot@step-1', 'loss@step-2', 'gradient@step-2', 'weights@step-2', 'slot@step-2'];
const FROM_LOSS = ['loss@loss', 'gradient@gradients', ...TRAINING];
/** fit on fresh builds compares the loss history and every weight (and state, where there is any). */
const FIT = ['loss@fit', 'weights@fit'];
const GRADS =
  /^variableGrads\(\) expects at least one of the input variables to be trainable, but none of the 0 variables is trainable\.$/;

export const EXPECTED: Record<string, Expected> = {
  '01-untracked-sublayers.mjs': {
    verdict: 'divergence',
    // The 4 weights exist (built in call) but are never exposed: named at build, then the counts at init.
    sigs: ['inventory@build', 'inventory@init', 'error@loss', 'error@fit', 'resources@dispose'],
    first:
      /^variables created but not exposed as weights: subclass 4, functional 0; subclass: '.*\/hidden\/kernel' \[6, 8\]/,
    errors: [
      { side: 'subclass', checkpoint: 'loss', message: GRADS },
      { side: 'subclass', checkpoint: 'fit', message: GRADS },
    ],
    diagnosis: { entry: '01-untracked-sublayers', on: 'all' },
  },
  '02-lazy-build-before-compile.mjs': {
    verdict: 'divergence',
    sigs: ['error@reload', 'error@fit'],
    errors: [
      {
        side: 'subclass',
        checkpoint: 'reload',
        message: /^Provided weight data has no target variable: .*\/hidden\/kernel$/,
      },
      // Compiled before any eager call, the model has no trainable weights: tfjs 4.22 throws rather than training nothing.
      { side: 'subclass', checkpoint: 'fit', message: GRADS },
    ],
    diagnosis: { entry: '02-lazy-build-before-compile', on: 'all' },
  },
  '03-training-not-forwarded.mjs': {
    verdict: 'divergence',
    sigs: [
      'forward@forward-training',
      'state@forward-training',
      'loss@loss',
      'gradient@gradients',
      'weights@step-1',
      'state@step-1',
      'slot@step-1',
      'loss@step-2',
      'gradient@step-2',
      'weights@step-2',
      'state@step-2',
      'slot@step-2',
      ...FIT,
      'state@fit',
    ],
    diagnosis: {
      entry: '03-training-not-forwarded',
      on: ['forward@forward-training', 'state@forward-training', 'state@step-1', 'state@step-2', 'state@fit'],
    },
  },
  '04-custom-loop-without-training.mjs': {
    verdict: 'divergence',
    // The models are the same: fit agrees, weights and BatchNorm state included.
    sigs: [
      'loss@loss',
      'gradient@gradients',
      'weights@step-1',
      'state@step-1',
      'slot@step-1',
      'loss@step-2',
      'gradient@step-2',
      'weights@step-2',
      'state@step-2',
      'slot@step-2',
    ],
    diagnosis: { entry: '04-custom-loop-without-training', on: ['loss@loss', 'state@step-1', 'state@step-2'] },
  },
  '05-regularizer-on-sublayer.mjs': {
    verdict: 'divergence',
    sigs: [...FROM_LOSS, ...FIT],
    diagnosis: {
      entry: '05-regularizer-on-sublayer',
      on: ['loss@loss', 'gradient@gradients', 'loss@step-2', 'loss@fit'],
    },
  },
  '06-shared-layer-regularizer.mjs': {
    verdict: 'divergence',
    sigs: [...FROM_LOSS, ...FIT, 'resources@dispose'],
    known: ['shared-regularizer', 'shared-layer-dispose'],
  },
  '07a-shared-optimizer-same-order.mjs': {
    verdict: 'divergence',
    // Loss and gradients of step 1 agree: only the update differs, silently.
    sigs: ['weights@step-1', 'loss@step-2', 'gradient@step-2', 'weights@step-2'],
    first: /^0:Dense\/kernel: mismatched elements/,
    diagnosis: { entry: '07a-shared-optimizer-same-order', on: ['weights@step-1'] },
  },
  '07b-shared-optimizer-permuted-list.mjs': {
    verdict: 'divergence',
    sigs: ['error@loss'],
    // Each backend says the same broadcast failure in its own words.
    errors: [
      {
        side: 'functional',
        checkpoint: 'loss',
        message:
          TEST_BACKEND === 'tensorflow'
            ? /^Incompatible shapes: \[2\] vs\. \[4,4\]$/
            : /^Operands could not be broadcast together with shapes 2 and 4,4\.$/,
      },
    ],
    diagnosis: { entry: '07b-shared-optimizer-permuted-list', on: 'all' },
  },
  '08-slot-naming.mjs': { verdict: 'parity', sigs: [] },
  '09-call-args-on-node.mjs': {
    verdict: 'divergence',
    sigs: ['forward@forward'],
    diagnosis: { entry: '09-call-args-on-node', on: 'all' },
  },
  '10-mask-propagation.mjs': {
    verdict: 'divergence',
    sigs: ['forward@forward', 'forward@forward-training', ...FROM_LOSS, ...FIT],
    diagnosis: { entry: '10-mask-propagation', on: ['forward@forward', 'forward@forward-training'] },
  },
  '11-missing-compute-output-shape.mjs': {
    verdict: 'divergence',
    sigs: ['error@fit'],
    errors: [
      {
        side: 'subclass',
        checkpoint: 'fit',
        message: /^target expected a batch of elements where each example has shape \[6\] .* each with shape \[3\]/,
      },
    ],
    diagnosis: { entry: '11-missing-compute-output-shape', on: 'all' },
  },
  '12a-serialization-no-get-config.mjs': {
    verdict: 'divergence',
    sigs: ['error@reload'],
    errors: [{ side: 'subclass', checkpoint: 'reload', message: /^Shape mismatch: \[6,4\] vs\. \[6,8\]$/ }],
    diagnosis: { entry: '12a-serialization-no-get-config', on: 'all' },
  },
  '12b-serialization-untracked-weights.mjs': {
    verdict: 'divergence',
    // The hidden layer's 2 weights are created again by every build (reload, fit) and never exposed.
    sigs: [
      'inventory@build',
      'inventory@init',
      'slot@step-1',
      'loss@step-2',
      'gradient@step-2',
      'weights@step-2',
      'slot@step-2',
      'forward@reload',
      'resources@reload',
      'loss@fit',
      'inventory@fit',
      'weights@fit',
      'resources@fit',
      'resources@dispose',
    ],
    first: /^variables created but not exposed as weights: subclass 2, functional 0/,
    diagnosis: {
      entry: '12b-serialization-untracked-weights',
      on: [
        'inventory@build',
        'inventory@init',
        'forward@reload',
        'resources@reload',
        'inventory@fit',
        'resources@fit',
        'resources@dispose',
      ],
    },
  },
  '12c-serialization-explicit-build.mjs': {
    verdict: 'divergence',
    sigs: ['error@reload'],
    errors: [{ side: 'subclass', checkpoint: 'reload', message: /^Duplicate weight name: .*\/kernel$/ }],
    diagnosis: { entry: '12c-serialization-explicit-build', on: 'all' },
  },
  '12d-serialization-unregistered-class.mjs': {
    verdict: 'divergence',
    sigs: ['error@reload'],
    errors: [
      {
        side: 'subclass',
        checkpoint: 'reload',
        message: /^Unknown layer: ParityUnregisteredMlp\. This may be due to one of the following reasons:$/,
      },
    ],
    diagnosis: { entry: '12d-serialization-unregistered-class', on: 'all' },
  },
  '13-trainable-false.mjs': {
    verdict: 'divergence',
    // The "frozen" kernel gets a gradient and moves at step 1 on the subclass side: compared as a weight, frozen or not.
    sigs: [
      'inventory@init',
      'gradient@gradients',
      'weights@step-1',
      'slot@step-1',
      'loss@step-2',
      'gradient@step-2',
      'weights@step-2',
      'slot@step-2',
      'loss@fit',
      'inventory@fit',
      'weights@fit',
    ],
    first: /^trainable variable count: subclass 4, functional 2$/,
    diagnosis: { entry: '13-trainable-false', on: ['inventory@init', 'inventory@fit'] },
  },
  '14a-unseeded-both-sides.mjs': {
    verdict: 'divergence',
    sigs: ['init@init', 'forward@forward', 'forward@forward-training', ...FROM_LOSS, ...FIT],
    first: /^0:Dense\/kernel: mismatched elements: 48 \/ 48/,
    diagnosis: { entry: '14a-unseeded-both-sides', on: ['init@init'] },
  },
  '14b-shared-initializer-instance.mjs': {
    verdict: 'parity',
    sigs: [],
    notes: [
      /^subclass side: 0:Dense\/kernel and 2:Dense\/kernel start bit-identical/,
      /^functional side: 0:Dense\/kernel and 2:Dense\/kernel start bit-identical/,
    ],
  },
  '14c-seed-zero.mjs': {
    verdict: 'divergence',
    sigs: ['init@init', 'forward@forward', 'forward@forward-training', ...FROM_LOSS, ...FIT],
    // Only the heNormal kernel (the second Dense): glorotUniform({ seed: 0 }) is seeded, heNormal({ seed: 0 }) is not.
    first: /^2:Dense\/kernel: mismatched elements: 24 \/ 24/,
    diagnosis: { entry: '14c-seed-zero', on: ['init@init'] },
  },
  '14d-seeded-dropout-one-side.mjs': {
    verdict: 'divergence',
    sigs: ['forward@forward-training', ...FROM_LOSS, ...FIT],
    diagnosis: { entry: '14d-seeded-dropout-one-side', on: ['forward@forward-training'] },
  },
  '15-duplicate-layer-names.mjs': {
    verdict: 'divergence',
    sigs: ['error@build'],
    errors: [
      {
        side: 'functional',
        checkpoint: 'build',
        message: /^The name "fc" is used 2 times in the model\. All layer names should be unique\./,
      },
    ],
    diagnosis: { entry: '15-duplicate-layer-names', on: 'all' },
  },
  '16-dispose-leaks.mjs': {
    verdict: 'divergence',
    // The counter (and the scalar it was made from) is left by every build, then survives dispose().
    sigs: ['resources@build', 'inventory@build', 'resources@reload', 'resources@fit', 'resources@dispose'],
    first:
      /^building and the first call \(variables aside\) left alive: subclass 1 tensors and 0 variables, functional 0 tensors and 0 variables$/,
    diagnosis: { entry: '16-dispose-leaks', on: 'all' },
  },
  '17-nested-model.mjs': { verdict: 'parity', sigs: [] },
  '18-call-without-tidy.mjs': {
    verdict: 'divergence',
    sigs: ['resources@build', 'resources@forward', 'resources@forward-training'],
    first:
      /^building and the first call \(variables aside\) left alive: subclass 3 tensors and 0 variables, functional 0 tensors and 0 variables$/,
    diagnosis: { entry: '18-call-without-tidy', on: 'all' },
  },
  '19-build-keeps-trace.mjs': {
    verdict: 'divergence',
    // One tensor per build of the subclass: its own, the reloaded model's, fit's fresh one.
    sigs: ['resources@build', 'resources@reload', 'resources@fit'],
    first:
      /^building and the first call \(variables aside\) left alive: subclass 1 tensors and 0 variables, functional 0 tensors and 0 variables$/,
    diagnosis: { entry: '19-build-keeps-trace', on: 'all' },
  },
};
