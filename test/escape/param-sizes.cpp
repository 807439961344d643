// Sizes read from a parameter are numbers, not its content: the difference
// of two pointers loaded from it (std::vector's size(), the users example's
// totalBytes) and an integer read under its own type (std::string's
// length) leave nothing of the parameter's content in the result. The same
// difference added back to one of the pointers is an address again, and a
// pointer loaded from the parameter is its content. docs/algorithm.md,
// "Integers and bytes".
// RUN: %escape-check --only=param %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'
// RUN: %escape-check -no-inline --only=param %s -- -std=c++17 | FileCheck %s --check-prefix=NOINL --implicit-check-not='{{escapes|does not escape|leaking param}}'
#include <cstddef>
#include <string>
#include <vector>

[[gnu::noinline]] std::size_t count(const std::vector<std::vector<int>> &V) {
  // CHECK: param-sizes.cpp:[[@LINE-1]]:74: V does not escape
  // NOINL: param-sizes.cpp:[[@LINE-2]]:74: V does not escape
  std::size_t N = 0;
  for (const std::vector<int> &Inner : V)
    N += Inner.size();
  return N + V.size();
}

// std::string's length is an integer field (at -no-inline size() is an
// extern-template member, summarised from its body: docs/algorithm.md,
// "Library summaries").
[[gnu::noinline]] std::size_t chars(const std::string &S) { return S.size(); }
// CHECK: param-sizes.cpp:[[@LINE-1]]:56: S does not escape
// NOINL: param-sizes.cpp:[[@LINE-2]]:56: S does not escape

struct Span { char *Begin, *End; };
[[gnu::noinline]] std::size_t length(const Span &S) { return S.End - S.Begin; }
// CHECK: param-sizes.cpp:[[@LINE-1]]:50: S does not escape
// NOINL: param-sizes.cpp:[[@LINE-2]]:50: S does not escape

[[gnu::noinline]] char *end(const Span &S) {
  // CHECK: param-sizes.cpp:[[@LINE-1]]:41: leaking param content: S
  // NOINL: param-sizes.cpp:[[@LINE-2]]:41: leaking param content: S
  return S.Begin + (S.End - S.Begin);
}

[[gnu::noinline]] char *begin(const Span &S) { return S.Begin; }
// CHECK: param-sizes.cpp:[[@LINE-1]]:43: leaking param content: S
// NOINL: param-sizes.cpp:[[@LINE-2]]:43: leaking param content: S
