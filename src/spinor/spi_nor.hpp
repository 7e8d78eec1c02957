#pragma once
// SpiNor: the SPI NOR flash driver — a flash::Flash over a SpiBus and a core::Clock.
//
//   std::array<std::byte, 260> work;                 // caller-owned RAM, ≥ kMinWorkBuffer after
//   spinor::SpiNor nor(bus, clock, work, {.clear_block_protect = true});   // alignment
//   NB_TRY(nor.probe());                             // wake, reset, identify, discover
//   // or, when the build knows its part (no SFDP parser or part table linked):
//   constexpr spinor::ChipInfo kPart = spinor::known_part({0xC2, 0x28, 0x16});
//   NB_TRY(nor.probe_known(kPart));                  // wake, reset, RDID must match
//   NB_TRY(nor.write(off, data));                    // any offset, any length, any source
//
// probe() (robust to a warm MCU reset, reference §1.7 and §3):
//   1. wake from deep power-down: one 0xAB frame — its CS# pulse is the MX25R wake-up, the opcode
//      is RDP for everyone else — then tRDP;
//   2. wait until WIP clears (a reset can land in the middle of an erase);
//   3. soft reset 0x66 + 0x99 (leaves 4-byte mode, so SFDP's 3-byte address works again);
//   4. RDID 0x9F, then SFDP: header, parameter headers, the basic table (length-checked per DWORD),
//      the 0xFF84 4-byte table when present. The built-in table of known IDs is used only when
//      SFDP is absent or broken; an unknown ID with a broken table is an error naming the field.
//      probe_known(part) instead: RDID must equal part's ID, and the rest of ChipInfo is part's;
//   5. addressing: 3 bytes up to 16 MiB; above, the stateless dedicated 4-byte opcodes when the
//      part has them and the bus can send them (BusRules::four_byte_opcodes; not nRF QSPI), else
//      EN4B (recorded in address_mode());
//   6. block protection: cleared when config asks (WRSR), else the protected range is remembered
//      and writes/erases into it are refused with kWriteProtected before anything is sent.
//
// Every program and erase: wait for the previous operation, WREN, RDSR to check WEL (a part whose
// WEL never sets is kIo naming the operation and offset), the command, then the wait: sleep the
// part's typical time first, poll RDSR every typical/poll_divisor after that, give up at the
// part's maximum time × deadline_margin_pct/100 with kTimeout. Erases pick, at each step, the
// largest erase type that is aligned and fits (chip erase for the whole device); start_erase()
// issues the first unit and returns, busy() issues the next unit whenever one finishes.
//
// Frames are shaped for the bus (BusRules): reads and programs are cut at max_segment; on a
// controller with data_align > 1 (nRF QSPI) reads are widened to aligned bounds through the work
// buffer and programs are padded with 0xFF to aligned bounds. Transmit data always goes through
// the work buffer, so a `static const` source never reaches the DMA.
//
// Errors name the device (config name, "external" by default), the operation, the offset and,
// where it helps, expected vs found. Heap- and exception-free.
#include <array>
#include <cstdint>
#include <span>

#include "core/clock.hpp"
#include "flash/flash.hpp"
#include "spinor/chip_info.hpp"
#include "spinor/detail/nor_port.hpp"
#include "spinor/known_chips.hpp"
#include "spinor/spi_bus.hpp"
#include "spinor/stats.hpp"

namespace norboot::spinor {

struct SpiNorConfig {
  const char* name = "external";        // device name in errors and logs (a static string)
  bool clear_block_protect = false;     // probe clears the status register's BP bits
  bool prefer_4byte_opcodes = true;     // above 16 MiB: dedicated opcodes when present (and the bus
                                        // allows them), else EN4B
  uint32_t deadline_margin_pct = 150;   // a wait fails at the part's maximum time × this / 100
  uint32_t poll_divisor = 16;           // after the typical time, poll every typical / this
  uint64_t min_poll_interval_ns = 2'000;
  uint64_t probe_busy_timeout_ns = 5'000'000'000;  // probe: how long an interrupted erase may run on
};

class SpiNor final : public flash::Flash {
 public:
  /// Smallest usable work buffer once aligned to the bus's buffer_align: one 256-byte page.
  static constexpr size_t kMinWorkBuffer = 256;

  /// `bus`, `clock` and `work` must outlive the driver; `work` is the driver's RAM bounce buffer
  /// (kMinWorkBuffer plus the bus's buffer_align − 1 bytes is enough; a page size plus slack is
  /// best). Nothing touches the bus until probe().
  SpiNor(SpiBus& bus, core::Clock& clock, std::span<std::byte> work, const SpiNorConfig& cfg = {});

  /// Identifies the part and sets geometry() (see the header comment). May be called again (after
  /// a simulated warm reset, for instance). Errors: kNoSpace (work buffer), kNotFound (RDID all
  /// 0x00/0xFF), kUnsupported (unknown ID without SFDP; no usable 4-byte addressing), kCorrupt
  /// (unknown ID with a broken SFDP table: field, expected, found), kTimeout (WIP never clears),
  /// kIo (WEL never sets), kWriteProtected (BP bits did not clear), and the bus's errors.
  core::Status probe();
  /// probe() for a build that knows its part (chip_info from spinor::known_part at compile time):
  /// the same wake, wait, reset and RDID, then RDID must equal `part.jedec_id`; the geometry, erase
  /// types, timings and protect rule are `part`'s (no SFDP read, no table search, so neither is
  /// linked), then the same addressing, block protection and geometry as probe(). A different ID
  /// writes nothing. Errors: those of probe() without kCorrupt, plus kMismatch (JEDEC ID:
  /// expected `part`'s, found the chip's, as 24-bit values).
  core::Status probe_known(const ChipInfo& part);
  bool probed() const { return probed_; }

  const ChipInfo& chip() const { return chip_; }
  AddressMode address_mode() const { return mode_; }
  /// The block-protected range writes and erases are refused in (len 0: none).
  ProtectedRange protected_range() const { return protect_; }

  /// Waits for pending work, then sends the part's DP opcode and waits tDP. Errors: kUnsupported
  /// (no DP in SFDP), kBadState (not probed), and those of the wait.
  core::Status enter_deep_power_down();
  /// Sends the DP exit opcode (its CS# pulse also wakes an MX25R) and waits the exit delay.
  core::Status exit_deep_power_down();
  bool in_deep_power_down() const { return in_deep_power_down_; }

  const SpiNorStats& stats() const { return stats_; }
  void reset_stats() { stats_ = {}; }

 private:
  enum class OpKind : uint8_t { kNone, kProgram, kErase, kChipErase, kStatusWrite, kEnter4Byte };
  struct Pending {
    OpKind kind = OpKind::kNone;
    uint32_t off = 0;          // unit in flight (errors name it)
    uint64_t started_ns = 0;
    uint64_t ready_ns = 0;     // started + typical: no poll before this
    uint64_t deadline_ns = 0;  // started + maximum × margin
    uint64_t poll_ns = 0;
  };

  core::Status do_read(uint32_t off, std::span<std::byte> out) override;
  core::Status do_write(uint32_t off, std::span<const std::byte> in) override;
  core::Status do_erase(uint32_t off, uint32_t len) override;
  core::Status do_start_erase(uint32_t off, uint32_t len) override;
  core::Status do_start_write(uint32_t off, std::span<const std::byte> in) override;
  core::Result<bool> do_busy() override;
  core::Status do_wait_idle() override;

  // spi_nor.cpp: reads and programs
  core::Status ready_for(uint32_t off, uint64_t len, bool modifies);
  core::Status read_chunk(uint32_t off, std::span<std::byte> out, size_t& done);
  core::Status program_range(uint32_t off, std::span<const std::byte> in);
  // spi_nor_erase.cpp
  core::Status issue_next_erase_unit();
  const EraseType* pick_erase_type(uint32_t at, uint32_t end) const;
  // spi_nor_wait.cpp: WREN/WEL, pending operation, polling
  core::Status write_enable(OpKind kind, uint32_t off);
  void start_pending(OpKind kind, uint32_t off, uint64_t typ_ns, uint64_t max_ns);
  core::Result<bool> poll_pending();
  core::Status settle();
  void sleep(uint64_t ns);
  /// Tags a bus error that names no device with this driver's name and `off`.
  template <class T>
  core::Result<T> named(core::Result<T> r, uint32_t off) const {
    if (r || r.error().device[0] != '\0') return r;
    return core::fail(r.error().at(name(), off));
  }
  // probe() = start_probe, identify, finish_probe; probe_known() = start_probe, read_jedec_id +
  // compare, finish_probe. spi_nor_probe.cpp: the shared steps; spi_nor_discover.cpp: identify
  // and discover_sfdp (SFDP, then the known-ID table), which only probe() reaches.
  core::Status start_probe();
  core::Status finish_probe();
  core::Status wake_and_reset();
  core::Status wait_ready_at_probe();
  core::Result<std::array<uint8_t, 3>> read_jedec_id();
  core::Status identify();
  core::Status discover_sfdp();
  core::Status choose_addressing();
  bool keep_erase_types_with_4b_opcodes();
  core::Status enter_4byte_mode();
  core::Status setup_protection();
  void publish_geometry();

  SpiBus& bus_;
  core::Clock& clock_;
  std::span<std::byte> work_;
  SpiNorConfig cfg_;
  SpiNorStats stats_;
  detail::NorPort port_;
  ChipInfo chip_;
  AddressMode mode_ = AddressMode::k3Byte;
  uint8_t addr_bytes_ = 3;
  uint8_t read_opcode_ = 0x0B;
  uint8_t program_opcode_ = 0x02;
  bool use_4b_erase_opcodes_ = false;
  ProtectedRange protect_;
  Pending pending_;
  uint32_t erase_next_ = 0;   // start_erase: the rest of the range, [erase_next_, erase_end_)
  uint32_t erase_end_ = 0;
  bool probed_ = false;
  bool in_deep_power_down_ = false;
};

}  // namespace norboot::spinor
