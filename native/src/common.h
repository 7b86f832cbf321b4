// Shared pieces of the addon: the tensor box handed to JS and error translation.
#pragma once
#include <napi.h>
#include <ATen/ATen.h>
#include <atomic>
#include <string>

namespace tessera {

// A JS tensor handle is a Napi::External owning one of these. dispose() resets `t`
// early; the finalizer is only a safety net for handles nobody disposed.
struct TensorBox {
  at::Tensor t;
};

extern std::atomic<int64_t> live_tensors;

Napi::Value wrap(Napi::Env env, at::Tensor t);       // undefined tensor -> null
at::Tensor& unwrap(const Napi::Value& v, const char* what = "tensor");
bool is_tensor_handle(const Napi::Value& v);

at::ScalarType parse_dtype(const std::string& name);
const char* dtype_name(at::ScalarType t);

// Runs `body`, turning libtorch's c10::Error and std::exception into JS errors that
// carry libtorch's own message (an escaping C++ exception would abort Node).
template <typename F>
Napi::Value guarded(Napi::Env env, F&& body) {
  try {
    return body();
  } catch (const Napi::Error&) {
    throw;
  } catch (const c10::Error& e) {
    throw Napi::Error::New(env, e.what_without_backtrace());
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, e.what());
  }
}

// Asks malloc to keep freed memory for reuse rather than hand it back to the OS (heap.cc), and how much
// it was asked to keep, in MiB (0: the C library's defaults).
void keep_freed_memory();
long malloc_keep_mib();

void init_tensor(Napi::Env env, Napi::Object exports);
void init_dispatch(Napi::Env env, Napi::Object exports);
void init_autograd(Napi::Env env, Napi::Object exports);
void init_distributed(Napi::Env env, Napi::Object exports);
void init_profile(Napi::Env env, Napi::Object exports);

}  // namespace tessera
