import type { ModelSpec } from '../../../harness';
import { exportGap } from '../../../harness/export/exportGap';

const plain: ModelSpec = {
  version: 1,
  name: 'plain',
  inputs: [{ id: 'x', shape: [3, 2] }],
  layers: [{ id: 'r', kind: 'gru', config: { units: 2 } }],
  nodes: [{ id: 'n', layer: 'r', inputs: ['x'] }],
  outputs: ['n'],
};

describe('exportGap', () => {
  it('refuses a fixed batch (a stateful RNN), which the exported script cannot build', () => {
    expect(exportGap(plain)).toBeUndefined();
    const stateful: ModelSpec = {
      ...plain,
      inputs: [{ id: 'x', shape: [3, 2], batchSize: 2 }],
      layers: [{ id: 'r', kind: 'gru', config: { units: 2, stateful: true } }],
    };
    expect(exportGap(stateful)).toBe(
      "input 'x' has a fixed batchSize (a stateful RNN's), which the exported script does not build yet",
    );
  });
});
