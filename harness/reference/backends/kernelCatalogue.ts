/**
 * Kernels `--kernels` can generate inputs for, by the shape of their
 * signature: elementwise with one input `x`, elementwise with two inputs
 * `a`, `b` (broadcast alike), and reductions of `x` over axes. Each lists
 * the dtypes tfjs's ops hand it (an op that refuses a dtype keeps its
 * kernel from ever seeing it, so it is not generated). A registered kernel not listed here is not
 * generated (the run says how many of the reference backend's are).
 */
export interface KernelSignature {
  family: 'unary' | 'binary' | 'reduce';
  dtypes: ('float32' | 'int32')[];
}

const F = ['float32'] as const;
const FI = ['float32', 'int32'] as const;
const family = (f: KernelSignature['family'], dtypes: readonly ('float32' | 'int32')[], names: string[]) =>
  Object.fromEntries(names.map((n) => [n, { family: f, dtypes: [...dtypes] }]));

export const KERNEL_SIGNATURES: Readonly<Record<string, KernelSignature>> = {
  // tfjs's ops refuse int32 for floor and ceil ("must be float32"): their kernels never see it.
  ...family('unary', FI, ['Abs', 'Neg', 'Round', 'Sign', 'Square', 'Relu', 'Relu6']),
  ...family('unary', F, [
    'Floor',
    'Ceil',
    'Exp',
    'Expm1',
    'Log1p',
    'Sqrt',
    'Rsqrt',
    'Reciprocal',
    'Sigmoid',
    'Tanh',
    'Sin',
    'Cos',
    'Tan',
    'Atan',
    'Asinh',
    'Softplus',
    'Elu',
    'Selu',
    'Erf',
    'IsNan',
    'IsInf',
    'IsFinite',
  ]),
  ...family('binary', FI, ['Add', 'Sub', 'Multiply', 'Maximum', 'Minimum', 'SquaredDifference', 'FloorDiv', 'Mod']),
  ...family('binary', F, ['RealDiv', 'Pow', 'Atan2']),
  ...family('reduce', FI, ['Sum', 'Max', 'Min', 'Prod']),
  ...family('reduce', F, ['Mean']),
};
