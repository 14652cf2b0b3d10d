import seedrandom from 'seedrandom';
import { catalogue, type Picker, type TypedShape } from '../../../harness/architecture/catalogue';
import { KERAS_TABLE, translateLayer } from '../../../harness/reference/keras/translateLayer';

/** The config fields a catalogue kind's schema declares (zod object, or the object under a refinement). */
function fieldsOf(kind: string): string[] {
  const s = catalogue.get(kind)!.config as unknown as { shape?: object; _zod?: { def?: { in?: { shape?: object } } } };
  const shape = s.shape ?? s._zod?.def?.in?.shape;
  if (!shape) throw new Error(`cannot read the schema of '${kind}'`);
  return Object.keys(shape);
}

function picker(seed: string): Picker {
  const rng = seedrandom(seed);
  return {
    int: (lo, hi) => lo + Math.floor(rng() * (hi - lo + 1)),
    bool: () => rng() < 0.5,
    pick: (o) => o[Math.floor(rng() * o.length)],
  };
}

const SHAPES: Record<number, number[]> = { 1: [6], 2: [5, 4], 3: [6, 6, 3], 4: [4, 4, 4, 2] };

describe('the Keras translation table', () => {
  it('has an entry for every catalogue kind', () => {
    expect([...catalogue.keys()].filter((k) => !(k in KERAS_TABLE))).toEqual([]);
  });

  it('says what becomes of every config field the catalogue holds', () => {
    const missing = [...catalogue.keys()].flatMap((kind) =>
      KERAS_TABLE[kind].none
        ? []
        : fieldsOf(kind)
            .filter((f) => !(f in KERAS_TABLE[kind].fields))
            .map((f) => `${kind}.${f}`),
    );
    expect(missing).toEqual([]);
  });

  const STATED_GAPS = [
    'activation',
    'kernelConstraint',
    'biasConstraint',
    'depthwiseConstraint',
    'pointwiseConstraint',
    'returnState',
  ];
  describe.each([...catalogue.keys()])('%s', (kind) => {
    const entry = catalogue.get(kind)!;
    it('translates sampled configs to its Keras class, or reports the kind as untranslated', () => {
      for (let k = 0; k < 20; k++) {
        const need = entry.input.rank;
        const rank = typeof need === 'number' ? need : Math.max(need.min, 1 + (k % 3));
        const inputs: TypedShape[] = [{ shape: SHAPES[rank] ?? SHAPES[3], dtype: entry.input.dtype ?? 'float32' }];
        if (entry.arity === 'merge') inputs.push(inputs[0]);
        const config =
          kind === 'block' ? {} : (entry.sample(picker(`${kind}:${k}`), inputs) as Record<string, unknown>);
        const t = translateLayer({ id: 'l', kind, config });
        if (KERAS_TABLE[kind].none) {
          expect(t).toEqual({ ok: false, gaps: [expect.objectContaining({ layer: 'l', kind, blocking: true })] });
          continue;
        }
        // The gaps a sampled config may have, each stated in the table: an activation without a counterpart,
        // a weight constraint (trained differently by design), a layer's second output.
        if (!t.ok) {
          for (const g of t.gaps) expect(STATED_GAPS).toContain(g.field);
          continue;
        }
        expect(t.keras.class).toBe(KERAS_TABLE[kind].className);
        expect(t.keras.config.name).toBe('l');
        // Nothing in camelCase reaches Keras.
        expect(Object.keys(t.keras.config).filter((f) => /[A-Z]/.test(f))).toEqual([]);
      }
    });
  });

  it("states tfjs's recurrent defaults where Keras 3's differ", () => {
    const gru = translateLayer({ id: 'g', kind: 'gru', config: { units: 3 } });
    const lstm = translateLayer({ id: 'l', kind: 'lstm', config: { units: 3 } });
    expect(gru.ok && gru.keras.config).toMatchObject({
      reset_after: false,
      recurrent_activation: { __activation__: 'tfjs_hard_sigmoid' },
    });
    expect(lstm.ok && lstm.keras.config).toMatchObject({
      unit_forget_bias: false,
      recurrent_activation: { __activation__: 'tfjs_hard_sigmoid' },
    });
  });

  it('writes BatchNormalization momentum and epsilon, and data_format, explicitly', () => {
    const bn = translateLayer({ id: 'b', kind: 'batchNormalization' });
    expect(bn.ok && bn.keras.config).toMatchObject({ momentum: 0.99, epsilon: 1e-3, axis: -1 });
    const conv = translateLayer({ id: 'c', kind: 'conv2d', config: { filters: 2, kernelSize: 3, dilationRate: 2 } });
    expect(conv.ok && conv.keras.config).toMatchObject({
      data_format: 'channels_last',
      dilation_rate: 2,
      kernel_size: 3,
    });
  });

  it('maps names that differ: swish → silu, leakyReLU alpha → negative_slope, categoryEncoding modes', () => {
    const d = translateLayer({ id: 'd', kind: 'dense', config: { units: 2, activation: 'swish' } });
    expect(d.ok && d.keras.config.activation).toBe('silu');
    const lr = translateLayer({ id: 'r', kind: 'leakyReLU', config: { alpha: 0.1 } });
    expect(lr.ok && lr.keras.config).toMatchObject({ negative_slope: 0.1 });
    const ce = translateLayer({ id: 'e', kind: 'categoryEncoding', config: { numTokens: 4, outputMode: 'oneHot' } });
    expect(ce.ok && ce.keras.config).toMatchObject({ num_tokens: 4, output_mode: 'one_hot' });
  });

  it('reports a field it does not know as a blocking gap, never drops it', () => {
    const t = translateLayer({ id: 'd', kind: 'dense', config: { units: 2, kernelShape: [2, 2] } });
    expect(t).toEqual({
      ok: false,
      gaps: [
        {
          layer: 'd',
          kind: 'dense',
          field: 'kernelShape',
          reason: "no Keras translation for tfjs config field 'kernelShape'",
          blocking: true,
        },
      ],
    });
  });
});
