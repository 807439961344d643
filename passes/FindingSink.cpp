// Finding sinks shared by the tool and the plugin.
#include "FindingSink.h"

namespace escape_check {

FindingSink::~FindingSink() = default;

void CollectingSink::report(Finding F, const llvm::Function &,
                            const llvm::DILocation *) {
  Findings.push_back(std::move(F));
}

} // namespace escape_check
