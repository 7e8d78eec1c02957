#pragma once
// QspiController: the nRF52840 QSPI peripheral driving one SpiNorChip — a spinor::SpiBus for the
// driver under test, with the rules the nrfx_qspi driver and the peripheral enforce.
//
// How a SpiFrame maps onto the peripheral (reference/nrf52833.md §3, spi-nor.md §1.2)
//   READ task   opcode is a READOC the peripheral can issue (0B FASTREAD, 3B READ2O, BB READ2IO,
//               6B READ4O, EB READ4IO) and the frame receives data: cmd = opcode + 3 or 4 address
//               bytes (IFCONFIG0.ADDRMODE 24/32 bit) + the opcode's dummy bytes, rx = the data,
//               EasyDMA'd into RAM.
//   WRITE task  opcode is a WRITEOC (02 PP, A2 PP2O, 32 PP4O, 38 PP4IO) and the frame sends data:
//               cmd = opcode + 3 or 4 address bytes, tx = the data, EasyDMA'd from RAM.
//   CINSTR      everything else (WREN, RDSR, RDID, RDSFDP, erases, resets, DP, plain 03 READ,
//               the stateless 4-byte opcodes 0C/12 …): a custom instruction whose bytes after the
//               opcode — address, dummy, tx and rx together — go through the CINSTRDAT0/1
//               registers, so at most 8 of them. The CPU copies them, so any buffer works.
//
// Refusals (nothing reaches the chip; stats().refused counts them), as nrfx_qspi returns
// NRFX_ERROR_INVALID_ADDR / -EACCES [src S6 nrfx_qspi.h]:
//   - READ/WRITE buffer not in Data RAM (sim/host_memory.hpp: the executable's read-only segments
//     stand for MCU flash): kInvalidArgument, expected the RAM base 0x20000000, found the pointer;
//   - READ/WRITE buffer pointer not word-aligned: kMisaligned, expected 4, found the pointer;
//   - READ/WRITE flash address not a multiple of 4: kMisaligned at that address, expected 4,
//     found the address; length not a multiple of 4: kMisaligned at the address, expected 4,
//     found the length;
//   - READ/WRITE longer than the 20-bit CNT allows (0xFFFFC, a multiple of 4), or an address
//     field that is neither 24 nor 32 bits: kInvalidArgument;
//   - CINSTR with more than 8 data bytes: kInvalidArgument, expected 8, found the count.
// Unlike the SPIM model there is no "bare registers" mode: the driver always sees the refusal.
//
// Time: the CPU waits for the task (nrfx blocking mode), so the VirtualClock advances by the
// frame's serial clocks / clock_hz (+ frame_overhead_ns) before the chip sees CS# rise. The opcode
// is always one line; address, dummy and data use the lines of the opcode's mode (1-1-1, 1-1-2,
// 1-2-2, 1-1-4, 1-4-4). A power failure during that time: nothing reaches the chip, kPowerLost.
// Clock: the 32 MHz base clock [src S3 QSPI_BASE_CLOCK_FREQ] divided by SCKFREQ + 1, 1..32;
// other rates throw std::invalid_argument.
//
// Sources (reference/nrf52833.md): RAM-only and word-aligned buffers, address and length multiples
// of 4, the -EACCES refusal [src S6]; 20-bit CNT [src S2]; 32 MHz base clock [src S3]. Recalled
// from the nRF52840 Product Specification, not in the reference files — [ps?], confirm before a
// test depends on them: CINSTR length of at most 9 bytes (opcode + CINSTRDAT0/1), the READOC and
// WRITEOC opcode sets, the SCKFREQ divider range 1..32.
//
// Not modelled: the peripheral's own WREN before a WRITE and its WIP polling before READY (the
// driver's WREN and RDSR frames arrive as custom instructions instead, and the WRITE task returns
// when the data has been clocked, leaving the chip busy), the ERASE task (erases come as custom
// instructions), XIP, long-frame CINSTR (LFEN), DPM, quad-line timing of the chip's dummy cycles.
//
// BusRules: max_segment 0xFFFFC, data_align 4, max_short_frame 8, buffer_align 4, RAM-only
// buffers, clock_hz as configured, four_byte_opcodes false (a part above 16 MiB: EN4B, then
// READOC/WRITEOC with 32-bit addresses).
#include <cstdint>

#include "sim/power.hpp"
#include "sim/spi_nor_chip.hpp"
#include "spinor/spi_bus.hpp"

namespace norboot::sim {

struct QspiConfig {
  const char* name = "qspi";       // controller name in errors (a static string)
  uint32_t clock_hz = 32'000'000;
  uint64_t frame_overhead_ns = 0;  // CPU time per task beyond the clocks (setup, events); 0 = none
};

struct QspiStats {
  uint64_t frames = 0;       // frames clocked to the chip
  uint64_t refused = 0;      // frames refused before anything was clocked
  uint64_t read_tasks = 0;   // READ (EasyDMA into RAM)
  uint64_t write_tasks = 0;  // WRITE (EasyDMA from RAM)
  uint64_t custom = 0;       // CINSTR
  uint64_t bytes = 0;        // bytes clocked (cmd + tx + rx)
};

class QspiController final : public spinor::SpiBus {
 public:
  static constexpr uint32_t kMaxCount = 0xFFFFC;     // 20-bit READ/WRITE CNT, a multiple of 4
  static constexpr uint32_t kCinstrMaxData = 8;      // CINSTRDAT0 + CINSTRDAT1
  static constexpr uint32_t kAlign = 4;
  static constexpr uint32_t kBaseClockHz = 32'000'000;
  static constexpr uint32_t kRamBase = 0x20000000;

  /// `chip` and `power` must outlive the controller. Throws std::invalid_argument for a clock the
  /// divider cannot make.
  QspiController(SpiNorChip& chip, PowerDomain& power, const QspiConfig& cfg = {});

  const spinor::BusRules& rules() const override { return rules_; }
  /// Errors: kInvalidArgument, kMisaligned (see the header comment; nothing was clocked),
  /// kPowerLost.
  core::Status transfer(const spinor::SpiFrame& frame) override;

  /// Virtual time the frame keeps CS# low (clocks by line mode, plus the overhead).
  uint64_t frame_ns(const spinor::SpiFrame& frame) const;
  const QspiConfig& config() const { return cfg_; }
  const QspiStats& stats() const { return stats_; }

 private:
  enum class Task : uint8_t { kRead, kWrite, kCustom };
  Task task_of(const spinor::SpiFrame& f) const;
  core::Status check_dma(Task t, const spinor::SpiFrame& f) const;
  core::Status refuse(const core::Error& e);

  SpiNorChip& chip_;
  PowerDomain& power_;
  QspiConfig cfg_;
  spinor::BusRules rules_;
  QspiStats stats_;
};

}  // namespace norboot::sim
