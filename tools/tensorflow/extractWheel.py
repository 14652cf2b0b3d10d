"""Extract from a tensorflow-cpu wheel what tfjs-node's addon needs to build.

Usage: python3 extractWheel.py WHEEL DEPS_DIR

Writes DEPS_DIR/lib (the TensorFlow C API libraries) and DEPS_DIR/include
(the headers the addon's sources include, and the headers those include).
Python, not JavaScript, because pip is the one route to the wheel, so Python
is there whenever this runs, and zipfile streams 800 MB members without
loading them.

The C API lives in libtensorflow_cc.so.2 in the wheel (there is no
libtensorflow.so). It keeps that name, its SONAME, which the built addon
records and loads at run time; tfjs-node's binding.gyp links -ltensorflow and
its scripts check libtensorflow.so.2, so those names are symlinks to it.
"""
import os
import re
import shutil
import sys
import zipfile

# The headers tfjs-node 4.22's binding/*.cc include from TensorFlow.
ROOTS = [
    "tensorflow/c/c_api.h",
    "tensorflow/c/eager/c_api.h",
    "tensorflow/c/tf_datatype.h",
    "tensorflow/c/tf_status.h",
    "tensorflow/c/tf_tensor.h",
    "tensorflow/core/platform/ctstring_internal.h",
]
INCLUDE_PREFIX = "tensorflow/include/"
LIBS = {
    "tensorflow/libtensorflow_cc.so.2": ["libtensorflow_cc.so.2", "libtensorflow.so.2", "libtensorflow.so"],
    "tensorflow/libtensorflow_framework.so.2": ["libtensorflow_framework.so.2", "libtensorflow_framework.so"],
}
QUOTED_INCLUDE = re.compile(rb'^\s*#\s*include\s+"([^"]+)"', re.M)


def header_closure(wheel, names):
    """Every header reachable from ROOTS by quoted includes that the wheel ships."""
    seen, todo = set(), list(ROOTS)
    while todo:
        header = todo.pop()
        member = INCLUDE_PREFIX + header
        if header in seen or member not in names:
            continue  # system headers and ones TF guards behind macros
        seen.add(header)
        todo.extend(m.decode() for m in QUOTED_INCLUDE.findall(wheel.read(member)))
    return sorted(seen)


def main(wheel_path, deps_dir):
    with zipfile.ZipFile(wheel_path) as wheel:
        names = set(wheel.namelist())
        missing = [r for r in ROOTS if INCLUDE_PREFIX + r not in names] + [l for l in LIBS if l not in names]
        if missing:
            sys.exit("the wheel lacks " + ", ".join(missing))
        for header in header_closure(wheel, names):
            target = os.path.join(deps_dir, "include", header)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with wheel.open(INCLUDE_PREFIX + header) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst)
        lib_dir = os.path.join(deps_dir, "lib")
        os.makedirs(lib_dir, exist_ok=True)
        for member, (first, *aliases) in LIBS.items():
            target = os.path.join(lib_dir, first)
            with wheel.open(member) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            for alias in aliases:
                # A symlink, so 640 MB is stored once; a copy or hard link of a
                # symlink keeps pointing at its sibling.
                os.symlink(first, os.path.join(lib_dir, alias))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
