#include "boot_binary/spim_bus.hpp"

#include "boot_binary/nrf52_regs.hpp"

namespace norboot::nrf52 {

namespace {

bool in_ram(const std::byte* p, size_t n) {
  const auto a = reinterpret_cast<uintptr_t>(p);
  return n == 0 || (a >= kRamStart && a <= kRamEnd && n <= kRamEnd - a);
}

// One EasyDMA run: clocks out tx (then ORC) while clocking in rx; max(tx, rx) bytes in all.
void run(const std::byte* tx, size_t tx_len, std::byte* rx, size_t rx_len) {
  reg(kSpimTxdPtr) = reinterpret_cast<uintptr_t>(tx);
  reg(kSpimTxdMaxcnt) = tx_len;
  reg(kSpimRxdPtr) = reinterpret_cast<uintptr_t>(rx);
  reg(kSpimRxdMaxcnt) = rx_len;
  reg(kSpimEventsEnd) = 0;
  reg(kSpimTasksStart) = 1;
  while (reg(kSpimEventsEnd) == 0) {
  }
  reg(kSpimEventsEnd) = 0;
}

}  // namespace

SpimBus::SpimBus(const SpimPins& pins) : csn_mask_(1u << pins.csn) {
  reg(kP0OutSet) = csn_mask_;  // CS# idles high
  reg(kP0DirSet) = csn_mask_ | (1u << pins.sck) | (1u << pins.mosi);
  reg(kSpimPselSck) = pins.sck;
  reg(kSpimPselMosi) = pins.mosi;
  reg(kSpimPselMiso) = pins.miso;
  reg(kSpimFrequency) = kSpimFreq8M;
  reg(kSpimConfig) = 0;  // mode 0, MSB first
  reg(kSpimOrc) = 0xFF;
  reg(kSpimEnable) = kSpimEnableSpim;
}

core::Status SpimBus::transfer(const spinor::SpiFrame& f) {
  if (!in_ram(f.cmd.data(), f.cmd.size()) || !in_ram(f.tx.data(), f.tx.size()) ||
      !in_ram(f.rx.data(), f.rx.size()))
    return core::fail(core::Errc::kInvalidArgument, "SPIM: EasyDMA buffer outside RAM");
  if (f.cmd.size() > rules_.max_segment || f.tx.size() > rules_.max_segment || f.rx.size() > rules_.max_segment)
    return core::fail(core::Errc::kInvalidArgument, "SPIM: segment longer than MAXCNT");
  reg(kP0OutClr) = csn_mask_;
  if (!f.cmd.empty()) run(f.cmd.data(), f.cmd.size(), nullptr, 0);
  if (!f.tx.empty()) run(f.tx.data(), f.tx.size(), nullptr, 0);
  if (!f.rx.empty()) run(nullptr, 0, f.rx.data(), f.rx.size());
  reg(kP0OutSet) = csn_mask_;
  return core::ok();
}

}  // namespace norboot::nrf52
