#include "sim/qspi_controller.hpp"

#include <array>
#include <stdexcept>

#include "sim/host_memory.hpp"

namespace norboot::sim {
namespace {

using core::Errc;
using core::Error;

// What the peripheral can issue as READOC / WRITEOC, with the frame's dummy bytes (as the chip
// model counts them) and the lines that carry address and data.
struct Mode {
  bool read = false;
  bool write = false;
  uint8_t dummy = 0;
  uint8_t addr_lines = 1;
  uint8_t data_lines = 1;
};

constexpr std::array<Mode, 256> make_modes() {
  std::array<Mode, 256> m{};
  m[0x0B] = {.read = true, .write = false, .dummy = 1, .addr_lines = 1, .data_lines = 1};  // FASTREAD
  m[0x3B] = {.read = true, .write = false, .dummy = 1, .addr_lines = 1, .data_lines = 2};  // READ2O
  m[0xBB] = {.read = true, .write = false, .dummy = 1, .addr_lines = 2, .data_lines = 2};  // READ2IO
  m[0x6B] = {.read = true, .write = false, .dummy = 1, .addr_lines = 1, .data_lines = 4};  // READ4O
  m[0xEB] = {.read = true, .write = false, .dummy = 3, .addr_lines = 4, .data_lines = 4};  // READ4IO
  m[0x02] = {.read = false, .write = true, .dummy = 0, .addr_lines = 1, .data_lines = 1};  // PP
  m[0xA2] = {.read = false, .write = true, .dummy = 0, .addr_lines = 1, .data_lines = 2};  // PP2O
  m[0x32] = {.read = false, .write = true, .dummy = 0, .addr_lines = 1, .data_lines = 4};  // PP4O
  m[0x38] = {.read = false, .write = true, .dummy = 0, .addr_lines = 4, .data_lines = 4};  // PP4IO
  return m;
}
constexpr std::array<Mode, 256> kModes = make_modes();

bool valid_clock(uint32_t hz) {
  for (uint32_t div = 1; div <= 32; ++div) {
    if (QspiController::kBaseClockHz % div == 0 && QspiController::kBaseClockHz / div == hz) return true;
  }
  return false;
}

uint64_t clocks(uint64_t bytes, uint8_t lines) { return (bytes * 8 + lines - 1) / lines; }

}  // namespace

QspiController::QspiController(SpiNorChip& chip, PowerDomain& power, const QspiConfig& cfg)
    : chip_(chip), power_(power), cfg_(cfg) {
  if (!valid_clock(cfg.clock_hz)) {
    throw std::invalid_argument("QSPI clock must be 32 MHz / n for n = 1..32 (an exact division)");
  }
  rules_ = spinor::BusRules{.max_segment = kMaxCount,
                            .data_align = kAlign,
                            .max_short_frame = kCinstrMaxData,
                            .buffer_align = kAlign,
                            .dma_ram_only = true,
                            .clock_hz = cfg.clock_hz,
                            .four_byte_opcodes = false};
}

QspiController::Task QspiController::task_of(const spinor::SpiFrame& f) const {
  if (f.cmd.empty()) return Task::kCustom;
  const Mode& m = kModes[std::to_integer<uint8_t>(f.cmd[0])];
  if (m.read && !f.rx.empty() && f.tx.empty()) return Task::kRead;
  if (m.write && !f.tx.empty() && f.rx.empty()) return Task::kWrite;
  return Task::kCustom;
}

uint64_t QspiController::frame_ns(const spinor::SpiFrame& f) const {
  uint64_t n = 0;
  if (!f.cmd.empty()) {
    const Task t = task_of(f);
    const Mode custom{};
    const Mode& m = t == Task::kCustom ? custom : kModes[std::to_integer<uint8_t>(f.cmd[0])];
    n = 8 + clocks(f.cmd.size() - 1, m.addr_lines) + clocks(f.tx.size() + f.rx.size(), m.data_lines);
  } else {
    n = clocks(f.tx.size() + f.rx.size(), 1);
  }
  return n * 1'000'000'000 / cfg_.clock_hz + cfg_.frame_overhead_ns;
}

core::Status QspiController::refuse(const core::Error& e) {
  ++stats_.refused;
  return core::fail(e);
}

// The nrfx checks of a READ or WRITE task: RAM, pointer alignment, then the flash address and the
// length (reference/nrf52833.md §3).
core::Status QspiController::check_dma(Task t, const spinor::SpiFrame& f) const {
  const bool read = t == Task::kRead;
  const Mode& m = kModes[std::to_integer<uint8_t>(f.cmd[0])];
  const size_t addr_bytes = f.cmd.size() - 1 >= m.dummy ? f.cmd.size() - 1 - m.dummy : 0;
  const void* buf = read ? static_cast<const void*>(f.rx.data()) : static_cast<const void*>(f.tx.data());
  const size_t len = read ? f.rx.size() : f.tx.size();
  const uintptr_t p = reinterpret_cast<uintptr_t>(buf);
  const Error e{.code = Errc::kInvalidArgument, .device = cfg_.name};
  if (addr_bytes != 3 && addr_bytes != 4) {
    Error x = e;
    x.what = read ? "QSPI READ: address field must be 24 or 32 bits" : "QSPI WRITE: address field must be 24 or 32 bits";
    return core::fail(x.values(3, addr_bytes));
  }
  uint32_t addr = 0;
  for (size_t i = 1; i <= addr_bytes; ++i) addr = (addr << 8) | std::to_integer<uint8_t>(f.cmd[i]);
  if (len > kMaxCount) {
    Error x = e;
    x.what = read ? "QSPI READ: longer than the 20-bit CNT" : "QSPI WRITE: longer than the 20-bit CNT";
    return core::fail(x.at(cfg_.name, addr).values(kMaxCount, len));
  }
  if (in_mcu_flash(buf, len)) {
    Error x = e;
    x.what = read ? "QSPI READ: rx buffer is in MCU flash; EasyDMA writes RAM only (nrfx: -EACCES)"
                  : "QSPI WRITE: tx buffer is in MCU flash; EasyDMA reads RAM only (nrfx: -EACCES)";
    return core::fail(x.at(cfg_.name, addr).values(kRamBase, p));
  }
  Error mis = e;
  mis.code = Errc::kMisaligned;
  if (p % kAlign != 0) {
    mis.what = read ? "QSPI READ: rx buffer not word-aligned (nrfx: -EACCES)"
                    : "QSPI WRITE: tx buffer not word-aligned (nrfx: -EACCES)";
    return core::fail(mis.at(cfg_.name, addr).values(kAlign, p));
  }
  if (addr % kAlign != 0) {
    mis.what = read ? "QSPI READ: flash address not a multiple of 4" : "QSPI WRITE: flash address not a multiple of 4";
    return core::fail(mis.at(cfg_.name, addr).values(kAlign, addr));
  }
  if (len % kAlign != 0) {
    mis.what = read ? "QSPI READ: length not a multiple of 4" : "QSPI WRITE: length not a multiple of 4";
    return core::fail(mis.at(cfg_.name, addr).values(kAlign, len));
  }
  return core::ok();
}

core::Status QspiController::transfer(const spinor::SpiFrame& f) {
  NB_TRY(power_.check(chip_.name()));
  if (f.cmd.empty()) {
    return refuse(Error{.code = Errc::kInvalidArgument, .what = "QSPI frame without an opcode", .device = cfg_.name});
  }
  const Task t = task_of(f);
  if (t == Task::kCustom) {
    const size_t data = f.cmd.size() - 1 + f.tx.size() + f.rx.size();
    if (data > kCinstrMaxData) {
      return refuse(Error{.code = Errc::kInvalidArgument,
                          .what = "QSPI custom instruction carries at most 8 data bytes (CINSTRDAT0/1)",
                          .device = cfg_.name}
                        .values(kCinstrMaxData, data));
    }
  } else if (const core::Status ok = check_dma(t, f); !ok) {
    return refuse(ok.error());
  }
  const uint64_t ns = frame_ns(f);
  power_.clock().advance(ns);
  NB_TRY(power_.check(chip_.name()));  // the power failed while CS# was low: the frame never ended
  ++stats_.frames;
  stats_.bytes += f.cmd.size() + f.tx.size() + f.rx.size();
  ++(t == Task::kRead ? stats_.read_tasks : t == Task::kWrite ? stats_.write_tasks : stats_.custom);
  return chip_.frame(f.cmd, f.tx, f.rx, ns);
}

}  // namespace norboot::sim
