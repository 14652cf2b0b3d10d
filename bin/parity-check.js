#!/usr/bin/env node
// Launcher kept in git with its executable bit: the compiled CLI in dist/ is
// rewritten by every build, which does not keep file modes.
require('../dist/harness/cli/main.js');
