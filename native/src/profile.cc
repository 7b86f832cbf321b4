// Per-operator timing through libtorch's own RecordFunction hooks (the ones torch.profiler listens to), so
// a tessera step and a PyTorch step are cut into the same named pieces: every ATen op the dispatcher runs
// and every autograd node backward runs. Self time = an op's time minus the ops it called; "top" sums the
// outermost ops on the calling thread, so a step's wall time minus it is what JS, N-API and GC cost.
#include "common.h"
#include <ATen/record_function.h>
#include <chrono>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace tessera {

namespace {

using Clock = std::chrono::steady_clock;

struct Frame {
  Clock::time_point start;
  int64_t children_ns = 0;
};

struct Totals {
  int64_t count = 0, self_ns = 0, total_ns = 0;
};

std::mutex totals_mutex;
std::unordered_map<std::string, Totals> totals;
int64_t top_level_ns = 0;
thread_local std::vector<Frame> frames;
bool active = false;
at::CallbackHandle handle = 0;

std::unique_ptr<at::ObserverContext> on_start(const at::RecordFunction&) {
  frames.push_back({Clock::now(), 0});
  return nullptr;
}

void on_end(const at::RecordFunction& fn, at::ObserverContext*) {
  if (frames.empty()) return;  // began before profiling started
  Frame f = frames.back();
  frames.pop_back();
  int64_t total = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - f.start).count();
  if (!frames.empty()) frames.back().children_ns += total;
  std::lock_guard<std::mutex> lock(totals_mutex);
  auto& t = totals[fn.name()];
  t.count++;
  t.self_ns += total - f.children_ns;
  t.total_ns += total;
  if (frames.empty()) top_level_ns += total;
}

}  // namespace

// profileStart(): clears the totals and starts listening.
static Napi::Value ProfileStart(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    if (active) throw Napi::Error::New(info.Env(), "profileStart: already profiling");
    {
      std::lock_guard<std::mutex> lock(totals_mutex);
      totals.clear();
      top_level_ns = 0;
    }
    frames.clear();
    handle = at::addGlobalCallback(at::RecordFunctionCallback(on_start, on_end)
                                       .scopes({at::RecordScope::FUNCTION, at::RecordScope::BACKWARD_FUNCTION}));
    active = true;
    return info.Env().Undefined();
  });
}

// profileStop(): { ops: [[name, count, selfMs, totalMs], …], topLevelMs }.
static Napi::Value ProfileStop(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    if (!active) throw Napi::Error::New(env, "profileStop: not profiling");
    at::removeCallback(handle);
    active = false;
    frames.clear();
    std::lock_guard<std::mutex> lock(totals_mutex);
    auto ops = Napi::Array::New(env, totals.size());
    uint32_t i = 0;
    for (const auto& [name, t] : totals) {
      auto row = Napi::Array::New(env, 4);
      row.Set(0u, Napi::String::New(env, name));
      row.Set(1u, Napi::Number::New(env, double(t.count)));
      row.Set(2u, Napi::Number::New(env, t.self_ns / 1e6));
      row.Set(3u, Napi::Number::New(env, t.total_ns / 1e6));
      ops.Set(i++, row);
    }
    auto out = Napi::Object::New(env);
    out.Set("ops", ops);
    out.Set("topLevelMs", Napi::Number::New(env, top_level_ns / 1e6));
    return out;
  });
}

void init_profile(Napi::Env env, Napi::Object exports) {
  exports.Set("profileStart", Napi::Function::New(env, ProfileStart));
  exports.Set("profileStop", Napi::Function::New(env, ProfileStop));
}

}  // namespace tessera
