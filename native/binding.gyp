{
  "targets": [{
    "target_name": "tessera_native",
    "sources": ["src/addon.cc", "src/tensor.cc", "src/dispatch.cc", "src/autograd.cc", "src/distributed.cc", "src/optim.cc", "src/profile.cc", "src/heap.cc"],
    "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")", "<!@(node libtorch-paths.cjs include)", "shim"],
    "libraries": ["<!@(node libtorch-paths.cjs libs)"],
    "defines": ["NAPI_EXPERIMENTAL", "NODE_ADDON_API_CPP_EXCEPTIONS", "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED", "_GLIBCXX_USE_CXX11_ABI=<!(node libtorch-paths.cjs abi)"],
    "cflags!": ["-fno-exceptions", "-fno-rtti"],
    "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-std=gnu++17", "-std=gnu++20"],
    "cflags_cc": ["<!(node libtorch-paths.cjs std)", "-fexceptions", "-frtti", "-O2", "-fno-math-errno", "-fvect-cost-model=dynamic", "-Wno-unused-parameter", "-Wno-deprecated-declarations"]
  }]
}
