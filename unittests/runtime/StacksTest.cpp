// StackTable interns stacks: one entry per distinct stack, null when full.
#include "Stacks.h"
#include "Symbolizer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace escapetrace;

namespace {

TEST(StackTable, InternsAndCounts) {
  StackTable<2> T;
  ASSERT_TRUE(T.init(64));
  std::uintptr_t A[] = {0x1000, 0x2000, 0x3000};
  std::uintptr_t B[] = {0x1000, 0x2000, 0x3001};
  auto *EA = T.intern(A, 3, true);
  auto *EB = T.intern(B, 3, true);
  ASSERT_NE(EA, nullptr);
  ASSERT_NE(EB, nullptr);
  EXPECT_NE(EA, EB);
  EXPECT_EQ(T.intern(A, 3, true), EA);
  EXPECT_NE(T.intern(A, 2, true), EA); // a prefix is another stack
  EA->Values[1].fetch_add(5);
  EXPECT_EQ(T.size(), 3u);
  std::size_t Seen = 0;
  T.forEach([&](const StackTable<2>::Entry &E) {
    ++Seen;
    if (&E == EA)
      EXPECT_EQ(E.Values[1].load(), 5);
  });
  EXPECT_EQ(Seen, 3u);
  T.clear();
  EXPECT_EQ(T.size(), 0u);
  T.release();
}

TEST(StackTable, ForEachVisitsTheFilledEntriesInOrder) {
  StackTable<1> T;
  ASSERT_TRUE(T.init(1 << 12));
  std::vector<std::uintptr_t> Added;
  for (std::uintptr_t I = 1; I <= 100; ++I) {
    std::uintptr_t Pc = I * 0x9E3779B97F4A7C15ull; // scattered slots
    ASSERT_NE(T.intern(&Pc, 1, true), nullptr);
    Added.push_back(Pc);
  }
  std::vector<std::uintptr_t> Seen;
  T.forEach([&](const StackTable<1>::Entry &E) { Seen.push_back(E.Pcs[0]); });
  EXPECT_EQ(Seen, Added);
  T.clear();
  std::size_t After = 0;
  T.forEach([&](const StackTable<1>::Entry &) { ++After; });
  EXPECT_EQ(After, 0u);
  T.release();
}

TEST(StackTable, FullTableSaysSo) {
  StackTable<1> T;
  ASSERT_TRUE(T.init(8));
  unsigned Added = 0;
  for (std::uintptr_t I = 1; I <= 16; ++I)
    Added += T.intern(&I, 1, true) != nullptr;
  EXPECT_EQ(Added, 6u); // kept below 7/8 full
  T.release();
}

TEST(Symbolizer, WithoutParameters) {
  char Out[128];
  auto Strip = [&](const char *In) {
    withoutParameters(In, Out, sizeof Out);
    return std::string(Out);
  };
  EXPECT_EQ(Strip("main"), "main");
  EXPECT_EQ(Strip("buildUsers(int)"), "buildUsers");
  EXPECT_EQ(Strip("ns::f<int>(int, char const*) const"), "ns::f<...>");
  EXPECT_EQ(Strip("std::_Hashtable<std::pair<int, std::vector<int> >, int>::"
                  "_M_rehash(unsigned long)"),
            "std::_Hashtable<...>::_M_rehash");
  EXPECT_EQ(Strip("operator<<(std::ostream&, int)"), "operator<<");
  EXPECT_EQ(Strip("Foo::operator<(Foo const&) const"), "Foo::operator<");
  EXPECT_EQ(Strip("Foo::operator->() const"), "Foo::operator->");
  EXPECT_EQ(Strip("Foo::operator()(int) const &&"), "Foo::operator()");
  EXPECT_EQ(Strip("std::vector<int, std::allocator<int> >::push_back(int&&)"),
            "std::vector<...>::push_back");
}

// Answers for the program's own addresses are cached in a table that
// starts at one page and doubles: after it has grown several times, every
// address still gets the answer it got the first time.
TEST(Symbolizer, CacheKeepsItsAnswersAsItGrows) {
  Symbolizer Sym(/*Demangle=*/false, Symbolizer::Scope::ProgramModules);
  // The library's code, linked into this test: the program's module.
  std::uintptr_t Base = reinterpret_cast<std::uintptr_t>(&withoutParameters);
  constexpr unsigned N = 700;
  std::vector<std::string> First;
  for (unsigned I = 0; I < N; ++I) {
    Frame F[MaxInlined];
    unsigned K = Sym.lookup(Base + 16 * I, F, MaxInlined);
    std::string S;
    for (unsigned J = 0; J < K; ++J)
      S += std::string(F[J].Function) + "@" + F[J].File + ":" +
           std::to_string(F[J].Line) + ";";
    First.push_back(S);
  }
  unsigned Named = 0;
  for (unsigned I = 0; I < N; ++I) {
    Frame F[MaxInlined];
    unsigned K = Sym.lookup(Base + 16 * I, F, MaxInlined);
    std::string S;
    for (unsigned J = 0; J < K; ++J)
      S += std::string(F[J].Function) + "@" + F[J].File + ":" +
           std::to_string(F[J].Line) + ";";
    EXPECT_EQ(S, First[I]) << "address " << I;
    Named += K > 0;
  }
  EXPECT_GT(Named, N / 2);
}

} // namespace
