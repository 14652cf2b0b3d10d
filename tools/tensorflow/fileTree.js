'use strict';
/** Copying the 640 MB of libraries between the cache and tfjs-node, cheaply. */
const fs = require('node:fs');
const path = require('node:path');

/**
 * Makes `to` a copy of the tree `from`: files hard-linked when both are on one
 * file system (a cached reinstall then takes no time and no space), copied
 * otherwise; symlinks recreated as symlinks (the libraries' aliases are
 * relative links to their sibling).
 * @param {string} from
 * @param {string} to
 */
function mirrorTree(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) mirrorTree(src, dst);
    else if (entry.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(src), dst);
    else {
      try {
        fs.linkSync(src, dst);
      } catch {
        fs.copyFileSync(src, dst);
      }
    }
  }
}

/** Removes each path if it exists. @param {string[]} paths */
function removeAll(...paths) {
  for (const p of paths) fs.rmSync(p, { recursive: true, force: true });
}

module.exports = { mirrorTree, removeAll };
