// Image state (list / test / confirm), erase and slot info through the agent, and the state-write
// rule table on its own.
#include <gtest/gtest.h>

#include "smp/state_policy.hpp"
#include "smp_rig.hpp"
#include "test_image.hpp"

namespace norboot::smp::image_state_test {
namespace {

using testing::bin;
using testing::json;
using testing::make_image;
using testing::SmpRig;
using Bytes = std::vector<std::byte>;

void put_secondary(SmpRig& rig, const Bytes& img) {
  auto area = rig.backend.upload_area();
  ASSERT_TRUE(area.erase(0, area.size));
  ASSERT_TRUE(area.write(0, img));
}

json test_request(const Bytes& img, bool confirm) {
  return {{"hash", bin(testing::image_hash(img))}, {"confirm", confirm}};
}

json flags(const json& entry) {
  return {entry["pending"], entry["confirmed"], entry["active"], entry["permanent"]};
}

class ImageState : public ::testing::Test {
 protected:
  void SetUp() override {
    rig.backend.install_primary(v1);
    put_secondary(rig, v2);
  }
  json list() { return rig.call(Op::kRead, 1, image_cmd::kState).body; }
  json write(const json& body) { return rig.call(Op::kWrite, 1, image_cmd::kState, body).body; }

  SmpRig rig;
  Bytes v1 = make_image({.total = 8000, .major = 1, .seed = 1});
  Bytes v2 = make_image({.total = 9000, .major = 2, .seed = 2});
};

TEST_F(ImageState, List_BothSlotsWithFlags) {
  auto l = list();
  ASSERT_EQ(l["images"].size(), 2u);
  EXPECT_EQ(l["splitStatus"], 0);
  EXPECT_EQ(l["images"][0]["version"], "1.0.0");
  EXPECT_EQ(flags(l["images"][0]), (json{false, true, true, false}));
  EXPECT_EQ(l["images"][1]["slot"], 1);
  EXPECT_EQ(flags(l["images"][1]), (json{false, false, false, false}));
}

TEST_F(ImageState, Test_SecondaryBecomesPendingAndAnswerIsTheList) {
  auto r = write(test_request(v2, false));
  EXPECT_EQ(flags(r["images"][1]), (json{true, false, false, false}));
  EXPECT_TRUE(rig.backend.pending);
  EXPECT_FALSE(rig.backend.permanent);
  EXPECT_EQ(write(test_request(v2, false))["images"][1]["pending"], true);  // again: nothing to do
}

TEST_F(ImageState, ConfirmWithSecondaryHash_Permanent) {
  auto r = write(test_request(v2, true));
  EXPECT_EQ(flags(r["images"][1]), (json{true, false, false, true}));
}

TEST_F(ImageState, FullCycle_TestResetConfirm) {
  write(test_request(v2, false));
  rig.backend.boot();  // the swap
  auto l = list();
  EXPECT_EQ(l["images"][0]["version"], "2.0.0");
  EXPECT_EQ(flags(l["images"][0]), (json{false, false, true, false}));  // running, not confirmed
  EXPECT_EQ(flags(l["images"][1]), (json{false, true, false, false}));  // the revert target
  // While unconfirmed, a test of anything is refused.
  EXPECT_EQ(write(test_request(v1, false))["err"]["rc"], 28);
  auto r = write(json{{"confirm", true}});
  EXPECT_EQ(flags(r["images"][0]), (json{false, true, true, false}));
  EXPECT_EQ(flags(r["images"][1]), (json{false, false, false, false}));
}

TEST_F(ImageState, UnconfirmedTestRevertsAtNextBoot) {
  write(test_request(v2, false));
  rig.backend.boot();
  rig.backend.boot();  // no confirm: revert
  EXPECT_EQ(list()["images"][0]["version"], "1.0.0");
}

TEST_F(ImageState, TestOfUnknownHash_HashNotFound) {
  Bytes other = make_image({.total = 5000, .seed = 77});
  auto r = write(test_request(other, false));
  EXPECT_EQ(r["err"], (json{{"group", 1}, {"rc", 8}}));
  EXPECT_FALSE(rig.backend.pending);
}

TEST_F(ImageState, TestWithoutHash_InvalidHash) {
  EXPECT_EQ(write(json{{"confirm", false}})["err"]["rc"], 24);
}

TEST_F(ImageState, TestOfRunningImage_Denied) {
  EXPECT_EQ(write(test_request(v1, false))["err"]["rc"], 33);
}

TEST_F(ImageState, SecondTestWhilePending_AlreadyPending) {
  write(test_request(v2, true));
  EXPECT_EQ(write(test_request(v2, false))["err"]["rc"], 28);
}

TEST_F(ImageState, HashOfWrongType_Rc3) {
  EXPECT_EQ(write(json{{"hash", "abcd"}})["rc"], 3);
}

TEST_F(ImageState, Erase_SecondaryErasedAndUploadSessionDropped) {
  auto r = rig.call(Op::kWrite, 1, image_cmd::kErase);
  EXPECT_EQ(r.body, json::object());
  EXPECT_EQ(list()["images"].size(), 1u);
  EXPECT_EQ(rig.backend.erase_calls, 1);
}

TEST_F(ImageState, Erase_WhilePending_NoFreeSlotUntouched) {
  write(test_request(v2, false));
  auto r = rig.call(Op::kWrite, 1, image_cmd::kErase, json{{"slot", 1}});
  EXPECT_EQ(r.body["err"]["rc"], 9);
  EXPECT_EQ(rig.backend.erase_calls, 0);
}

TEST_F(ImageState, Erase_PrimaryOrMissingSlot_Refused) {
  EXPECT_EQ(rig.call(Op::kWrite, 1, image_cmd::kErase, json{{"slot", 0}}).body["err"]["rc"], 9);
  EXPECT_EQ(rig.call(Op::kWrite, 1, image_cmd::kErase, json{{"slot", 5}}).body["err"]["rc"], 14);
  EXPECT_EQ(rig.backend.erase_calls, 0);
}

TEST_F(ImageState, SlotInfo_SizesAndMaxImage) {
  auto r = rig.call(Op::kRead, 1, image_cmd::kSlotInfo).body;
  json expected = {{"images",
                    {{{"image", 0},
                      {"slots", {{{"slot", 0}, {"size", 16 * 4096}}, {{"slot", 1}, {"size", 17 * 4096}}}},
                      {"max_image_size", 15 * 4096}}}}};
  EXPECT_EQ(r, expected);
}

struct PolicyCase {
  NextBoot next;
  bool running;
  bool confirm;
  StateAction action;
};

class StatePolicy : public ::testing::TestWithParam<PolicyCase> {};

TEST_P(StatePolicy, Decide_MatchesZephyrRules) {
  const auto& c = GetParam();
  EXPECT_EQ(decide_state_write(c.next, c.running, c.confirm), c.action);
}

INSTANTIATE_TEST_SUITE_P(
    Table, StatePolicy,
    ::testing::Values(PolicyCase{NextBoot::kNone, true, false, StateAction::kRefuseTestRunning},
                      PolicyCase{NextBoot::kTest, true, false, StateAction::kRefuseTestRunning},
                      PolicyCase{NextBoot::kNone, true, true, StateAction::kConfirmRunning},
                      PolicyCase{NextBoot::kNone, false, false, StateAction::kRequestTest},
                      PolicyCase{NextBoot::kNone, false, true, StateAction::kRequestPermanent},
                      PolicyCase{NextBoot::kTest, false, false, StateAction::kNothing},
                      PolicyCase{NextBoot::kTest, false, true, StateAction::kRefusePending},
                      PolicyCase{NextBoot::kTest, true, true, StateAction::kRefusePending},
                      PolicyCase{NextBoot::kPermanent, false, true, StateAction::kNothing},
                      PolicyCase{NextBoot::kPermanent, false, false, StateAction::kRefusePending},
                      PolicyCase{NextBoot::kPermanent, true, true, StateAction::kRefusePending},
                      PolicyCase{NextBoot::kRevert, false, true, StateAction::kNothing},
                      PolicyCase{NextBoot::kRevert, true, true, StateAction::kConfirmRunning},
                      PolicyCase{NextBoot::kRevert, false, false, StateAction::kRefusePending}));

TEST(StatePolicyNextBoot, FromFlags) {
  SlotState primary;
  primary.confirmed = primary.active = true;
  SlotState secondary;
  secondary.slot = 1;
  std::array<SlotState, 2> s{primary, secondary};
  EXPECT_EQ(next_boot(s), NextBoot::kNone);
  s[1].pending = true;
  EXPECT_EQ(next_boot(s), NextBoot::kTest);
  s[1].permanent = true;
  EXPECT_EQ(next_boot(s), NextBoot::kPermanent);
  s[1] = secondary;
  s[0].confirmed = false;
  EXPECT_EQ(next_boot(s), NextBoot::kRevert);
}

}  // namespace
}  // namespace norboot::smp::image_state_test
