// Module entry: registers the op groups.
#include "common.h"

namespace tessera {
std::atomic<int64_t> live_tensors{0};
}

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  tessera::keep_freed_memory();
  tessera::init_tensor(env, exports);
  tessera::init_dispatch(env, exports);
  tessera::init_autograd(env, exports);
  tessera::init_distributed(env, exports);
  tessera::init_profile(env, exports);
  return exports;
}

NODE_API_MODULE(tessera_native, Init)
