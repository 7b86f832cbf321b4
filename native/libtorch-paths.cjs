// Prints what binding.gyp needs to know about the libtorch it builds against: `include` (compiler include
// dirs), `libs` (linker flags), `std` (the C++ standard its headers need) and `abi` (its
// _GLIBCXX_USE_CXX11_ABI). Debian's libtorch-dev is the default; LIBTORCH=/path (with include/ and lib/, as
// in the official archives or a PyTorch wheel's torch/ folder) brings another build, a CUDA one for instance.
const fs = require('node:fs');
const path = require('node:path');

const root = process.env.LIBTORCH;
const what = process.argv[2];

function fail(message) {
  console.error(message);
  process.exit(1);
}

/** The C++ standard TorchConfig.cmake asks for (PyTorch >= 2.10 needs C++20); c++17 when it says nothing. */
function cxxStandard(dir) {
  const config = path.join(dir, 'share', 'cmake', 'Torch', 'TorchConfig.cmake');
  const m = fs.existsSync(config) && /CXX_STANDARD\s+(\d+)/.exec(fs.readFileSync(config, 'utf8'));
  return `-std=c++${m ? Math.max(17, Number(m[1])) : 17}`;
}

/** 1 when libc10 was built with the new libstdc++ string ABI (its symbols then name std::__cxx11). */
function cxx11Abi(libDir) {
  const c10 = path.join(libDir, 'libc10.so');
  if (!fs.existsSync(c10)) fail(`LIBTORCH=${root}: no lib/libc10.so there`);
  return fs.readFileSync(c10).includes('St7__cxx11') ? '1' : '0';
}

if (root) {
  const inc = path.join(root, 'include');
  const lib = path.join(root, 'lib');
  if (!fs.existsSync(path.join(inc, 'ATen', 'ATen.h'))) fail(`LIBTORCH=${root}: no include/ATen/ATen.h there`);
  // c10d's ProcessGroupGloo.hpp includes Gloo's headers; wheels do not ship them, Debian's libgloo-dev does
  if (what === 'include' && !fs.existsSync(path.join(inc, 'gloo')) && !fs.existsSync('/usr/include/gloo/context.h'))
    fail(`LIBTORCH=${root}: no include/gloo there and no /usr/include/gloo: install libgloo-dev (scripts/setup.sh does)`);
  const cuda = fs.existsSync(path.join(lib, 'libtorch_cuda.so')) ? ' -ltorch_cuda -lc10_cuda' : '';
  const out = {
    include: () => `${inc} ${path.join(inc, 'torch', 'csrc', 'api', 'include')}`,
    libs: () => `-L${lib} -Wl,-rpath,${lib} -Wl,--no-as-needed -ltorch -ltorch_cpu -lc10${cuda}`,
    std: () => cxxStandard(root),
    abi: () => cxx11Abi(lib),
  }[what];
  if (!out) fail(`libtorch-paths: unknown query ${what}`);
  console.log(out());
} else {
  if (!fs.existsSync('/usr/include/ATen/ATen.h'))
    fail('libtorch headers not found: run scripts/setup.sh (installs libtorch-dev) or set LIBTORCH=/path');
  // Debian's libtorch 1.13: C++17, the new string ABI
  const out = { include: '/usr/include/torch/csrc/api/include', libs: '-ltorch -ltorch_cpu -lc10', std: '-std=c++17', abi: '1' }[what];
  if (!out) fail(`libtorch-paths: unknown query ${what}`);
  console.log(out);
}
