import { compareValues, type TensorData } from '../../compare/compareValues';
import { parseTolerance } from '../../compare/Tolerance';
import type { KernelTensor } from '../../trace/recordKernels';
import { replayInChild } from '../../trace/replayInChild';
import type { KernelCause } from '../KernelCause';

const KERNELS = new Set(['Conv2DBackpropInput', 'Conv3DBackpropInputV2']);

const data = (t: KernelTensor): TensorData => ({
  shape: t.shape,
  dtype: t.dtype,
  values: Float32Array.from(t.values as ArrayLike<number>),
});
const agree = (a: KernelTensor, b: KernelTensor, tol: string) =>
  compareValues(data(a), data(b), parseTolerance(tol)).equal;
const show = (t: KernelTensor) =>
  `[${Array.from(t.values as ArrayLike<number>)
    .slice(0, 6)
    .join(', ')}${(t.values as ArrayLike<number>).length > 6 ? ', …' : ''}]`;

/**
 * libtensorflow 2.21 with oneDNN on (TensorFlow's default on x86-64)
 * computes wrong input gradients for a single-channel convolution —
 * `Conv2DBackpropInput` and `Conv3DBackpropInputV2` with one input and one
 * output channel (conv2dTranspose's and conv3dTranspose's forward pass,
 * conv2d's and conv3d's input gradient): terms are lost (`[6, 0, 0, 0]`
 * where cpu gives `[6, 2, 10, 0]`).
 *
 * Confirmed on the finding: the same kernel on the same input values in a
 * child process whose libtensorflow loads with `TF_ENABLE_ONEDNN_OPTS=0`
 * gives the reference backend's values, while this process (oneDNN on)
 * gave others.
 */
export const onednnConvBackpropInput: KernelCause = {
  id: 'tensorflow-onednn-conv-backprop-input',
  fixture: 'fixtures/regressions/tensorflow/onednn-conv2d-transpose-single-channel.json',
  summary:
    "libtensorflow's oneDNN kernels (on by default on x86-64) compute wrong single-channel Conv2DBackpropInput / Conv3DBackpropInputV2 (conv transposes, conv input gradients); correct with TF_ENABLE_ONEDNN_OPTS=0",
  suspect: (f) => f.backends.includes('tensorflow') && KERNELS.has(f.call.kernel),
  confirm(f) {
    const tfIndex = f.backends.indexOf('tensorflow');
    const reference = f.outputs[f.backends[1 - tfIndex]]?.[0];
    const withOneDnn = f.outputs.tensorflow?.[0];
    if (!reference || !withOneDnn || agree(reference, withOneDnn, f.tolerance)) return undefined;
    let off;
    try {
      off = replayInChild(f.call, 'tensorflow', { TF_ENABLE_ONEDNN_OPTS: '0' }).outputs[0];
    } catch {
      return undefined;
    }
    if (!agree(reference, off, f.tolerance)) return undefined;
    return `the same ${f.call.kernel} on the same inputs in a child process with TF_ENABLE_ONEDNN_OPTS=0 gives ${f.backends[1 - tfIndex]}'s values ${show(off)}; with oneDNN on, tensorflow gave ${show(withOneDnn)}`;
  },
};
