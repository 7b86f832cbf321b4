// Autograd, grad mode, autocast, RNG, threads and build facts: the process-wide switches.
#include "common.h"
#include <ATen/Parallel.h>
#include <ATen/autocast_mode.h>
#include <ATen/core/grad_mode.h>
#include <torch/csrc/autograd/autograd.h>
#include <torch/csrc/api/include/torch/version.h>

namespace tessera {

static std::vector<at::Tensor> tensors(const Napi::Value& v, const char* what) {
  std::vector<at::Tensor> out;
  if (v.IsNull() || v.IsUndefined()) return out;
  auto arr = v.As<Napi::Array>();
  for (uint32_t i = 0; i < arr.Length(); i++) {
    auto x = arr.Get(i);
    out.push_back(x.IsNull() || x.IsUndefined() ? at::Tensor() : unwrap(x, what));
  }
  return out;
}

static bool flag(const Napi::CallbackInfo& info, size_t i) {
  return info.Length() > i && info[i].IsBoolean() && info[i].As<Napi::Boolean>().Value();
}

static Napi::Value SetRequiresGrad(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    unwrap(info[0], "requiresGrad").requires_grad_(info[1].As<Napi::Boolean>().Value());
    return info.Env().Undefined();
  });
}

static Napi::Value RequiresGrad(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), unwrap(info[0], "requiresGrad").requires_grad());
}

static Napi::Value GetGrad(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value { return wrap(info.Env(), unwrap(info[0], "grad").grad()); });
}

// setGrad(t, g | null): null clears the gradient (zero_grad with set_to_none).
static Napi::Value SetGrad(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    auto& t = unwrap(info[0], "setGrad");
    t.mutable_grad() = info[1].IsNull() || info[1].IsUndefined() ? at::Tensor() : unwrap(info[1], "setGrad");
    return info.Env().Undefined();
  });
}

// backward(outputs[], gradOutputs[] | null, retainGraph, createGraph)
static Napi::Value Backward(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    auto outputs = tensors(info[0], "backward");
    auto grads = tensors(info[1], "backward");
    bool create = flag(info, 3);
    c10::optional<bool> retain = info.Length() > 2 && info[2].IsBoolean() ? c10::optional<bool>(flag(info, 2)) : c10::nullopt;
    torch::autograd::backward(outputs, grads, retain, create);
    return info.Env().Undefined();
  });
}

// grad(outputs[], inputs[], gradOutputs[] | null, retainGraph, createGraph, allowUnused) -> (tensor | null)[]
static Napi::Value Grad(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    auto outputs = tensors(info[0], "grad");
    auto inputs = tensors(info[1], "grad");
    auto grads = tensors(info[2], "grad");
    c10::optional<bool> retain = info.Length() > 3 && info[3].IsBoolean() ? c10::optional<bool>(flag(info, 3)) : c10::nullopt;
    auto result = torch::autograd::grad(outputs, inputs, grads, retain, flag(info, 4), flag(info, 5));
    auto arr = Napi::Array::New(env, result.size());
    for (size_t i = 0; i < result.size(); i++) arr.Set(uint32_t(i), wrap(env, result[i]));
    return arr;
  });
}

static Napi::Value IsLeaf(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), unwrap(info[0], "isLeaf").is_leaf());
}

// setGradEnabled(on) -> previous
static Napi::Value SetGradEnabled(const Napi::CallbackInfo& info) {
  bool prev = at::GradMode::is_enabled();
  at::GradMode::set_enabled(info[0].As<Napi::Boolean>().Value());
  return Napi::Boolean::New(info.Env(), prev);
}

// CPU autocast switches: per device type since PyTorch 2.4 (the CPU-named ones then warn on every call).
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
static bool cpu_autocast() { return at::autocast::is_autocast_enabled(at::kCPU); }
static void set_cpu_autocast(bool on) { at::autocast::set_autocast_enabled(at::kCPU, on); }
static void set_cpu_autocast_dtype(at::ScalarType t) { at::autocast::set_autocast_dtype(at::kCPU, t); }
#else
static bool cpu_autocast() { return at::autocast::is_cpu_enabled(); }
static void set_cpu_autocast(bool on) { at::autocast::set_cpu_enabled(on); }
static void set_cpu_autocast_dtype(at::ScalarType t) { at::autocast::set_autocast_cpu_dtype(t); }
#endif

// setAutocast(on, dtype) -> previous on/off; leaving autocast clears its cast cache as PyTorch does.
static Napi::Value SetAutocast(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    bool prev = cpu_autocast();
    bool on = info[0].As<Napi::Boolean>().Value();
    if (on && info.Length() > 1 && info[1].IsString())
      set_cpu_autocast_dtype(parse_dtype(info[1].As<Napi::String>().Utf8Value()));
    set_cpu_autocast(on);
    if (!on) at::autocast::clear_cache();
    return Napi::Boolean::New(info.Env(), prev);
  });
}

static Napi::Value ManualSeed(const Napi::CallbackInfo& info) {
  at::manual_seed(static_cast<uint64_t>(info[0].As<Napi::Number>().Int64Value()));
  return info.Env().Undefined();
}

static Napi::Value GetRngState(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    auto gen = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(gen.mutex());
    return wrap(info.Env(), gen.get_state());
  });
}

static Napi::Value SetRngState(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    auto gen = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(gen.mutex());
    gen.set_state(unwrap(info[0], "setRngState"));
    return info.Env().Undefined();
  });
}

static Napi::Value SetNumThreads(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    at::set_num_threads(info[0].As<Napi::Number>().Int32Value());
    return info.Env().Undefined();
  });
}

static Napi::Value GetNumThreads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), at::get_num_threads());
}

static Napi::Value BuildInfo(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  auto out = Napi::Object::New(env);
  out.Set("torchVersion", TORCH_VERSION);
  out.Set("cuda", at::hasCUDA());
  out.Set("cudaDevices", at::hasCUDA() ? double(at::detail::getCUDAHooks().getNumGPUs()) : 0.0);
  out.Set("mkldnn", at::hasMKLDNN());
  out.Set("config", at::show_config());
  out.Set("parallel", at::get_parallel_info());
  out.Set("mallocKeepMib", double(malloc_keep_mib()));
  return out;
}

void init_autograd(Napi::Env env, Napi::Object exports) {
  exports.Set("setRequiresGrad", Napi::Function::New(env, SetRequiresGrad));
  exports.Set("requiresGrad", Napi::Function::New(env, RequiresGrad));
  exports.Set("getGrad", Napi::Function::New(env, GetGrad));
  exports.Set("setGrad", Napi::Function::New(env, SetGrad));
  exports.Set("backward", Napi::Function::New(env, Backward));
  exports.Set("grad", Napi::Function::New(env, Grad));
  exports.Set("isLeaf", Napi::Function::New(env, IsLeaf));
  exports.Set("setGradEnabled", Napi::Function::New(env, SetGradEnabled));
  exports.Set("setAutocast", Napi::Function::New(env, SetAutocast));
  exports.Set("manualSeed", Napi::Function::New(env, ManualSeed));
  exports.Set("getRngState", Napi::Function::New(env, GetRngState));
  exports.Set("setRngState", Napi::Function::New(env, SetRngState));
  exports.Set("setNumThreads", Napi::Function::New(env, SetNumThreads));
  exports.Set("getNumThreads", Napi::Function::New(env, GetNumThreads));
  exports.Set("buildInfo", Napi::Function::New(env, BuildInfo));
}

}  // namespace tessera
