// Function names as users read them.
#include "Demangle.h"

#include <gtest/gtest.h>

using escape_check::displayName;

TEST(Demangle, PlainFunction) { EXPECT_EQ(displayName("_Z2sqi"), "sq(int)"); }

TEST(Demangle, TemplateDropsReturnType) {
  EXPECT_EQ(displayName("_ZSt3maxIiERKT_S2_S2_"),
            "std::max<int>(int const&, int const&)");
}

TEST(Demangle, MemberFunction) {
  EXPECT_EQ(displayName("_ZN4Node4sizeEv"), "Node::size()");
}

TEST(Demangle, UnmangledNamesStay) {
  EXPECT_EQ(displayName("main"), "main");
  EXPECT_EQ(displayName("malloc"), "malloc");
}

TEST(Demangle, StandardStringIsAbbreviated) {
  // std::__cxx11::basic_string<char, ...>::size() const
  EXPECT_EQ(displayName("_ZNKSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE4sizeEv"),
            "std::string::size() const");
  // rawJSON(int, std::string const&)
  EXPECT_EQ(displayName("_ZL7rawJSONiRKNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEE"),
            "rawJSON(int, std::string const&)");
}
