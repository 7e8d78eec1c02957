#pragma once
// ScriptedBus: a small recording SpiBus for the driver's frame-shaping tests. It answers just
// enough commands to be probed and used (RDSR, WREN, RDID, RDSFDP, FAST_READ(4), PP(4), erases,
// EN4B, reset), keeps an instantaneous NOR array (program ANDs, page wrap, erase sets 0xFF) and
// records every frame. Unlike the sim's chip models it has no timing: WIP is scripted
// (`busy_polls` RDSRs after each program/erase report WIP; `wip_stuck` forever).
//
// It enforces the BusRules it was given and records each violation instead of failing silently,
// so a test can assert the driver never sent a frame the controller would refuse.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "spinor/spi_bus.hpp"

namespace norboot::testing {

struct RecordedFrame {
  uint8_t opcode = 0;
  uint32_t addr = 0;        // decoded address for addressed opcodes
  size_t cmd_len = 0;
  size_t tx_len = 0;
  size_t rx_len = 0;
  const std::byte* tx = nullptr;
  std::byte* rx = nullptr;
};

class ScriptedBus final : public spinor::SpiBus {
 public:
  ScriptedBus(spinor::BusRules rules, std::array<uint8_t, 3> id, uint32_t size, std::vector<std::byte> sfdp);

  const spinor::BusRules& rules() const override { return rules_; }
  core::Status transfer(const spinor::SpiFrame& f) override;

  std::vector<RecordedFrame> frames;
  std::vector<std::string> violations;  // frames the controller would have refused
  std::vector<std::byte> mem;           // the array, erased at construction
  uint8_t status = 0;                   // BP bits may be preset by a test
  bool wel_never_sets = false;
  bool wip_stuck = false;
  int busy_polls = 0;                   // RDSRs that report WIP after each program/erase
  bool four_byte_mode = false;

  std::vector<uint8_t> opcodes() const;
  size_t count(uint8_t opcode) const;
  void clear() { frames.clear(); }

 private:
  uint8_t address_bytes(uint8_t opcode) const;
  void check_rules(const spinor::SpiFrame& f, uint8_t opcode, uint32_t addr);
  void execute(uint8_t opcode, uint32_t addr, const spinor::SpiFrame& f);
  void program(uint32_t addr, std::span<const std::byte> data);
  void erase(uint32_t addr, uint32_t size);
  void began_cycle();

  spinor::BusRules rules_;
  std::array<uint8_t, 3> id_;
  std::vector<std::byte> sfdp_;
  int wip_left_ = 0;
  bool reset_armed_ = false;
};

}  // namespace norboot::testing
