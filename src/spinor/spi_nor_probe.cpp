// SpiNor: the probe steps probe() and probe_known() share (wake, wait, reset, RDID, address,
// unprotect), probe_known() itself, and deep power-down. probe()'s SFDP discovery is in
// spi_nor_discover.cpp, so an archive link that calls only probe_known() leaves that object out.
#include <algorithm>
#include <array>
#include <optional>

#include "spinor/opcodes.hpp"
#include "spinor/spi_nor.hpp"

namespace norboot::spinor {

using core::Errc;
using core::Error;
using core::fail;
using core::kNsPerMs;
using core::kNsPerUs;

namespace {

constexpr uint32_t kNoOffset = Error::kNoOffset;
constexpr uint32_t k16MiB = 16u << 20;
// Before the part is known, the probe waits as long as the slowest part in the known table needs:
constexpr uint64_t kDpEntryGuardNs = 30 * kNsPerUs;   // MX25R tDPDD: a wake pulse sooner is ignored
constexpr uint64_t kWakeRecoveryNs = 40 * kNsPerUs;   // MX25R SFDP exit delay (tRDP 35 µs)
constexpr uint64_t kResetRecoveryNs = 50 * kNsPerUs;  // tRST of an idle part (W25Q 30 µs)
constexpr uint64_t kProbePollNs = 1 * kNsPerMs;
constexpr uint64_t kDpEnterNs = 10 * kNsPerUs;        // tDP (MX25R 10 µs, W25Q 3 µs)
constexpr uint64_t kStatusWriteTypNs = 10 * kNsPerMs; // tW: SFDP gives none (reference §1.8)
constexpr uint64_t kStatusWriteMaxNs = 40 * kNsPerMs;

}  // namespace

// No SFDP and no table search: a program that calls only this one links neither.
core::Status SpiNor::probe_known(const ChipInfo& part) {
  NB_TRY(start_probe());
  const std::array<uint8_t, 3> id = NB_TRY(read_jedec_id());
  if (id != part.jedec_id) {
    return fail(Error{.code = Errc::kMismatch, .what = "probe_known: JEDEC ID is not the part this build was made for"}
                    .at(name(), kNoOffset)
                    .values(jedec_id24(part.jedec_id), jedec_id24(id)));
  }
  chip_ = part;
  return finish_probe();
}

// Forgets the previous part, checks the work buffer, then wakes and resets the chip.
core::Status SpiNor::start_probe() {
  probed_ = false;
  in_deep_power_down_ = false;
  pending_ = {};
  erase_next_ = erase_end_ = 0;
  protect_ = {};
  chip_ = {};
  set_geometry(flash::Geometry{});
  if (work_.size() < kMinWorkBuffer) {
    return fail(Error{.code = Errc::kNoSpace, .what = "work buffer smaller than one page after alignment"}
                    .at(name(), kNoOffset)
                    .values(kMinWorkBuffer, work_.size()));
  }
  return wake_and_reset();
}

// chip_ is known: addressing, block protection, then the geometry the flash::Flash contract uses.
core::Status SpiNor::finish_probe() {
  NB_TRY(choose_addressing());
  NB_TRY(setup_protection());
  publish_geometry();
  probed_ = true;
  return core::ok();
}

// After a warm MCU reset the part may be in deep power-down, busy, or in 4-byte mode.
core::Status SpiNor::wake_and_reset() {
  sleep(kDpEntryGuardNs);
  NB_TRY(named(port_.command(op::kReleasePowerDown), kNoOffset));
  sleep(kWakeRecoveryNs);
  NB_TRY(wait_ready_at_probe());
  NB_TRY(named(port_.command(op::kResetEnable), kNoOffset));
  NB_TRY(named(port_.command(op::kReset), kNoOffset));
  sleep(kResetRecoveryNs);
  return core::ok();
}

core::Status SpiNor::wait_ready_at_probe() {
  const uint64_t start = clock_.now_ns();
  for (;;) {
    ++stats_.status_polls;
    const uint8_t sr = NB_TRY(named(port_.read_status(), kNoOffset));
    if ((sr & op::kStatusWip) == 0) return core::ok();
    const uint64_t elapsed = clock_.now_ns() - start;
    if (elapsed >= cfg_.probe_busy_timeout_ns) {
      return fail(Error{.code = Errc::kTimeout, .what = "probe: WIP still set (an interrupted operation, or no chip)"}
                      .at(name(), kNoOffset)
                      .values(cfg_.probe_busy_timeout_ns, elapsed));
    }
    sleep(kProbePollNs);
  }
}

core::Result<std::array<uint8_t, 3>> SpiNor::read_jedec_id() {
  std::array<std::byte, 3> raw{};
  NB_TRY(named(port_.read_register(op::kReadId, raw), kNoOffset));
  const std::array<uint8_t, 3> id = {std::to_integer<uint8_t>(raw[0]), std::to_integer<uint8_t>(raw[1]),
                                     std::to_integer<uint8_t>(raw[2])};
  if (jedec_id24(id) == 0 || jedec_id24(id) == 0xFFFFFF) {
    return fail(Error{.code = Errc::kNotFound, .what = "RDID all 0x00 or all 0xFF: no SPI NOR part answered"}
                    .at(name(), kNoOffset));
  }
  return id;
}


core::Status SpiNor::choose_addressing() {
  const bool big = chip_.size > k16MiB;
  mode_ = AddressMode::k3Byte;
  addr_bytes_ = 3;
  read_opcode_ = op::kFastRead;
  program_opcode_ = op::kPageProgram;
  use_4b_erase_opcodes_ = false;
  if (chip_.page_size % port_.rules().data_align != 0) {
    return fail(Error{.code = Errc::kUnsupported, .what = "page size not a multiple of the bus data alignment"}
                    .at(name(), kNoOffset)
                    .values(port_.rules().data_align, chip_.page_size));
  }
  if (chip_.address_bytes == AddressBytes::k4Only) {
    mode_ = AddressMode::k4ByteOnly;
    addr_bytes_ = 4;
    return core::ok();
  }
  if (!big) return core::ok();
  const bool stateless = cfg_.prefer_4byte_opcodes && port_.rules().four_byte_opcodes;
  if (stateless && chip_.has_4b_read_program && keep_erase_types_with_4b_opcodes()) {
    mode_ = AddressMode::k4ByteOpcodes;
    addr_bytes_ = 4;
    read_opcode_ = op::kFastRead4b;
    program_opcode_ = op::kPageProgram4b;
    use_4b_erase_opcodes_ = true;
    return core::ok();
  }
  if (chip_.enter_4b_methods & (enter4b::kB7 | enter4b::kWrenB7)) return enter_4byte_mode();
  return fail(Error{.code = Errc::kUnsupported, .what = "part above 16 MiB offers no 4-byte addressing the driver knows"}
                  .at(name(), kNoOffset)
                  .values(k16MiB, chip_.size));
}

// With dedicated 4-byte opcodes, an erase type that has none cannot be used at all.
bool SpiNor::keep_erase_types_with_4b_opcodes() {
  std::array<EraseType, kMaxEraseTypes> kept{};
  uint8_t n = 0;
  for (size_t i = 0; i < chip_.erase_count; ++i) {
    if (chip_.erase[i].opcode_4b != 0) kept[n++] = chip_.erase[i];
  }
  if (n == 0) return false;
  chip_.erase = kept;
  chip_.erase_count = n;
  return true;
}

// EN4B: the mode survives an MCU reset, which is why probe() resets the part before SFDP.
core::Status SpiNor::enter_4byte_mode() {
  if ((chip_.enter_4b_methods & enter4b::kB7) == 0) NB_TRY(write_enable(OpKind::kEnter4Byte, kNoOffset));
  NB_TRY(named(port_.command(op::kEnter4ByteMode), kNoOffset));
  mode_ = AddressMode::k4ByteMode;
  addr_bytes_ = 4;
  return core::ok();
}

core::Status SpiNor::setup_protection() {
  const ProtectRule rule = chip_.protect;
  const uint8_t sr = NB_TRY(named(port_.read_status(), kNoOffset));
  protect_ = spinor::protected_range(rule, sr, chip_.size);
  if (protect_.len == 0 || !cfg_.clear_block_protect) return core::ok();
  NB_TRY(write_enable(OpKind::kStatusWrite, kNoOffset));
  NB_TRY(named(port_.write_status(static_cast<uint8_t>(sr & ~rule.mask)), kNoOffset));
  start_pending(OpKind::kStatusWrite, kNoOffset, kStatusWriteTypNs, kStatusWriteMaxNs);
  NB_TRY(settle());
  const uint8_t after = NB_TRY(named(port_.read_status(), kNoOffset));
  protect_ = spinor::protected_range(rule, after, chip_.size);
  if (protect_.len != 0) {
    return fail(Error{.code = Errc::kWriteProtected, .what = "block-protect bits did not clear (SRWD with WP# low?)"}
                    .at(name(), protect_.off)
                    .values(0, after & rule.mask));
  }
  return core::ok();
}

void SpiNor::publish_geometry() {
  flash::Geometry g;
  g.size = chip_.size;
  g.write_block = 1;
  g.page_size = chip_.page_size;
  g.erased_value = 0xFF;
  g.runs[0] = flash::SectorRun{chip_.erase[0].size, chip_.size / chip_.erase[0].size};
  g.run_count = 1;
  for (size_t i = 0; i < chip_.erase_count; ++i) g.erase_sizes[i] = chip_.erase[i].size;
  g.erase_type_count = chip_.erase_count;
  set_geometry(g);
}

core::Status SpiNor::enter_deep_power_down() {
  if (!probed_) return fail(Error{.code = Errc::kBadState, .what = "driver not probed: call probe() first"}.at(name(), kNoOffset));
  if (in_deep_power_down_) return core::ok();
  if (!chip_.has_deep_power_down) {
    return fail(Error{.code = Errc::kUnsupported, .what = "part has no deep power-down (SFDP DW14)"}.at(name(), kNoOffset));
  }
  NB_TRY(settle());
  NB_TRY(named(port_.command(chip_.dp_enter_opcode), kNoOffset));
  sleep(kDpEnterNs);
  in_deep_power_down_ = true;
  return core::ok();
}

core::Status SpiNor::exit_deep_power_down() {
  if (!in_deep_power_down_) return core::ok();
  NB_TRY(named(port_.command(chip_.dp_exit_opcode), kNoOffset));
  sleep(chip_.dp_exit_ns);
  in_deep_power_down_ = false;
  return core::ok();
}

}  // namespace norboot::spinor
