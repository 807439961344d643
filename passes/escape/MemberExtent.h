// The member of a parameter's pointee that holds a byte, from the
// parameter's declared type in the debug info: the extent of an InMember
// region (Summary.h, Within) where the IR has no type for the object (a
// `this` or a `T *` parameter). docs/algorithm.md, "Unknown offsets".
#ifndef ESCAPE_CHECK_PASSES_ESCAPE_MEMBEREXTENT_H
#define ESCAPE_CHECK_PASSES_ESCAPE_MEMBEREXTENT_H

#include <cstdint>
#include <optional>
#include <utility>

namespace llvm {
class Argument;
class DICompositeType;
} // namespace llvm

namespace escape_check {

/// The class, struct or union the function's own debug info declares
/// pointer (or reference) parameter A to point to, complete and without
/// virtual bases; null when there is none or it is not known exactly.
const llvm::DICompositeType *declaredPointee(const llvm::Argument &A);

/// The bytes [first, second) of the member of T that holds byte At, or
/// that ends at At and is an array or aggregate (an address one past its
/// end is that member's), the same rule as a local's IR type gives. None
/// when At is at the start (an address of the first member is one of the
/// object too, and the pointer may point into an array of T), outside T,
/// in padding, or where a member of no size (a flexible array) may extend
/// past T.
std::optional<std::pair<int64_t, int64_t>>
memberExtent(const llvm::DICompositeType &T, int64_t At);

} // namespace escape_check

#endif
