#include "sim/power.hpp"

namespace norboot::sim {

PowerDomain::PowerDomain(VirtualClock& clock) : clock_(clock) {
  clock_.set_observer([this](uint64_t from, uint64_t to) { return on_clock(from, to); });
}

void PowerDomain::attach(PoweredDevice* dev) { devices_.push_back(dev); }

void PowerDomain::arm(const CutPlan& plan) { plan_ = plan; }

core::Status PowerDomain::check(const char* device) const {
  if (alive_) return core::ok();
  return core::fail(core::Error{.code = core::Errc::kPowerLost, .what = "power is off", .device = device});
}

bool PowerDomain::begin_op(uint64_t duration_ns) {
  if (!alive_) return false;
  ++ops_;
  if (plan_.at_op != 0 && ops_ == plan_.at_op) {
    // Clean: the op does nothing (cut at its first instant). Torn: a seeded instant inside it.
    uint64_t offset = 0;
    if (plan_.mode == CutMode::kTorn && duration_ns > 0) {
      TornRng rng(plan_.seed ^ (ops_ * 0xD1B54A32D192ED03ull));
      offset = static_cast<uint64_t>(rng.fraction() * static_cast<double>(duration_ns));
      if (offset == 0) offset = 1;
      if (offset >= duration_ns) offset = duration_ns - 1;
    }
    cut(clock_.now_ns() + offset);
    return false;
  }
  return true;
}

void PowerDomain::cut(uint64_t at_ns) {
  if (!alive_) return;
  alive_ = false;
  last_cut_ns_ = at_ns;
  plan_.at_op = 0;
  plan_.at_time_ns = CutPlan::kNever;
  const PowerCut c{.at_ns = at_ns, .mode = plan_.mode, .seed = plan_.seed};
  for (PoweredDevice* d : devices_) d->power_lost(c);
}

uint64_t PowerDomain::on_clock(uint64_t from, uint64_t to) {
  if (alive_ && plan_.at_time_ns != CutPlan::kNever && plan_.at_time_ns >= from && plan_.at_time_ns <= to) {
    cut(plan_.at_time_ns);
  }
  return to;
}

void PowerDomain::reboot() {
  alive_ = true;
  for (PoweredDevice* d : devices_) d->power_restored();
}

}  // namespace norboot::sim
