import { readFileSync } from 'node:fs';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

/**
 * The OASIS SARIF 2.1.0 schema (rtm.5, the version 2.1.0 was published as), as
 * @microsoft/jest-sarif ships it — no network — a draft-04 JSON schema, hence ajv-draft-04.
 */
const schema = JSON.parse(
  readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
);
// unicodeRegExp off: the schema's `language` pattern has a stray `]` that only a unicode RegExp refuses.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/** Validates a SARIF text against the 2.1.0 schema, returning its errors (none when valid). */
export function sarifErrors(text: string): unknown[] {
  const ok = validate(JSON.parse(text));
  return ok ? [] : (validate.errors ?? []);
}
