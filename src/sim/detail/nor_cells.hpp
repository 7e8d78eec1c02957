#pragma once
// What programming and erasing do to NOR cells, shared by every host flash model: a program ANDs
// the new bits into the old (bits only go 1→0), an erase sets the erased value, and an operation
// cut by the power leaves a seeded, reproducible mix (sim/power.hpp "Cut modes").
//
// Torn program of one unit: each bit that was going 1→0 has or has not gone (old & (new | mask)).
// Torn erase: each byte is left as it was, fully erased, or with a random subset of its bits
// back at the erased value.
#include <cstdint>
#include <span>

#include "sim/power.hpp"

namespace norboot::sim::detail {

/// dst[i] &= src[i], a machine word at a time (the models' hot path).
void program_and(std::byte* dst, const std::byte* src, size_t len);

/// Program units of `unit` bytes, back to back, cut `elapsed_ns` after the first began (each takes
/// `unit_ns`): units that finished land whole, the one in progress is left per `mode` (clean:
/// untouched; torn: a seeded subset of its bits), the rest are untouched. Returns the number of
/// units the cells saw (finished + torn), so write-count limits can charge them. With unit_ns == 0
/// (a device without timing) a torn cut lands on a seeded unit and a clean one leaves everything.
size_t settle_program(std::byte* dst, const std::byte* src, size_t len, uint32_t unit, uint64_t unit_ns,
                      uint64_t elapsed_ns, CutMode mode, TornRng& rng);

/// A torn erase of `dst`: each byte old, erased, or a seeded mix of the two.
void tear_erase(std::span<std::byte> dst, uint8_t erased_value, TornRng& rng);

/// A per-device value mixed into the cut seed, so two chips cut by the same plan tear differently.
uint64_t device_salt(const char* name);

}  // namespace norboot::sim::detail
