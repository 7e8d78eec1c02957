#pragma once
// Host memory classification for the DMA rules of the simulated controllers: on an nRF52, EasyDMA
// reaches Data RAM only, and a `static const` table lives in MCU flash. On the host the same
// objects land in the read-only loaded segments of the executable (and of the shared libraries
// it uses), so those segments stand for MCU flash and everything else (stack, heap, .data, .bss)
// stands for RAM.
//
// The segments are collected once, at first use, with dl_iterate_phdr: every PT_LOAD without
// write permission (.text, .rodata) plus every PT_GNU_RELRO range (const data with relocations,
// which a Cortex-M build also places in flash). A library dlopen()ed after the first call is not
// seen. A buffer that overlaps such a segment by even one byte counts as MCU flash, because
// EasyDMA would fail on that byte.
#include <cstddef>
#include <cstdint>
#include <span>

namespace norboot::sim {

enum class HostMemoryKind : uint8_t { kRam, kMcuFlash };

struct HostRegion {
  uintptr_t begin = 0;
  uintptr_t end = 0;  // one past the last byte
};

/// Where [p, p + len) lives. An empty buffer is RAM (nothing would be transferred; nrfx checks
/// pointers only for non-zero lengths).
HostMemoryKind classify_host_memory(const void* p, size_t len);

inline bool in_mcu_flash(const void* p, size_t len) { return classify_host_memory(p, len) == HostMemoryKind::kMcuFlash; }

/// The read-only regions found at start-up, sorted and merged (for diagnostics and tests).
std::span<const HostRegion> host_read_only_regions();

}  // namespace norboot::sim
