import { join } from 'node:path';
import { describeTensorflowRuntime, oneDnnSettings } from '../../../harness/runtime/tensorflowRuntime';
import { tensorflowHint } from '../../../harness/runtime/tensorflowHint';
import { ROOT } from '../../helpers';

describe('oneDnnSettings: the settings that change what TensorFlow computes, as it reads them', () => {
  it('unset on x86-64 is oneDNN on, TensorFlow’s default, with nothing recorded as set', () => {
    expect(oneDnnSettings({}, 'x64')).toEqual({ oneDnn: 'on', settings: {} });
  });

  it('TF_ENABLE_ONEDNN_OPTS is read as TensorFlow reads a boolean, and recorded verbatim', () => {
    expect(oneDnnSettings({ TF_ENABLE_ONEDNN_OPTS: '0' }, 'x64')).toEqual({
      oneDnn: 'off',
      settings: { TF_ENABLE_ONEDNN_OPTS: '0' },
    });
    expect(oneDnnSettings({ TF_ENABLE_ONEDNN_OPTS: 'False' }, 'x64').oneDnn).toBe('off');
    expect(oneDnnSettings({ TF_ENABLE_ONEDNN_OPTS: 'true' }, 'arm64').oneDnn).toBe('on');
    // Not a boolean: TensorFlow keeps its default, and the value is still recorded.
    expect(oneDnnSettings({ TF_ENABLE_ONEDNN_OPTS: 'maybe' }, 'x64')).toEqual({
      oneDnn: 'on',
      settings: { TF_ENABLE_ONEDNN_OPTS: 'maybe' },
    });
  });

  it('thread counts and determinism are recorded; unrelated variables are not', () => {
    expect(
      oneDnnSettings(
        { OMP_NUM_THREADS: '1', TF_DETERMINISTIC_OPS: '1', TF_CPP_MIN_LOG_LEVEL: '2', HOME: '/root' },
        'x64',
      ).settings,
    ).toEqual({ OMP_NUM_THREADS: '1', TF_DETERMINISTIC_OPS: '1' });
  });

  it('reads as one phrase in reports', () => {
    expect(describeTensorflowRuntime({ tensorflow: '2.21.0', tfjsNode: '4.22.0', oneDnn: 'on', settings: {} })).toBe(
      'TensorFlow 2.21.0 via tfjs-node 4.22.0, oneDNN on by default',
    );
    expect(
      describeTensorflowRuntime({
        tensorflow: '2.21.0',
        tfjsNode: '4.22.0',
        oneDnn: 'off',
        settings: { TF_ENABLE_ONEDNN_OPTS: '0' },
      }),
    ).toBe('TensorFlow 2.21.0 via tfjs-node 4.22.0, oneDNN off with TF_ENABLE_ONEDNN_OPTS=0');
  });
});

describe('tensorflowHint: one line on how to get the tensorflow backend', () => {
  it('names the install step by its path from where the user is', () => {
    expect(tensorflowHint(false, ROOT)).toBe(
      'to set up the tensorflow backend: node tools/tensorflow/setupTensorflow.js',
    );
    expect(tensorflowHint(false, join(ROOT, 'examples'))).toBe(
      'to set up the tensorflow backend: node ../tools/tensorflow/setupTensorflow.js',
    );
  });

  it('when tfjs-node is missing, installs it without its download script first', () => {
    expect(tensorflowHint(true, ROOT)).toBe(
      'for the tensorflow backend: npm install --ignore-scripts @tensorflow/tfjs-node && node tools/tensorflow/setupTensorflow.js',
    );
  });
});
