#pragma once
// NorPort: the SPI NOR command layer — builds the command segment (opcode, address, dummy) of each
// chip-select frame in its own RAM, runs it on the SpiBus and counts it. It knows the bus rules that
// bound a frame (max_segment, max_short_frame) but not the chip: the driver decides what to send.
// Frames it builds itself (status, ID, SFDP) fit the rules; array reads and programs are shaped by
// the driver (alignment, bounce buffer) before they get here.
#include <array>
#include <cstdint>
#include <span>

#include "core/result.hpp"
#include "spinor/spi_bus.hpp"
#include "spinor/stats.hpp"

namespace norboot::spinor::detail {

class NorPort {
 public:
  NorPort(SpiBus& bus, SpiNorStats& stats) : bus_(bus), stats_(stats) {}

  const BusRules& rules() const { return bus_.rules(); }

  /// One opcode, nothing else (WREN, RSTEN, DP, …).
  core::Status command(uint8_t opcode);
  /// RDSR: the status register.
  core::Result<uint8_t> read_status();
  /// WRSR with one byte (the caller has set WEL).
  core::Status write_status(uint8_t value);
  /// An opcode answered with `out.size()` bytes (RDID); `out` must fit a short frame.
  core::Status read_register(uint8_t opcode, std::span<std::byte> out);
  /// An opcode with an address and no data (erases).
  core::Status addressed(uint8_t opcode, uint32_t addr, uint8_t addr_bytes);
  /// RDSFDP from SFDP address `addr`, split into frames that fit max_short_frame.
  core::Status read_sfdp(uint32_t addr, std::span<std::byte> out);
  /// An array read with one dummy byte (FAST_READ); `out` already shaped for the bus.
  core::Status read_array(uint8_t opcode, uint32_t addr, uint8_t addr_bytes, std::span<std::byte> out);
  /// A page program; `data` already shaped for the bus and staged in RAM.
  core::Status program(uint8_t opcode, uint32_t addr, uint8_t addr_bytes, std::span<const std::byte> data);

 private:
  /// Fills cmd_ with opcode, address (MSB first) and `dummy` zero bytes; returns its length.
  size_t build(uint8_t opcode, uint32_t addr, uint8_t addr_bytes, uint8_t dummy);
  core::Status run(size_t cmd_len, std::span<const std::byte> tx, std::span<std::byte> rx);

  SpiBus& bus_;
  SpiNorStats& stats_;
  alignas(8) std::array<std::byte, 8> cmd_{};   // opcode + up to 4 address bytes + 1 dummy
  alignas(8) std::array<std::byte, 8> reg_{};   // status and short answers land here (RAM, aligned)
};

}  // namespace norboot::spinor::detail
