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
