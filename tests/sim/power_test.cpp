#include "sim/power.hpp"

#include <gtest/gtest.h>

namespace norboot::sim::power_test {
namespace {

// A device with one in-flight operation, to observe what the domain tells it.
struct Probe : PoweredDevice {
  uint64_t op_start = 0, op_end = 0;
  bool in_flight = false;
  int cuts = 0, restores = 0;
  double settled_fraction = -1;
  void power_lost(const PowerCut& c) override {
    ++cuts;
    if (in_flight) {
      settled_fraction = c.at_ns >= op_end ? 1.0 : static_cast<double>(c.at_ns - op_start) / (op_end - op_start);
      in_flight = false;
    }
  }
  void power_restored() override { ++restores; }
};

TEST(PowerDomain, CutAtOpK_CleanLeavesNothingDone) {
  VirtualClock clk;
  PowerDomain pd(clk);
  Probe p;
  pd.attach(&p);
  pd.arm({.at_op = 2});
  EXPECT_TRUE(pd.begin_op(100));
  p.in_flight = true;
  p.op_start = clk.now_ns();
  p.op_end = p.op_start + 100;
  EXPECT_FALSE(pd.begin_op(100));
  EXPECT_FALSE(pd.alive());
  EXPECT_EQ(p.settled_fraction, 0.0);
  EXPECT_FALSE(pd.check("external"));
  EXPECT_FALSE(pd.begin_op(5));
  pd.reboot();
  EXPECT_TRUE(pd.alive());
  EXPECT_EQ(p.restores, 1);
}

TEST(PowerDomain, CutAtOpK_TornIsReproducibleFromSeed) {
  auto fraction_for = [](uint64_t seed) {
    VirtualClock clk;
    PowerDomain pd(clk);
    Probe p;
    pd.attach(&p);
    pd.arm({.at_op = 1, .mode = CutMode::kTorn, .seed = seed});
    p.in_flight = true;
    p.op_end = 1000000;
    EXPECT_FALSE(pd.begin_op(1000000));
    return p.settled_fraction;
  };
  double a = fraction_for(7);
  EXPECT_GT(a, 0.0);
  EXPECT_LT(a, 1.0);
  EXPECT_EQ(a, fraction_for(7));
  EXPECT_NE(a, fraction_for(8));
}

TEST(PowerDomain, CutAtTime_InterruptsBackgroundWorkAtElapsedFraction) {
  VirtualClock clk;
  PowerDomain pd(clk);
  Probe p;
  pd.attach(&p);
  pd.arm({.at_time_ns = 250, .mode = CutMode::kTorn});
  p.in_flight = true;
  p.op_start = 0;
  p.op_end = 1000;
  clk.advance(100);
  EXPECT_TRUE(pd.alive());
  clk.advance(500);
  EXPECT_FALSE(pd.alive());
  EXPECT_DOUBLE_EQ(p.settled_fraction, 0.25);
  EXPECT_EQ(pd.last_cut_ns(), 250u);
}

}  // namespace
}  // namespace norboot::sim::power_test
