#include "smp/state_policy.hpp"

#include <array>

namespace norboot::smp {
namespace {

enum class Target : uint8_t { kAny, kRunning, kSecondary };
enum class Confirm : uint8_t { kAny, kNo, kYes };

struct Rule {
  bool any_next;
  NextBoot next;
  Target target;
  Confirm confirm;
  StateAction action;
};

// The header's table, row for row.
constexpr std::array<Rule, 11> kRules{{
    {true, NextBoot::kNone, Target::kRunning, Confirm::kNo, StateAction::kRefuseTestRunning},
    {false, NextBoot::kTest, Target::kSecondary, Confirm::kNo, StateAction::kNothing},
    {false, NextBoot::kTest, Target::kAny, Confirm::kAny, StateAction::kRefusePending},
    {false, NextBoot::kPermanent, Target::kSecondary, Confirm::kYes, StateAction::kNothing},
    {false, NextBoot::kPermanent, Target::kAny, Confirm::kAny, StateAction::kRefusePending},
    {false, NextBoot::kRevert, Target::kSecondary, Confirm::kYes, StateAction::kNothing},
    {false, NextBoot::kRevert, Target::kRunning, Confirm::kYes, StateAction::kConfirmRunning},
    {false, NextBoot::kRevert, Target::kAny, Confirm::kAny, StateAction::kRefusePending},
    {false, NextBoot::kNone, Target::kRunning, Confirm::kYes, StateAction::kConfirmRunning},
    {false, NextBoot::kNone, Target::kSecondary, Confirm::kNo, StateAction::kRequestTest},
    {false, NextBoot::kNone, Target::kSecondary, Confirm::kYes, StateAction::kRequestPermanent},
}};

constexpr bool matches(const Rule& r, NextBoot next, bool running, bool confirm) {
  if (!r.any_next && r.next != next) return false;
  if (r.target == Target::kRunning && !running) return false;
  if (r.target == Target::kSecondary && running) return false;
  if (r.confirm == Confirm::kYes && !confirm) return false;
  if (r.confirm == Confirm::kNo && confirm) return false;
  return true;
}

}  // namespace

NextBoot next_boot(std::span<const SlotState> slots) {
  for (const SlotState& s : slots) {
    if (s.slot == 1 && s.pending) return s.permanent ? NextBoot::kPermanent : NextBoot::kTest;
  }
  for (const SlotState& s : slots) {
    if ((s.active && !s.confirmed) || (s.slot == 1 && s.confirmed)) return NextBoot::kRevert;
  }
  return NextBoot::kNone;
}

StateAction decide_state_write(NextBoot next, bool target_running, bool confirm) {
  for (const Rule& r : kRules) {
    if (matches(r, next, target_running, confirm)) return r.action;
  }
  return StateAction::kRefusePending;  // unreachable: the table covers every case
}

ImgErr refusal_code(StateAction a) {
  switch (a) {
    case StateAction::kRefuseTestRunning: return ImgErr::kImageSettingTestToActiveDenied;
    case StateAction::kRefusePending: return ImgErr::kImageAlreadyPending;
    default: return ImgErr::kOk;
  }
}

}  // namespace norboot::smp
