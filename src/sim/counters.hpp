#pragma once
// Counters every simulated device keeps: what the benchmarks, the demo and the wear checks of the
// power-cut campaigns report.
#include <algorithm>
#include <cstdint>
#include <vector>

namespace norboot::sim {

struct DeviceCounters {
  uint64_t reads = 0;          // read operations (commands or calls)
  uint64_t read_bytes = 0;
  uint64_t programs = 0;       // program operations (page programs, word bursts)
  uint64_t program_bytes = 0;
  uint64_t erases = 0;         // erase operations (any size)
  uint64_t erase_bytes = 0;
  uint64_t busy_ns = 0;        // virtual time the device spent programming or erasing
  std::vector<uint32_t> sector_erases;  // per smallest sector, since the counters were reset

  uint32_t max_sector_erases() const {
    return sector_erases.empty() ? 0 : *std::max_element(sector_erases.begin(), sector_erases.end());
  }
  void reset() {
    size_t n = sector_erases.size();
    *this = DeviceCounters{};
    sector_erases.assign(n, 0);
  }
};

}  // namespace norboot::sim
