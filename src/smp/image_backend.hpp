#pragma once
// ImageBackend: everything the SMP image group needs from the boot side, so the dispatcher and its
// upload logic do not depend on how slots and trailers are kept. The boot-side implementation
// (trailers via boot/app_api.hpp, sizes via boot/slot_plan.hpp, image summaries via the image
// module's validator) is written against this; tests use a RAM-backed double.
//
// Division of work
//   agent   : request decoding, off continuity, len vs capacity, header check, streaming writes
//             (erase ahead, write-block tails, header written last), SHA-256, sessions, policy of
//             test/confirm (which slot may become what), every SMP error code and reason.
//   backend : where an upload goes (an Area: the secondary's image region, already shifted by
//             the strategy's placement, e.g. swap-offset), the sizes, what each slot holds and
//             its flags, preparing/finishing an upload, erasing the secondary, and the trailer
//             writes for test / permanent / confirm.
//
// Slots are numbered per image as MCUboot does: 0 = primary (running), 1 = secondary.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/result.hpp"
#include "flash/area.hpp"

namespace norboot::smp {

struct ImageVersion {
  uint8_t major = 0;
  uint8_t minor = 0;
  uint16_t revision = 0;
  uint32_t build = 0;
};

/// MCUboot compares versions without the build number.
constexpr int compare_versions(const ImageVersion& a, const ImageVersion& b) {
  if (a.major != b.major) return a.major < b.major ? -1 : 1;
  if (a.minor != b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.revision != b.revision) return a.revision < b.revision ? -1 : 1;
  return 0;
}

inline constexpr size_t kMaxImageHash = 64;  // SHA-256/384/512 hash TLVs

/// One slot that holds an image, as `image list` reports it.
struct SlotState {
  uint8_t image = 0;
  uint8_t slot = 0;             // 0 primary, 1 secondary
  ImageVersion version;
  std::array<std::byte, kMaxImageHash> hash{};  // the image's hash TLV
  uint8_t hash_len = 0;
  bool bootable = true;         // !(header flags & NON_BOOTABLE)
  bool pending = false;         // the next boot installs it (test or permanent)
  bool confirmed = false;       // primary: will not be reverted; secondary: the revert target
  bool active = false;          // running now
  bool permanent = false;       // pending without a later revert

  std::span<const std::byte> hash_view() const { return std::span(hash).first(hash_len); }
};

struct SlotSizes {
  uint32_t primary_size = 0;     // whole primary slot (trailer included)
  uint32_t secondary_size = 0;   // whole secondary slot
  uint32_t max_image_size = 0;   // largest image (header + body + TLVs) the primary can boot
};

class ImageBackend {
 public:
  virtual ~ImageBackend() = default;

  /// Number of updatable images (1 on single-image boards).
  virtual uint8_t image_count() const { return 1; }

  /// Sizes for `image`. Errors: kNotFound (no such image), flash errors.
  virtual core::Result<SlotSizes> slot_sizes(uint8_t image) = 0;

  /// The slots of `image` that hold an image (0..2 entries written to out, primary first);
  /// empty or invalid slots are left out. Errors: flash errors.
  virtual core::Result<size_t> read_slots(uint8_t image, std::span<SlotState, 2> out) = 0;

  /// Prepares the secondary for an upload of `len` bytes and returns where the image bytes go:
  /// a sector-aligned Area whose offset 0 is the image's first byte. The backend makes sure no
  /// stale request can apply to the new data (e.g. erases the secondary's trailer); the agent
  /// erases the image region itself, ahead of the data. Called once per new upload session.
  /// Errors: kTooLarge, kBadState (slot in use), flash errors.
  virtual core::Result<flash::Area> begin_upload(uint8_t image, uint32_t len) = 0;

  /// All `len` bytes are in flash, header included. The backend may validate the image (the agent
  /// invalidates the slot if this fails). Errors: the validator's (kBadMagic, kCorrupt,
  /// kMismatch, kSignature, …), flash errors.
  virtual core::Status finish_upload(uint8_t image, uint32_t len) = 0;

  /// Erases slot `slot` of `image` (the agent only asks for the secondary) including its trailer.
  virtual core::Status erase_slot(uint8_t image, uint8_t slot) = 0;

  /// Marks the secondary image for installation at the next boot: test (revert unless confirmed)
  /// or permanent. Errors: kBadState, kCorrupt (garbage trailer), flash errors.
  virtual core::Status request_upgrade(uint8_t image, bool permanent) = 0;

  /// Confirms the running image of `image` so the next boot keeps it.
  virtual core::Status confirm(uint8_t image) = 0;
};

}  // namespace norboot::smp
