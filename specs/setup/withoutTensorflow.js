// setupFiles of the jest projects `parity-check` and `examples`: `auto` passes over tensorflow there
// (harness/runtime/selectBackend.ts), so those suites keep meaning what they were written for — auto is
// wasm, then cpu — and do not load libtensorflow in every CLI they spawn. The jest project `tensorflow`
// runs the backend-dependent suites, and auto's choice of tensorflow, on tensorflow.
process.env.PARITY_CHECK_TENSORFLOW = 'off';
