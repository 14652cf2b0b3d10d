// Adds parity-check's matchers to vitest's expect in every test file (listed in vitest.config.mts's setupFiles).
import 'parity-check/vitest';
