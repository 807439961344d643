# Work-arounds for toolchain defects that would make a clean build of
# escape-check print warnings that are not about its code. Each is detected
# by compiling the case, so it goes away with a toolchain that has the fix.
include_guard(GLOBAL)
include(CheckCXXSourceCompiles)

# clang 18 and later report the C++17 deprecation of get_temporary_buffer
# inside libstdc++ 12's own std::stable_sort (stl_tempbuf.h), wherever a
# program calls std::stable_sort (llvm/llvm-project#76515; newer libstdc++
# silences it in the header). The use is the library's, not ours.
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  set(CMAKE_REQUIRED_FLAGS "-Werror=deprecated-declarations")
  set(CMAKE_REQUIRED_QUIET ON)
  check_cxx_source_compiles([[
    #include <algorithm>
    #include <vector>
    int main() {
      std::vector<int> V{2, 1};
      std::stable_sort(V.begin(), V.end());
      return V[0];
    }]] ESCAPE_CHECK_STABLE_SORT_IS_QUIET)
  unset(CMAKE_REQUIRED_FLAGS)
  unset(CMAKE_REQUIRED_QUIET)
  if(NOT ESCAPE_CHECK_STABLE_SORT_IS_QUIET)
    message(STATUS "escape-check: this libstdc++'s std::stable_sort warns under clang "
      "(llvm/llvm-project#76515): -Wno-deprecated-declarations")
    add_compile_options($<$<COMPILE_LANGUAGE:CXX>:-Wno-deprecated-declarations>)
  endif()
endif()
