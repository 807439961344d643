// The escape analysis observes the pipeline and must not change it (an
// earlier version marked allocas with metadata, which changed inlining in
// googletest): the inliner decides the same with and without it.
// RUN: %escape-check --only=inline %s -- -std=c++17 > %t.alone
// RUN: %escape-check %s -- -std=c++17 | grep -E "inlining call|cannot inline" > %t.with
// RUN: diff %t.alone %t.with
// RUN: %escape-check -v %s -- -std=c++17 | FileCheck %s
// CHECK: inlining call to
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

struct Item {
  std::string Name;
  std::vector<int> Values;
};

std::map<std::string, std::unique_ptr<Item>> Index;

static std::string keyOf(int I) { return "item_" + std::to_string(I); }

int build(int N) {
  int Total = 0;
  std::function<void(Item &)> Visit = [&Total](Item &It) {
    Total += static_cast<int>(It.Values.size());
  };
  for (int I = 0; I < N; ++I) {
    auto It = std::make_unique<Item>();
    It->Name = keyOf(I);
    It->Values.assign(static_cast<size_t>(I % 7), I);
    Visit(*It);
    Index.emplace(It->Name, std::move(It));
  }
  return Total;
}
