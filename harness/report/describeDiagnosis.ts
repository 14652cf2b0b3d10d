import type { Diagnosis } from '../compare/Divergence';
import { catalogueAnchor } from '../triage/diagnoses/catalogueAnchor';

/** Where an entry is documented: its heading in the pair catalogue. */
export function diagnosisLink(d: Diagnosis): string {
  return `fixtures/pairs/README.md#${catalogueAnchor(d.entry)}`;
}

/** A diagnosis as one line: `<title> — <fix> (fixtures/pairs/README.md#<anchor>)`. */
export function describeDiagnosis(d: Diagnosis): string {
  return `${d.title} — ${d.fix} (${diagnosisLink(d)})`;
}
