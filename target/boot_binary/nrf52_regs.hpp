#pragma once
// The few nRF52833 / Cortex-M4 registers the boot binary touches (nRF52833 Product Specification
// v1.5: NVMC §4.3, SPIM §6.25, GPIO §6.8; ARMv7-M ARM: SCB, DWT, SysTick). Plain volatile
// accesses at fixed addresses: no vendor headers, nothing to link.
#include <cstdint>

namespace norboot::nrf52 {

inline volatile uint32_t& reg(uint32_t addr) { return *reinterpret_cast<volatile uint32_t*>(addr); }

// NVMC (non-volatile memory controller), base 0x4001E000.
inline constexpr uint32_t kNvmc = 0x4001E000;
inline constexpr uint32_t kNvmcReady = kNvmc + 0x400;      // 1: ready
inline constexpr uint32_t kNvmcReadyNext = kNvmc + 0x408;  // 1: the next word may be written
inline constexpr uint32_t kNvmcConfig = kNvmc + 0x504;     // WEN: 0 read-only, 1 write, 2 erase
inline constexpr uint32_t kNvmcErasePage = kNvmc + 0x508;  // write a page's address to erase it
inline constexpr uint32_t kNvmcConfigRen = 0, kNvmcConfigWen = 1, kNvmcConfigEen = 2;

// SPIM3 (the 32 MHz-capable instance), base 0x4002F000.
inline constexpr uint32_t kSpim = 0x4002F000;
inline constexpr uint32_t kSpimTasksStart = kSpim + 0x010;
inline constexpr uint32_t kSpimEventsEnd = kSpim + 0x118;
inline constexpr uint32_t kSpimEnable = kSpim + 0x500;  // 7: SPIM
inline constexpr uint32_t kSpimPselSck = kSpim + 0x508;
inline constexpr uint32_t kSpimPselMosi = kSpim + 0x50C;
inline constexpr uint32_t kSpimPselMiso = kSpim + 0x510;
inline constexpr uint32_t kSpimFrequency = kSpim + 0x524;  // 0x80000000: 8 Mbps
inline constexpr uint32_t kSpimRxdPtr = kSpim + 0x534;
inline constexpr uint32_t kSpimRxdMaxcnt = kSpim + 0x538;
inline constexpr uint32_t kSpimTxdPtr = kSpim + 0x544;
inline constexpr uint32_t kSpimTxdMaxcnt = kSpim + 0x548;
inline constexpr uint32_t kSpimConfig = kSpim + 0x554;  // 0: MSB first, mode 0
inline constexpr uint32_t kSpimOrc = kSpim + 0x5C0;     // byte clocked out when TXD is exhausted
inline constexpr uint32_t kSpimEnableSpim = 7;
inline constexpr uint32_t kSpimFreq8M = 0x80000000;

// GPIO P0, base 0x50000000 (chip select is driven by hand so one frame spans several DMA runs).
inline constexpr uint32_t kP0 = 0x50000000;
inline constexpr uint32_t kP0OutSet = kP0 + 0x508;
inline constexpr uint32_t kP0OutClr = kP0 + 0x50C;
inline constexpr uint32_t kP0DirSet = kP0 + 0x518;

// Data RAM: the only memory EasyDMA reaches.
inline constexpr uint32_t kRamStart = 0x20000000;
inline constexpr uint32_t kRamEnd = 0x20020000;  // 128 KiB

// Cortex-M4 core.
inline constexpr uint32_t kScbVtor = 0xE000ED08;
inline constexpr uint32_t kScbAircr = 0xE000ED0C;
inline constexpr uint32_t kAircrSysReset = 0x05FA0004;  // VECTKEY | SYSRESETREQ
inline constexpr uint32_t kSysTickCtrl = 0xE000E010;
inline constexpr uint32_t kDemcr = 0xE000EDFC;  // bit 24 TRCENA
inline constexpr uint32_t kDwtCtrl = 0xE0001000;  // bit 0 CYCCNTENA
inline constexpr uint32_t kDwtCyccnt = 0xE0001004;

inline constexpr uint32_t kCpuHz = 64'000'000;

}  // namespace norboot::nrf52
