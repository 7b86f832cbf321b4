// A small generic layer over c10d: a store and a Gloo process group, sum-allreduce and broadcast of
// tensors, a barrier, a differentiable allreduce, and libtorch's own DDP Reducer (gradient buckets
// allreduced from autograd hooks while backward still runs). Nothing here knows what is being trained.
// libtorch builds these with Gloo; the header hides the class unless told so.
#define USE_C10D_GLOO 1
#include "common.h"
#include <torch/csrc/autograd/variable.h>
#include <torch/csrc/distributed/c10d/FileStore.hpp>
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#include <torch/csrc/distributed/c10d/reducer.hpp>
#include <torch/version.h>
#include <chrono>
#include <type_traits>

namespace tessera {

using ms = std::chrono::milliseconds;

struct GroupBox {
  c10::intrusive_ptr<c10d::Store> store;
  c10::intrusive_ptr<c10d::ProcessGroup> pg;
  int rank = 0, size = 1;
  ms timeout{0};
  // what this process sent into collectives, and how long it blocked waiting for them
  std::atomic<int64_t> bytes{0}, ops{0};
  std::atomic<double> waitMs{0};
  void count(const at::Tensor& t) {
    bytes += static_cast<int64_t>(t.numel() * t.element_size());
    ops++;
  }
  void wait(const c10::intrusive_ptr<c10d::Work>& w) {
    auto t0 = std::chrono::steady_clock::now();
    w->wait(timeout);
    std::chrono::duration<double, std::milli> d = std::chrono::steady_clock::now() - t0;
    double cur = waitMs.load();
    while (!waitMs.compare_exchange_weak(cur, cur + d.count())) {}
  }
};

struct WorkBox {
  std::shared_ptr<GroupBox> group;
  c10::intrusive_ptr<c10d::Work> work;
};

struct ReducerBox {
  std::shared_ptr<GroupBox> group;
  std::shared_ptr<c10d::Reducer> reducer;
  int64_t bytes = 0;
};

static const napi_type_tag kGroupTag = {0x7e55e7a0c0ffee02ULL, 0x1d5a9e4b3c2f1a01ULL};
static const napi_type_tag kWorkTag = {0x7e55e7a0c0ffee03ULL, 0x1d5a9e4b3c2f1a02ULL};
static const napi_type_tag kReducerTag = {0x7e55e7a0c0ffee04ULL, 0x1d5a9e4b3c2f1a03ULL};

template <typename T>
static Napi::Value box(Napi::Env env, T* b, const napi_type_tag* tag) {
  auto ext = Napi::External<T>::New(env, b, [](Napi::Env, T* p) { delete p; });
  ext.TypeTag(tag);
  return ext;
}

template <typename T>
static T* unbox(const Napi::Value& v, const napi_type_tag* tag, const char* what) {
  if (!v.IsExternal() || !v.As<Napi::External<T>>().CheckTypeTag(tag))
    throw Napi::TypeError::New(v.Env(), std::string(what) + ": wrong handle");
  return v.As<Napi::External<T>>().Data();
}

static std::shared_ptr<GroupBox>& group(const Napi::Value& v, const char* what) {
  auto& g = *unbox<std::shared_ptr<GroupBox>>(v, &kGroupTag, what);
  if (!g || !g->pg) throw Napi::Error::New(v.Env(), std::string(what) + ": the process group was closed");
  return g;
}

static std::string str(const Napi::Object& o, const char* key, const std::string& fallback = "") {
  return o.Has(key) && o.Get(key).IsString() ? o.Get(key).As<Napi::String>().Utf8Value() : fallback;
}
static int64_t num(const Napi::Object& o, const char* key, int64_t fallback) {
  return o.Has(key) && o.Get(key).IsNumber() ? o.Get(key).As<Napi::Number>().Int64Value() : fallback;
}

// c10d changed shape between libtorch versions; these adapt at compile time. In 1.13 ProcessGroupGloo is
// a ProcessGroup; from 2.0 it is a Backend that a ProcessGroup holds per device type.
static c10::intrusive_ptr<c10d::ProcessGroup> as_process_group(c10::intrusive_ptr<c10d::ProcessGroupGloo> gloo,
                                                               const c10::intrusive_ptr<c10d::Store>& store, int rank, int size) {
#if TORCH_VERSION_MAJOR < 2
  return gloo;
#else
  auto pg = c10::make_intrusive<c10d::ProcessGroup>(store, rank, size);
  pg->setBackend(c10::DeviceType::CPU, c10d::ProcessGroup::BackendType::GLOO, c10::intrusive_ptr<c10d::Backend>(gloo));
  pg->setDefaultBackend(c10d::ProcessGroup::BackendType::GLOO);
  return pg;
#endif
}

// The Reducer's constructor gained and lost arguments across versions: whichever this libtorch declares
// (1.13: per-bucket size limits after the indices; 2.1x: no limits, then reducer options at the end).
template <typename R = c10d::Reducer>
static std::shared_ptr<R> make_reducer(std::vector<at::Tensor> params, std::vector<std::vector<size_t>> indices,
                                       std::vector<size_t> limits, c10::intrusive_ptr<c10d::ProcessGroup> pg,
                                       std::vector<bool> sparse, int64_t cap, int64_t first) {
  using Names = std::unordered_map<size_t, std::string>;
  const bool find_unused = false, as_bucket_view = false;
  if constexpr (std::is_constructible_v<R, std::vector<at::Tensor>, std::vector<std::vector<size_t>>, std::vector<size_t>,
                                        c10::intrusive_ptr<c10d::ProcessGroup>, std::vector<bool>, int64_t, bool, bool, Names, int64_t>)
    return std::make_shared<R>(params, indices, limits, pg, sparse, cap, find_unused, as_bucket_view, Names{}, first);
  else
    return std::make_shared<R>(params, indices, pg, sparse, cap, find_unused, as_bucket_view, Names{}, first,
                               /*skip_all_reduce_unused_params=*/false, /*use_python_reducer=*/false,
                               /*bucket_bytes_cap_list (empty: one cap for all)=*/std::vector<int64_t>{});
}

// newGroup({rank, worldSize, host, port, timeoutMs, file?, bind?, iface?}): the TCPStore lives in rank 0
// (host:port is where rank 0 runs), or a FileStore at `file`; Gloo binds `bind` (an address), `iface`
// (a network interface), or this machine's hostname. Blocks until every rank has joined or timeoutMs.
static Napi::Value NewGroup(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    auto o = info[0].As<Napi::Object>();
    auto g = std::make_shared<GroupBox>();
    g->rank = static_cast<int>(num(o, "rank", 0));
    g->size = static_cast<int>(num(o, "worldSize", 1));
    g->timeout = ms(num(o, "timeoutMs", 300000));
    if (g->size < 1 || g->rank < 0 || g->rank >= g->size)
      throw Napi::RangeError::New(env, "newGroup: rank " + std::to_string(g->rank) + " outside a world of " + std::to_string(g->size));
    std::string file = str(o, "file");
    if (!file.empty()) {
      g->store = c10::make_intrusive<c10d::FileStore>(file, g->size);
    } else {
      c10d::TCPStoreOptions so;
      so.port = static_cast<uint16_t>(num(o, "port", 29500));
      so.isServer = g->rank == 0;
      so.numWorkers = static_cast<size_t>(g->size);
      so.waitWorkers = true;
      so.timeout = g->timeout;
      g->store = c10::make_intrusive<c10d::TCPStore>(str(o, "host", "127.0.0.1"), so);
    }
    g->store->setTimeout(g->timeout);
    auto opts = c10d::ProcessGroupGloo::Options::create(g->timeout);
    std::string bind = str(o, "bind"), iface = str(o, "iface");
    opts->devices.push_back(!iface.empty() ? c10d::ProcessGroupGloo::createDeviceForInterface(iface)
                            : !bind.empty() ? c10d::ProcessGroupGloo::createDeviceForHostname(bind)
                                            : c10d::ProcessGroupGloo::createDefaultDevice());
    auto prefixed = c10::make_intrusive<c10d::PrefixStore>("tessera", g->store);
    g->pg = as_process_group(c10::make_intrusive<c10d::ProcessGroupGloo>(prefixed, g->rank, g->size, opts), prefixed, g->rank, g->size);
    return box(env, new std::shared_ptr<GroupBox>(g), &kGroupTag);
  });
}

static Napi::Value CloseGroup(const Napi::CallbackInfo& info) {
  auto& g = *unbox<std::shared_ptr<GroupBox>>(info[0], &kGroupTag, "closeGroup");
  if (g) { g->pg.reset(); g->store.reset(); g.reset(); }
  return info.Env().Undefined();
}

static c10::intrusive_ptr<c10d::Work> start_allreduce(GroupBox& g, at::Tensor& t) {
  std::vector<at::Tensor> v{t};
  c10d::AllreduceOptions o;
  o.reduceOp = c10d::ReduceOp::SUM;
  g.count(t);
  return g.pg->allreduce(v, o);
}

static at::Tensor& contiguous_cpu(const Napi::Value& v, const char* what) {
  auto& t = unwrap(v, what);
  if (!t.is_contiguous()) throw Napi::TypeError::New(v.Env(), std::string(what) + ": the tensor must be contiguous (it is written in place)");
  return t;
}

// allreduce(group, t, async?): t becomes the sum over ranks, in place; async returns a work to wait on.
static Napi::Value Allreduce(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    auto g = group(info[0], "allreduce");
    auto& t = contiguous_cpu(info[1], "allreduce");
    auto work = start_allreduce(*g, t);
    if (info.Length() > 2 && info[2].IsBoolean() && info[2].As<Napi::Boolean>().Value())
      return box(env, new WorkBox{g, work}, &kWorkTag);
    g->wait(work);
    return env.Undefined();
  });
}

static Napi::Value Wait(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    auto* w = unbox<WorkBox>(info[0], &kWorkTag, "wait");
    if (w->work) { w->group->wait(w->work); w->work.reset(); }
    return info.Env().Undefined();
  });
}

// broadcast(group, t, root): every rank's t becomes root's, in place.
static Napi::Value Broadcast(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    auto g = group(info[0], "broadcast");
    auto& t = contiguous_cpu(info[1], "broadcast");
    std::vector<at::Tensor> v{t};
    c10d::BroadcastOptions o;
    o.rootRank = info[2].As<Napi::Number>().Int64Value();
    g->count(t);
    g->wait(g->pg->broadcast(v, o));
    return info.Env().Undefined();
  });
}

static Napi::Value Barrier(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    auto g = group(info[0], "barrier");
    g->ops++;
    g->wait(g->pg->barrier());
    return info.Env().Undefined();
  });
}

// allreduceWithGrad(group, x): the sum over ranks as a differentiable value. Its gradient is the sum of
// every rank's gradient (torch.distributed.nn's all_reduce): y = x + (Σx − x) with Σx − x held constant,
// and a hook that sums y's incoming gradient over ranks before it flows back into x.
static Napi::Value AllreduceWithGrad(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    auto g = group(info[0], "allreduceWithGrad");
    auto& x = unwrap(info[1], "allreduceWithGrad");
    at::Tensor summed = x.detach().contiguous().clone();
    g->wait(start_allreduce(*g, summed));
    at::Tensor y = x + (summed - x.detach());
    if (y.requires_grad()) {
      std::weak_ptr<GroupBox> weak = g;
      y.register_hook([weak](const at::Tensor& grad) -> at::Tensor {
        auto gr = weak.lock();
        TORCH_CHECK(gr && gr->pg, "allreduceWithGrad: the process group was closed before backward");
        at::Tensor out = grad.contiguous().clone();
        gr->wait(start_allreduce(*gr, out));
        return out;
      });
    }
    return wrap(env, y);
  });
}

static Napi::Value GroupStats(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  auto g = group(info[0], "groupStats");
  auto out = Napi::Object::New(env);
  out.Set("bytes", double(g->bytes.load()));
  out.Set("ops", double(g->ops.load()));
  out.Set("waitMs", g->waitMs.load());
  return out;
}

// newReducer(group, params[], bucketBytes): libtorch's DDP Reducer over these parameters, with the same
// bucket assignment DistributedDataParallel makes (a 1 MiB first bucket, then bucketBytes each, in reverse
// parameter order, since gradients arrive last layer first). Gradients come back averaged over ranks.
static Napi::Value NewReducer(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    auto g = group(info[0], "newReducer");
    auto arr = info[1].As<Napi::Array>();
    std::vector<at::Tensor> params;
    int64_t bytes = 0;
    for (uint32_t i = 0; i < arr.Length(); i++) {
      auto& p = unwrap(arr.Get(i), "newReducer");
      if (!p.requires_grad()) throw Napi::Error::New(env, "newReducer: parameter " + std::to_string(i) + " does not require grad");
      params.push_back(p);
      bytes += static_cast<int64_t>(p.numel() * p.element_size());
    }
    int64_t cap = info[2].As<Napi::Number>().Int64Value();
    const int64_t first = 1024 * 1024;
    std::vector<bool> sparse(params.size(), false);
    auto assignment = c10d::compute_bucket_assignment_by_size(params, {static_cast<size_t>(first), static_cast<size_t>(cap)}, sparse);
    auto indices = std::get<0>(assignment);
    auto limits = std::get<1>(assignment);
    std::reverse(indices.begin(), indices.end());
    std::reverse(limits.begin(), limits.end());
    auto r = make_reducer(params, indices, limits, g->pg, sparse, cap, first);
    auto out = Napi::Object::New(env);
    out.Set("handle", box(env, new ReducerBox{g, r, bytes}, &kReducerTag));
    out.Set("buckets", double(indices.size()));
    return out;
  });
}

// reducerPrepare(reducer): call before the backward passes whose gradients it should reduce (after the
// first step this also settles the bucket order, a collective every rank makes at the same point).
static Napi::Value ReducerPrepare(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    auto* r = unbox<ReducerBox>(info[0], &kReducerTag, "reducerPrepare");
    if (!r->reducer) throw Napi::Error::New(info.Env(), "reducerPrepare: the reducer was disposed");
    r->reducer->rebuild_buckets();
    r->reducer->prepare_for_backward({});
    r->group->bytes += r->bytes;
    return info.Env().Undefined();
  });
}

static Napi::Value ReducerDispose(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    auto* r = unbox<ReducerBox>(info[0], &kReducerTag, "reducerDispose");
    r->reducer.reset();
    return info.Env().Undefined();
  });
}

void init_distributed(Napi::Env env, Napi::Object exports) {
  exports.Set("distNewGroup", Napi::Function::New(env, NewGroup));
  exports.Set("distCloseGroup", Napi::Function::New(env, CloseGroup));
  exports.Set("distAllreduce", Napi::Function::New(env, Allreduce));
  exports.Set("distWait", Napi::Function::New(env, Wait));
  exports.Set("distBroadcast", Napi::Function::New(env, Broadcast));
  exports.Set("distBarrier", Napi::Function::New(env, Barrier));
  exports.Set("distAllreduceWithGrad", Napi::Function::New(env, AllreduceWithGrad));
  exports.Set("distStats", Napi::Function::New(env, GroupStats));
  exports.Set("distNewReducer", Napi::Function::New(env, NewReducer));
  exports.Set("distReducerPrepare", Napi::Function::New(env, ReducerPrepare));
  exports.Set("distReducerDispose", Napi::Function::New(env, ReducerDispose));
}

}  // namespace tessera
