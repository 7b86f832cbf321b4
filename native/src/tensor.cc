// Tensor handles: creation from typed arrays, copying out, metadata, dispose.
#include "common.h"
#include <cstring>
#include <unordered_map>

namespace tessera {

static const napi_type_tag kTensorTag = {0x7e55e7a0c0ffee01ULL, 0x1d5a9e4b3c2f1a00ULL};

static int64_t nbytes(const at::Tensor& t) {
  return t.defined() ? static_cast<int64_t>(t.numel() * t.element_size()) : 0;
}

Napi::Value wrap(Napi::Env env, at::Tensor t) {
  if (!t.defined()) return env.Null();
  auto* box = new TensorBox{std::move(t)};
  live_tensors++;
  int64_t bytes = nbytes(box->t);
  if (bytes) Napi::MemoryManagement::AdjustExternalMemory(env, bytes);
  // A basic finalizer runs inside GC, not on a later event-loop turn, so a synchronous training loop
  // that never yields does not pile up finalizer records (seen as ~4 KB of RSS per step otherwise).
  auto ext = Napi::External<TensorBox>::New(env, box, [](Napi::BasicEnv, TensorBox* b) {
    if (b->t.defined()) {
      live_tensors--;
      b->t.reset();
    }
    delete b;
  });
  ext.TypeTag(&kTensorTag);
  return ext;
}

bool is_tensor_handle(const Napi::Value& v) {
  return v.IsExternal() && v.As<Napi::External<TensorBox>>().CheckTypeTag(&kTensorTag);
}

at::Tensor& unwrap(const Napi::Value& v, const char* what) {
  if (!is_tensor_handle(v)) throw Napi::TypeError::New(v.Env(), std::string(what) + ": expected a tensor");
  auto* box = v.As<Napi::External<TensorBox>>().Data();
  if (!box->t.defined()) throw Napi::Error::New(v.Env(), std::string(what) + ": tensor was disposed");
  return box->t;
}

static const std::unordered_map<std::string, at::ScalarType> kDtypes = {
    {"float32", at::kFloat}, {"float64", at::kDouble}, {"float16", at::kHalf},
    {"bfloat16", at::kBFloat16}, {"int64", at::kLong}, {"int32", at::kInt},
    {"int16", at::kShort}, {"int8", at::kChar}, {"uint8", at::kByte}, {"bool", at::kBool}};

at::ScalarType parse_dtype(const std::string& name) {
  auto it = kDtypes.find(name);
  if (it == kDtypes.end()) throw std::invalid_argument("unknown dtype '" + name + "'");
  return it->second;
}

const char* dtype_name(at::ScalarType t) {
  for (auto& [name, type] : kDtypes)
    if (type == t) return name.c_str();
  return c10::toString(t);
}

static std::vector<int64_t> int_list(const Napi::Value& v, const char* what) {
  if (!v.IsArray()) throw Napi::TypeError::New(v.Env(), std::string(what) + ": expected an array of integers");
  auto arr = v.As<Napi::Array>();
  std::vector<int64_t> out(arr.Length());
  for (uint32_t i = 0; i < arr.Length(); i++) out[i] = arr.Get(i).As<Napi::Number>().Int64Value();
  return out;
}

// fromArray(typedArray, shape, dtype): copies the data into a new CPU tensor.
static Napi::Value FromArray(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    if (!info[0].IsTypedArray()) throw Napi::TypeError::New(env, "fromArray: expected a typed array");
    auto arr = info[0].As<Napi::TypedArray>();
    auto shape = int_list(info[1], "fromArray shape");
    auto dtype = parse_dtype(info[2].As<Napi::String>().Utf8Value());
    int64_t numel = 1;
    for (auto d : shape) {
      if (d < 0) throw Napi::RangeError::New(env, "fromArray: negative dimension in shape");
      numel *= d;
    }
    size_t elem = c10::elementSize(dtype);
    if (arr.ElementSize() != elem)
      throw Napi::TypeError::New(env, std::string("fromArray: a ") + std::to_string(arr.ElementSize()) +
                                          "-byte typed array cannot hold " + dtype_name(dtype));
    if (static_cast<int64_t>(arr.ElementLength()) != numel)
      throw Napi::RangeError::New(env, "fromArray: " + std::to_string(arr.ElementLength()) +
                                           " values do not fill shape of " + std::to_string(numel));
    auto t = at::empty(shape, at::TensorOptions().dtype(dtype));
    if (numel) {
      auto* src = static_cast<uint8_t*>(arr.ArrayBuffer().Data()) + arr.ByteOffset();
      std::memcpy(t.data_ptr(), src, numel * elem);
    }
    return wrap(env, t);
  });
}

// toArray(t): a typed array holding a contiguous CPU copy of the values.
static Napi::Value ToArray(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    auto t = unwrap(info[0], "toArray").detach().to(at::kCPU).contiguous();
    size_t n = t.numel(), bytes = n * t.element_size();
    auto buf = Napi::ArrayBuffer::New(env, bytes);
    if (bytes) std::memcpy(buf.Data(), t.data_ptr(), bytes);
    switch (t.scalar_type()) {
      case at::kFloat: return Napi::Float32Array::New(env, n, buf, 0);
      case at::kDouble: return Napi::Float64Array::New(env, n, buf, 0);
      case at::kHalf: case at::kBFloat16: return Napi::Uint16Array::New(env, n, buf, 0);
      case at::kLong: return Napi::BigInt64Array::New(env, n, buf, 0);
      case at::kInt: return Napi::Int32Array::New(env, n, buf, 0);
      case at::kShort: return Napi::Int16Array::New(env, n, buf, 0);
      case at::kChar: return Napi::Int8Array::New(env, n, buf, 0);
      case at::kByte: case at::kBool: return Napi::Uint8Array::New(env, n, buf, 0);
      default: throw Napi::TypeError::New(env, std::string("toArray: unsupported dtype ") + c10::toString(t.scalar_type()));
    }
  });
}

static Napi::Value Meta(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    auto& t = unwrap(info[0], "meta");
    auto out = Napi::Object::New(env);
    auto shape = Napi::Array::New(env, t.dim());
    for (int64_t i = 0; i < t.dim(); i++) shape.Set(uint32_t(i), Napi::Number::New(env, double(t.size(i))));
    out.Set("shape", shape);
    out.Set("dtype", dtype_name(t.scalar_type()));
    out.Set("device", t.device().str());
    out.Set("requiresGrad", t.requires_grad());
    return out;
  });
}

static Napi::Value Shape(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  auto& t = unwrap(info[0], "shape");
  auto shape = Napi::Array::New(env, t.dim());
  for (int64_t i = 0; i < t.dim(); i++) shape.Set(uint32_t(i), Napi::Number::New(env, double(t.size(i))));
  return shape;
}

static Napi::Value Dtype(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), dtype_name(unwrap(info[0], "dtype").scalar_type()));
}

static Napi::Value Item(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    auto& t = unwrap(info[0], "item");
    if (t.numel() != 1) throw Napi::RangeError::New(env, "item: tensor has " + std::to_string(t.numel()) + " elements, not 1");
    return Napi::Number::New(env, t.item<double>());
  });
}

static Napi::Value Dispose(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  if (!is_tensor_handle(info[0])) throw Napi::TypeError::New(env, "dispose: expected a tensor");
  auto* box = info[0].As<Napi::External<TensorBox>>().Data();
  if (box->t.defined()) {
    int64_t bytes = nbytes(box->t);
    box->t.reset();
    live_tensors--;
    if (bytes) Napi::MemoryManagement::AdjustExternalMemory(env, -bytes);
  }
  return env.Undefined();
}

static Napi::Value IsDisposed(const Napi::CallbackInfo& info) {
  if (!is_tensor_handle(info[0])) throw Napi::TypeError::New(info.Env(), "isDisposed: expected a tensor");
  return Napi::Boolean::New(info.Env(), !info[0].As<Napi::External<TensorBox>>().Data()->t.defined());
}

static Napi::Value LiveTensors(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), double(live_tensors.load()));
}

// sameStorage(a, b): whether two handles view the same memory (for in-place aliasing checks).
static Napi::Value SameTensor(const Napi::CallbackInfo& info) {
  auto& a = unwrap(info[0], "sameTensor");
  auto& b = unwrap(info[1], "sameTensor");
  return Napi::Boolean::New(info.Env(), a.unsafeGetTensorImpl() == b.unsafeGetTensorImpl());
}

void init_tensor(Napi::Env env, Napi::Object exports) {
  exports.Set("fromArray", Napi::Function::New(env, FromArray));
  exports.Set("toArray", Napi::Function::New(env, ToArray));
  exports.Set("meta", Napi::Function::New(env, Meta));
  exports.Set("shape", Napi::Function::New(env, Shape));
  exports.Set("dtype", Napi::Function::New(env, Dtype));
  exports.Set("item", Napi::Function::New(env, Item));
  exports.Set("dispose", Napi::Function::New(env, Dispose));
  exports.Set("isDisposed", Napi::Function::New(env, IsDisposed));
  exports.Set("liveTensors", Napi::Function::New(env, LiveTensors));
  exports.Set("sameTensor", Napi::Function::New(env, SameTensor));
}

}  // namespace tessera
