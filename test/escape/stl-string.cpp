// std::string buffers made out of sight: by a library function that returns
// the string (fmt::format: the buffer comes back in the sret object) and by
// libstdc++'s out-of-line _M_create (copies). Each follows the object that
// owns it; hashing only reads it; the small-buffer self-reference of a
// string does not make the string's own address escape. docs/algorithm.md,
// "Library model".
// RUN: %escape-check --only=heap,local %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'
// RUN: %escape-check -m=2 --only=heap %s -- -std=c++17 | FileCheck %s --check-prefix=FLOW
// Without inlining, the string's members stay calls: those libstdc++ only
// declares (extern template) get the summaries of their bodies
// (docs/algorithm.md, "Library summaries"), so a string only measured or
// hashed or copied stays local.
// RUN: %escape-check --only=heap,local -no-inline %s -- -std=c++17 | FileCheck %s --check-prefix=NOINL --implicit-check-not='{{does not escape}}'
#include <fmt/format.h>

#include <functional>
#include <string>

std::string Kept;

std::size_t temporary(int I) {
  std::string Text = fmt::format("value {} and a tail past the small buffer", I);
  // CHECK: stl-string.cpp:[[@LINE-1]]:22: fmt::format(...) does not escape
  // NOINL: stl-string.cpp:[[@LINE-2]]:22: fmt::format(...) does not escape
  return Text.size();
}

// The buffer is moved into a global; the moved-from Text points at its own
// small buffer afterwards, which does not make Text escape.
void kept(int I) {
  std::string Text = fmt::format("value {} and a tail past the small buffer", I);
  // CHECK: stl-string.cpp:[[@LINE-1]]:22: fmt::format(...) escapes to heap
  // FLOW: stl-string.cpp:[[@LINE-2]]:22: fmt::format(...) escapes to heap
  // FLOW-NEXT: stl-string.cpp:[[@LINE-3]]:22:   flow: stored to global Kept
  // NOINL-NOT: address of local Text
  // NOINL: stl-string.cpp:[[@LINE-5]]:22: fmt::format(...) escapes to heap
  // NOINL-NOT: address of local Text
  Kept = std::move(Text);
}

std::string returned(int I) {
  return fmt::format("value {} and a tail past the small buffer", I);
  // CHECK: stl-string.cpp:[[@LINE-1]]:10: fmt::format(...) escapes to heap
  // NOINL: stl-string.cpp:[[@LINE-2]]:10: fmt::format(...) escapes to heap
  // FLOW: stl-string.cpp:[[@LINE-3]]:10: fmt::format(...) escapes to heap
  // FLOW-NEXT: stl-string.cpp:[[@LINE-4]]:10:   flow: returned
}

std::size_t copied(const std::string &S) {
  std::string Copy = S;
  // CHECK: stl-string.cpp:[[@LINE-1]]:22: copy of S does not escape
  // NOINL: stl-string.cpp:[[@LINE-2]]:22: copy of S does not escape
  return Copy.size();
}

std::size_t hashed(int I) {
  std::string Key = fmt::format("key {} and a tail past the small buffer", I);
  // CHECK: stl-string.cpp:[[@LINE-1]]:21: fmt::format(...) does not escape
  // NOINL: stl-string.cpp:[[@LINE-2]]:21: fmt::format(...) does not escape
  return std::hash<std::string>{}(Key);
}

std::string *copiedAway(const std::string &S) {
  return new std::string(S);
  // CHECK: stl-string.cpp:[[@LINE-1]]:10: new std::string(...) escapes to heap
  // CHECK: stl-string.cpp:[[@LINE-2]]:14: std::string(...) escapes to heap
  // NOINL: stl-string.cpp:[[@LINE-3]]:10: new std::string(...) escapes to heap
  // NOINL: stl-string.cpp:[[@LINE-4]]:14: std::string(...) escapes to heap
  // FLOW: stl-string.cpp:[[@LINE-5]]:14: std::string(...) escapes to heap
  // FLOW-NEXT: stl-string.cpp:[[@LINE-6]]:14:   flow: returned
}

// Twins of the self-reference rules: data() of a short string is the
// string's own small buffer, so keeping it makes the string's address
// escape (it dangles after return), whether fmt::format made the string or
// it was default-constructed.
const char *Data;
void leakData(int I) {
  std::string S = fmt::format("{}", I);
  // CHECK: stl-string.cpp:[[@LINE-1]]:15: address of local S escapes: stored to global Data
  // CHECK: stl-string.cpp:[[@LINE-2]]:19: fmt::format(...) escapes to heap
  // NOINL: stl-string.cpp:[[@LINE-3]]:15: address of local S escapes
  // NOINL: stl-string.cpp:[[@LINE-4]]:19: fmt::format(...) escapes to heap
  Data = S.data();
}

void leakEmpty() {
  std::string S;
  // CHECK: stl-string.cpp:[[@LINE-1]]:15: address of local S escapes: stored to global Data
  // NOINL: stl-string.cpp:[[@LINE-2]]:15: address of local S escapes
  Data = S.data();
}

// Summaries say which bytes of an argument leak. keepData leaks the pointer
// at offset 0 of its string, which for a short string is the string's own
// small buffer: the caller's string escapes. A string moved into a vector
// (push_back's inlined move) stays local: the move copies its small buffer
// from offset 16 on, which does not read its data pointer at offset 0
// ("tail" loads, docs/algorithm.md), so only the buffer goes into Names.
#include <vector>
[[gnu::noinline]] void keepData(std::string &S) { Data = S.data(); }
void callsKeepData() {
  std::string S;
  // CHECK: stl-string.cpp:[[@LINE-1]]:15: address of local S escapes: passed to keepData(std::string&)
  // NOINL: stl-string.cpp:[[@LINE-2]]:15: address of local S escapes
  keepData(S);
}

std::vector<std::string> Names;
void moved(int I) {
  std::string S = fmt::format("name {} and a tail past the small buffer", I);
  // CHECK: stl-string.cpp:[[@LINE-1]]:19: fmt::format(...) escapes to heap
  // NOINL: stl-string.cpp:[[@LINE-2]]:15: address of local S escapes
  // NOINL: stl-string.cpp:[[@LINE-3]]:19: fmt::format(...) escapes to heap
  Names.push_back(std::move(S));
  // CHECK: stl-string.cpp:[[@LINE-1]]:9: Names.push_back(...) escapes to heap
  // NOINL: stl-string.cpp:[[@LINE-2]]:9: Names.push_back(...) escapes to heap
}

// A string made from characters, then moved into a new one: its buffer
// goes along, its own address does not (libstdc++'s _M_create only reads
// the string it allocates for).
std::string *movedIntoNew(const char *P) {
  std::string Name = P;
  // CHECK: stl-string.cpp:[[@LINE-1]]:22: std::string(P) escapes to heap
  return new std::string(std::move(Name));
  // CHECK: stl-string.cpp:[[@LINE-1]]:10: new std::string(...) escapes to heap
}
