// Debian's libtorch-dev ships c10d/reducer.hpp but not the distributed-autograd header it includes.
// The Reducer only names two types from it (a shared_ptr holder and a std::function alias), whose sizes
// do not depend on what they point to, so these declarations give the same class layout. This folder is
// searched after libtorch's own include dirs: a libtorch that has the real header (LIBTORCH=DIR) uses it.
#pragma once
#include <ATen/ATen.h>
#include <functional>
#include <memory>

namespace torch {
namespace distributed {
namespace autograd {

class DistAutogradContext {
 public:
  using GradCallback = std::function<bool(at::Tensor&)>;
};
using ContextPtr = std::shared_ptr<DistAutogradContext>;

}  // namespace autograd
}  // namespace distributed
}  // namespace torch
