import type { Tensor } from '@tensorflow/tfjs';
import type { TfLayer } from '../architecture/catalogue';
import { inferShapes } from '../architecture/inferShapes';
import type { ModelSpec, NodeSpec } from '../architecture/types';
import { executionOrder } from '../architecture/executionOrder';
import { outputRef } from '../architecture/valueRef';
import { tf } from '../runtime/tf';
import { makeLayer } from './makeLayers';
import { isStateful } from './rnnStates';
import type { MutantName } from './mutants';

type Kwargs = Record<string, unknown>;
type TfShape = (number | null)[];

/** Constructor arguments of {@link SpecSubclass}; also its serialized config. */
export interface SpecSubclassArgs {
  spec: ModelSpec;
  caseSeed: number;
  mutant?: MutantName;
  name?: string;
}

/**
 * The subclass side: one `tf.layers.Layer` that owns one sublayer per spec
 * layer (a shared spec layer is ONE sublayer applied several times) and runs
 * the nodes imperatively in `call()`. It does everything a correct custom
 * layer must: exposes all sublayer weights and regularization losses,
 * forwards `training` and masks, implements `computeOutputShape`, and
 * round-trips through `getConfig`. Mutants switch one of those off.
 */
export class SpecSubclass extends tf.layers.Layer {
  /** Registered name for tfjs serialization. */
  static className = 'ParityCheckSpecSubclass';
  readonly spec: ModelSpec;
  readonly caseSeed: number;
  readonly mutant?: MutantName;
  /**
   * The sublayers, held as the spec's `subclassHolding` says: a Map by id,
   * an array in spec order, or a plain object by id. tfjs tracks none of
   * these (specs/unit/construct/subclassHolding.spec.ts), so this layer
   * exposes their weights and losses itself, by walking what it holds.
   */
  private readonly held: Map<string, TfLayer> | TfLayer[] | Record<string, TfLayer>;
  /** `unshared-layer` mutant: an instance per node for layers applied more than once. */
  private readonly perNode = new Map<string, TfLayer>();
  /** Layer id whose weights the `untracked-weights` mutant hides. */
  private readonly hidden?: string;
  /** Nodes in the functional executor's order (see executionOrder). */
  private readonly order: NodeSpec[];
  /** When set, `call()` stores every node's output here (node id → tensor). */
  recording: Record<string, Tensor> | null = null;

  constructor(args: SpecSubclassArgs) {
    super({ name: args.name ?? 'subclass' });
    this.spec = args.spec;
    this.caseSeed = args.caseSeed;
    this.mutant = args.mutant;
    this.order = executionOrder(args.spec);
    // A nested block is a Layer subclass inside this one, with the same mutant (a fault in the user's code is everywhere).
    const nested = (spec: ModelSpec, caseSeed: number, name: string) =>
      new SpecSubclass({ spec, caseSeed, mutant: args.mutant, name });
    const dropBias =
      args.mutant === 'drop-bias' ? args.spec.layers.find((l) => isBiased(l.kind, l.config))?.id : undefined;
    const made = args.spec.layers.map(
      (layer) =>
        [
          layer.id,
          makeLayer(tf, layer, args.caseSeed, nested, layer.id === dropBias ? { useBias: false } : undefined),
        ] as const,
    );
    const holding = args.spec.subclassHolding ?? 'map';
    this.held =
      holding === 'array'
        ? made.map(([, l]) => l)
        : holding === 'object'
          ? Object.fromEntries(made)
          : new Map<string, TfLayer>(made);
    if (args.mutant === 'unshared-layer') {
      const seen = new Set<string>();
      for (const node of args.spec.nodes) {
        // The fresh instance has the same seeds, so only sharing itself differs.
        if (seen.has(node.layer))
          this.perNode.set(
            node.id,
            makeLayer(
              tf,
              args.spec.layers.find((l) => l.id === node.layer)!,
              args.caseSeed,
              nested,
            ),
          );
        seen.add(node.layer);
      }
    }
    if (args.mutant === 'untracked-weights') {
      this.hidden = args.spec.layers.find((l) =>
        [
          'dense',
          'conv1d',
          'conv2d',
          'lstm',
          'gru',
          'simpleRNN',
          'embedding',
          'batchNormalization',
          'layerNormalization',
        ].includes(l.kind),
      )?.id;
    }
  }

  /** Sublayers by spec layer id, read from whatever holds them (see {@link held}). */
  get sublayers(): ReadonlyMap<string, TfLayer> {
    const held = this.held;
    if (held instanceof Map) return held;
    if (Array.isArray(held)) return new Map(this.spec.layers.map((l, i) => [l.id, held[i]]));
    return new Map(this.spec.layers.map((l) => [l.id, held[l.id]]));
  }

  /** One sublayer by spec layer id. */
  private sublayer(id: string): TfLayer {
    const held = this.held;
    if (held instanceof Map) return held.get(id)!;
    if (Array.isArray(held)) return held[this.spec.layers.findIndex((l) => l.id === id)];
    return held[id];
  }

  /** The `unshared-layer` mutant's extra instance for a node, if any. */
  extraInstance(nodeId: string): TfLayer | undefined {
    return this.perNode.get(nodeId);
  }

  /** Every sublayer instance, including the mutant's extra ones. */
  allSublayers(): TfLayer[] {
    const held = this.held;
    const own = held instanceof Map ? [...held.values()] : Array.isArray(held) ? held : Object.values(held);
    return [...own, ...this.perNode.values()];
  }

  /** Sublayers whose weights this layer reports (all, unless a mutant hides one). */
  private exposed(): TfLayer[] {
    const hidden = this.hidden === undefined ? undefined : this.sublayer(this.hidden);
    return this.allSublayers().filter((l) => l !== hidden);
  }

  override build(inputShape: TfShape | TfShape[]): void {
    // Build every sublayer at its inferred shape by tracing once: each
    // sublayer then builds inside its own apply(), hence its own name
    // scope, which keeps weight names unique for serialization (calling
    // sublayer.build() directly here would name them all after this layer).
    const shapes = (Array.isArray(inputShape[0]) ? inputShape : [inputShape]) as TfShape[];
    const batch = shapes[0]?.[0];
    if (batch == null) {
      // Applied symbolically (wrapped in tf.model, or rebuilt by
      // loadLayersModel): no batch size exists yet, so trace symbolically and
      // leave it open, as the functional side does. A batch picked here would
      // be pinned by layers that fix their whole input shape at build
      // (timeDistributed), and every later batch refused.
      const xs = this.spec.inputs.map(
        (input) =>
          tf.input({
            ...(input.batchSize === undefined
              ? { shape: input.shape }
              : { batchShape: [input.batchSize, ...input.shape] }),
            dtype: input.dtype ?? 'float32',
          }) as unknown as Tensor,
      );
      this.call(xs.length === 1 ? xs[0] : xs, {});
    } else {
      // Applied eagerly: trace on zeros of the real shapes (a variable-length
      // axis has its size here). Eagerly rather than symbolically because
      // some tfjs layers compute wrong symbolic shapes (TFJS_ONE_SIDED) and
      // the next layer would be built to fit them.
      tf.tidy(() => {
        const zeros = this.spec.inputs.map((input, i) =>
          tf.zeros(
            shapes[i].map((d, k): number => d ?? (k === 0 ? batch : 1)),
            input.dtype ?? 'float32',
          ),
        );
        this.call(zeros.length === 1 ? zeros[0] : zeros, {});
      });
      // The trace moved every stateful sublayer's state, where building the
      // functional side moves nothing: both start from zeros, as a user's
      // fresh model does.
      for (const layer of this.allSublayers()) if (isStateful(layer)) layer.resetStates();
    }
    super.build(inputShape);
  }

  override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor | Tensor[] {
    const xs = Array.isArray(inputs) ? inputs : [inputs];
    // A symbolic call comes only from build(): it creates weights, computes nothing.
    const symbolic = (xs[0] as unknown) instanceof tf.SymbolicTensor;
    // Eagerly, everything but the outputs is freed (a custom layer that
    // skips this leaks its intermediate tensors on every call); recorded
    // activations are kept for the caller, who disposes them.
    return symbolic ? this.run(xs, kwargs, true) : tf.tidy(() => this.run(xs, kwargs, false));
  }

  private run(xs: Tensor[], kwargs: Kwargs, symbolic: boolean): Tensor | Tensor[] {
    const values = new Map<string, Tensor>();
    const masks = new Map<string, Tensor | null>();
    // Incoming masks enter the graph with their inputs, as they enter a
    // nested tf.model on the functional side (Container.call).
    const given = kwargs.mask as Tensor | Tensor[] | null | undefined;
    const incoming = given == null ? [] : Array.isArray(given) ? given : [given];
    this.spec.inputs.forEach((input, i) => {
      values.set(input.id, xs[i]);
      masks.set(input.id, incoming[i] ?? null);
    });
    const forwardTraining = this.mutant !== 'no-training-flag';
    for (const node of this.order) {
      const layer = this.perNode.get(node.id) ?? this.sublayer(node.layer);
      let refs = node.inputs;
      if (this.mutant === 'concat-swap' && layer.getClassName() === 'Concatenate') refs = [...refs].reverse();
      const args = refs.map((r) => values.get(r)!);
      const inMasks = refs.map((r) => masks.get(r) ?? null);
      const callArgs: Kwargs = forwardTraining && kwargs.training !== undefined ? { training: kwargs.training } : {};
      // Masks travel with their tensors, as the functional executor would
      // carry them; tfjs's eager apply() does not do this by itself.
      if (inMasks.some((m) => m !== null)) callArgs.mask = inMasks.length === 1 ? inMasks[0] : inMasks;
      const input = args.length === 1 ? args[0] : args;
      const out = layer.apply(input, callArgs) as Tensor | Tensor[];
      const mask =
        layer.supportsMasking && !symbolic
          ? (layer.computeMask(input, callArgs.mask as Tensor | Tensor[] | undefined) as
              Tensor | (Tensor | null)[] | null)
          : null;
      // A layer returning several tensors (returnState, a block with several outputs) gives `n`, `n:1`, ….
      const outs = Array.isArray(out) ? out : [out];
      outs.forEach((t, k) => {
        const ref = outputRef(node.id, k);
        values.set(ref, t);
        masks.set(ref, (Array.isArray(mask) ? mask[k] : k === 0 ? mask : null) ?? null);
        if (this.recording && !symbolic) this.recording[ref] = tf.keep(t);
      });
    }
    const outs = this.spec.outputs.map((o) => values.get(o)!);
    return outs.length === 1 ? outs[0] : outs;
  }

  override computeOutputShape(): TfShape | TfShape[] {
    // Symbolic shapes: an axis that depends on a variable-length input is null, as the functional side has it.
    const { symbolic } = inferShapes(this.spec);
    const outs = this.spec.outputs.map((o) => [null, ...symbolic.get(o)!]);
    return outs.length === 1 ? outs[0] : outs;
  }

  override get trainableWeights() {
    if (!this.trainable) return [];
    return this.exposed().flatMap((l) => l.trainableWeights);
  }

  override get nonTrainableWeights() {
    if (!this.trainable) return this.exposed().flatMap((l) => l.weights);
    return this.exposed().flatMap((l) => l.nonTrainableWeights);
  }

  override calculateLosses() {
    if (this.mutant === 'skip-regularizer') return [];
    return this.allSublayers().flatMap((l) => l.calculateLosses());
  }

  override getConfig() {
    // The spec travels hex-encoded: on save and load tfjs rewrites config
    // keys *and string values* between camelCase and snake_case, nested ones
    // included ('b0_l0' comes back as 'b0L0'), which is lossy for anything
    // with capitals or underscores; lowercase hex digits survive both ways.
    return {
      ...super.getConfig(),
      specHex: Buffer.from(JSON.stringify(this.spec)).toString('hex'),
      caseSeed: this.caseSeed,
      mutant: this.mutant ?? null,
    };
  }

  /** Rebuilds from {@link getConfig}'s output (tfjs serialization). */
  static override fromConfig<T>(cls: new (args: SpecSubclassArgs) => T, config: Record<string, unknown>): T {
    const c = config as { specHex: string; caseSeed: number; mutant?: MutantName | null; name?: string };
    return new cls({
      spec: JSON.parse(Buffer.from(c.specHex, 'hex').toString('utf8')) as ModelSpec,
      caseSeed: c.caseSeed,
      mutant: c.mutant ?? undefined,
      name: c.name,
    });
  }
}

function isBiased(kind: string, config: Record<string, unknown> | undefined): boolean {
  return ['dense', 'conv1d', 'conv2d'].includes(kind) && config?.useBias !== false;
}

tf.serialization.registerClass(SpecSubclass);
