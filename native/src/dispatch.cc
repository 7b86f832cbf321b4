// The generic op table: any ATen operator, called by its schema name through the c10
// dispatcher, so autograd and autocast apply exactly as they do for PyTorch itself.
// Arguments are converted from JS by the schema's declared types; nothing here is GAN-specific.
#include "common.h"
#include <ATen/core/dispatch/Dispatcher.h>
#include <ATen/core/stack.h>
#include <cmath>

namespace tessera {

struct OpHandle {
  c10::OperatorHandle op;
  std::string name;
};

// findOp(name, overload): resolves an operator once; JS caches the handle.
static Napi::Value FindOp(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  std::string name = info[0].As<Napi::String>().Utf8Value();
  std::string overload = info.Length() > 1 && info[1].IsString() ? info[1].As<Napi::String>().Utf8Value() : "";
  auto handle = c10::Dispatcher::singleton().findSchema({name, overload});
  if (!handle) throw Napi::Error::New(env, "unknown operator " + name + (overload.empty() ? "" : "." + overload));
  std::string full = name + (overload.empty() ? "" : "." + overload);
  return Napi::External<OpHandle>::New(env, new OpHandle{*handle, full},
                                       [](Napi::Env, OpHandle* h) { delete h; });
}

static Napi::Value Schema(const Napi::CallbackInfo& info) {
  auto* h = info[0].As<Napi::External<OpHandle>>().Data();
  std::ostringstream s;
  s << h->op.schema();
  return Napi::String::New(info.Env(), s.str());
}

// hasKernel(op, "CPU" | "CUDA" | …): whether the operator has a kernel of its own for that backend (a
// schema alone is not enough: libtorch 1.13 declares aten::_fused_adam_ but implements it for CUDA only).
static Napi::Value HasKernel(const Napi::CallbackInfo& info) {
  auto* h = info[0].As<Napi::External<OpHandle>>().Data();
  return guarded(info.Env(), [&]() -> Napi::Value {
    auto key = c10::parseDispatchKey(info[1].As<Napi::String>().Utf8Value());
    return Napi::Boolean::New(info.Env(), h->op.hasKernelForDispatchKey(key));
  });
}

struct Converter {
  Napi::Env env;
  const std::string& op;
  std::vector<std::pair<c10::TensorImpl*, Napi::Value>> inputs;  // to hand back the same JS object for in-place results

  [[noreturn]] void fail(const c10::Argument& a, const std::string& why) {
    throw Napi::TypeError::New(env, op + ": argument '" + a.name() + "' " + why);
  }

  c10::IValue tensor(const c10::Argument& a, const Napi::Value& v) {
    if (!is_tensor_handle(v)) fail(a, "expects a tensor");
    auto* box = v.As<Napi::External<TensorBox>>().Data();
    if (!box->t.defined()) fail(a, "is a disposed tensor");
    inputs.emplace_back(box->t.unsafeGetTensorImpl(), v);
    return box->t;
  }

  int64_t integer(const c10::Argument& a, const Napi::Value& v) {
    if (v.IsBigInt()) {
      bool lossless;
      return v.As<Napi::BigInt>().Int64Value(&lossless);
    }
    if (!v.IsNumber()) fail(a, "expects an integer");
    double d = v.As<Napi::Number>().DoubleValue();
    if (d != static_cast<double>(static_cast<int64_t>(d))) fail(a, "expects an integer, got " + std::to_string(d));
    return static_cast<int64_t>(d);
  }

  c10::IValue convert(const c10::Argument& a, const c10::TypePtr& type, const c10::TypePtr& real, const Napi::Value& v) {
    using K = c10::TypeKind;
    switch (type->kind()) {
      case K::OptionalType: {
        if (v.IsNull() || v.IsUndefined()) return c10::IValue();
        auto elem = type->castRaw<c10::OptionalType>()->getElementType();
        auto relem = real->kind() == K::OptionalType ? real->castRaw<c10::OptionalType>()->getElementType() : elem;
        return convert(a, elem, relem, v);
      }
      case K::TensorType: return tensor(a, v);
      case K::IntType: case K::SymIntType:
        if (v.IsString()) {
          auto s = v.As<Napi::String>().Utf8Value();
          if (real->kind() == K::ScalarTypeType) return static_cast<int64_t>(parse_dtype(s));
          if (real->kind() == K::MemoryFormatType) {
            if (s == "channels_last") return static_cast<int64_t>(at::MemoryFormat::ChannelsLast);
            if (s == "contiguous") return static_cast<int64_t>(at::MemoryFormat::Contiguous);
            if (s == "preserve") return static_cast<int64_t>(at::MemoryFormat::Preserve);
          }
          fail(a, "does not take the string '" + s + "'");
        }
        return integer(a, v);
      case K::ScalarTypeType: return static_cast<int64_t>(parse_dtype(v.As<Napi::String>().Utf8Value()));
      case K::FloatType:
        if (!v.IsNumber()) fail(a, "expects a number");
        return v.As<Napi::Number>().DoubleValue();
      case K::BoolType:
        if (!v.IsBoolean()) fail(a, "expects a boolean");
        return v.As<Napi::Boolean>().Value();
      case K::NumberType:  // a Scalar
        if (v.IsBoolean()) return c10::Scalar(v.As<Napi::Boolean>().Value());
        if (v.IsBigInt()) return c10::Scalar(integer(a, v));
        if (!v.IsNumber()) fail(a, "expects a number");
        {
          // Integral values travel as integer Scalars, as Python ints do, so integer tensors accept them.
          double d = v.As<Napi::Number>().DoubleValue();
          if (std::trunc(d) == d && std::abs(d) < 9007199254740992.0) return c10::Scalar(static_cast<int64_t>(d));
          return c10::Scalar(d);
        }
      case K::StringType:
        if (!v.IsString()) fail(a, "expects a string");
        return v.As<Napi::String>().Utf8Value();
      case K::DeviceObjType:
        if (!v.IsString()) fail(a, "expects a device string");
        return c10::Device(v.As<Napi::String>().Utf8Value());
      case K::ListType: return list(a, type->castRaw<c10::ListType>()->getElementType(), v);
      default: {
        std::ostringstream s;
        s << "has type " << *real << " which tessera cannot pass";
        fail(a, s.str());
      }
    }
  }

  c10::IValue list(const c10::Argument& a, const c10::TypePtr& elem, const Napi::Value& v) {
    using K = c10::TypeKind;
    if (!v.IsArray()) {
      // PyTorch accepts one integer for an int[N] (kernel_size=3 means (3, 3)).
      if ((elem->kind() == K::IntType || elem->kind() == K::SymIntType) && v.IsNumber() && a.N())
        return std::vector<int64_t>(*a.N(), integer(a, v));
      fail(a, "expects an array");
    }
    auto arr = v.As<Napi::Array>();
    uint32_t n = arr.Length();
    switch (elem->kind()) {
      case K::IntType: case K::SymIntType: {
        std::vector<int64_t> out(n);
        for (uint32_t i = 0; i < n; i++) out[i] = integer(a, arr.Get(i));
        return out;
      }
      case K::FloatType: {
        std::vector<double> out(n);
        for (uint32_t i = 0; i < n; i++) out[i] = arr.Get(i).As<Napi::Number>().DoubleValue();
        return out;
      }
      case K::BoolType: {
        c10::List<bool> out;
        for (uint32_t i = 0; i < n; i++) out.push_back(arr.Get(i).As<Napi::Boolean>().Value());
        return out;
      }
      case K::TensorType: {
        c10::List<at::Tensor> out;
        for (uint32_t i = 0; i < n; i++) out.push_back(tensor(a, arr.Get(i)).toTensor());
        return out;
      }
      case K::OptionalType: {
        c10::List<c10::optional<at::Tensor>> out;
        for (uint32_t i = 0; i < n; i++) {
          auto x = arr.Get(i);
          out.push_back(x.IsNull() || x.IsUndefined() ? c10::optional<at::Tensor>() : tensor(a, x).toTensor());
        }
        return out;
      }
      default: fail(a, "is a list tessera cannot pass");
    }
  }

  // `written`: the schema says this result is an input written in place (Tensor(a!)); that input's
  // own handle goes back. Any other result, even a view or `self` itself, gets a handle of its own.
  Napi::Value back(const c10::IValue& v, bool written = false) {
    if (v.isTensor()) {
      const auto& t = v.toTensor();
      if (!t.defined()) return env.Null();
      if (written)
        for (auto& [impl, js] : inputs)
          if (impl == t.unsafeGetTensorImpl()) return js;
      return wrap(env, t);
    }
    if (v.isNone()) return env.Null();
    if (v.isDouble()) return Napi::Number::New(env, v.toDouble());
    if (v.isInt()) return Napi::Number::New(env, double(v.toInt()));
    if (v.isBool()) return Napi::Boolean::New(env, v.toBool());
    if (v.isTuple()) {
      const auto& elems = v.toTupleRef().elements();
      auto arr = Napi::Array::New(env, elems.size());
      for (size_t i = 0; i < elems.size(); i++) arr.Set(uint32_t(i), back(elems[i]));
      return arr;
    }
    if (v.isTensorList()) {
      auto list = v.toTensorVector();
      auto arr = Napi::Array::New(env, list.size());
      for (size_t i = 0; i < list.size(); i++) arr.Set(uint32_t(i), back(list[i]));
      return arr;
    }
    if (v.isIntList()) {
      auto list = v.toIntVector();
      auto arr = Napi::Array::New(env, list.size());
      for (size_t i = 0; i < list.size(); i++) arr.Set(uint32_t(i), Napi::Number::New(env, double(list[i])));
      return arr;
    }
    if (v.isScalar()) return Napi::Number::New(env, v.toScalar().toDouble());
    throw Napi::TypeError::New(env, op + ": returns a " + v.tagKind() + " which tessera cannot convert");
  }
};

// call(op, args[], kwargs?): positional args first, then named ones, then the schema's defaults.
static Napi::Value Call(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  if (!info[0].IsExternal()) throw Napi::TypeError::New(env, "call: expected an operator handle");
  auto* h = info[0].As<Napi::External<OpHandle>>().Data();
  return guarded(env, [&]() -> Napi::Value {
    const auto& schema = h->op.schema();
    const auto& args = schema.arguments();
    auto pos = info[1].As<Napi::Array>();
    bool has_kw = info.Length() > 2 && info[2].IsObject();
    Napi::Object kw = has_kw ? info[2].As<Napi::Object>() : Napi::Object();
    if (pos.Length() > args.size())
      throw Napi::TypeError::New(env, h->name + ": takes " + std::to_string(args.size()) + " arguments, got " +
                                          std::to_string(pos.Length()));
    Converter conv{env, h->name, {}};
    torch::jit::Stack stack;
    stack.reserve(args.size());
    for (size_t i = 0; i < args.size(); i++) {
      const auto& a = args[i];
      Napi::Value v = env.Undefined();
      if (i < pos.Length()) v = pos.Get(uint32_t(i));
      else if (has_kw && kw.Has(a.name())) v = kw.Get(a.name());
      if (v.IsUndefined()) {
        if (a.default_value()) { stack.push_back(*a.default_value()); continue; }
        if (a.type()->kind() == c10::TypeKind::OptionalType) { stack.emplace_back(); continue; }
        throw Napi::TypeError::New(env, h->name + ": missing argument '" + a.name() + "'");
      }
      stack.push_back(conv.convert(a, a.type(), a.real_type(), v));
    }
    h->op.callBoxed(&stack);
    const auto& returns = schema.returns();
    auto written = [&](size_t i) {
      const auto* alias = i < returns.size() ? returns[i].alias_info() : nullptr;
      return alias && alias->isWrite();
    };
    if (stack.empty()) return env.Undefined();
    if (stack.size() == 1) return conv.back(stack[0], written(0));
    auto arr = Napi::Array::New(env, stack.size());
    for (size_t i = 0; i < stack.size(); i++) arr.Set(uint32_t(i), conv.back(stack[i], written(i)));
    return arr;
  });
}

void init_dispatch(Napi::Env env, Napi::Object exports) {
  exports.Set("findOp", Napi::Function::New(env, FindOp));
  exports.Set("schema", Napi::Function::New(env, Schema));
  exports.Set("hasKernel", Napi::Function::New(env, HasKernel));
  exports.Set("call", Napi::Function::New(env, Call));
}

}  // namespace tessera
