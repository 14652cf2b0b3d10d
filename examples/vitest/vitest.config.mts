// A user's vitest config: the matchers come in through a setup file.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** This repository's built package (`npm run build`); in your project, delete `alias` and install parity-check. */
const built = (file: string) => fileURLToPath(new URL(`../../dist/harness/${file}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^parity-check$/, replacement: built('index.js') },
      { find: /^parity-check\/vitest$/, replacement: built('vitest/index.mjs') },
      { find: /^parity-check\/fast-check$/, replacement: built('fastCheck/index.js') },
    ],
  },
  test: {
    setupFiles: ['./vitest.setup.ts'],
    // A pair runs every checkpoint (build … fit, reload, dispose): seconds, not milliseconds.
    testTimeout: 300_000,
    // Outside node_modules vitest would transform these files itself; they are compiled CommonJS, for Node to load.
    server: { deps: { external: [/\/dist\/harness\//] } },
  },
});
