#pragma once
// BootBench: the boot core on two power-cut-capable RAM flashes — an internal flash (4 KiB pages,
// 4-byte writes) and an external NOR (4 KiB sectors, byte writes) — with the fake image format,
// for the boot-cycle and power-cut cases on the target and the host. Heap-free: the arrays are
// static (one bench at a time).
#include <array>

#include "boot/app_api.hpp"
#include "boot/bootloader.hpp"
#include "core/clock.hpp"
#include "support/cut_flash.hpp"
#include "support/fake_image.hpp"

namespace norboot::target {

inline constexpr flash::Geometry kBenchInternal = flash::Geometry::uniform(4096, 24, 4);
inline constexpr flash::Geometry kBenchExternal = flash::Geometry::uniform(4096, 24, 1, 0xFF, 256);

/// The strategies this build contains (NORBOOT_STRATEGIES, boot/strategy.hpp), in enum order: the
/// cases that run "on every strategy" run on these; the rest must be refused.
struct BuiltStrategyList {
  std::array<boot::Strategy, boot::kStrategyTable.size()> items{};
  size_t count = 0;
  constexpr const boot::Strategy* begin() const { return items.data(); }
  constexpr const boot::Strategy* end() const { return items.data() + count; }
};

constexpr BuiltStrategyList built_strategies() {
  BuiltStrategyList l;
  for (const boot::StrategyInfo& i : boot::kStrategyTable) {
    if (boot::strategy_built(i.strategy)) l.items[l.count++] = i.strategy;
  }
  return l;
}
inline constexpr BuiltStrategyList kBuiltStrategyList = built_strategies();

class NullClock final : public core::Clock {
 public:
  uint64_t now_ns() const override { return now_; }
  void sleep_ns(uint64_t ns) override { now_ += ns; }

 private:
  uint64_t now_ = 0;
};

/// Keeps the last event and counts them; optionally watches for one refusal.
class LastEventLog final : public boot::BootLog {
 public:
  /// `seen` becomes true on a kRefuse event whose error has `code` and, in builds with diagnostic
  /// text, whose message contains `text` (without text the kind and code are the evidence).
  void watch_refusal(const char* text, core::Errc code) {
    watch_text_ = text;
    watch_code_ = code;
    watching_ = true;
  }
  void event(const boot::BootEvent& e) override;
  uint32_t events = 0;
  boot::Event last = boot::Event::kNote;
  bool seen = false;

 private:
  bool watching_ = false;
  const char* watch_text_ = "";
  core::Errc watch_code_ = core::Errc::kIo;
};

class BootBench {
 public:
  /// primary: internal 0x2000 + 16 pages; secondary: external 0 + 18 sectors (room for the
  /// pipeline's two-sector slack); scratch: external 0x14000 + 1 sector.
  explicit BootBench(boot::Strategy s);

  core::Status put_primary(uint32_t size, boot::Version v, uint8_t seed);
  core::Status put_secondary(uint32_t size, boot::Version v, uint8_t seed);
  core::Result<boot::BootResult> boot();
  boot::Bootloader make_bootloader();
  /// Version major of the image the primary holds, or -1 when it does not verify.
  int primary_major();

  boot::BootConfig cfg;
  PowerRail rail;
  CutFlash internal, external;
  boot::BootAreas areas;
  FakeImageCheck images;
  LastEventLog log;
  NullClock clock;
};

}  // namespace norboot::target
