import { compareValues, describeStats, parseTolerance, ulpDistance, type TensorData } from '../../../harness';

const f = (values: number[], shape = [values.length]): TensorData => ({
  shape,
  dtype: 'float32',
  values: Float32Array.from(values),
});
const exact = parseTolerance('exact');

describe('compareValues', () => {
  it('is exact by default: one ULP apart is a mismatch', () => {
    const a = 1;
    const b = new Float32Array([1 + 2 ** -23])[0];
    const s = compareValues(f([0, a]), f([0, b]), exact);
    expect(s.equal).toBe(false);
    expect(s.mismatched).toBe(1);
    expect(s.maxUlp).toBe(1);
    expect(s.first).toEqual({ index: [1], subclass: a, functional: b });
    expect(compareValues(f([0, a]), f([0, b]), parseTolerance('ulp:1')).equal).toBe(true);
  });

  it('records where the greatest absolute difference is, with both values, apart from the first mismatch', () => {
    const s = compareValues(f([1, 2, 3, 4], [2, 2]), f([1.5, 2, 0, 4], [2, 2]), exact);
    expect(s.first).toEqual({ index: [0, 0], subclass: 1, functional: 1.5 });
    expect(s.greatest).toEqual({ index: [1, 0], subclass: 3, functional: 0 });
    expect(s.maxAbs).toBe(3);
    // A NaN against a number is the greatest difference there is.
    expect(compareValues(f([1, NaN]), f([5, 0]), exact).greatest).toEqual({ index: [1], subclass: NaN, functional: 0 });
    expect(compareValues(f([1]), f([1]), exact).greatest).toBeUndefined();
  });

  it('treats -0 and +0 as different bits under exact, zero ULP apart', () => {
    const s = compareValues(f([-0]), f([0]), exact);
    expect(s.equal).toBe(false);
    expect(s.maxUlp).toBe(0);
  });

  it('matches NaN with NaN position by position, never with a number', () => {
    expect(compareValues(f([NaN, 1]), f([NaN, 1]), exact).equal).toBe(true);
    const s = compareValues(f([NaN, 1]), f([1, NaN]), parseTolerance('atol:1e9'));
    expect(s.equal).toBe(false);
    expect(s.mismatched).toBe(2);
    expect(s.maxUlp).toBe(Infinity);
  });

  it('requires infinities to match in sign under every tolerance', () => {
    expect(compareValues(f([Infinity]), f([Infinity]), exact).equal).toBe(true);
    expect(compareValues(f([Infinity]), f([-Infinity]), parseTolerance('atol:1e30,rtol:1')).equal).toBe(false);
    expect(compareValues(f([Infinity]), f([3.4028234663852886e38]), parseTolerance('ulp:5')).equal).toBe(false);
  });

  it('reports shape and dtype differences structurally', () => {
    expect(compareValues(f([1, 2], [2]), f([1, 2], [1, 2]), exact).structural).toBe('shape [2] vs [1, 2]');
    const i: TensorData = { shape: [2], dtype: 'int32', values: Int32Array.from([1, 2]) };
    expect(compareValues(f([1, 2]), i, exact).structural).toBe('dtype float32 vs int32');
  });

  it('applies atol + rtol * max(|a|, |b|)', () => {
    const tol = parseTolerance('atol:0.1,rtol:0.01');
    expect(compareValues(f([10]), f([10.19]), tol).equal).toBe(true);
    expect(compareValues(f([10]), f([10.25]), tol).equal).toBe(false);
  });

  it('gives a torch-style message with the first mismatching multi-index', () => {
    const s = compareValues(f([1, 2, 3, 4], [2, 2]), f([1, 2, 3, 5], [2, 2]), exact);
    expect(describeStats(s)).toMatch(
      /^mismatched elements: 1 \/ 4 \(25\.0%\) · greatest absolute difference 1\.000e\+0.* first at \(1, 1\): subclass 4, functional 5$/,
    );
  });
});

describe('ulpDistance and tolerances', () => {
  it('counts ULPs across zero', () => {
    const tiny = 1.401298464324817e-45; // smallest float32 subnormal
    expect(ulpDistance(tiny, -tiny)).toBe(2);
  });

  it('rejects malformed tolerances with a usable message', () => {
    expect(() => parseTolerance('ulp:x')).toThrow("invalid tolerance 'ulp:x': use exact, ulp:N or atol:A,rtol:R");
    expect(parseTolerance('rtol:1e-6')).toEqual({ mode: 'close', atol: 0, rtol: 1e-6 });
  });
});
