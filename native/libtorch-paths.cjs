// Prints the compiler include dirs or linker flags for libtorch, for binding.gyp.
// Debian's libtorch-dev is the default; LIBTORCH=/path (with include/ and lib/, as in the official
// archives or a pip-installed torch/ folder) brings another build, a CUDA one for instance.
const fs = require('node:fs');
const path = require('node:path');

const root = process.env.LIBTORCH;
const what = process.argv[2];
if (root) {
  const inc = path.join(root, 'include');
  const lib = path.join(root, 'lib');
  if (!fs.existsSync(path.join(inc, 'ATen', 'ATen.h'))) {
    console.error(`LIBTORCH=${root}: no include/ATen/ATen.h there`);
    process.exit(1);
  }
  const cuda = fs.existsSync(path.join(lib, 'libtorch_cuda.so')) ? ' -ltorch_cuda -lc10_cuda' : '';
  console.log(what === 'include'
    ? `${inc} ${path.join(inc, 'torch', 'csrc', 'api', 'include')}`
    : `-L${lib} -Wl,-rpath,${lib} -Wl,--no-as-needed -ltorch -ltorch_cpu -lc10${cuda}`);
} else {
  if (!fs.existsSync('/usr/include/ATen/ATen.h')) {
    console.error('libtorch headers not found: run scripts/setup.sh (installs libtorch-dev) or set LIBTORCH=/path');
    process.exit(1);
  }
  console.log(what === 'include' ? '/usr/include/torch/csrc/api/include' : '-ltorch -ltorch_cpu -lc10');
}
