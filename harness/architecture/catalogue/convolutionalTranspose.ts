import type { z } from 'zod';
import type { LayerKind } from './LayerKind';
import { conv2dConfig as config2d, conv3dConfig as config3d, createConv, sampleConvWindow } from './convolutionCommon';
import { channelsSignature, expectRank, float, pair, rejectActivityRegularizer, triple } from './options';

/** tfjs's `deconvLength`: a transposed convolution never empties an axis. */
function deconvLength(length: number, stride: number, size: number, pad: 'valid' | 'same'): number {
  return pad === 'same' ? length * stride : length * stride + Math.max(size - stride, 0);
}

/**
 * `tf.layers.conv2dTranspose` over `[height, width, channels]`. tfjs 4.22
 * takes `dilationRate` and ignores it: `Conv2DTranspose.call` hands
 * `tfc.conv2dTranspose` no dilation, `computeOutputShape` leaves it out and
 * `getConfig` deletes it (tfjs-layers/src/layers/convolutional.ts), so the
 * output is the undilated one, and the shape rule says so. Keras dilates.
 */
export const conv2dTranspose: LayerKind<z.infer<typeof config2d>> = {
  kind: 'conv2dTranspose',
  className: 'Conv2DTranspose',
  arity: 'unary',
  config: config2d,
  output([x], c) {
    const [h, w] = expectRank(x, 3, 'conv2dTranspose');
    rejectActivityRegularizer('conv2dTranspose', c.activityRegularizer);
    const k = pair(c.kernelSize);
    const s = pair(c.strides ?? 1);
    const pad = c.padding ?? 'valid';
    return float([deconvLength(h, s[0], k[0], pad), deconvLength(w, s[1], k[1], pad), c.filters]);
  },
  input: { rank: 3, maxSize: 8 },
  // Any kernel fits: the transposed window grows the axis instead of sliding inside it.
  sample: (p, [x]) => sampleConvWindow(p, x.shape.slice(0, 2) as [number, number], true),
  signature: channelsSignature,
  create: createConv('conv2dTranspose'),
};

/**
 * `tf.layers.conv3dTranspose` over `[depth, height, width, channels]`. Like
 * conv2dTranspose it takes `dilationRate` and ignores it (output and shape
 * are the undilated ones).
 * tfjs 4.22 registers no gradient for its kernel (Conv3DBackpropInputV2),
 * so training through it fails on both sides alike; forward and initial
 * weights still compare. On the wasm backend that kernel's results depend
 * on where its tensors sit in memory, so the two sides' forward passes can
 * differ there (known cause wasm-conv3d-backprop-input).
 */
export const conv3dTranspose: LayerKind<z.infer<typeof config3d>> = {
  kind: 'conv3dTranspose',
  className: 'Conv3DTranspose',
  arity: 'unary',
  config: config3d,
  output([x], c) {
    const spatial = expectRank(x, 4, 'conv3dTranspose').slice(0, 3);
    rejectActivityRegularizer('conv3dTranspose', c.activityRegularizer);
    const k = triple(c.kernelSize);
    const s = triple(c.strides ?? 1);
    return float([...spatial.map((len, i) => deconvLength(len, s[i], k[i], c.padding ?? 'valid')), c.filters]);
  },
  input: { rank: 4, maxSize: 4 },
  sample: (p, [x]) => sampleConvWindow(p, x.shape.slice(0, 3) as [number, number, number], true, 2),
  signature: channelsSignature,
  create: createConv('conv3dTranspose'),
};
