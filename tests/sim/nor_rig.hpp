#pragma once
// A board with one simulated SPI NOR chip, driven frame by frame (no controller): the fixture of
// the chip-model tests. Frames take no time unless a test advances the clock.
#include <cstdint>
#include <initializer_list>
#include <vector>

#include "sim/power.hpp"
#include "sim/spi_nor_chip.hpp"
#include "sim/virtual_clock.hpp"

namespace norboot::sim::testing {

inline std::vector<std::byte> bytes(std::initializer_list<int> v) {
  std::vector<std::byte> out;
  for (int b : v) out.push_back(std::byte(b));
  return out;
}

inline std::vector<std::byte> pattern(size_t n, uint8_t seed = 1) {
  std::vector<std::byte> out(n);
  for (size_t i = 0; i < n; ++i) out[i] = std::byte(static_cast<uint8_t>(seed + i * 7));
  return out;
}

struct NorRig {
  explicit NorRig(NorChipKind kind, SpiNorChipConfig cfg = {})
      : power(clock), chip(nor_chip_spec(kind), power, cfg) {}

  /// One frame: cmd bytes, optional tx, `rx_len` bytes answered.
  std::vector<std::byte> frame(const std::vector<std::byte>& cmd, size_t rx_len = 0,
                               const std::vector<std::byte>& tx = {}) {
    std::vector<std::byte> rx(rx_len, std::byte{0x5A});
    last = chip.frame(cmd, tx, rx);
    return rx;
  }
  std::vector<std::byte> addressed(uint8_t opcode, uint32_t addr, int addr_bytes = 3) {
    std::vector<std::byte> c{std::byte{opcode}};
    for (int i = addr_bytes - 1; i >= 0; --i) c.push_back(std::byte(static_cast<uint8_t>(addr >> (8 * i))));
    return c;
  }
  void wren() { frame(bytes({0x06})); }
  uint8_t rdsr() { return std::to_integer<uint8_t>(frame(bytes({0x05}), 1)[0]); }
  std::vector<std::byte> read(uint32_t addr, size_t n, int addr_bytes = 3) {
    return frame(addressed(0x03, addr, addr_bytes), n);
  }
  void program(uint32_t addr, const std::vector<std::byte>& data, int addr_bytes = 3, uint8_t opcode = 0x02) {
    wren();
    frame(addressed(opcode, addr, addr_bytes), 0, data);
  }
  void erase(uint8_t opcode, uint32_t addr, int addr_bytes = 3) {
    wren();
    frame(addressed(opcode, addr, addr_bytes));
  }
  /// Lets the chip finish what it is doing (idle CPU).
  void finish() {
    const uint64_t until = chip.busy_until_ns();
    if (until > clock.now_ns()) clock.sleep_ns(until - clock.now_ns());
  }
  void write_status(std::initializer_list<int> values) {
    wren();
    std::vector<std::byte> c{std::byte{0x01}};
    for (int v : values) c.push_back(std::byte(v));
    frame(c);
    finish();
  }

  VirtualClock clock;
  PowerDomain power;
  SpiNorChip chip;
  core::Status last;
};

}  // namespace norboot::sim::testing
