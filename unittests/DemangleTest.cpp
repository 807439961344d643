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
  // User-facing library names keep the arguments the user wrote (the
  // default allocator is not one of them).
  EXPECT_EQ(displayName("_ZNSt6vectorIiSaIiEE9push_backERKi"),
            "std::vector<int>::push_back(int const&)");
}

TEST(Demangle, DefaultTemplateArgumentsAbiTagsAndInlineNamespacesDropped) {
  // std::unordered_map<std::string, JR, hash, equal_to, allocator>::reserve
  EXPECT_EQ(displayName("_ZNSt13unordered_mapINSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEE2JRSt4hashIS5_ESt8equal_toIS5_ESaISt4pairIKS5_S6_EEE7reserveEm"),
            "std::unordered_map<std::string, JR>::reserve(unsigned long)");
  // buildUsers[abi:cxx11](int)
  EXPECT_EQ(displayName("_Z10buildUsersB5cxx11i"), "buildUsers(int)");
  // fmt::v9::format<int&>(fmt::v9::basic_format_string<...>, int&)
  std::string Format = displayName(
      "_ZN3fmt2v96formatIJRiEEENSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEENS0_19basic_format_stringIcJDpNS0_13type_identityIT_E4typeEEEEDpOSA_");
  EXPECT_EQ(Format.find("v9"), std::string::npos) << Format;
  EXPECT_EQ(Format.rfind("fmt::format<int&>(fmt::basic_format_string<char", 0), 0u)
      << Format;
  // operator< is a name, not an argument list.
  EXPECT_EQ(displayName("_ZltRK1AS1_"), "operator<(A const&, A const&)");
}

TEST(Demangle, ShortNamesHaveNoParameters) {
  using escape_check::shortName;
  EXPECT_EQ(shortName("_Z2sqi"), "sq");
  EXPECT_EQ(shortName("_ZNSt6vectorIiSaIiEE9push_backERKi"),
            "std::vector<int>::push_back");
  EXPECT_EQ(shortName("_ZSt3maxIiERKT_S2_S2_"), "std::max");
  EXPECT_EQ(shortName("_Z10buildUsersB5cxx11i"), "buildUsers");
  EXPECT_EQ(shortName("strncmp"), "strncmp");
}

TEST(Demangle, OverloadsAreFound) {
  auto O = escape_check::overloadedNames({"_Z2sqi", "_Z2sqd", "_Z4cubei",
                                          "_ZN1AC1Ev", "_ZN1AC2Ev"});
  EXPECT_EQ(O, (std::set<std::string>{"sq"}));
}

TEST(Demangle, BaseNames) {
  using escape_check::baseName;
  EXPECT_EQ(baseName("_ZNSt6vectorIiSaIiEE9push_backERKi"), "push_back");
  EXPECT_EQ(baseName("_ZN1AC1Ev"), "A");
  EXPECT_EQ(baseName("_ZN2JRD2Ev"), "~JR");
  EXPECT_EQ(baseName("_ZSt3maxIiERKT_S2_S2_"), "max");
  EXPECT_EQ(baseName("_ZltRK1AS1_"), "operator<");
  EXPECT_EQ(baseName("fprintf"), "fprintf");
}

TEST(Demangle, TemplateInstancesAreNotOverloads) {
  EXPECT_TRUE(escape_check::overloadedNames({"_ZSt3maxIiERKT_S2_S2_",
                                             "_ZSt3maxIlERKT_S2_S2_"})
                  .empty());
}

// The tool's AST names (tool/AstNames.h) answer first while installed; the
// demangler names everything else, and again once they are gone.
TEST(Demangle, KnownNamesAnswerFirst) {
  using namespace escape_check;
  const char *Put = "_ZN3lib2v26HolderIlSaIlEE3putERKl";
  KnownNames Names;
  Names.Functions[Put] = {"lib::Holder<long>::put(long const&)", "lib::Holder<long>::put",
                "put", false};
  std::string Before = displayName(Put);
  EXPECT_EQ(Before, "lib::v2::Holder<long, std::allocator<long>>::put(long const&)");
  {
    UseKnownNames Use(Names);
    EXPECT_EQ(displayName(Put), "lib::Holder<long>::put(long const&)");
    EXPECT_EQ(shortName(Put), "lib::Holder<long>::put");
    EXPECT_EQ(baseName(Put), "put");
    // A clone the optimiser made is named as its original.
    EXPECT_EQ(displayName(std::string(Put) + ".specialized.1"),
              "lib::Holder<long>::put(long const&) (.specialized.1)");
    EXPECT_EQ(displayName("_Z2sqi"), "sq(int)");
  }
  EXPECT_EQ(displayName(Put), Before);
}

// An instance of a function template whose arguments are all defaults
// shows none, and is still no overload at level 1.
TEST(Demangle, KnownTemplateInstanceIsNoOverload) {
  using namespace escape_check;
  KnownNames Names;
  Names.Functions["_Z1fIiEvv"] = {"f()", "f", "f", true};
  Names.Functions["_Z1fi"] = {"f(int)", "f", "f", false};
  UseKnownNames Use(Names);
  std::set<std::string> Overloaded = overloadedNames({"_Z1fIiEvv", "_Z1fi"});
  EXPECT_TRUE(Overloaded.count("f"));
  EXPECT_EQ(levelOneName("_Z1fIiEvv", Overloaded), "f");
  EXPECT_EQ(levelOneName("_Z1fi", Overloaded), "f(int)");
}

// Inline namespaces the debug info describes are dropped where they
// qualify a name, not inside another identifier.
TEST(Demangle, KnownInlineNamespacesAreDropped) {
  using namespace escape_check;
  KnownNames Names;
  Names.InlineNamespaces = {"absl::debian3", "v1"};
  UseKnownNames Use(Names);
  // absl::debian3::StrCat(absl::debian3::AlphaNum const&)
  EXPECT_EQ(displayName("_ZN4absl7debian36StrCatERKNS0_8AlphaNumE"),
            "absl::StrCat(absl::AlphaNum const&)");
  // v1::f(), myabsl::debian3::g()
  EXPECT_EQ(displayName("_ZN2v11fEv"), "f()");
  EXPECT_EQ(displayName("_ZN6myabsl7debian31gEv"), "myabsl::debian3::g()");
}
