// Strings built by libstdc++'s extern-template members (the unit only
// declares _M_construct, _M_append, _M_replace, _M_assign, reserve, ...:
// `extern template class basic_string<char>`): the engine summarises them
// from their bodies in a summarising unit of the same headers and flags
// (docs/algorithm.md, "Library summaries"), so their allocations are heap
// sites at the user's call, local when nothing escapes, escaping when the
// string is returned or stored to a global.
// RUN: %escape-check --only=heap,local %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape}}'
// The same without inlining: the members stay calls and use the summaries.
// RUN: %escape-check --only=heap,local -no-inline %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape}}'
// Without a summary cache the summaries are made in memory, with the same
// verdicts.
// RUN: env ESCAPE_CHECK_SUMMARY_CACHE= %escape-check --only=heap,local %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape}}'
// RUN: %escape-check -m=2 --only=heap %s -- -std=c++17 | FileCheck %s --check-prefix=FLOW
#include <string>

std::string Global;

std::size_t filled(int N) {
  std::string S(N, 'x');
  // CHECK: stl-string-extern.cpp:[[@LINE-1]]:15: S(...) does not escape
  return S.size();
}

std::size_t converted(int N) {
  std::string S = std::to_string(N);
  // CHECK: stl-string-extern.cpp:[[@LINE-1]]:19: std::to_string(...) does not escape
  return S.size();
}

std::size_t joined(const std::string &A, const std::string &B) {
  std::string S = A + B;
  // CHECK: stl-string-extern.cpp:[[@LINE-1]]:21: A + B does not escape
  return S.size();
}

std::size_t appended(const std::string &A) {
  std::string S;
  S.append(A);
  // CHECK: stl-string-extern.cpp:[[@LINE-1]]:5: S.append(...) does not escape
  S.append("a literal longer than the small buffer");
  // CHECK: stl-string-extern.cpp:[[@LINE-1]]:5: S.append(...) does not escape
  return S.size();
}

std::size_t assigned(const std::string &A) {
  std::string S;
  S.assign(A);
  // CHECK: stl-string-extern.cpp:[[@LINE-1]]:5: S.assign(...) does not escape
  return S.size();
}

std::size_t reserved(int N) {
  std::string S;
  S.reserve(N);
  // CHECK: stl-string-extern.cpp:[[@LINE-1]]:5: S.reserve(...) does not escape
  return S.capacity();
}

std::string filledReturned(int N) { return std::string(N, 'y'); }
// CHECK: stl-string-extern.cpp:[[@LINE-1]]:44: std::string(...) escapes to heap
// FLOW: stl-string-extern.cpp:[[@LINE-2]]:44: std::string(...) escapes to heap
// FLOW-NEXT: stl-string-extern.cpp:[[@LINE-3]]:44:   flow: returned

void convertedStored(int N) { Global = std::to_string(N); }
// CHECK: stl-string-extern.cpp:[[@LINE-1]]:40: std::to_string(...) escapes to heap
// FLOW: stl-string-extern.cpp:[[@LINE-2]]:40: std::to_string(...) escapes to heap
// FLOW-NEXT: stl-string-extern.cpp:[[@LINE-3]]:40:   flow: stored to global Global

std::string joinedReturned(const std::string &A) { return A + "suffix"; }
// CHECK: stl-string-extern.cpp:[[@LINE-1]]:61: A + "suffix" escapes to heap

// The moved-from S points at its own small buffer after the move; after
// append's summary the graph no longer tells that address apart from the
// buffer handed over (docs/accuracy.md): S is reported, conservatively.
void appendedStored(const std::string &A) {
  std::string S;
  // CHECK: stl-string-extern.cpp:[[@LINE-1]]:15: address of local S escapes: stored to heap
  S.append(A);
  // CHECK: stl-string-extern.cpp:[[@LINE-1]]:5: S.append(...) escapes to heap
  Global = std::move(S);
}

void assignedStored(const std::string &A) {
  Global.assign(A);
  // CHECK: stl-string-extern.cpp:[[@LINE-1]]:10: Global.assign(...) escapes to heap
}

std::string reservedReturned(int N) {
  std::string S;
  S.reserve(N);
  // CHECK: stl-string-extern.cpp:[[@LINE-1]]:5: S.reserve(...) escapes to heap
  return S;
}
