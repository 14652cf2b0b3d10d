// setupFiles of the jest project `tensorflow`: the backend-dependent suites read it (specs/helpers.ts TEST_BACKEND).
process.env.PARITY_CHECK_TEST_BACKEND = 'tensorflow';
