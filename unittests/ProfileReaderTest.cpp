// The profile.proto wire reader and its gzip path, on profiles encoded here
// field by field (the encoder is the protobuf wire format, nothing more).
#include "ProfileJoin.h"
#include "ProfileReader.h"

#include "llvm/Support/CRC.h"
#include "llvm/Support/Compression.h"
#include "llvm/Support/Endian.h"

#include <gtest/gtest.h>

using namespace escape_check;

namespace {

class Pb {
public:
  Pb &varint(std::uint64_t V) {
    while (V >= 0x80) {
      Bytes.push_back(std::uint8_t(V | 0x80));
      V >>= 7;
    }
    Bytes.push_back(std::uint8_t(V));
    return *this;
  }
  Pb &num(unsigned Field, std::uint64_t V) {
    return varint(std::uint64_t(Field) << 3).varint(V);
  }
  Pb &bytes(unsigned Field, const std::vector<std::uint8_t> &B) {
    varint((std::uint64_t(Field) << 3) | 2).varint(B.size());
    Bytes.insert(Bytes.end(), B.begin(), B.end());
    return *this;
  }
  Pb &str(unsigned Field, const std::string &S) {
    return bytes(Field, std::vector<std::uint8_t>(S.begin(), S.end()));
  }
  Pb &msg(unsigned Field, const Pb &M) { return bytes(Field, M.Bytes); }
  std::vector<std::uint8_t> Bytes;
};

/// A heap profile with one mapping, two locations (the second with an
/// inlined frame and a column), one function and two samples; the string
/// table comes last, as some writers put it.
std::vector<std::uint8_t> heapProfile() {
  Pb P;
  // strings: 0 "", 1 alloc_objects, 2 count, 3 alloc_space, 4 bytes,
  // 5 /bin/prog, 6 f, 7 /src/a.cpp
  P.msg(1, Pb().num(1, 1).num(2, 2));
  P.msg(1, Pb().num(1, 3).num(2, 4));
  Pb Packed;
  Packed.varint(1).varint(2);
  P.msg(2, Pb().msg(1, Packed).msg(2, Pb().varint(10).varint(160)));
  // An unpacked sample, as older writers emit.
  P.msg(2, Pb().num(1, 2).num(2, 3).num(2, 300));
  P.msg(3, Pb().num(1, 1).num(2, 0x1000).num(3, 0x2000).num(4, 0).num(5, 5));
  P.msg(4, Pb().num(1, 1).num(2, 1).num(3, 0x1234));
  P.msg(4, Pb().num(1, 2).num(2, 1).num(3, 0x1300)
               .msg(4, Pb().num(1, 1).num(2, 14).num(3, 42))
               .msg(4, Pb().num(1, 1).num(2, 18)));
  P.msg(5, Pb().num(1, 1).num(2, 6).num(3, 6).num(4, 7));
  P.num(12, 1); // period
  P.num(99, 7); // unknown fields are skipped
  for (const char *S : {"", "alloc_objects", "count", "alloc_space", "bytes",
                        "/bin/prog", "f", "/src/a.cpp"})
    P.str(6, S);
  return P.Bytes;
}

/// RFC 1952 around the deflate data zlib produces (its 2-byte header and
/// Adler-32 trailer removed).
std::vector<std::uint8_t> gzip(const std::vector<std::uint8_t> &Data) {
  llvm::SmallVector<std::uint8_t, 0> Zlib;
  llvm::compression::zlib::compress(Data, Zlib);
  std::vector<std::uint8_t> Out = {0x1f, 0x8b, 8, 8, 0, 0, 0, 0, 0, 3};
  for (char C : std::string("mem.prof"))
    Out.push_back(std::uint8_t(C));
  Out.push_back(0); // FNAME, zero-terminated
  Out.insert(Out.end(), Zlib.begin() + 2, Zlib.end() - 4);
  std::uint8_t Trailer[8];
  llvm::support::endian::write32le(Trailer, llvm::crc32(Data));
  llvm::support::endian::write32le(Trailer + 4, std::uint32_t(Data.size()));
  Out.insert(Out.end(), Trailer, Trailer + 8);
  return Out;
}

void expectHeapProfile(const Profile &P) {
  ASSERT_EQ(P.SampleTypes.size(), 2u);
  EXPECT_EQ(P.SampleTypes[1].Type, "alloc_space");
  EXPECT_EQ(P.SampleTypes[1].Unit, "bytes");
  EXPECT_EQ(P.sampleIndex("alloc_objects"), 0);
  EXPECT_EQ(P.sampleIndex("cpu"), -1);
  EXPECT_EQ(P.Period, 1);
  ASSERT_EQ(P.Samples.size(), 2u);
  EXPECT_EQ(P.Samples[0].LocationIds, (std::vector<std::uint64_t>{1, 2}));
  EXPECT_EQ(P.Samples[0].Values, (std::vector<std::int64_t>{10, 160}));
  EXPECT_EQ(P.Samples[1].LocationIds, (std::vector<std::uint64_t>{2}));
  EXPECT_EQ(P.Samples[1].Values, (std::vector<std::int64_t>{3, 300}));
  ASSERT_EQ(P.Mappings.size(), 1u);
  EXPECT_EQ(P.Mappings[0].File, "/bin/prog");
  EXPECT_EQ(P.Mappings[0].Start, 0x1000u);
  const ProfileLocation *L = P.location(2);
  ASSERT_NE(L, nullptr);
  EXPECT_EQ(L->Address, 0x1300u);
  ASSERT_EQ(L->Lines.size(), 2u);
  EXPECT_EQ(L->Lines[0].Line, 14);
  EXPECT_EQ(L->Lines[0].Column, 42);
  EXPECT_EQ(L->Lines[1].Column, 0);
  ASSERT_GT(P.Functions.size(), 1u);
  EXPECT_EQ(P.Functions[1].Name, "f");
  EXPECT_EQ(P.Functions[1].File, "/src/a.cpp");
  EXPECT_EQ(P.mapping(0, 0x1234), &P.Mappings[0]);
}

TEST(ProfileReader, ReadsTheFieldsTheJoinUses) {
  auto P = parseProfile(heapProfile());
  ASSERT_TRUE(bool(P)) << llvm::toString(P.takeError());
  expectHeapProfile(*P);
}

TEST(ProfileReader, ReadsGzip) {
  if (!llvm::compression::zlib::isAvailable())
    GTEST_SKIP() << "no zlib";
  auto P = parseProfile(gzip(heapProfile()));
  ASSERT_TRUE(bool(P)) << llvm::toString(P.takeError());
  expectHeapProfile(*P);
}

TEST(ProfileReader, RejectsDamage) {
  std::vector<std::uint8_t> Bytes = heapProfile();
  // Truncated in the middle of a message.
  std::vector<std::uint8_t> Cut(Bytes.begin(), Bytes.begin() + 20);
  auto P = parseProfile(Cut);
  ASSERT_FALSE(bool(P));
  EXPECT_NE(llvm::toString(P.takeError()).find("not a pprof profile"),
            std::string::npos);

  if (llvm::compression::zlib::isAvailable()) {
    std::vector<std::uint8_t> Gz = gzip(Bytes);
    Gz[Gz.size() - 12] ^= 0x55; // inside the deflate data
    auto Q = parseProfile(Gz);
    ASSERT_FALSE(bool(Q));
    llvm::consumeError(Q.takeError());
  }

  auto Empty = parseProfile({});
  ASSERT_FALSE(bool(Empty));
  EXPECT_NE(llvm::toString(Empty.takeError()).find("no string table"),
            std::string::npos);
}

TEST(ProfileJoin, HumanBytes) {
  EXPECT_EQ(humanBytes(0), "0 B");
  EXPECT_EQ(humanBytes(1023), "1023 B");
  EXPECT_EQ(humanBytes(16160), "15.8 KB");
  EXPECT_EQ(humanBytes(10399744), "9.9 MB");
  EXPECT_EQ(humanBytes(3ull << 30), "3.0 GB");
}

TEST(ProfileJoin, SortByBytesKeepsTheRestInOrder) {
  std::vector<Finding> F(4);
  for (unsigned I = 0; I < 4; ++I)
    F[I].Pos = {"a.cpp", I + 1, 1};
  F[1].Allocated = RuntimeCost{1, 100, 0};
  F[3].Allocated = RuntimeCost{1, 500, 0};
  sortByBytes(F);
  std::vector<unsigned> Lines;
  for (const Finding &X : F)
    Lines.push_back(X.Pos.Line);
  EXPECT_EQ(Lines, (std::vector<unsigned>{4, 2, 1, 3}));
}

} // namespace
