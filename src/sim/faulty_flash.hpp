#pragma once
// FaultyFlash: a decorator over any flash::Flash that makes one planned operation go wrong, for
// tests of error paths (pw_kvs FlashError::InRange is the model). Operations are counted from 1
// each time a plan is armed; only writes and erases count (reads too with count_reads), and with a
// range only operations touching [range_off, range_off + range_len) count.
//
//   kFail: the planned operation and the next `times - 1` counted ones return kIo naming the device
//          and offset; the device is not touched.
//   kCut : the planned operation does nothing; from then on every call returns kPowerLost until
//          revive() (a power cut without a PowerDomain).
//   kTorn: like kCut, but the operation lands partly, reproducibly from `seed`: a write lands for a
//          seeded prefix of its write blocks plus a seeded subset of the bits of the next block; an
//          erase erases, then programs back each byte's old bits in a seeded subset of bytes, so
//          the range holds a mix of old and erased values (through the inner device's own calls).
#include <cstdint>
#include <limits>

#include "flash/flash.hpp"

namespace norboot::sim {

enum class FaultKind : uint8_t { kFail, kCut, kTorn };

struct FaultPlan {
  uint64_t op = 0;  // 1-based index of the counted operation that fails; 0 = never
  FaultKind kind = FaultKind::kFail;
  uint32_t range_off = 0;
  uint32_t range_len = std::numeric_limits<uint32_t>::max();
  uint64_t seed = 0;
  uint32_t times = 1;        // kFail: how many counted operations fail in a row
  bool count_reads = false;
};

class FaultyFlash final : public flash::Flash {
 public:
  /// Same name and geometry as `inner`, which must outlive the decorator.
  explicit FaultyFlash(flash::Flash& inner, const FaultPlan& plan = {});

  /// Arms a new plan and restarts the operation count.
  void arm(const FaultPlan& plan);
  /// Counted operations since the plan was armed.
  uint64_t ops() const { return ops_; }
  /// True after a kCut / kTorn fault, until revive().
  bool dead() const { return dead_; }
  void revive() { dead_ = false; }
  flash::Flash& inner() { return inner_; }

 private:
  enum class OpType : uint8_t { kRead, kWrite, kErase };
  core::Status do_read(uint32_t off, std::span<std::byte> out) override;
  core::Status do_write(uint32_t off, std::span<const std::byte> in) override;
  core::Status do_erase(uint32_t off, uint32_t len) override;
  core::Status do_start_erase(uint32_t off, uint32_t len) override;
  core::Status do_start_write(uint32_t off, std::span<const std::byte> in) override;
  core::Result<bool> do_busy() override;
  core::Status do_wait_idle() override;

  /// The one path of every call: dead → kPowerLost; no fault → pass(); else the planned fault.
  template <class Pass, class Tear>
  core::Status guarded(OpType type, uint32_t off, uint32_t len, Pass&& pass, Tear&& tear);
  /// Counts the op (when it matches the plan's filters); true when it must fail now.
  bool fault_now(OpType type, uint32_t off, uint32_t len);
  core::Status injected(uint32_t off) const;
  core::Status torn_write(uint32_t off, std::span<const std::byte> in);
  core::Status torn_erase(uint32_t off, uint32_t len);
  core::Status check_alive() const;

  flash::Flash& inner_;
  FaultPlan plan_;
  uint64_t ops_ = 0;
  uint32_t fails_left_ = 0;
  bool dead_ = false;
};

}  // namespace norboot::sim
