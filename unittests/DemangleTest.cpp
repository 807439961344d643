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

TEST(Demangle, LibraryInternalTemplateArgumentsAreElided) {
  // std::_Hashtable<std::string, std::pair<...>, ...>::_M_rehash(...)
  std::string Name = displayName(
      "_ZNSt10_HashtableINSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEESt4pairIKS5_iESaIS8_ENSt8__detail10_Select1stESt8equal_toIS5_ESt4hashIS5_ENSA_18_Mod_range_hashingENSA_20_Default_ranged_hashENSA_20_Prime_rehash_policyENSA_17_Hashtable_traitsILb1ELb0ELb1EEEE9_M_rehashEmRKm");
  EXPECT_EQ(Name, "std::_Hashtable<...>::_M_rehash(unsigned long, unsigned long const&)");
  // User-facing library names keep their arguments.
  EXPECT_EQ(displayName("_ZNSt6vectorIiSaIiEE9push_backERKi"),
            "std::vector<int, std::allocator<int>>::push_back(int const&)");
}
