// What the analysis knows about the C++ library beyond LLVM's own tables:
// the few out-of-line libstdc++ and {fmt} functions that allocate or only
// read, and the owning types (std::string, std::vector) whose buffer
// belongs to the object that holds it. LLVM's TargetLibraryInfo plays this
// part for libc; libstdc++'s extern templates (basic_string<char> is
// compiled into the shared library) hide these facts from the optimiser and
// from us.
#ifndef ESCAPE_CHECK_PASSES_ESCAPE_LIBRARYMODEL_H
#define ESCAPE_CHECK_PASSES_ESCAPE_LIBRARYMODEL_H

#include "Sites.h"

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace llvm {
class CallBase;
class DataLayout;
class Function;
class Type;
} // namespace llvm

namespace escape_check {

/// std::basic_string<...>::_M_create: the allocation behind every string
/// that outgrows its small buffer (returns new storage from the allocator,
/// like operator new).
bool isLibraryAllocationFunction(const llvm::Function &F);

/// Library functions that only read (or update in place) through pointer
/// argument ArgNo and keep no copy of it or of what it points to:
/// std::_Hash_bytes (behind std::hash<std::string>), _M_create's this and
/// capacity, {fmt}'s vformat/vprint/vformat_to (behind fmt::format/print).
bool libraryOnlyReads(const llvm::Function &F, unsigned ArgNo);

/// Byte ranges (offset, size) of the pointers into the owned buffer inside
/// an object of type T, when T is an owning library type: std::string
/// (_M_p), std::vector (begin, end, end of storage).
using PointerFields = std::vector<std::pair<uint64_t, uint64_t>>;
std::optional<PointerFields> ownedBufferFields(llvm::Type *T,
                                               const llvm::DataLayout &DL);

/// A call that returns an owning library object through sret (e.g.
/// fmt::format returning std::string) from a library function declared in
/// a system header and defined elsewhere: the buffer is allocated out of
/// sight and handed to the caller.
struct OwnedResult {
  unsigned SretArg = 0;
  PointerFields Fields;
  /// std::string: the offset of its small buffer, the one address inside
  /// itself the object may point to (_M_p == &_M_local_buf while short).
  std::optional<uint64_t> SelfPointerOffset;
};
std::optional<OwnedResult> ownedResult(const llvm::CallBase &CB,
                                       const SystemFilePredicate &IsSystem);

/// Whether argument ArgNo of CB is the sret slot such a library function
/// constructs its result in. Building a std::string or std::vector in
/// place stores pointers into the object itself (small-buffer
/// self-reference) and nowhere else: the slot's address is not captured.
std::optional<OwnedResult>
constructsOwnedResult(const llvm::CallBase &CB, unsigned ArgNo,
                      const SystemFilePredicate &IsSystem);

} // namespace escape_check

#endif
