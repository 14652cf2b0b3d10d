/**
 * One error root for everything the harness rejects on purpose. Errors that
 * are not a {@link ParityError} are bugs (or tfjs failures caught per case).
 */
export class ParityError extends Error {
  /** Process exit code the CLI uses when this error ends a run. */
  readonly exitCode: number = 2;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A spec that is malformed: names the file (when known), the node or layer, and the field. */
export class InvalidSpecError extends ParityError {
  constructor(
    message: string,
    readonly where: { file?: string; node?: string; field?: string } = {},
  ) {
    super(message);
  }
}

/** A pair module that cannot be loaded or lacks the contract's exports. */
export class BadModuleError extends ParityError {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
  }
}

/** An option or flag the harness cannot use (unknown name, out of range). */
export class UsageError extends ParityError {}

/** A requested backend that cannot be set up on this machine. */
export class BackendError extends ParityError {}

/**
 * A layer module whose functional twin cannot be derived: `call()` did
 * something a trace cannot stand for (read tensor values, drew random
 * numbers, updated state, ran other ops when training), or the derived twin
 * does not compute bit for bit what `call()` computed. Refused before any
 * comparison, with the op named: a wrong twin would make every verdict wrong.
 * Refused input like any module that cannot work (exit 2, `refused` in the
 * result): neither parity nor a divergence.
 */
export class TwinRefusedError extends BadModuleError {}
