# Finds Debian's LLVM/Clang 19 and provides escape_check_llvm_flags(<target>),
# which gives a target LLVM's definitions and its RTTI/EH settings (never
# hard-coded: they follow how this LLVM was built).
find_package(LLVM CONFIG REQUIRED
  HINTS /usr/lib/llvm-19/lib/cmake/llvm /usr/lib/llvm-19/cmake)
if(NOT LLVM_VERSION_MAJOR EQUAL 19)
  # find_package(LLVM 19) would reject 19.1.7 (the version file wants
  # MAJOR.MINOR exactly), so the major version is checked here.
  message(FATAL_ERROR "escape-check needs LLVM 19, found ${LLVM_PACKAGE_VERSION} in ${LLVM_DIR}")
endif()
find_package(Clang CONFIG REQUIRED HINTS /usr/lib/cmake/clang-19 ${LLVM_LIBRARY_DIR}/cmake/clang)
message(STATUS "escape-check: LLVM ${LLVM_PACKAGE_VERSION} from ${LLVM_DIR}")

set(ESCAPE_CHECK_LLVM_TOOLS_DIR ${LLVM_TOOLS_BINARY_DIR})
find_program(ESCAPE_CHECK_CLANG NAMES clang-19 clang HINTS ${LLVM_TOOLS_BINARY_DIR} REQUIRED)
find_program(ESCAPE_CHECK_CLANGXX NAMES clang++-19 clang++ HINTS ${LLVM_TOOLS_BINARY_DIR} REQUIRED)
execute_process(COMMAND ${ESCAPE_CHECK_CLANG} -print-resource-dir
  OUTPUT_VARIABLE ESCAPE_CHECK_CLANG_RESOURCE_DIR OUTPUT_STRIP_TRAILING_WHITESPACE)
message(STATUS "escape-check: clang resource dir ${ESCAPE_CHECK_CLANG_RESOURCE_DIR}")

function(escape_check_llvm_flags target)
  target_include_directories(${target} SYSTEM PRIVATE ${LLVM_INCLUDE_DIRS} ${CLANG_INCLUDE_DIRS})
  separate_arguments(_defs NATIVE_COMMAND "${LLVM_DEFINITIONS}")
  target_compile_definitions(${target} PRIVATE ${_defs})
  if(NOT LLVM_ENABLE_RTTI)
    target_compile_options(${target} PRIVATE -fno-rtti)
  endif()
  if(NOT LLVM_ENABLE_EH)
    target_compile_options(${target} PRIVATE -fno-exceptions)
  endif()
endfunction()
