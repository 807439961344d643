// --error-on and --baseline matching.
#include "Policy.h"

#include <gtest/gtest.h>

using namespace escape_check;

namespace {

Finding heap(std::string Function, std::string Name, unsigned Line,
             Verdict V = Verdict::Escapes) {
  Finding F;
  F.Kind = FindingKind::Heap;
  F.Function = std::move(Function);
  F.Name = std::move(Name);
  F.Pos = {"a.cpp", Line, 3};
  F.TheVerdict = V;
  return F;
}

TEST(Policy, OnlyProblemsOfListedKindsCount) {
  Report R;
  R.Findings = {heap("f()", "new int", 1),
                heap("f()", "new int", 2, Verdict::DoesNotEscape)};
  EXPECT_EQ(policyViolations(R, {FindingKind::Heap}, nullptr).size(), 1u);
  EXPECT_TRUE(policyViolations(R, {FindingKind::Inline}, nullptr).empty());
}

TEST(Policy, BaselineMatchesIgnoringPosition) {
  Report Base;
  Base.Findings = {heap("f()", "new int", 10)};
  Report Now;
  Now.Findings = {heap("f()", "new int", 42)};
  EXPECT_TRUE(policyViolations(Now, {FindingKind::Heap}, &Base).empty());
}

TEST(Policy, EachBaselineEntryExcusesOneFinding) {
  Report Base;
  Base.Findings = {heap("f()", "new int", 10)};
  Report Now;
  Now.Findings = {heap("f()", "new int", 10), heap("f()", "new int", 11)};
  auto V = policyViolations(Now, {FindingKind::Heap}, &Base);
  ASSERT_EQ(V.size(), 1u);
  EXPECT_EQ(V[0]->Pos.Line, 11u);
}

TEST(Policy, DifferentFunctionOrVerdictIsNotExcused) {
  Report Base;
  Base.Findings = {heap("f()", "new int", 10)};
  Report Now;
  Now.Findings = {heap("g()", "new int", 10)};
  EXPECT_EQ(policyViolations(Now, {FindingKind::Heap}, &Base).size(), 1u);
}

TEST(Policy, InlineFindingsMatchOnCallee) {
  Finding F;
  F.Kind = FindingKind::Inline;
  F.Function = "main";
  F.Callee = "slow(int)";
  F.TheVerdict = Verdict::NotInlined;
  Report Base;
  Base.Findings = {F};
  Report Now;
  Now.Findings = {F};
  Now.Findings[0].Pos.Line = 99;
  EXPECT_TRUE(policyViolations(Now, {FindingKind::Inline}, &Base).empty());
  Now.Findings[0].Callee = "other(int)";
  EXPECT_EQ(policyViolations(Now, {FindingKind::Inline}, &Base).size(), 1u);
}

} // namespace
