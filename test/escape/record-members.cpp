// Records that hold a std::string or a std::vector: an index into the
// string's character buffer stays in that buffer, also when the string is a
// member of a record or an element of an array (the member of the member
// that holds the index's base: docs/algorithm.md, "Unknown offsets"), so the string's length next to it
// is still a plain integer and size() carries no address. The same records
// returned or published escape (the published one through its string's
// pointer to its own buffer, stored into memory that a global reaches).
// RUN: %escape-check --only=heap,local %s -- -std=c++17 | FileCheck %s --check-prefixes=CHECK,INLINE --implicit-check-not='{{escapes|does not escape|leaking param}}'
// RUN: %escape-check -no-inline --only=heap,local %s -- -std=c++17 | FileCheck %s --check-prefixes=CHECK,NOINL --implicit-check-not='{{escapes|does not escape|leaking param}}'
#include <array>
#include <string>
#include <vector>

struct Named { std::string name; };
struct Widget { std::vector<int> data; std::string name; };
struct Tagged { int k; std::string name; };

int named() {
  Named w;
  w.name = "a name longer than the small buffer";
// CHECK: record-members.cpp:[[@LINE-1]]:10: w.name = ... does not escape
  return w.name.size();
}

int widget() {
  Widget w;
  w.data.push_back(1);
// CHECK: record-members.cpp:[[@LINE-1]]:10: w.data.push_back(...) does not escape
  w.name = "a name longer than the small buffer";
// CHECK: record-members.cpp:[[@LINE-1]]:10: w.name = ... does not escape
  return w.data.size() + w.name.size();
}

int tagged() {
  Tagged t;
  t.k = 1;
  t.name = "a name longer than the small buffer";
// CHECK: record-members.cpp:[[@LINE-1]]:10: t.name = ... does not escape
  return t.k + t.name.size();
}

// At -no-inline the index is operator[]'s parameter: its summary says
// "somewhere in this", and the caller's 1 is not part of it (a limit of
// summaries without the caller's constants: docs/accuracy.md).
int strings() {
  std::array<std::string, 3> a;
// NOINL: record-members.cpp:[[@LINE-1]]:30: address of local a escapes: returned
  a[1] = "a name longer than the small buffer";
// INLINE: record-members.cpp:[[@LINE-1]]:8: a[1] = ... does not escape
// NOINL: record-members.cpp:[[@LINE-2]]:8: a[1] = ... escapes to heap
  return a[1].size();
}

Widget made() {
  Widget w;
  w.name = "a name longer than the small buffer";
// CHECK: record-members.cpp:[[@LINE-1]]:10: w.name = ... escapes to heap
  return w;
}

Widget *published;
void publish() {
  Widget w;
// CHECK: record-members.cpp:[[@LINE-1]]:10: address of local w escapes: stored to heap
  w.name = "a name longer than the small buffer";
// CHECK: record-members.cpp:[[@LINE-1]]:10: w.name = ... escapes to heap
  published = &w;
}
