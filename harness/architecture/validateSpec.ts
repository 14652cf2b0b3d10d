import { InvalidSpecError } from '../errors';
import { didYouMean } from '../util/nearest';
import { catalogue, UnsupportedShape } from './catalogue';
import { sizeProblem } from './checkSizes';
import { fixedBatchOf } from './fixedBatchOf';
import { inferShapes } from './inferShapes';
import { modelSpecSchema } from './schema';
import type { ModelSpec, NodeSpec } from './types';
import { isWellFormedRef, nodeOf, outputIndexOf } from './valueRef';

/**
 * Checks a parsed JSON value against the spec schema, the catalogue and the
 * graph rules, and returns it typed with nodes in topological order.
 * Malformed specs throw {@link InvalidSpecError} naming the node and field;
 * shape problems are not checked here (see `inferShapes`): a well-formed
 * spec that tfjs must reject is a case whose expected verdict is `agreed-error`.
 */
export function validateSpec(raw: unknown, file?: string): ModelSpec {
  const deepest = blockDepth(raw);
  if (deepest.depth > MAX_BLOCK_DEPTH) {
    const message = `layer '${deepest.layer}' (block): blocks nested ${deepest.depth} deep; a spec may nest at most ${MAX_BLOCK_DEPTH}`;
    throw new InvalidSpecError(file ? `${file}: ${message}` : message, {
      file,
      node: deepest.layer,
      field: 'config.spec',
    });
  }
  return validateAt(raw, file);
}

/** How deep a raw spec's blocks nest (walked without recursion), and the outermost block on the deepest path. */
function blockDepth(raw: unknown): { depth: number; layer?: string } {
  let best: { depth: number; layer?: string } = { depth: 0 };
  const todo: { spec: unknown; depth: number; top?: string }[] = [{ spec: raw, depth: 0 }];
  while (todo.length > 0) {
    const { spec, depth, top } = todo.pop()!;
    const layers = (spec as { layers?: unknown })?.layers;
    if (!Array.isArray(layers)) continue;
    for (const l of layers as { kind?: unknown; id?: unknown; config?: { spec?: unknown } | null }[]) {
      if (l?.kind !== 'block' || typeof l.config !== 'object' || l.config === null) continue;
      const outer = top ?? String(l.id);
      if (depth + 1 > best.depth) best = { depth: depth + 1, layer: outer };
      todo.push({ spec: l.config.spec, depth: depth + 1, top: outer });
    }
  }
  return best;
}

/**
 * Deepest nesting of blocks a spec may have. Real models nest a few levels;
 * past this, building and comparing recurse deeper than a stack allows.
 */
export const MAX_BLOCK_DEPTH = 100;

/** {@link validateSpec} once the nesting is known to be within bounds. */
function validateAt(raw: unknown, file: string | undefined): ModelSpec {
  const fail = (message: string, where: { node?: string; field?: string } = {}): never => {
    throw new InvalidSpecError(file ? `${file}: ${message}` : message, { file, ...where });
  };
  const parsed = modelSpecSchema.safeParse(raw);
  if (!parsed.success) {
    // A misspelt field also leaves the real one missing: name the misspelling, with a suggestion.
    const issue = parsed.error.issues.find((i) => i.code === 'unrecognized_keys') ?? parsed.error.issues[0];
    const path = issue.path.map(String);
    if (path.length === 0 && issue.code === 'unrecognized_keys') {
      const key = issue.keys[0];
      return fail(
        `unknown field '${key}'${didYouMean(key, [
          'version',
          'name',
          'description',
          'subclassHolding',
          'inputs',
          'layers',
          'nodes',
          'outputs',
        ])}`,
        { field: key },
      );
    }
    if (path[0] === 'version' && path.length === 1)
      return fail(
        `field 'version': this parity-check reads spec version 1, got ${JSON.stringify((raw as { version?: unknown }).version)}`,
        { field: 'version' },
      );
    // Name the element by its id when the path goes through one of the lists.
    const list = path[0] as 'inputs' | 'layers' | 'nodes' | undefined;
    const el =
      list && typeof raw === 'object' && raw !== null
        ? (raw as Record<string, { id?: unknown }[] | undefined>)[list]?.[Number(path[1])]
        : undefined;
    const who =
      el && typeof el.id === 'string'
        ? `${list!.slice(0, -1)} '${el.id}', field '${path.slice(2).join('.') || '(element)'}'`
        : `field '${path.join('.') || '(root)'}'`;
    return fail(`${who}: ${issue.message}`, {
      node: typeof el?.id === 'string' ? el.id : undefined,
      field: path.join('.'),
    });
  }
  const spec = parsed.data;

  const seen = new Map<string, string>();
  for (const [what, items] of [
    ['input', spec.inputs],
    ['layer', spec.layers],
    ['node', spec.nodes],
  ] as const) {
    for (const item of items) {
      const prev = seen.get(item.id);
      if (prev)
        fail(
          `${what} '${item.id}': id already used by ${prev === 'input' ? 'an' : 'a'} ${prev}; ids must be unique across inputs, layers and nodes`,
          { node: item.id, field: 'id' },
        );
      seen.set(item.id, what);
    }
  }
  for (const input of spec.inputs) {
    if (input.maxValue !== undefined && input.dtype !== 'int32')
      fail(`input '${input.id}', field 'maxValue': only int32 inputs take a maxValue`, {
        node: input.id,
        field: 'maxValue',
      });
  }
  const fixed = fixedBatchOf(spec);
  for (const input of spec.inputs) {
    if (input.batchSize !== fixed)
      fail(
        `input '${input.id}', field 'batchSize': every input gives the same fixed batch size or none (input '${spec.inputs[0].id}' gives ${fixed ?? 'none'}, this one ${input.batchSize ?? 'none'})`,
        { node: input.id, field: 'batchSize' },
      );
  }
  for (const layer of spec.layers)
    if (layer.config?.stateful === true && fixed === undefined)
      fail(
        `layer '${layer.id}', field 'config.stateful': a stateful RNN needs a fixed batch size — give every input a 'batchSize'`,
        { node: layer.id, field: 'config.stateful' },
      );

  const layers = new Map(spec.layers.map((l) => [l.id, l]));
  for (const layer of spec.layers) {
    const kind = catalogue.get(layer.kind);
    if (!kind)
      fail(
        `layer '${layer.id}', field 'kind': unknown kind '${layer.kind}'${didYouMean(layer.kind, catalogue.keys())}`,
        { node: layer.id, field: 'kind' },
      );
    const cfg = kind!.config.safeParse(layer.config ?? {});
    if (!cfg.success) {
      const issue = cfg.error.issues.find((i) => i.code === 'unrecognized_keys') ?? cfg.error.issues[0];
      const key =
        issue.path.join('.') ||
        (issue.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys.join(', ') : '');
      const hint =
        issue.code === 'unrecognized_keys'
          ? didYouMean(
              (issue as { keys: string[] }).keys[0],
              Object.keys((kind!.config as { shape?: object }).shape ?? {}),
            )
          : '';
      fail(`layer '${layer.id}' (${layer.kind}), field 'config${key ? '.' + key : ''}': ${issue.message}${hint}`, {
        node: layer.id,
        field: `config.${key}`,
      });
    }
  }

  for (const layer of spec.layers.filter((l) => l.kind === 'block')) {
    // A block holds a whole spec: validate it the same way, naming the block in every message.
    let inner: ModelSpec | undefined;
    try {
      inner = validateAt((layer.config as { spec: unknown }).spec, undefined);
    } catch (e) {
      if (!(e instanceof InvalidSpecError)) throw e;
      fail(`layer '${layer.id}' (block), field 'config.spec': ${e.message}`, { node: layer.id, field: 'config.spec' });
    }
    if (inner!.inputs.length !== 1)
      fail(`layer '${layer.id}' (block), field 'config.spec': a block takes exactly one input`, {
        node: layer.id,
        field: 'config.spec',
      });
    const scheduled = inner!.layers.find((l) => l.trainableSchedule);
    if (scheduled)
      fail(
        `layer '${layer.id}' (block), field 'config.spec': layer '${scheduled.id}' has a trainableSchedule, which is read on the case's own layers only (schedule the block itself)`,
        { node: layer.id, field: 'config.spec' },
      );
    (layer.config as { spec: ModelSpec }).spec = inner!;
  }

  const inputIds = new Set(spec.inputs.map((i) => i.id));
  const nodeById = new Map(spec.nodes.map((n) => [n.id, n]));
  const used = new Set<string>();
  /** Why a value reference names nothing, or undefined when it names an input or a node's output. */
  const refProblem = (ref: string): string | undefined => {
    const id = nodeOf(ref);
    const known = inputIds.has(id) || nodeById.has(id);
    if (!known || !isWellFormedRef(ref))
      return `unknown input or node '${ref}'${didYouMean(ref, [...inputIds, ...nodeById.keys()])}`;
    const k = outputIndexOf(ref);
    if (k === 0) return undefined;
    if (inputIds.has(id)) return `'${ref}': an input has one value, '${id}'`;
    const layer = layers.get(nodeById.get(id)!.layer);
    const kind = layer && catalogue.get(layer.kind);
    const count = kind?.outputCount ? kind.outputCount(kind.config.parse(layer!.config ?? {})) : 1;
    return k < count
      ? undefined
      : `'${ref}': node '${id}' returns ${count} output${count === 1 ? '' : 's'} (${[...Array(count).keys()].map((i) => (i === 0 ? id : `${id}:${i}`)).join(', ')})`;
  };
  for (const node of spec.nodes) {
    const layer = layers.get(node.layer);
    if (!layer)
      fail(`node '${node.id}', field 'layer': unknown layer '${node.layer}'${didYouMean(node.layer, layers.keys())}`, {
        node: node.id,
        field: 'layer',
      });
    used.add(node.layer);
    const arity = catalogue.get(layer!.kind)!.arity;
    if (arity === 'unary' && node.inputs.length !== 1)
      fail(
        `node '${node.id}', field 'inputs': ${/^[aeiou]/.test(layer!.kind) ? 'an' : 'a'} ${layer!.kind} layer takes exactly one input, got ${node.inputs.length}`,
        { node: node.id, field: 'inputs' },
      );
    if (arity === 'merge' && node.inputs.length < 2)
      fail(
        `node '${node.id}', field 'inputs': ${/^[aeiou]/.test(layer!.kind) ? 'an' : 'a'} ${layer!.kind} layer merges two or more inputs, got ${node.inputs.length}`,
        { node: node.id, field: 'inputs' },
      );
  }
  // References are checked once every layer is known (a reference to a second output needs its node's layer).
  for (const node of spec.nodes)
    node.inputs.forEach((ref, i) => {
      const problem = refProblem(ref);
      if (problem)
        fail(`node '${node.id}', field 'inputs[${i}]': ${problem}`, { node: node.id, field: `inputs[${i}]` });
    });
  for (const layer of spec.layers)
    if (!used.has(layer.id)) fail(`layer '${layer.id}': never applied by any node`, { node: layer.id, field: 'id' });
  spec.outputs.forEach((ref, i) => {
    if (!inputIds.has(nodeOf(ref)) && !nodeById.has(nodeOf(ref)))
      fail(`field 'outputs[${i}]': unknown node '${ref}'${didYouMean(ref, nodeById.keys())}`, {
        node: ref,
        field: `outputs[${i}]`,
      });
    const problem = refProblem(ref);
    if (problem) fail(`field 'outputs[${i}]': ${problem}`, { node: ref, field: `outputs[${i}]` });
    if (inputIds.has(ref))
      fail(`field 'outputs[${i}]': '${ref}' is an input; outputs must be nodes`, { node: ref, field: `outputs[${i}]` });
  });
  if (new Set(spec.outputs).size !== spec.outputs.length)
    fail(`field 'outputs': an output is listed twice`, { field: 'outputs' });

  const ordered = { ...spec, nodes: topologicalOrder(spec.nodes, inputIds, fail) };
  let shapes: ReturnType<typeof inferShapes>['shapes'];
  try {
    shapes = inferShapes(ordered).shapes;
  } catch (e) {
    if (!(e instanceof UnsupportedShape)) throw e;
    const node = (e as UnsupportedShape & { node?: string }).node;
    return fail(`node '${node}': ${e.message}`, { node, field: 'inputs' });
  }
  const tooLarge = sizeProblem(ordered, shapes);
  if (tooLarge) fail(tooLarge.message, { node: tooLarge.node, field: 'shape' });
  return ordered;
}

/** Nodes ordered so every node comes after the nodes it reads (stable: spec order when free). */
function topologicalOrder(
  nodes: NodeSpec[],
  inputIds: Set<string>,
  fail: (m: string, w: { node?: string; field?: string }) => never,
): NodeSpec[] {
  const done = new Set<string>(inputIds);
  const out: NodeSpec[] = [];
  let pending = [...nodes];
  while (pending.length > 0) {
    const ready = pending.filter((n) => n.inputs.every((r) => done.has(nodeOf(r))));
    if (ready.length === 0)
      fail(`node '${pending[0].id}': the graph has a cycle through ${pending.map((n) => `'${n.id}'`).join(', ')}`, {
        node: pending[0].id,
        field: 'inputs',
      });
    for (const n of ready) done.add(n.id);
    out.push(...ready);
    pending = pending.filter((n) => !done.has(n.id));
  }
  return out;
}
