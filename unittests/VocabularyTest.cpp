// The vocabulary table: every name reads back, every (kind, verdict) pair has
// its own wording, and the --only/--error-on classes come from the same rows.
#include "escape-check/Finding.h"

#include <gtest/gtest.h>

#include <set>

using namespace escape_check;

TEST(Vocabulary, NamesReadBack) {
  for (const KindWords &K : allKinds())
    EXPECT_EQ(kindFromName(K.Name), K.Kind);
  for (const VerdictWords &W : allVerdictWords())
    EXPECT_EQ(verdictFromName(verdictName(W.TheVerdict)), W.TheVerdict);
  EXPECT_FALSE(kindFromName("stack"));
  EXPECT_FALSE(verdictFromName("escaped"));
}

TEST(Vocabulary, OneRowPerKindAndVerdict) {
  std::set<std::pair<FindingKind, Verdict>> Seen;
  for (const VerdictWords &W : allVerdictWords()) {
    EXPECT_TRUE(Seen.insert({W.Kind, W.TheVerdict}).second);
    EXPECT_EQ(&words(W.Kind, W.TheVerdict), &W);
  }
  EXPECT_EQ(Seen.size(), 10u);
}

TEST(Vocabulary, MessagesUseTheFinding) {
  Finding F;
  F.Kind = FindingKind::Local;
  F.Name = "x";
  F.Sink = "returned";
  EXPECT_EQ(message(F), "address of local x escapes: returned");
  F.Kind = FindingKind::Inline;
  F.TheVerdict = Verdict::NotInlined;
  F.Callee = "f";
  F.Reason = "too costly";
  EXPECT_EQ(message(F), "cannot inline call to f: too costly");
  EXPECT_TRUE(isProblem(F));
  // "cannot inline f" at f's definition is not a call: --error-on counts
  // the calls.
  F.Definition = true;
  EXPECT_FALSE(isProblem(F));
}

TEST(Vocabulary, Classes) {
  EXPECT_EQ(kindsOfClass("escape"),
            (std::set<FindingKind>{FindingKind::Heap, FindingKind::Local,
                                   FindingKind::Param}));
  EXPECT_EQ(kindsOfClass("inline"),
            std::set<FindingKind>{FindingKind::Inline});
  EXPECT_FALSE(kindsOfClass("stack"));
  EXPECT_EQ(classList(), "heap, local, param, inline or escape");
}
