// Optimizers as generic ops: `tessera::adam_` is Adam's whole update (weight decay, both moments, bias
// correction, the step) in one pass over each parameter, every array read and written once, all
// parameters in one parallel loop. PyTorch's default CPU Adam makes ~10 passes per parameter with a
// kernel launch each; libtorch 1.13 has no CPU `_fused_adam_`. Registered with the dispatcher, so it is
// called like any ATen op (engine/optim.ts picks libtorch's own fused kernel where one exists).
#include <ATen/ATen.h>
#include <ATen/OpMathType.h>
#include <ATen/Parallel.h>
#include <torch/library.h>
#include <cmath>
#include <vector>

namespace tessera {
namespace {

struct Hyper {
  double beta1, beta2, eps, weight_decay;
};

// The float32 loop, with torch.optim.Adam's single-tensor arithmetic rounding for rounding:
//   g += wd·p;  m = β1·m + (1-β1)·g;  v = β2·v + ((1-β2)·g)·g;  p += (-step_size · m) / (sqrt(v)/sqrt(bc2) + eps)
// with step_size = lr / (1 - β1^t) and bc2 = 1 - β2^t computed in double, as python does. Where ATen's
// vectorised kernels fuse a multiply-add (add with alpha: wd·p + g, (1-β1)·g + β1·m; addcmul's last
// product) so does this loop, on CPUs that have FMA, as ATen's AVX2 / AVX-512 builds do.
template <bool kFma, bool kDecay>
__attribute__((always_inline)) inline void adam_f32_body(float* __restrict p, const float* __restrict g, float* __restrict m,
                                                         float* __restrict v, int64_t n, float b1, float omb1, float b2,
                                                         float omb2, float eps, float wd, float neg_step, float bc2_sqrt) {
  for (int64_t i = 0; i < n; i++) {
    float gi = g[i];
    if constexpr (kDecay) gi = kFma ? __builtin_fmaf(p[i], wd, gi) : gi + wd * p[i];
    const float m1 = m[i] * b1, v1 = v[i] * b2, t = omb2 * gi;
    const float mi = kFma ? __builtin_fmaf(gi, omb1, m1) : m1 + omb1 * gi;
    const float vi = kFma ? __builtin_fmaf(t, gi, v1) : v1 + t * gi;
    m[i] = mi;
    v[i] = vi;
    p[i] = p[i] + neg_step * mi / (std::sqrt(vi) / bc2_sqrt + eps);
  }
}

#define TESSERA_ADAM_F32(NAME, FMA)                                                                             \
  void NAME(float* p, const float* g, float* m, float* v, int64_t n, float b1, float omb1, float b2, float omb2, \
            float eps, float wd, float neg_step, float bc2_sqrt) {                                               \
    if (wd != 0.0f) adam_f32_body<FMA, true>(p, g, m, v, n, b1, omb1, b2, omb2, eps, wd, neg_step, bc2_sqrt);    \
    else adam_f32_body<FMA, false>(p, g, m, v, n, b1, omb1, b2, omb2, eps, wd, neg_step, bc2_sqrt);              \
  }
// One build per instruction set, picked once at load (the addon may run on another machine than it was built on).
__attribute__((target("avx512f,avx512vl,fma"))) TESSERA_ADAM_F32(adam_f32_avx512, true)
__attribute__((target("avx2,fma"))) TESSERA_ADAM_F32(adam_f32_avx2, true)
TESSERA_ADAM_F32(adam_f32_baseline, false)
#undef TESSERA_ADAM_F32

using AdamF32 = void (*)(float*, const float*, float*, float*, int64_t, float, float, float, float, float, float, float, float);
const AdamF32 adam_f32 = [] {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("fma")) return &adam_f32_avx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return &adam_f32_avx2;
  return &adam_f32_baseline;
}();

// Any other floating type: the same arithmetic in its opmath type (float for bf16/half, double for double).
template <typename T>
void adam_generic(T* p, const T* g, T* m, T* v, int64_t n, const Hyper& h, double neg_step, double bc2_sqrt) {
  using O = at::opmath_type<T>;
  const O b1 = h.beta1, b2 = h.beta2, omb1 = 1.0 - h.beta1, omb2 = 1.0 - h.beta2, eps = h.eps, wd = h.weight_decay;
  const O ns = neg_step, bc = bc2_sqrt;
  for (int64_t i = 0; i < n; i++) {
    O gi = static_cast<O>(g[i]);
    if (wd != O(0)) gi = gi + wd * static_cast<O>(p[i]);
    O mi = static_cast<O>(m[i]) * b1 + omb1 * gi, vi = static_cast<O>(v[i]) * b2 + omb2 * gi * gi;
    m[i] = static_cast<T>(mi);
    v[i] = static_cast<T>(vi);
    p[i] = static_cast<T>(static_cast<O>(p[i]) + ns * mi / (std::sqrt(vi) / bc + eps));
  }
}

// One chunk of one parameter: float32 through the vectorised loop, other types through the generic one.
template <typename T>
void adam_chunk(T* p, T* g, T* m, T* v, int64_t n, const Hyper& h, double neg_step, double bc2_sqrt) {
  adam_generic(p, g, m, v, n, h, neg_step, bc2_sqrt);
}

void adam_chunk(float* p, float* g, float* m, float* v, int64_t n, const Hyper& h, double neg_step, double bc2_sqrt) {
  // (1 - beta) in double, then rounded, as PyTorch passes it as a python float
  adam_f32(p, g, m, v, n, static_cast<float>(h.beta1), static_cast<float>(1.0 - h.beta1), static_cast<float>(h.beta2),
           static_cast<float>(1.0 - h.beta2), static_cast<float>(h.eps), static_cast<float>(h.weight_decay),
           static_cast<float>(neg_step), static_cast<float>(bc2_sqrt));
}

// Same dtype, device, shape and strides, and dense: the four arrays are then walked as flat buffers
// (a channels_last weight included) without copies.
bool alike(const at::Tensor& p, const at::Tensor& t) {
  return t.scalar_type() == p.scalar_type() && t.device() == p.device() && t.sizes() == p.sizes() && t.strides() == p.strides();
}

void check_alike(const at::Tensor& p, const at::Tensor& t, const char* what, size_t i) {
  TORCH_CHECK(t.defined(), "tessera::adam_: parameter ", i, " has no ", what);
  TORCH_CHECK(alike(p, t), "tessera::adam_: the ", what, " of parameter ", i,
              " differs from it in dtype, device, shape or strides");
}

void adam_cpu(at::TensorList params, at::TensorList grads, at::TensorList exp_avgs, at::TensorList exp_avg_sqs,
              at::ArrayRef<double> step_sizes, at::ArrayRef<double> bias_correction2_sqrts, double beta1, double beta2,
              double eps, double weight_decay) {
  const size_t n = params.size();
  std::vector<at::Tensor> gs(grads.begin(), grads.end());
  TORCH_CHECK(grads.size() == n && exp_avgs.size() == n && exp_avg_sqs.size() == n && step_sizes.size() == n &&
                  bias_correction2_sqrts.size() == n,
              "tessera::adam_: every list needs one entry per parameter (", n, ")");
  for (size_t i = 0; i < n; i++) {
    const auto& p = params[i];
    TORCH_CHECK(p.is_floating_point() && p.device().is_cpu(), "tessera::adam_: parameter ", i, " is not a floating CPU tensor");
    TORCH_CHECK(p.is_non_overlapping_and_dense(), "tessera::adam_: parameter ", i, " is not dense");
    // autograd lays gradients out as their parameters; one set by hand may differ in strides only: copied
    if (gs[i].defined() && gs[i].sizes() == p.sizes() && gs[i].scalar_type() == p.scalar_type() && !alike(p, gs[i]))
      gs[i] = at::empty_like(p).copy_(gs[i]);
    check_alike(p, gs[i], "gradient", i);
    check_alike(p, exp_avgs[i], "exp_avg", i);
    check_alike(p, exp_avg_sqs[i], "exp_avg_sq", i);
  }
  const Hyper h{beta1, beta2, eps, weight_decay};

  // All parameters as one list of chunks, so a bias of 64 values and a weight of 8M share one parallel loop.
  struct Chunk { size_t param; int64_t begin, end; };
  constexpr int64_t kChunk = 1 << 15;
  std::vector<Chunk> chunks;
  for (size_t i = 0; i < n; i++)
    for (int64_t b = 0, len = params[i].numel(); b < len; b += kChunk) chunks.push_back({i, b, std::min(len, b + kChunk)});

  at::parallel_for(0, static_cast<int64_t>(chunks.size()), 1, [&](int64_t lo, int64_t hi) {
    for (int64_t c = lo; c < hi; c++) {
      const Chunk& k = chunks[c];
      const size_t i = k.param;
      const int64_t len = k.end - k.begin;
      const double neg_step = -step_sizes[i], bc2 = bias_correction2_sqrts[i];
      AT_DISPATCH_FLOATING_TYPES_AND2(at::kBFloat16, at::kHalf, params[i].scalar_type(), "tessera::adam_", [&] {
        auto* p = params[i].data_ptr<scalar_t>() + k.begin;
        auto* g = gs[i].data_ptr<scalar_t>() + k.begin;
        auto* m = exp_avgs[i].data_ptr<scalar_t>() + k.begin;
        auto* v = exp_avg_sqs[i].data_ptr<scalar_t>() + k.begin;
        adam_chunk(p, g, m, v, len, h, neg_step, bc2);
      });
    }
  });
  // written through raw pointers: tell autograd the tensors changed, as an in-place ATen op would
  for (size_t i = 0; i < n; i++) {
    params[i].unsafeGetTensorImpl()->bump_version();
    exp_avgs[i].unsafeGetTensorImpl()->bump_version();
    exp_avg_sqs[i].unsafeGetTensorImpl()->bump_version();
  }
}

}  // namespace
}  // namespace tessera

TORCH_LIBRARY(tessera, m) {
  m.def("adam_(Tensor(a!)[] params, Tensor[] grads, Tensor(b!)[] exp_avgs, Tensor(c!)[] exp_avg_sqs, "
        "float[] step_sizes, float[] bias_correction2_sqrts, *, float beta1, float beta2, float eps, "
        "float weight_decay) -> ()");
}

TORCH_LIBRARY_IMPL(tessera, CPU, m) {
  m.impl("adam_", tessera::adam_cpu);
}
