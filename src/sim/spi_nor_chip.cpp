#include "sim/spi_nor_chip.hpp"

#include <algorithm>
#include <cstring>

#include "sim/detail/nor_cells.hpp"

namespace norboot::sim {
namespace {

constexpr uint8_t kIdle = 0xFF;          // MISO when nothing drives it; also the SPIM over-read byte
constexpr uint8_t kWip = 0x01;
constexpr uint8_t kWel = 0x02;
constexpr uint8_t kSr1Writable = 0xFC;   // BP…, QE/TB/SEC, SRWD/SRP: WIP and WEL are read-only
constexpr uint8_t kSr2Writable = 0x42;   // Winbond QE (bit 1), CMP (bit 6)
constexpr uint8_t kSr3Writable = 0x66;   // Winbond ADP (bit 1), WPS (bit 2), DRV (bits 5–6)
constexpr uint8_t kMacronixQe = 0x40;    // SR bit 6
constexpr uint8_t kWinbondQe = 0x02;     // SR2 bit 1
constexpr uint8_t kWinbondAds = 0x01;    // SR3 bit 0: current address mode (read-only)
constexpr uint8_t kWinbondAdp = 0x02;    // SR3 bit 1: power up in 4-byte mode
constexpr uint8_t kProgramFail = 0x20;   // Macronix security register P_FAIL
constexpr uint8_t kEraseFail = 0x40;     // Macronix security register E_FAIL

// An empty span may have a null data(); memset(nullptr, _, 0) is still undefined (UBSan).
void idle(std::span<std::byte> rx) {
  if (!rx.empty()) std::memset(rx.data(), kIdle, rx.size());
}

}  // namespace

// The MOSI byte stream of one frame: cmd, then tx, then one over-read byte per rx byte.
class SpiNorChip::Stream {
 public:
  Stream(std::span<const std::byte> cmd, std::span<const std::byte> tx, size_t orc)
      : cmd_(cmd), tx_(tx), sent_(cmd.size() + tx.size()), total_(sent_ + orc) {}
  size_t sent() const { return sent_; }    // bytes before MISO is captured
  size_t total() const { return total_; }  // clocks / 8
  uint8_t at(size_t p) const {
    if (p < cmd_.size()) return std::to_integer<uint8_t>(cmd_[p]);
    if (p < sent_) return std::to_integer<uint8_t>(tx_[p - cmd_.size()]);
    return kIdle;
  }
  void copy(size_t p, std::byte* dst, size_t n) const {
    while (n > 0) {
      size_t chunk = 0;
      if (p < cmd_.size()) {
        chunk = std::min(n, cmd_.size() - p);
        std::memcpy(dst, cmd_.data() + p, chunk);
      } else if (p < sent_) {
        chunk = std::min(n, sent_ - p);
        std::memcpy(dst, tx_.data() + (p - cmd_.size()), chunk);
      } else {
        chunk = n;
        std::memset(dst, kIdle, chunk);
      }
      p += chunk;
      dst += chunk;
      n -= chunk;
    }
  }

 private:
  std::span<const std::byte> cmd_, tx_;
  size_t sent_, total_;
};

SpiNorChip::SpiNorChip(const NorChipSpec& spec, PowerDomain& power, const SpiNorChipConfig& cfg)
    : spec_(spec),
      cfg_(cfg),
      power_(power),
      salt_(detail::device_salt(cfg.name)),
      timing_rng_(cfg.timing_seed ^ detail::device_salt(cfg.name)),
      mem_(spec.size, std::byte{0xFF}),
      sfdp_(sfdp_image::build_sfdp_space(spec.bfp, spec.four_byte_table)) {
  sr2_ = spec.vendor == NorVendor::kWinbond ? spec.factory_sr2 : 0;
  counters_.sector_erases.assign(spec.size / kSectorSize, 0);
  stats_.page_programs.assign(spec.size / kPageSize, 0);
  build_command_table();
  power_.attach(this);
}

void SpiNorChip::build_command_table() {
  auto set = [this](uint8_t opcode, Cmd c, Addr a = Addr::kNone, uint8_t dummy = 0, bool quad = false) {
    table_[opcode] = CmdInfo{.cmd = c, .addr = a, .dummy = dummy, .quad = quad};
  };
  set(0x03, Cmd::kRead, Addr::kMode);
  set(0x0B, Cmd::kRead, Addr::kMode, 1);
  set(0x3B, Cmd::kRead, Addr::kMode, 1);
  set(0xBB, Cmd::kRead, Addr::kMode, 1);
  set(0x6B, Cmd::kRead, Addr::kMode, 1, true);
  set(0xEB, Cmd::kRead, Addr::kMode, 3, true);  // mode byte + 4 dummy clocks on four lines
  set(0x02, Cmd::kProgram, Addr::kMode);
  set(0x20, Cmd::kErase4k, Addr::kMode);
  set(0x52, Cmd::kErase32k, Addr::kMode);
  set(0xD8, Cmd::kErase64k, Addr::kMode);
  set(0x60, Cmd::kChipErase);
  set(0xC7, Cmd::kChipErase);
  set(0x06, Cmd::kWriteEnable);
  set(0x04, Cmd::kWriteDisable);
  set(0x05, Cmd::kReadSr1);
  set(0x01, Cmd::kWriteSr1);
  set(0x9F, Cmd::kReadId);
  set(0x5A, Cmd::kReadSfdp, spec_.sfdp_follows_address_mode ? Addr::kMode : Addr::k3, 1);
  set(0xB9, Cmd::kDeepPowerDown);
  set(0xAB, Cmd::kReleaseDp);
  set(0x66, Cmd::kResetEnable);
  set(0x99, Cmd::kReset);
  const bool macronix = spec_.vendor == NorVendor::kMacronix;
  if (macronix) {
    set(0x15, Cmd::kReadCr);
    set(0x2B, Cmd::kReadSecurity);
    set(0x38, Cmd::kProgram, Addr::kMode, 0, true);
  } else {
    set(0x35, Cmd::kReadSr2);
    set(0x15, Cmd::kReadSr3);
    set(0x31, Cmd::kWriteSr2);
    set(0x11, Cmd::kWriteSr3);
    set(0x32, Cmd::kProgram, Addr::kMode, 0, true);
  }
  if (!spec_.four_byte) return;
  set(0xB7, Cmd::kEnter4Byte);
  set(0xE9, Cmd::kExit4Byte);
  set(0x13, Cmd::kRead, Addr::k4);
  set(0x0C, Cmd::kRead, Addr::k4, 1);
  set(0x3C, Cmd::kRead, Addr::k4, 1);
  set(0xBC, Cmd::kRead, Addr::k4, 1);
  set(0x6C, Cmd::kRead, Addr::k4, 1, true);
  set(0xEC, Cmd::kRead, Addr::k4, 3, true);
  set(0x12, Cmd::kProgram, Addr::k4);
  set(macronix ? 0x3E : 0x34, Cmd::kProgram, Addr::k4, 0, true);
  set(0x21, Cmd::kErase4k, Addr::k4);
  set(0xDC, Cmd::kErase64k, Addr::k4);
  if (spec_.four_byte_erase32k) set(0x5C, Cmd::kErase32k, Addr::k4);
}

core::Status SpiNorChip::lost() const {
  return core::fail(core::Error{.code = core::Errc::kPowerLost, .what = "power is off", .device = cfg_.name});
}

core::Status SpiNorChip::frame(std::span<const std::byte> cmd, std::span<const std::byte> tx,
                               std::span<std::byte> rx, uint64_t cs_low_ns) {
  if (!power_.alive()) return lost();
  const uint64_t now = power_.clock().now_ns();
  const uint64_t start = now > cs_low_ns ? now - cs_low_ns : 0;
  ++stats_.frames;
  const Stream s(cmd, tx, rx.size());
  settle_until(start);
  const bool armed = reset_armed_;
  reset_armed_ = false;
  if (start < ready_at_ns_) {
    ++stats_.ignored_asleep;
    idle(rx);
    return core::ok();
  }
  if (deep_power_down_) {
    wake_or_sleep(s, rx, now);
    return core::ok();
  }
  if (s.total() == 0) return core::ok();
  const CmdInfo& c = table_[s.at(0)];
  const bool status_read = c.cmd == Cmd::kReadSr1 || c.cmd == Cmd::kReadSr2 || c.cmd == Cmd::kReadSr3 ||
                           c.cmd == Cmd::kReadSecurity;
  if (op_.kind != OpKind::kNone && !status_read && c.cmd != Cmd::kResetEnable && c.cmd != Cmd::kReset) {
    ++stats_.ignored_busy;
    idle(rx);
    return core::ok();
  }
  if (c.cmd == Cmd::kNone || (c.quad && !quad_enabled()) || (c.cmd == Cmd::kReset && !armed)) {
    ++stats_.ignored_malformed;
    idle(rx);
    return core::ok();
  }
  if (status_read) {
    // Each status byte shows the chip as of the instant it is clocked out, so one long RDSR
    // frame sees WIP fall when the operation ends.
    const uint64_t per_byte_ns = s.total() == 0 ? 0 : cs_low_ns / s.total();
    const uint8_t before = c.cmd == Cmd::kReadSr1 ? status_bits() : c.cmd == Cmd::kReadSr2 ? sr2_
                         : c.cmd == Cmd::kReadSr3 ? static_cast<uint8_t>(sr3_ | (four_byte_ ? kWinbondAds : 0))
                                                  : scur_;
    const uint8_t after = c.cmd == Cmd::kReadSr1 && op_.kind != OpKind::kNone
                              ? static_cast<uint8_t>(op_.kind == OpKind::kStatusWrite ? op_.regs.sr1 : sr1_)
                              : before;
    for (size_t i = 0; i < rx.size(); ++i) {
      const size_t p = s.sent() + i;
      const bool done = op_.kind != OpKind::kNone && start + (p + 1) * per_byte_ns >= op_.end_ns;
      rx[i] = std::byte{p < 1 ? kIdle : done ? after : before};
    }
    ++stats_.commands;
    return core::ok();
  }
  return dispatch(c, s, rx, now);
}

uint8_t SpiNorChip::status_bits() const {
  return static_cast<uint8_t>(sr1_ | (wel_ ? kWel : 0) | (op_.kind != OpKind::kNone ? kWip : 0));
}

uint8_t SpiNorChip::status() {
  settle_until(power_.clock().now_ns());
  return status_bits();
}

bool SpiNorChip::busy() {
  settle_until(power_.clock().now_ns());
  return op_.kind != OpKind::kNone;
}

uint32_t SpiNorChip::address(const Stream& s, uint8_t bytes) const {
  uint32_t a = 0;
  for (uint8_t i = 1; i <= bytes; ++i) a = (a << 8) | s.at(i);
  return a;
}

uint8_t SpiNorChip::address_bytes(Addr a) const {
  switch (a) {
    case Addr::kNone: return 0;
    case Addr::kMode: return four_byte_ ? 4 : 3;
    case Addr::k3: return 3;
    case Addr::k4: return 4;
  }
  return 0;
}

core::Status SpiNorChip::dispatch(const CmdInfo& c, const Stream& s, std::span<std::byte> rx, uint64_t now) {
  const uint8_t a = address_bytes(c.addr);
  const bool single_byte = s.total() == 1;
  const bool output = c.cmd == Cmd::kRead || c.cmd == Cmd::kReadCr || c.cmd == Cmd::kReadId ||
                      c.cmd == Cmd::kReadSfdp || c.cmd == Cmd::kReleaseDp;
  if (!output) idle(rx);
  bool executed = true;
  switch (c.cmd) {
    case Cmd::kRead:
      read_array(s, address(s, a), 1u + a + c.dummy, rx);
      break;
    case Cmd::kProgram:
      if (s.total() <= 1u + a) return malformed();
      ++stats_.commands;
      return page_program(s, address(s, a), 1u + a, now);
    case Cmd::kErase4k:
    case Cmd::kErase32k:
    case Cmd::kErase64k: {
      if (s.total() != 1u + a) return malformed();
      const uint32_t bytes = c.cmd == Cmd::kErase4k ? 4096u : c.cmd == Cmd::kErase32k ? 32768u : 65536u;
      ++stats_.commands;
      return erase(address(s, a) & (spec_.size - 1), bytes, now);
    }
    case Cmd::kChipErase:
      if (!single_byte) return malformed();
      ++stats_.commands;
      return erase(0, spec_.size, now);
    case Cmd::kWriteSr1:
    case Cmd::kWriteSr2:
    case Cmd::kWriteSr3:
      return write_status(c, s, now);
    case Cmd::kReadCr:
      emit(s, rx, 1, [this](size_t i) { return i % 2 == 0 ? cr1_ : cr2_; });
      break;
    case Cmd::kReadId:
      emit(s, rx, 1, [this](size_t i) { return i < 3 ? spec_.jedec_id[i] : uint8_t{0}; });
      break;
    case Cmd::kReadSfdp: {
      const uint32_t from = address(s, a);
      emit(s, rx, 2u + a, [this, from](size_t i) {
        const uint64_t at = uint64_t{from} + i;
        return at < sfdp_.size() ? std::to_integer<uint8_t>(sfdp_[at]) : kIdle;
      });
      break;
    }
    case Cmd::kReleaseDp:  // awake: RES, the electronic signature after 3 dummy bytes
      emit(s, rx, 4, [this](size_t) { return spec_.res_id; });
      break;
    default:
      executed = single_byte && simple_command(c.cmd, now);
      break;
  }
  if (!executed) return malformed();
  ++stats_.commands;
  return core::ok();
}

// Single-byte commands: CS# must rise right after the opcode.
bool SpiNorChip::simple_command(Cmd c, uint64_t now) {
  switch (c) {
    case Cmd::kWriteEnable: wel_ = true; return true;
    case Cmd::kWriteDisable: wel_ = false; return true;
    case Cmd::kResetEnable: reset_armed_ = true; return true;
    case Cmd::kReset: soft_reset(now); return true;
    case Cmd::kEnter4Byte: four_byte_ = true; return true;
    case Cmd::kExit4Byte: four_byte_ = false; return true;
    case Cmd::kDeepPowerDown:
      deep_power_down_ = true;
      ready_at_ns_ = now + spec_.dp_enter_ns;
      return true;
    default: return false;
  }
}

core::Status SpiNorChip::malformed() {
  ++stats_.ignored_malformed;
  return core::ok();
}

template <class ValueAt>
void SpiNorChip::emit(const Stream& s, std::span<std::byte> rx, size_t header, ValueAt value_at) {
  for (size_t i = 0; i < rx.size(); ++i) {
    const size_t p = s.sent() + i;
    rx[i] = std::byte{p < header ? kIdle : value_at(p - header)};
  }
}

void SpiNorChip::read_array(const Stream& s, uint32_t addr, size_t header, std::span<std::byte> rx) {
  // rx[i] is stream byte sent() + i; data byte j is stream byte header + j.
  const size_t skip = header > s.sent() ? std::min(header - s.sent(), rx.size()) : 0;
  idle(rx.first(skip));
  std::byte* out = rx.data() + skip;
  size_t left = rx.size() - skip;
  const size_t size = mem_.size();
  size_t from = (addr + (s.sent() + skip - header)) & (size - 1);
  counters_.read_bytes += left;
  ++counters_.reads;
  while (left > 0) {  // wraps at the end of the array
    const size_t chunk = std::min(left, size - from);
    std::memcpy(out, mem_.data() + from, chunk);
    out += chunk;
    left -= chunk;
    from = 0;
  }
}

core::Status SpiNorChip::page_program(const Stream& s, uint32_t addr, size_t header, uint64_t now) {
  addr &= spec_.size - 1;
  const uint32_t page = addr & ~(kPageSize - 1);
  if (!accept_write(protects(page, kPageSize), kProgramFail)) return core::ok();
  const size_t sent = s.total() - header;
  const size_t kept = std::min<size_t>(sent, kPageSize);  // only the last 256 bytes stay latched
  std::memset(latch_.data(), kIdle, kPageSize);
  const size_t column = (addr + (sent - kept)) % kPageSize;
  const size_t first = std::min(kept, kPageSize - column);
  s.copy(header + (sent - kept), latch_.data() + column, first);
  s.copy(header + (sent - kept) + first, latch_.data(), kept - first);
  ++stats_.page_programs[page / kPageSize];
  const uint64_t typ = program_time(static_cast<uint32_t>(kept), false);
  const uint64_t max = program_time(static_cast<uint32_t>(kept), true);
  Op op;
  op.kind = OpKind::kProgram;
  op.off = page;
  op.len = static_cast<uint32_t>(kept);
  op.start_ns = now;
  op.end_ns = now + draw({typ, max});
  return start_op(op);
}

core::Status SpiNorChip::erase(uint32_t addr, uint32_t bytes, uint64_t now) {
  const uint32_t base = addr & ~(bytes - 1);
  const bool hit = bytes == spec_.size ? protects(0, spec_.size) : protects(base, bytes);
  if (!accept_write(hit, kEraseFail)) return core::ok();
  Op op;
  op.kind = OpKind::kErase;
  op.off = base;
  op.len = bytes;
  op.start_ns = now;
  op.end_ns = now + draw(erase_time(bytes));
  return start_op(op);
}

core::Status SpiNorChip::write_status(const CmdInfo& c, const Stream& s, uint64_t now) {
  const size_t n = s.total() - 1;
  const bool macronix = spec_.vendor == NorVendor::kMacronix;
  const size_t most = c.cmd != Cmd::kWriteSr1 ? 1 : macronix ? 3 : 2;
  if (n < 1 || n > most) return malformed();
  ++stats_.commands;
  if (!accept_write(false, 0)) return core::ok();
  Op op{.kind = OpKind::kStatusWrite, .start_ns = now, .end_ns = now + draw(spec_.write_status),
        .regs = {sr1_, sr2_, sr3_}, .cr1 = cr1_, .cr2 = cr2_};
  const uint8_t b1 = s.at(1);
  if (c.cmd == Cmd::kWriteSr1) op.regs.sr1 = b1 & kSr1Writable;
  if (c.cmd == Cmd::kWriteSr2) op.regs.sr2 = (sr2_ & ~kSr2Writable) | (b1 & kSr2Writable);
  if (c.cmd == Cmd::kWriteSr3) op.regs.sr3 = (sr3_ & ~kSr3Writable) | (b1 & kSr3Writable);
  if (c.cmd == Cmd::kWriteSr1 && n >= 2 && macronix) op.cr1 = s.at(2);
  if (c.cmd == Cmd::kWriteSr1 && n >= 2 && !macronix) op.regs.sr2 = (sr2_ & ~kSr2Writable) | (s.at(2) & kSr2Writable);
  if (n >= 3) op.cr2 = s.at(3);
  return start_op(op);
}

bool SpiNorChip::accept_write(bool protected_range, uint8_t fail_flag) {
  if (!wel_) {
    ++stats_.ignored_no_wel;
    return false;
  }
  if (protected_range) {
    ++stats_.ignored_protected;
    wel_ = false;
    if (spec_.vendor == NorVendor::kMacronix) scur_ |= fail_flag;
    return false;
  }
  if (spec_.vendor == NorVendor::kMacronix && fail_flag != 0) scur_ &= static_cast<uint8_t>(~(kProgramFail | kEraseFail));
  return true;
}

core::Status SpiNorChip::start_op(const Op& op) {
  op_ = op;
  if (!power_.begin_op(op.end_ns - op.start_ns)) return lost();  // power_lost() settled op_
  return core::ok();
}

void SpiNorChip::wake_or_sleep(const Stream& s, std::span<std::byte> rx, uint64_t now) {
  idle(rx);
  const bool release = s.total() > 0 && s.at(0) == 0xAB;
  if (!spec_.wake_on_any_cs && !release) {
    ++stats_.ignored_asleep;
    return;
  }
  deep_power_down_ = false;
  ready_at_ns_ = now + spec_.dp_exit_ns;
  if (release && !spec_.wake_on_any_cs) emit(s, rx, 4, [this](size_t) { return spec_.res_id; });
  ++stats_.commands;
}

void SpiNorChip::soft_reset(uint64_t now) {
  if (op_.kind != OpKind::kNone) {
    counters_.busy_ns += now - op_.start_ns;
    TornRng rng(cfg_.reset_seed ^ salt_ ^ (++reset_count_ * 0x9E3779B97F4A7C15ull));
    tear(op_, rng);
    op_ = {};
    ++stats_.aborted_by_reset;
  }
  volatile_reset();
  ready_at_ns_ = now + spec_.reset_ns;
}

void SpiNorChip::settle_until(uint64_t t) {
  if (op_.kind == OpKind::kNone || op_.end_ns > t) return;
  const Op done = op_;
  op_ = {};
  complete(done);
}

void SpiNorChip::complete(const Op& op) {
  switch (op.kind) {
    case OpKind::kProgram:
      detail::program_and(mem_.data() + op.off, latch_.data(), kPageSize);
      ++counters_.programs;
      counters_.program_bytes += op.len;
      break;
    case OpKind::kErase:
      std::memset(mem_.data() + op.off, 0xFF, op.len);
      ++counters_.erases;
      counters_.erase_bytes += op.len;
      for (uint32_t s = op.off / kSectorSize; s < (op.off + uint64_t{op.len}) / kSectorSize; ++s) ++counters_.sector_erases[s];
      break;
    case OpKind::kStatusWrite:
      sr1_ = op.regs.sr1;
      sr2_ = op.regs.sr2;
      sr3_ = op.regs.sr3;
      cr1_ = op.cr1;
      cr2_ = op.cr2;
      break;
    case OpKind::kNone: return;
  }
  wel_ = false;
  counters_.busy_ns += op.end_ns - op.start_ns;
}

void SpiNorChip::tear(const Op& op, TornRng& rng) {
  switch (op.kind) {
    case OpKind::kProgram:
      for (uint32_t i = 0; i < kPageSize; ++i) mem_[op.off + i] &= latch_[i] | std::byte(rng.next() & 0xFF);
      break;
    case OpKind::kErase:
      detail::tear_erase(std::span(mem_).subspan(op.off, op.len), 0xFF, rng);
      break;
    case OpKind::kStatusWrite: {
      auto mix = [&rng](uint8_t old_v, uint8_t new_v) {
        const uint8_t m = static_cast<uint8_t>(rng.next());
        return static_cast<uint8_t>((old_v & ~m) | (new_v & m));
      };
      sr1_ = mix(sr1_, op.regs.sr1);
      sr2_ = mix(sr2_, op.regs.sr2);
      sr3_ = mix(sr3_, op.regs.sr3);
      break;
    }
    case OpKind::kNone: break;
  }
  wel_ = false;
}

void SpiNorChip::power_lost(const PowerCut& cut) {
  if (op_.kind != OpKind::kNone) {
    const Op op = op_;
    op_ = {};
    if (cut.at_ns >= op.end_ns) {
      complete(op);
    } else {
      counters_.busy_ns += cut.at_ns > op.start_ns ? cut.at_ns - op.start_ns : 0;
      if (cut.mode == CutMode::kTorn) {
        TornRng rng(cut.seed ^ salt_);
        tear(op, rng);
      }
    }
  }
  volatile_reset();
}

void SpiNorChip::power_restored() {
  op_ = {};
  volatile_reset();
}

void SpiNorChip::volatile_reset() {
  wel_ = false;
  deep_power_down_ = false;
  reset_armed_ = false;
  ready_at_ns_ = 0;
  four_byte_ = spec_.four_byte && spec_.vendor == NorVendor::kWinbond && (sr3_ & kWinbondAdp) != 0;
  cr1_ = cr2_ = 0;
  scur_ = 0;
}

void SpiNorChip::set_registers(const NorRegisters& r) {
  sr1_ = r.sr1 & kSr1Writable;
  sr2_ = r.sr2;
  sr3_ = static_cast<uint8_t>(r.sr3 & ~kWinbondAds);
}

bool SpiNorChip::quad_enabled() const {
  return spec_.vendor == NorVendor::kMacronix ? (sr1_ & kMacronixQe) != 0 : (sr2_ & kWinbondQe) != 0;
}

bool SpiNorChip::protects(uint32_t off, uint32_t len) const {
  const NorProtect& p = spec_.protect;
  const uint8_t field = sr1_ & p.mask;
  if (field == 0) return false;
  const uint32_t level = field >> __builtin_ctz(p.mask);
  const uint64_t plen = std::min<uint64_t>(uint64_t{p.unit} << (level - 1), spec_.size);
  const bool bottom = p.tb_bit != 0 && (sr1_ & p.tb_bit) != 0;
  const uint64_t lo = bottom ? 0 : spec_.size - plen;
  const uint64_t hi = lo + plen;
  return off < hi && uint64_t{off} + len > lo;
}

NorTime SpiNorChip::erase_time(uint32_t bytes) const {
  switch (bytes) {
    case 4096: return spec_.erase_4k;
    case 32768: return spec_.erase_32k;
    case 65536: return spec_.erase_64k;
    default: return spec_.chip_erase;
  }
}

uint64_t SpiNorChip::program_time(uint32_t len, bool max_column) const {
  const uint64_t page = max_column ? spec_.page_program.max_ns : spec_.page_program.typ_ns;
  if (!spec_.byte_program_model || len >= kPageSize) return page;
  const uint64_t first = max_column ? spec_.first_byte.max_ns : spec_.first_byte.typ_ns;
  const uint64_t more = max_column ? spec_.more_byte.max_ns : spec_.more_byte.typ_ns;
  return std::min(page, first + uint64_t{len - 1} * more);
}

uint64_t SpiNorChip::draw(const NorTime& t) {
  switch (cfg_.timing) {
    case NorTiming::kTypical: return t.typ_ns;
    case NorTiming::kMax: return t.max_ns;
    case NorTiming::kSeededUniform: return t.typ_ns + timing_rng_.below(t.max_ns - t.typ_ns + 1);
  }
  return t.typ_ns;
}

uint64_t SpiNorChip::column(const NorTime& t) const {
  switch (cfg_.timing) {
    case NorTiming::kTypical: return t.typ_ns;
    case NorTiming::kMax: return t.max_ns;
    case NorTiming::kSeededUniform: return t.typ_ns + (t.max_ns - t.typ_ns) / 2;
  }
  return t.typ_ns;
}

uint64_t SpiNorChip::program_ns(uint32_t len) const {
  return column({program_time(len, false), program_time(len, true)});
}

uint64_t SpiNorChip::erase_ns(uint32_t bytes) const { return column(erase_time(bytes)); }

void SpiNorChip::reset_stats() {
  const size_t pages = stats_.page_programs.size();
  stats_ = NorChipStats{};
  stats_.page_programs.assign(pages, 0);
}

std::span<std::byte> SpiNorChip::bytes() {
  settle_until(power_.clock().now_ns());
  return mem_;
}

void SpiNorChip::restore(std::span<const std::byte> cells) {
  std::memcpy(mem_.data(), cells.data(), std::min(cells.size(), mem_.size()));
  op_ = {};
}

}  // namespace norboot::sim
