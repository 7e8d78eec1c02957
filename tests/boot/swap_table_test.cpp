// MCUboot's documented swap states (docs/design.md "swap state tables"), one line per case.
#include "boot/swap_table.hpp"

#include <gtest/gtest.h>

namespace norboot::boot::swap_table_test {
namespace {

TrailerState st(Magic m, Flag ok, Flag copy) {
  TrailerState s;
  s.magic = m;
  s.image_ok = ok;
  s.copy_done = copy;
  return s;
}

struct Case {
  TrailerState primary, secondary;
  SwapType want;
  const char* what;
};

TEST(SwapTable, DocumentedStates) {
  const Case cases[] = {
      {st(Magic::kGood, Flag::kSet, Flag::kSet), st(Magic::kGood, Flag::kUnset, Flag::kUnset), SwapType::kTest, "test request"},
      {st(Magic::kBad, Flag::kBad, Flag::kBad), st(Magic::kGood, Flag::kUnset, Flag::kUnset), SwapType::kTest, "test over any primary"},
      {st(Magic::kUnset, Flag::kUnset, Flag::kUnset), st(Magic::kGood, Flag::kSet, Flag::kUnset), SwapType::kPerm, "permanent request"},
      {st(Magic::kGood, Flag::kUnset, Flag::kSet), st(Magic::kUnset, Flag::kUnset, Flag::kUnset), SwapType::kRevert, "unconfirmed test image"},
      {st(Magic::kGood, Flag::kSet, Flag::kSet), st(Magic::kUnset, Flag::kUnset, Flag::kUnset), SwapType::kNone, "confirmed"},
      {st(Magic::kGood, Flag::kUnset, Flag::kUnset), st(Magic::kUnset, Flag::kUnset, Flag::kUnset), SwapType::kNone, "padded, never swapped"},
      {st(Magic::kGood, Flag::kUnset, Flag::kSet), st(Magic::kBad, Flag::kUnset, Flag::kUnset), SwapType::kNone, "bad secondary magic: no revert"},
      {st(Magic::kGood, Flag::kBad, Flag::kSet), st(Magic::kUnset, Flag::kUnset, Flag::kUnset), SwapType::kNone, "garbage image_ok: no revert"},
      {st(Magic::kUnset, Flag::kUnset, Flag::kUnset), st(Magic::kGood, Flag::kBad, Flag::kUnset), SwapType::kNone, "garbage request flag"},
      {st(Magic::kGood, Flag::kUnset, Flag::kSet), st(Magic::kGood, Flag::kUnset, Flag::kUnset), SwapType::kTest, "new request wins over revert"},
  };
  for (const Case& c : cases) EXPECT_EQ(decide_swap(c.primary, c.secondary).type, c.want) << c.what;
}

TEST(SwapTable, EveryDecisionCarriesAReason) {
  SwapDecision d = decide_swap(st(Magic::kUnset, Flag::kUnset, Flag::kUnset), st(Magic::kUnset, Flag::kUnset, Flag::kUnset));
  EXPECT_EQ(d.rule, -1);
  EXPECT_FALSE(d.why.empty());
  for (const SwapRule& r : kSwapRules) EXPECT_FALSE(r.why.empty());
}

}  // namespace
}  // namespace norboot::boot::swap_table_test
