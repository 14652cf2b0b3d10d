import { errorLine } from '../../../harness/runtime/errorLine';

describe('errorLine: what a thrown error says, in one line', () => {
  it("reads TensorFlow's message under tfjs-node's status line", () => {
    expect(errorLine(new Error('Invalid TF_Status: 3\nMessage: Incompatible shapes: [2] vs. [4,4]'))).toBe(
      'Incompatible shapes: [2] vs. [4,4]',
    );
  });

  it('is the first line of any other message, and of a status line without a message', () => {
    expect(errorLine(new Error('Operands could not be broadcast together with shapes 2 and 4,4.\n    at x'))).toBe(
      'Operands could not be broadcast together with shapes 2 and 4,4.',
    );
    expect(errorLine(new Error('Invalid TF_Status: 3'))).toBe('Invalid TF_Status: 3');
    expect(errorLine('thrown string')).toBe('thrown string');
  });
});
