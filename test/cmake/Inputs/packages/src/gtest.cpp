// GTest::gtest: -DGTEST_HAS_PTHREAD=1 as a compile option, C++11 or later as
// a compile feature, Threads::Threads through its link interface.
#ifndef GTEST_HAS_PTHREAD
#error "the lint lost GTest::gtest's compile options"
#endif
#include <gtest/gtest.h>

#include <memory>

TEST(Packages, Owned) {
  auto P = std::make_unique<int>(42);
  EXPECT_EQ(*P, 42);
}
