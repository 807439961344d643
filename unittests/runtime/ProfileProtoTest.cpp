// The profile.proto writer: decoded back field by field (profile.proto's
// numbering), with a real symbolizer naming a function of this test.
#include "ProfileProto.h"

#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <link.h>
#include <gtest/gtest.h>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <unistd.h>
#include <vector>

using namespace escapetrace;

extern "C" __attribute__((noinline, used)) int profiledFunction(int X) {
  return X * 3 + 1;
}

namespace {

// A protobuf message as field number -> values (varints) / bytes.
struct Msg {
  std::multimap<int, std::uint64_t> Nums;
  std::multimap<int, std::string> Bytes;
};

std::uint64_t varint(const std::string &S, std::size_t &I) {
  std::uint64_t V = 0;
  for (int Shift = 0; I < S.size(); Shift += 7) {
    std::uint8_t B = std::uint8_t(S[I++]);
    V |= std::uint64_t(B & 0x7f) << Shift;
    if (!(B & 0x80))
      break;
  }
  return V;
}

Msg decode(const std::string &S) {
  Msg M;
  for (std::size_t I = 0; I < S.size();) {
    std::uint64_t Key = varint(S, I);
    int Field = int(Key >> 3);
    if ((Key & 7) == 0) {
      M.Nums.emplace(Field, varint(S, I));
    } else {
      EXPECT_EQ(Key & 7, 2u);
      std::uint64_t Len = varint(S, I);
      M.Bytes.emplace(Field, S.substr(I, Len));
      I += Len;
    }
  }
  return M;
}

std::vector<std::uint64_t> packed(const std::string &S) {
  std::vector<std::uint64_t> V;
  for (std::size_t I = 0; I < S.size();)
    V.push_back(varint(S, I));
  return V;
}

TEST(ProfileProto, WritesNamedFieldsAndSymbols) {
  char Path[] = "/tmp/escapetrace-proto-XXXXXX";
  int Fd = mkstemp(Path);
  ASSERT_GE(Fd, 0);
  std::uintptr_t Fn = reinterpret_cast<std::uintptr_t>(&profiledFunction);
  {
    FdWriter W(Fd);
    Symbolizer Sym(/*Demangle=*/false, Symbolizer::Scope::Everything);
    ProfileWriter P(W, Sym);
    ASSERT_TRUE(P.begin());
    P.sampleType("samples", "count");
    P.sampleType("cpu", "nanoseconds");
    P.period("cpu", "nanoseconds", 10000000);
    P.durationNanos(123);
    std::uintptr_t Stack[] = {Fn + 4, Fn + 1}; // leaf exact, caller - 1
    std::int64_t V1[] = {3, 30000000};
    P.sample(Stack, 2, /*LeafIsPc=*/true, V1, 2);
    std::int64_t V2[] = {1, 10000000};
    P.sample(Stack, 1, /*LeafIsPc=*/true, V2, 2, "thread", 42);
    W.flush();
    EXPECT_FALSE(W.Failed);
  }
  std::string Data;
  char Buf[4096];
  lseek(Fd, 0, SEEK_SET);
  for (ssize_t N; (N = read(Fd, Buf, sizeof Buf)) > 0;)
    Data.append(Buf, std::size_t(N));
  close(Fd);
  unlink(Path);

  Msg Prof = decode(Data);
  std::vector<std::string> Strings;
  for (auto &E : Prof.Bytes)
    if (E.first == pprof::Profile::StringTable)
      Strings.push_back(E.second);
  ASSERT_FALSE(Strings.empty());
  EXPECT_EQ(Strings[0], "");
  auto Str = [&](std::uint64_t I) {
    return I < Strings.size() ? Strings[I] : std::string("<bad>");
  };

  std::vector<std::string> Types;
  for (auto R = Prof.Bytes.equal_range(pprof::Profile::SampleType);
       R.first != R.second; ++R.first) {
    Msg VT = decode(R.first->second);
    Types.push_back(Str(VT.Nums.find(pprof::ValueType::Type)->second) + "/" +
                    Str(VT.Nums.find(pprof::ValueType::Unit)->second));
  }
  EXPECT_EQ(Types, (std::vector<std::string>{"samples/count",
                                              "cpu/nanoseconds"}));
  EXPECT_EQ(Prof.Nums.find(pprof::Profile::Period)->second, 10000000u);
  EXPECT_EQ(Prof.Nums.find(pprof::Profile::DurationNanos)->second, 123u);

  // Two samples, their values, the label on the second.
  std::vector<Msg> Samples;
  for (auto R = Prof.Bytes.equal_range(pprof::Profile::Sample);
       R.first != R.second; ++R.first)
    Samples.push_back(decode(R.first->second));
  ASSERT_EQ(Samples.size(), 2u);
  EXPECT_EQ(packed(Samples[0].Bytes.find(pprof::Sample::Value)->second),
            (std::vector<std::uint64_t>{3, 30000000}));
  std::vector<std::uint64_t> Locs0 =
      packed(Samples[0].Bytes.find(pprof::Sample::LocationId)->second);
  ASSERT_EQ(Locs0.size(), 2u);
  std::vector<std::uint64_t> Locs1 =
      packed(Samples[1].Bytes.find(pprof::Sample::LocationId)->second);
  ASSERT_EQ(Locs1.size(), 1u);
  EXPECT_EQ(Locs1[0], Locs0[0]); // the same address is one location
  Msg Label = decode(Samples[1].Bytes.find(pprof::Sample::Label)->second);
  EXPECT_EQ(Str(Label.Nums.find(pprof::Label::Key)->second), "thread");
  EXPECT_EQ(Label.Nums.find(pprof::Label::Num)->second, 42u);

  // Locations: the leaf at its exact address, the caller at pc - 1, both
  // in profiledFunction.
  std::map<std::uint64_t, Msg> Locations, Functions;
  for (auto R = Prof.Bytes.equal_range(pprof::Profile::Location);
       R.first != R.second; ++R.first) {
    Msg L = decode(R.first->second);
    Locations[L.Nums.find(pprof::Location::Id)->second] = L;
  }
  for (auto R = Prof.Bytes.equal_range(pprof::Profile::Function);
       R.first != R.second; ++R.first) {
    Msg F = decode(R.first->second);
    Functions[F.Nums.find(pprof::Function::Id)->second] = F;
  }
  ASSERT_EQ(Locations.size(), 2u);
  EXPECT_EQ(Locations[Locs0[0]].Nums.find(pprof::Location::Address)->second,
            Fn + 4);
  EXPECT_EQ(Locations[Locs0[1]].Nums.find(pprof::Location::Address)->second,
            Fn);
  for (std::uint64_t Id : Locs0) {
    Msg &L = Locations[Id];
    EXPECT_NE(L.Nums.find(pprof::Location::MappingId), L.Nums.end());
    auto Line = L.Bytes.find(pprof::Location::Line);
    ASSERT_NE(Line, L.Bytes.end());
    Msg Ln = decode(Line->second);
    Msg &F = Functions[Ln.Nums.find(pprof::Line::FunctionId)->second];
    EXPECT_EQ(Str(F.Nums.find(pprof::Function::Name)->second),
              "profiledFunction");
    EXPECT_EQ(Str(F.Nums.find(pprof::Function::SystemName)->second),
              "profiledFunction");
  }
  // The mapping of this executable is there.
  EXPECT_NE(Prof.Bytes.find(pprof::Profile::Mapping), Prof.Bytes.end());
}

// The id tables start at one page and double: a profile with many more
// locations, functions and strings than that still has each once, and
// every sample's ids name the entries written for it.
TEST(ProfileProto, TablesGrowPastTheirFirstPage) {
  char Path[] = "/tmp/escapetrace-proto-XXXXXX";
  int Fd = mkstemp(Path);
  ASSERT_GE(Fd, 0);
  // Addresses across libc's code: named from its dynamic symbols (no DWARF
  // read), hundreds of distinct functions among them.
  struct Text {
    std::uintptr_t Lo = 0, Size = 0;
  } T;
  dl_iterate_phdr(
      [](dl_phdr_info *Info, std::size_t, void *Arg) {
        if (!std::strstr(Info->dlpi_name, "/libc.so"))
          return 0;
        for (int I = 0; I < Info->dlpi_phnum; ++I)
          if (Info->dlpi_phdr[I].p_type == PT_LOAD &&
              (Info->dlpi_phdr[I].p_flags & PF_X)) {
            auto *Out = static_cast<Text *>(Arg);
            Out->Lo = Info->dlpi_addr + Info->dlpi_phdr[I].p_vaddr;
            Out->Size = Info->dlpi_phdr[I].p_memsz;
          }
        return 1;
      },
      &T);
  ASSERT_GT(T.Size, 0u);
  constexpr unsigned N = 3000;
  std::uintptr_t Step = (T.Size / N) & ~std::uintptr_t(63);
  ASSERT_GE(Step, 64u);
  std::uintptr_t Base = T.Lo;
  {
    FdWriter W(Fd);
    Symbolizer Sym(/*Demangle=*/false, Symbolizer::Scope::ProgramModules);
    ProfileWriter P(W, Sym);
    ASSERT_TRUE(P.begin());
    P.sampleType("samples", "count");
    for (unsigned I = 0; I < N; ++I) {
      // The callers (pc - 1) half as many, none at a leaf's address.
      std::uintptr_t Stack[] = {Base + Step * I, Base + Step * (I / 2) + 33};
      std::int64_t V[] = {std::int64_t(I + 1)};
      P.sample(Stack, 2, /*LeafIsPc=*/true, V, 1);
    }
    W.flush();
    EXPECT_FALSE(W.Failed);
  }
  std::string Data;
  char Buf[4096];
  lseek(Fd, 0, SEEK_SET);
  for (ssize_t K; (K = read(Fd, Buf, sizeof Buf)) > 0;)
    Data.append(Buf, std::size_t(K));
  close(Fd);
  unlink(Path);

  Msg Prof = decode(Data);
  std::vector<std::string> Strings;
  for (auto &E : Prof.Bytes)
    if (E.first == pprof::Profile::StringTable)
      Strings.push_back(E.second);
  std::set<std::string> Distinct(Strings.begin(), Strings.end());
  EXPECT_EQ(Distinct.size(), Strings.size()); // each string once
  std::map<std::uint64_t, std::uint64_t> AddressOf; // location id -> address
  std::set<std::uint64_t> Addresses, FunctionIds, Named;
  for (auto R = Prof.Bytes.equal_range(pprof::Profile::Location);
       R.first != R.second; ++R.first) {
    Msg L = decode(R.first->second);
    std::uint64_t A = L.Nums.find(pprof::Location::Address)->second;
    EXPECT_TRUE(Addresses.insert(A).second); // each address once
    AddressOf[L.Nums.find(pprof::Location::Id)->second] = A;
    for (auto Ln = L.Bytes.equal_range(pprof::Location::Line);
         Ln.first != Ln.second; ++Ln.first)
      Named.insert(decode(Ln.first->second)
                       .Nums.find(pprof::Line::FunctionId)
                       ->second);
  }
  for (auto R = Prof.Bytes.equal_range(pprof::Profile::Function);
       R.first != R.second; ++R.first) {
    Msg F = decode(R.first->second);
    EXPECT_TRUE(FunctionIds.insert(F.Nums.find(pprof::Function::Id)->second)
                    .second);
    EXPECT_LT(F.Nums.find(pprof::Function::Name)->second, Strings.size());
  }
  EXPECT_GT(FunctionIds.size(), 256u); // past the first page of its table
  for (std::uint64_t Id : Named)
    EXPECT_TRUE(FunctionIds.count(Id));
  // The leaves and the callers (pc - 1): 3000 + 1500 distinct addresses.
  EXPECT_EQ(Addresses.size(), N + N / 2);
  unsigned I = 0;
  for (auto R = Prof.Bytes.equal_range(pprof::Profile::Sample);
       R.first != R.second; ++R.first, ++I) {
    Msg S = decode(R.first->second);
    std::vector<std::uint64_t> Locs =
        packed(S.Bytes.find(pprof::Sample::LocationId)->second);
    ASSERT_EQ(Locs.size(), 2u);
    EXPECT_EQ(AddressOf[Locs[0]], Base + Step * I);
    EXPECT_EQ(AddressOf[Locs[1]], Base + Step * (I / 2) + 32);
  }
  EXPECT_EQ(I, N);
}

} // namespace
