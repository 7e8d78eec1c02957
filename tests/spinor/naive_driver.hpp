#pragma once
// The naive driver lives in the simulator (the demo shows the seed failures with it too).
#include "sim/naive_nor_driver.hpp"

namespace norboot::testing {
using NaiveNorDriver = sim::NaiveNorDriver;
}  // namespace norboot::testing
