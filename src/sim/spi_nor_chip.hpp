#pragma once
// SpiNorChip: an SPI NOR flash at the command level, built from a preset (sim/spi_nor_presets.hpp).
// A controller model calls frame() once per chip-select frame; the chip decodes the byte stream
// exactly as a part on the wire would, keeps its busy time on the board's VirtualClock and takes
// part in the board's power cuts (sim/power.hpp).
//
// The wire, as frame(cmd, tx, rx) sees it
//   MOSI = cmd ++ tx ++ rx.size() × 0xFF (the SPIM over-read character); MISO is captured into rx
//   only after cmd and tx. So the opcode, address and dummy bytes may sit anywhere in cmd/tx, data
//   a read returns while tx is still being sent is lost, and the bytes clocked during rx count as
//   0xFF program data for a page program. An ignored command leaves MISO high: rx reads 0xFF.
//
// Rules (reference/spi-nor.md §1.2–1.7, §3)
// - Reads 03/0B/3B/BB/6B/EB (+4-byte 13/0C/3C/BC/6C/EC): data from the address, wrapping at the
//   end of the array; quad opcodes need QE (Macronix SR bit 6, Winbond SR2 bit 1), else ignored.
// - Page program 02 (Macronix 38, Winbond 32; 4-byte 12/34): 1..n data bytes land at
//   (address + i) mod 256 inside the addressed page; of more than 256 bytes only the last 256 are
//   latched. Program ANDs (bits only go 1→0). Erase 20/52/D8 (+21/DC, 5C where the part has it)
//   truncates the address to its unit and sets 0xFF; CE 60/C7 erases everything.
// - WREN 06 sets WEL, WRDI 04 clears it. Program, erase and status writes need WEL=1 (else ignored
//   silently) and clear WEL when they finish. Block protection (BP bits in SR1): a program or
//   erase touching the protected range, or any CE while a range is protected, is ignored and
//   clears WEL; on Macronix it sets P_FAIL (bit 5) / E_FAIL (bit 6) of the security register,
//   read with RDSCUR 2B and cleared by the next accepted program/erase.
// - Status: RDSR 05 repeats SR1 (WIP, WEL, BP…) for as many bytes as are clocked. Macronix: WRSR
//   01 takes SR, SR+CR1 or SR+CR1+CR2; RDCR 15 returns CR1, CR2, CR1, … Winbond: WRSR 01 takes
//   SR1 or SR1+SR2, 31/11 write SR2/SR3, 35/15 read SR2/SR3 (SR3 bit 0 = current 4-byte mode,
//   bit 1 = ADP, power up in 4-byte mode). A status write is a busy cycle of tW.
// - Busy (WIP=1 until the operation's deadline): only the status reads and 66/99 are accepted;
//   everything else is ignored. A command is judged at the instant CS# fell (cs_low_ns before now).
// - Every command frame must have the command's length: an erase with 2 address bytes, a WREN
//   with a trailing byte, a WRSR with no data are ignored. Unknown opcodes are ignored.
// - RDID 9F: the 3 ID bytes, then 0x00. RDSFDP 5A: address (3 bytes; 4 in 4-byte mode on parts
//   flagged sfdp_follows_address_mode) + 1 dummy byte, then the SFDP space (sim/sfdp_image.hpp),
//   0xFF past its end. RES AB (+3 dummy): the electronic signature, repeated.
// - Deep power-down B9: after tDP everything is ignored until the wake-up: on MX25R any CS#
//   pulse (its command is not executed), on the others AB. The part then accepts commands after
//   the DP exit delay. Frames during tDP, the exit delay or tRST are ignored.
// - Soft reset: 66 then 99 in the very next frame. It aborts an operation in flight, leaving its
//   range torn (a seeded subset of the program's bits, a seeded partial erase), then: WEL=0,
//   3-byte mode (or ADP), configuration registers and fail flags cleared; ready after tRST.
// - 4-byte parts: EN4B B7 / EX4B E9 switch the plain opcodes to 4 address bytes; the dedicated
//   opcodes always take 4. In 3-byte mode only the lowest 16 MiB are reachable (no extended
//   address register). Addresses wrap at the array size.
// - Not modelled: suspend/resume, QPI, SRWD/SRP with the WP# pin, Winbond SEC/CMP and lock bits,
//   OTP/security regions, the extended address register, 50h volatile status writes, DTR.
//
// Time: program/erase/status-write durations come from the preset's typical or maximum column,
// or a seeded uniform draw between them (SpiNorChipConfig::timing). MX25R programs take first
// byte + (n − 1) × each further byte, at most the page time, and the page time for 256 bytes;
// other parts take tPP. The operation starts when CS# rises (the clock's now at frame()).
//
// Power (sim/power.hpp): programs, erases and status writes are power-domain operations. While the
// domain is dead frame() returns kPowerLost and changes nothing. A cut settles the operation in
// flight as of the cut instant: finished → applied; else clean → untouched, torn → a seeded
// subset of its 1→0 bits / a seeded partial erase / each changed status bit old or new.
// power_restored() is a power-on: WEL=0, not busy, out of deep power-down, 3-byte mode (Winbond
// ADP aside), volatile registers at their defaults. mcu_reset() is a warm MCU reset, which the
// chip does not see: deep power-down, 4-byte mode, WEL and a running operation all survive.
//
// Counters: reads/read_bytes (array reads), programs/program_bytes (finished programs, bytes
// latched), erases/erase_bytes and sector_erases per 4 KiB, busy_ns (time spent busy, cut or
// aborted operations up to their end). stats(): frames, commands executed, ignored frames by
// reason, reset aborts and program operations per page (issued, including torn ones).
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "sim/counters.hpp"
#include "sim/power.hpp"
#include "sim/spi_nor_presets.hpp"
#include "spinor/spi_bus.hpp"

namespace norboot::sim {

enum class NorTiming : uint8_t { kTypical, kMax, kSeededUniform };

struct SpiNorChipConfig {
  const char* name = "external";   // device name in errors; mixed into torn-bit seeds (static string)
  NorTiming timing = NorTiming::kTypical;
  uint64_t timing_seed = 0;        // kSeededUniform: same seed → same durations
  uint64_t reset_seed = 0;         // torn content of operations aborted by a soft reset
};

struct NorChipStats {
  uint64_t frames = 0;             // CS# frames while powered
  uint64_t commands = 0;           // frames whose command was executed
  uint64_t ignored_busy = 0;       // arrived while WIP=1
  uint64_t ignored_no_wel = 0;     // program/erase/status write with WEL=0
  uint64_t ignored_protected = 0;  // program/erase into the block-protected range
  uint64_t ignored_malformed = 0;  // wrong length for the command, unknown opcode, quad without QE
  uint64_t ignored_asleep = 0;     // deep power-down, tDP, DP exit delay or tRST
  uint64_t aborted_by_reset = 0;   // operations a soft reset cut short
  uint64_t mcu_resets = 0;
  std::vector<uint32_t> page_programs;  // program operations issued per 256-byte page
};

/// Non-volatile register contents (for persistence with the array).
struct NorRegisters {
  uint8_t sr1 = 0;  // BP/TB/SEC/QE/SRWD bits (WIP and WEL are not stored)
  uint8_t sr2 = 0;  // Winbond
  uint8_t sr3 = 0;  // Winbond (ADP, WPS, drive strength)
};

class SpiNorChip final : public PoweredDevice {
 public:
  static constexpr uint32_t kPageSize = 256;
  static constexpr uint32_t kSectorSize = 4096;

  /// Copies `spec`; attaches itself to `power` and uses its clock. The domain must outlive the
  /// chip and (no detach) must not cut after the chip is gone. The array starts erased, the status
  /// registers at the factory values (no block protection).
  SpiNorChip(const NorChipSpec& spec, PowerDomain& power, const SpiNorChipConfig& cfg = {});

  /// One chip-select frame that has just ended (see the header comment). `cs_low_ns`: how long
  /// CS# was low — the controller has already advanced the clock by it. Errors: kPowerLost (the
  /// domain is dead, or this frame started the operation the cut plan names).
  core::Status frame(std::span<const std::byte> cmd, std::span<const std::byte> tx, std::span<std::byte> rx,
                     uint64_t cs_low_ns = 0);
  core::Status frame(const spinor::SpiFrame& f, uint64_t cs_low_ns = 0) { return frame(f.cmd, f.tx, f.rx, cs_low_ns); }

  void power_lost(const PowerCut& cut) override;
  void power_restored() override;
  /// A warm MCU reset: the chip sees nothing (reference §1.7, §3 hazard); counted only.
  void mcu_reset() { ++stats_.mcu_resets; }

  // What a logic analyser or a hardware status poller sees; no side effects beyond finishing an
  // operation whose deadline has passed.
  bool busy();
  uint64_t busy_until_ns() const { return op_.kind == OpKind::kNone ? 0 : op_.end_ns; }
  bool write_enabled() const { return wel_; }
  bool in_deep_power_down() const { return deep_power_down_; }
  bool four_byte_mode() const { return four_byte_; }
  uint8_t status();                  // SR1 as RDSR would return it now
  uint8_t security() const { return scur_; }
  NorRegisters registers() const { return {sr1_, sr2_, sr3_}; }
  void set_registers(const NorRegisters& r);

  const NorChipSpec& spec() const { return spec_; }
  const char* name() const { return cfg_.name; }
  /// Busy time the chip would take now for a program of `len` latched bytes / an erase of
  /// `bytes` (4K, 32K, 64K or the whole array) / a status write, in the configured column
  /// (uniform: the midpoint).
  uint64_t program_ns(uint32_t len) const;
  uint64_t erase_ns(uint32_t bytes) const;

  /// The non-const form first finishes an operation whose deadline has passed (as bytes() does),
  /// so an erase that ended while nobody polled is counted.
  DeviceCounters& counters() {
    settle_until(power_.clock().now_ns());
    return counters_;
  }
  const DeviceCounters& counters() const { return counters_; }
  const NorChipStats& stats() const { return stats_; }
  void reset_stats();

  /// The cell array (for persistence and tests). The non-const form first finishes an operation
  /// whose deadline has passed, so it shows what the chip holds now.
  std::span<std::byte> bytes();
  std::span<const std::byte> bytes() const { return mem_; }
  /// Replaces every cell (same size) and drops any operation in flight; counters untouched.
  void restore(std::span<const std::byte> cells);
  /// The SFDP space RDSFDP reads.
  std::span<const std::byte> sfdp() const { return sfdp_; }

 private:
  enum class OpKind : uint8_t { kNone, kProgram, kErase, kStatusWrite };
  struct Op {
    OpKind kind = OpKind::kNone;
    uint32_t off = 0;
    uint32_t len = 0;          // erase length / latched program bytes
    uint64_t start_ns = 0;
    uint64_t end_ns = 0;
    NorRegisters regs;         // status write: the new values
    uint8_t cr1 = 0, cr2 = 0;  // Macronix status write: the new configuration register
  };
  enum class Cmd : uint8_t {
    kNone, kRead, kProgram, kErase4k, kErase32k, kErase64k, kChipErase, kWriteEnable, kWriteDisable,
    kReadSr1, kReadSr2, kReadSr3, kReadCr, kReadSecurity, kWriteSr1, kWriteSr2, kWriteSr3, kReadId,
    kReadSfdp, kDeepPowerDown, kReleaseDp, kResetEnable, kReset, kEnter4Byte, kExit4Byte,
  };
  enum class Addr : uint8_t { kNone, kMode, k3, k4 };  // kMode: 3 bytes, or 4 in 4-byte mode
  struct CmdInfo {
    Cmd cmd = Cmd::kNone;
    Addr addr = Addr::kNone;
    uint8_t dummy = 0;      // dummy/mode bytes after the address
    bool quad = false;      // needs QE
  };
  class Stream;

  void build_command_table();
  core::Status dispatch(const CmdInfo& c, const Stream& s, std::span<std::byte> rx, uint64_t now);
  bool simple_command(Cmd c, uint64_t now);
  core::Status malformed();
  template <class ValueAt>
  static void emit(const Stream& s, std::span<std::byte> rx, size_t header, ValueAt value_at);
  void read_array(const Stream& s, uint32_t addr, size_t header, std::span<std::byte> rx);
  core::Status page_program(const Stream& s, uint32_t addr, size_t header, uint64_t now);
  core::Status erase(uint32_t addr, uint32_t bytes, uint64_t now);
  core::Status write_status(const CmdInfo& c, const Stream& s, uint64_t now);
  void wake_or_sleep(const Stream& s, std::span<std::byte> rx, uint64_t now);
  void soft_reset(uint64_t now);
  /// Records `op` as in flight and asks the power domain; kPowerLost when the cut hit it.
  core::Status start_op(const Op& op);
  /// WEL and block protection for a program/erase/status write; false = ignored (counted).
  bool accept_write(bool protected_range, uint8_t fail_flag);
  void settle_until(uint64_t t);
  void complete(const Op& op);
  void tear(const Op& op, TornRng& rng);
  void volatile_reset();
  uint64_t draw(const NorTime& t);
  uint64_t column(const NorTime& t) const;
  NorTime erase_time(uint32_t bytes) const;
  uint64_t program_time(uint32_t len, bool max_column) const;
  bool protects(uint32_t off, uint32_t len) const;
  bool quad_enabled() const;
  uint8_t status_bits() const;
  uint8_t address_bytes(Addr a) const;
  uint32_t address(const Stream& s, uint8_t bytes) const;
  core::Status lost() const;

  NorChipSpec spec_;
  SpiNorChipConfig cfg_;
  PowerDomain& power_;
  uint64_t salt_;
  TornRng timing_rng_;
  uint64_t reset_count_ = 0;
  std::vector<std::byte> mem_;
  std::vector<std::byte> sfdp_;
  std::array<CmdInfo, 256> table_{};  // by opcode, built from the vendor and the spec's options
  alignas(8) std::array<std::byte, kPageSize> latch_{};
  Op op_;
  bool wel_ = false;
  bool four_byte_ = false;
  bool deep_power_down_ = false;
  bool reset_armed_ = false;
  uint64_t ready_at_ns_ = 0;  // frames before this instant are ignored (tDP, DP exit, tRST)
  uint8_t sr1_ = 0, sr2_ = 0, sr3_ = 0;
  uint8_t cr1_ = 0, cr2_ = 0;  // Macronix configuration register (volatile here)
  uint8_t scur_ = 0;           // Macronix security register: P_FAIL bit 5, E_FAIL bit 6
  DeviceCounters counters_;
  NorChipStats stats_;
};

}  // namespace norboot::sim
