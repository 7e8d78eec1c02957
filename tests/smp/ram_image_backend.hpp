#pragma once
// RamImageBackend: a test double of smp::ImageBackend over one flash::RamFlash holding both slots.
// Slot flags are kept in RAM (no trailers — the boot-side backend writes real ones); boot() plays
// the part of the bootloader at reset (swap on a pending request, revert an unconfirmed test), so
// client tests can walk through upload → test → reset → confirm.
//
// Layout on the device (sector = cfg.sector):
//   [0, P)                      primary  (P = primary_sectors; the last trailer_sectors are its trailer)
//   [P, P + S)                  secondary; the upload area starts slack_sectors in (swap-offset
//                               style placement) and ends before the secondary's trailer sectors
// Header-only so the fuzz targets and benchmarks can use the same double.
#include <algorithm>
#include <array>
#include <optional>
#include <vector>

#include "core/bytes.hpp"
#include "flash/ram_flash.hpp"
#include "openssl_sha256.hpp"
#include "smp/image_backend.hpp"

namespace norboot::smp::testing {

struct RamBoardConfig {
  uint32_t sector = 4096;
  uint32_t primary_sectors = 16;
  uint32_t secondary_sectors = 17;
  uint32_t trailer_sectors = 1;
  uint32_t slack_sectors = 1;
  uint32_t write_block = 4;
};

class RamImageBackend final : public ImageBackend {
 public:
  explicit RamImageBackend(const RamBoardConfig& cfg = {})
      : cfg_(cfg),
        mem_(size_t{cfg.sector} * (cfg.primary_sectors + cfg.secondary_sectors)),
        flash_("external", flash::Geometry::uniform(cfg.sector, cfg.primary_sectors + cfg.secondary_sectors,
                                                    cfg.write_block),
               mem_) {
    flash_.format();
  }

  flash::RamFlash& flash() { return flash_; }
  std::span<std::byte> bytes() { return flash_.bytes(); }
  flash::Area primary() { return {&flash_, 0, cfg_.sector * cfg_.primary_sectors, "primary"}; }
  flash::Area secondary() {
    return {&flash_, cfg_.sector * cfg_.primary_sectors, cfg_.sector * cfg_.secondary_sectors, "secondary"};
  }
  flash::Area upload_area() {
    flash::Area s = secondary();
    uint32_t slack = cfg_.sector * cfg_.slack_sectors;
    return {&flash_, s.off + slack, s.size - slack - cfg_.sector * cfg_.trailer_sectors, "secondary"};
  }
  flash::Area image_area(uint8_t slot) {
    flash::Area p = primary();
    return slot == 0 ? flash::Area{&flash_, 0, p.size - cfg_.sector * cfg_.trailer_sectors, "primary"} : upload_area();
  }

  /// Writes an image into the primary as if flashed by a programmer (running, confirmed).
  void install_primary(std::span<const std::byte> img) {
    std::copy(img.begin(), img.end(), bytes().begin());
    running_confirmed = true;
  }

  /// What the bootloader does at reset: swap on request, revert an unconfirmed test.
  void boot() {
    if (pending) {
      swap_images();
      running_confirmed = permanent;
      revert_target = !permanent;
      pending = permanent = false;
    } else if (!running_confirmed) {
      swap_images();
      running_confirmed = true;
      revert_target = false;
    }
  }

  // --- ImageBackend ---
  uint8_t image_count() const override { return 1; }

  core::Result<SlotSizes> slot_sizes(uint8_t image) override {
    if (image != 0) return core::fail(core::Errc::kNotFound, "image");
    SlotSizes s;
    s.primary_size = primary().size;
    s.secondary_size = secondary().size;
    s.max_image_size = image_area(0).size;
    return s;
  }

  core::Result<size_t> read_slots(uint8_t image, std::span<SlotState, 2> out) override {
    if (image != 0) return core::fail(core::Errc::kNotFound, "image");
    size_t n = 0;
    for (uint8_t slot = 0; slot < 2; ++slot) {
      auto parsed = parse(image_area(slot));
      if (!parsed) continue;
      SlotState s = *parsed;
      s.slot = slot;
      s.active = slot == 0;
      s.confirmed = slot == 0 ? running_confirmed : revert_target;
      s.pending = slot == 1 && pending;
      s.permanent = slot == 1 && pending && permanent;
      out[n++] = s;
    }
    return n;
  }

  core::Result<flash::Area> begin_upload(uint8_t, uint32_t len) override {
    ++begin_calls;
    if (pending) return core::fail(core::Errc::kBadState, "secondary pending");
    flash::Area s = secondary();
    uint32_t trailer = cfg_.sector * cfg_.trailer_sectors;
    NB_TRY(s.erase(s.size - trailer, trailer));  // no stale request may apply to the new data
    last_len = len;
    return upload_area();
  }

  core::Status finish_upload(uint8_t, uint32_t len) override {
    ++finish_calls;
    if (finish_error) return core::fail(*finish_error);
    if (!validate_on_finish) return core::ok();
    auto parsed = parse(upload_area(), /*verify=*/true);
    if (!parsed) return core::fail(core::Errc::kMismatch, "image hash TLV");
    (void)len;
    return core::ok();
  }

  core::Status erase_slot(uint8_t, uint8_t slot) override {
    ++erase_calls;
    flash::Area a = slot == 0 ? primary() : secondary();
    NB_TRY(a.erase(0, a.size));
    if (slot == 1) pending = permanent = revert_target = false;
    return core::ok();
  }

  core::Status request_upgrade(uint8_t, bool perm) override {
    if (!parse(upload_area())) return core::fail(core::Errc::kNotFound, "no image in the secondary");
    pending = true;
    permanent = perm;
    return core::ok();
  }

  core::Status confirm(uint8_t) override {
    running_confirmed = true;
    revert_target = false;
    return core::ok();
  }

  // State a test may look at or set.
  bool pending = false;
  bool permanent = false;
  bool running_confirmed = true;
  bool revert_target = false;
  bool validate_on_finish = true;
  std::optional<core::Error> finish_error;
  int begin_calls = 0, finish_calls = 0, erase_calls = 0;
  uint32_t last_len = 0;

  /// Reads the image at the start of `a` (header, TLV info, SHA-256 TLV); with `verify`, also
  /// checks the hash. nullopt when there is no well-formed image.
  std::optional<SlotState> parse(const flash::Area& a, bool verify = false) {
    std::array<std::byte, 32> h{};
    if (!a.read(0, h)) return std::nullopt;
    if (core::load_le32(h, 0) != 0x96f3b83d) return std::nullopt;
    uint32_t hdr = core::load_le16(h, 8), prot = core::load_le16(h, 10), body = core::load_le32(h, 12);
    uint64_t tlv = uint64_t{hdr} + body + prot;
    std::array<std::byte, 8> t{};
    if (tlv + 8 + 32 > a.size || !a.read(static_cast<uint32_t>(tlv), t)) return std::nullopt;
    if (core::load_le16(t, 0) != 0x6907 || core::load_le16(t, 4) != 0x0010 || core::load_le16(t, 6) != 32) {
      return std::nullopt;
    }
    SlotState s;
    if (!a.read(static_cast<uint32_t>(tlv + 8), std::span(s.hash).first(32))) return std::nullopt;
    s.hash_len = 32;
    s.version = {std::to_integer<uint8_t>(h[20]), std::to_integer<uint8_t>(h[21]), core::load_le16(h, 22),
                 core::load_le32(h, 24)};
    s.bootable = (core::load_le32(h, 16) & 0x10) == 0;
    if (verify) {
      std::vector<std::byte> covered(static_cast<size_t>(tlv));
      if (!a.read(0, covered)) return std::nullopt;
      auto d = sha256_of(covered);
      if (!std::equal(d.begin(), d.end(), s.hash.begin())) return std::nullopt;
    }
    return s;
  }

 private:
  void swap_images() {
    flash::Area p = image_area(0), u = image_area(1);
    uint32_t n = std::min(p.size, u.size);
    std::vector<std::byte> a(n), b(n);
    (void)p.read(0, a);
    (void)u.read(0, b);
    (void)p.erase(0, p.size);
    (void)u.erase(0, u.size);
    (void)p.write(0, b);
    (void)u.write(0, a);
  }

  RamBoardConfig cfg_;
  std::vector<std::byte> mem_;
  flash::RamFlash flash_;
};

}  // namespace norboot::smp::testing
