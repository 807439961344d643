// Which allocator the escape-check executable runs on (--version says).
#ifndef ESCAPE_CHECK_TOOL_ALLOCATOR_H
#define ESCAPE_CHECK_TOOL_ALLOCATOR_H

#include <string>

namespace escape_check {

/// "jemalloc 5.3.0-0-g54eaed1d8b56b1aa528be3bdd1877e59c56fa90c
/// (transparent huge pages: always)", or "system malloc".
std::string allocatorDescription();

} // namespace escape_check

#endif
