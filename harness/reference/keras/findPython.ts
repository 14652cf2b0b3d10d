import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** A Python that has Keras 3 and TensorFlow, with their versions. */
export interface KerasPython {
  python: string;
  keras: string;
  tensorflow: string;
}

/** What `tools/keras/setupKeras.sh` creates: a virtual environment in parity-check's cache. */
export function kerasVenvPython(): string {
  const cache = process.env.PARITY_CHECK_CACHE ?? join(homedir(), '.cache', 'parity-check');
  return join(cache, 'keras-venv', 'bin', 'python');
}

/** The one line a user reads when the reference cannot start. */
export const INSTALL_HINT =
  '--reference keras needs Python 3 with keras 3 and tensorflow: run `sh node_modules/parity-check/tools/keras/setupKeras.sh` (a venv in ~/.cache/parity-check/keras-venv), or set PARITY_CHECK_PYTHON to a python that has them';

// Reads versions from package metadata: importing tensorflow here would cost seconds per check.
const PROBE = [
  'import importlib.util as u, importlib.metadata as m, json',
  'def ver(*names):',
  '  for n in names:',
  '    try:',
  '      return m.version(n)',
  '    except Exception:',
  '      pass',
  'ok = u.find_spec("keras") is not None and u.find_spec("tensorflow") is not None',
  'print(json.dumps({"keras": ver("keras") if ok else None, "tensorflow": ver("tensorflow-cpu", "tensorflow") if ok else None}))',
].join('\n');

let found: { python?: KerasPython; problem?: string } | undefined;

/**
 * Finds the Python the reference runs on: `PARITY_CHECK_PYTHON` when set
 * (and then only it), else the setup script's venv, else `python3` — the
 * first with Keras 3 and TensorFlow importable. Cached for the process.
 * Returns the reason, one line, when there is none.
 */
export function findKerasPython(): { python?: KerasPython; problem?: string } {
  if (found) return found;
  const given = process.env.PARITY_CHECK_PYTHON;
  const candidates = given ? [given] : [kerasVenvPython(), 'python3'].filter((p) => p === 'python3' || existsSync(p));
  const seen: string[] = [];
  for (const python of candidates) {
    const r = spawnSync(python, ['-c', PROBE], { encoding: 'utf8', timeout: 30_000 });
    if (r.error || r.status !== 0) {
      seen.push(`${python}: ${r.error ? r.error.message : 'does not run'}`);
      continue;
    }
    try {
      const v = JSON.parse(r.stdout.trim().split('\n').pop()!) as { keras: string | null; tensorflow: string | null };
      if (v.keras && v.tensorflow && Number(v.keras.split('.')[0]) >= 3) {
        found = { python: { python, keras: v.keras, tensorflow: v.tensorflow } };
        return found;
      }
      seen.push(
        `${python}: ${v.keras ? `keras ${v.keras} (3 needed)` : 'no keras'}${v.tensorflow ? '' : ', no tensorflow'}`,
      );
    } catch {
      seen.push(`${python}: unreadable answer`);
    }
  }
  found = { problem: `${INSTALL_HINT} (${seen.join('; ') || 'no python3 found'})` };
  return found;
}
