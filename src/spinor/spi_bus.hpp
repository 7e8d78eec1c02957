#pragma once
// SpiBus: what the SPI NOR driver needs from an SPI controller. One call is one chip-select frame:
// the command bytes (opcode, address, dummy), then optional transmit data, then optional receive
// data. cmd and tx are separate segments on purpose: it is how drivers hand data to a DMA
// controller (Zephyr's spi_nor passes the caller's buffer as its own segment), and it is exactly
// where a transmit buffer that DMA cannot reach (an nRF52 `const` array in MCU flash) goes wrong.
//
// BusRules tell the driver what the controller demands, so the driver can shape every frame to
// pass: nRF52 SPIM (EasyDMA: RAM-only buffers, at most 65535 bytes per segment) and nRF52840 QSPI
// (RAM-only, word-aligned buffers; read/program address and length multiples of 4; frames without
// a DMA data phase carry at most 8 bytes after the opcode; only its own read/program opcodes).
#include <cstdint>
#include <span>

#include "core/result.hpp"

namespace norboot::spinor {

using core::Status;

struct BusRules {
  uint32_t max_segment = 0xFFFF;   // most bytes in one cmd, tx or rx segment
  uint32_t data_align = 1;         // read/program: flash address and data length multiples of this
  uint32_t max_short_frame = 0;    // frames with no read/program data phase: max bytes after the
                                   // opcode (QSPI custom instruction: 8); 0 = no limit
  uint32_t buffer_align = 1;       // pointer alignment every DMA buffer needs
  bool dma_ram_only = true;        // cmd/tx/rx buffers must live in RAM, not MCU flash
  uint32_t clock_hz = 8'000'000;   // serial clock; sets transfer time
  bool four_byte_opcodes = true;   // can run the dedicated 4-byte read/program opcodes (0C, 12) as
                                   // data transfers; nRF QSPI cannot (READOC/WRITEOC only), so a
                                   // part above 16 MiB goes into 4-byte mode with EN4B instead
};

struct SpiFrame {
  std::span<const std::byte> cmd;  // opcode + address + dummy bytes
  std::span<const std::byte> tx;   // data clocked out after cmd (page program payload)
  std::span<std::byte> rx;         // data clocked in after cmd/tx (reads, status, IDs)
};

class SpiBus {
 public:
  virtual ~SpiBus() = default;
  virtual const BusRules& rules() const = 0;
  /// Runs one chip-select frame and returns once CS# is high again.
  /// Errors: kInvalidArgument / kMisaligned when the controller refuses the frame (as nrfx
  /// returns NRFX_ERROR_INVALID_ADDR / -EACCES; nothing reached the chip), kPowerLost.
  /// A controller that cannot detect a bad buffer (bare SPIM registers) reports success and sends
  /// whatever its DMA read — the driver must not rely on an error.
  virtual Status transfer(const SpiFrame& frame) = 0;
};

}  // namespace norboot::spinor
