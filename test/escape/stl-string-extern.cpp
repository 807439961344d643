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
// The chars* functions with their parameters, in both modes: characters
// copied in, appended or moved inside the buffer do not make the string's
// own address escape, nor the parameters they were copied from leak.
// RUN: %escape-check --only=heap,local,param --filter=chars %s -- -std=c++17 | FileCheck %s --check-prefix=CHARS --implicit-check-not='{{escapes|does not escape|leaking param}}'
// RUN: %escape-check --only=heap,local,param --filter=chars -no-inline %s -- -std=c++17 | FileCheck %s --check-prefix=CHARS --implicit-check-not='{{escapes|does not escape|leaking param}}'
// RUN: %escape-check -m=2 --only=local --filter=appendedStored %s -- -std=c++17 | FileCheck %s --check-prefix=MOVED
// RUN: %escape-check -m=2 --only=local --filter=appendedStored -no-inline %s -- -std=c++17 | FileCheck %s --check-prefix=MOVED
// MOVED: stl-string-extern.cpp:{{[0-9]+}}:15: S does not escape
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

// The moved-from S points at its own small buffer after the move, and the
// buffer handed over is the heap's: S itself does not escape (append's
// characters land in the member _M_p points into, not on _M_p:
// docs/algorithm.md, "Unknown offsets").
void appendedStored(const std::string &A) {
  std::string S;
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

// Characters only: a's are copied into s's buffer (memcpy), "x" appended
// (_M_append); the length is a number read from a.
int charsPlus(const std::string &a) { std::string s = a + "x"; return s.size(); }
// CHARS: stl-string-extern.cpp:[[@LINE-1]]:34: a does not escape
// CHARS: stl-string-extern.cpp:[[@LINE-2]]:57: a + "x" does not escape
// CHECK: stl-string-extern.cpp:[[@LINE-3]]:57: a + "x" does not escape

// _M_replace_aux moves the characters inside the buffer (memmove at an
// index from _M_p): in the small buffer, not onto _M_p or the length.
int charsAppend(int n) { std::string s; s.append(n, 'c'); return s.size(); }
// CHARS: stl-string-extern.cpp:[[@LINE-1]]:43: s.append(...) does not escape
// CHECK: stl-string-extern.cpp:[[@LINE-2]]:43: s.append(...) does not escape

// _M_replace copies p's characters in (strlen's result is a length).
int charsAssign(const char *p) { std::string s; s.assign(p); return s.size(); }
// CHARS: stl-string-extern.cpp:[[@LINE-1]]:29: p does not escape
// CHARS: stl-string-extern.cpp:[[@LINE-2]]:51: s.assign(...) does not escape
// CHECK: stl-string-extern.cpp:[[@LINE-3]]:51: s.assign(...) does not escape

std::size_t charsJoined(const std::string &a, const std::string &b) {
  // CHARS: stl-string-extern.cpp:[[@LINE-1]]:44: a does not escape
  // CHARS: stl-string-extern.cpp:[[@LINE-2]]:66: b does not escape
  std::string s = a + b;
  // CHARS: stl-string-extern.cpp:[[@LINE-1]]:21: a + b does not escape
  // CHECK: stl-string-extern.cpp:[[@LINE-2]]:21: a + b does not escape
  return s.size();
}

// The same strings kept: returned, stored to a global, their characters
// given to a global: they escape. Characters copied into a global's buffer
// are bytes that reach a global: if the caller's held a pointer, it would
// now be there (the parameter's content leaks, test/asan/string-bytes.cpp).
std::string charsReturned(int n) { std::string s; s.append(n, 'c'); return s; }
// CHARS: stl-string-extern.cpp:[[@LINE-1]]:53: s.append(...) escapes to heap
// CHECK: stl-string-extern.cpp:[[@LINE-2]]:53: s.append(...) escapes to heap

void charsStored(const char *p) { Global.assign(p); }
// CHARS: stl-string-extern.cpp:[[@LINE-1]]:30: leaking param content: p
// CHARS: stl-string-extern.cpp:[[@LINE-2]]:42: Global.assign(...) escapes to heap
// CHECK: stl-string-extern.cpp:[[@LINE-3]]:42: Global.assign(...) escapes to heap

const char *Chars;
void charsData(const std::string &a) {
  // CHARS: stl-string-extern.cpp:[[@LINE-1]]:35: leaking param content: a
  std::string *s = new std::string(a + "x");
  // CHARS: stl-string-extern.cpp:[[@LINE-1]]:20: new std::string(...) escapes to heap
  // CHARS: stl-string-extern.cpp:[[@LINE-2]]:38: a + "x" escapes to heap
  // CHECK: stl-string-extern.cpp:[[@LINE-3]]:20: new std::string(...) escapes to heap
  // CHECK: stl-string-extern.cpp:[[@LINE-4]]:38: a + "x" escapes to heap
  Chars = s->c_str();
}

void charsLocalData(int n) {
  std::string s(n, 'c');
  // CHARS: stl-string-extern.cpp:[[@LINE-1]]:15: s(...) escapes to heap
  // CHARS: stl-string-extern.cpp:[[@LINE-2]]:15: address of local s escapes: stored to global Chars
  // CHECK: stl-string-extern.cpp:[[@LINE-3]]:15: s(...) escapes to heap
  // CHECK: stl-string-extern.cpp:[[@LINE-4]]:15: address of local s escapes: stored to global Chars
  Chars = s.c_str();
}
