// The option table drives the ESCAPETRACE parser: values, errors and the
// loopback rule for http=.
#include "Options.h"

#include <cstring>
#include <gtest/gtest.h>
#include <set>
#include <string>

using namespace escapetrace;

namespace {

std::string parseError(const char *Text) {
  Options O;
  char Err[512] = {};
  EXPECT_FALSE(parseOptions(Text, O, Err, sizeof Err)) << Text;
  return Err;
}

Options parsed(const char *Text) {
  Options O;
  char Err[512] = {};
  EXPECT_TRUE(parseOptions(Text, O, Err, sizeof Err)) << Text << ": " << Err;
  return O;
}

TEST(Options, OffAndOn) {
  EXPECT_FALSE(parsed("").Enabled);
  EXPECT_FALSE(parsed("0").Enabled);
  EXPECT_TRUE(parsed("1").Enabled);
  Options O = parsed("1,json=1");
  EXPECT_TRUE(O.Enabled);
  EXPECT_TRUE(O.Json);
}

TEST(Options, EveryKind) {
  Options O = parsed("goal=50,interval=20,out=t.%p,sites=1,profile=h.prof,"
                     "legacy=1,rate=4096,cpuprofile=c.prof,cpurate=250,"
                     "syssymbols=1,http=127.0.0.1:6060,children=0,symbolizer=/bin/true");
  EXPECT_EQ(O.Goal, 50u);
  EXPECT_EQ(O.IntervalMs, 20u);
  EXPECT_STREQ(O.Out, "t.%p");
  EXPECT_TRUE(O.Sites);
  EXPECT_STREQ(O.Profile, "h.prof");
  EXPECT_TRUE(O.LegacyProfile);
  EXPECT_EQ(O.Rate, 4096u);
  EXPECT_STREQ(O.CpuProfile, "c.prof");
  EXPECT_EQ(O.CpuRate, 250u);
  EXPECT_TRUE(O.SystemSymbols);
  EXPECT_STREQ(O.Http, "127.0.0.1:6060");
  EXPECT_EQ(O.HttpPort, 6060);
  EXPECT_FALSE(O.HttpV6);
  EXPECT_EQ(O.HttpAddr[0], 127);
  EXPECT_EQ(O.HttpAddr[3], 1);
  EXPECT_FALSE(O.Children);
  EXPECT_STREQ(O.Symbolizer, "/bin/true");
}

TEST(Options, Defaults) {
  Options O = parsed("1");
  EXPECT_EQ(O.Goal, 100u);
  EXPECT_EQ(O.Rate, 512u * 1024);
  EXPECT_EQ(O.CpuRate, 100u);
  EXPECT_FALSE(O.SystemSymbols);
  EXPECT_TRUE(O.Children);
  EXPECT_FALSE(O.Http[0]);
}

TEST(Options, Errors) {
  EXPECT_EQ(parseError("goal=abc"),
            "goal wants a percentage 1..100000, got \"abc\"");
  EXPECT_EQ(parseError("goal=0"),
            "goal wants a percentage 1..100000, got \"0\"");
  EXPECT_EQ(parseError("cpurate=5000"),
            "cpurate wants samples per second 1..1000, got \"5000\"");
  EXPECT_EQ(parseError("sites=yes"), "sites wants 0 or 1, got \"yes\"");
  EXPECT_EQ(parseError("cpuprofile="), "cpuprofile wants a path, got \"\"");
  EXPECT_EQ(parseError("2"), "expected key=value, got \"2\"");
  std::string Unknown = parseError("colour=red");
  EXPECT_EQ(Unknown.rfind("unknown option \"colour\" (known: goal, ", 0), 0u)
      << Unknown;
  // Every key is listed.
  for (std::size_t I = 0; I < NumOptions; ++I)
    EXPECT_NE(Unknown.find(OptionTable[I].Key), std::string::npos);
}

TEST(Options, HttpIsLoopbackOnly) {
  EXPECT_EQ(parsed("http=localhost:0").HttpPort, 0);
  EXPECT_TRUE(parsed("http=[::1]:6060").HttpV6);
  EXPECT_EQ(parsed("http=127.1.2.3:80").HttpAddr[1], 1);
  for (const char *Bad :
       {"http=0.0.0.0:6060", "http=192.168.1.1:80", "http=:6060",
        "http=example.com:80", "http=127.0.0.1", "http=127.0.0.1:65536",
        "http=127.0.0.256:1", "http=[::]:80", "http=128.0.0.1:1"}) {
    std::string E = parseError(Bad);
    EXPECT_EQ(E.rfind("http wants a loopback address", 0), 0u) << Bad << E;
  }
}

TEST(Options, TableIsConsistent) {
  std::set<std::string> Keys;
  for (std::size_t I = 0; I < NumOptions; ++I) {
    const OptionSpec &S = OptionTable[I];
    EXPECT_TRUE(Keys.insert(S.Key).second) << S.Key;
    EXPECT_LT(S.Offset, sizeof(Options));
    EXPECT_TRUE(S.Help && *S.Help);
    if (S.Kind != OptionKind::Bool)
      EXPECT_NE(S.Metavar, nullptr) << S.Key;
    EXPECT_EQ(findOption(S.Key, std::strlen(S.Key)), &S);
  }
  EXPECT_EQ(findOption("sit", 3), nullptr);
}

TEST(Options, ExpandPath) {
  char Out[64];
  ASSERT_TRUE(expandPath("trace.%p.txt", 1234, Out, sizeof Out));
  EXPECT_STREQ(Out, "trace.1234.txt");
  EXPECT_FALSE(expandPath("a-very-long-name-%p", 99, Out, 10));
}

} // namespace
