#pragma once
// The client side of an image upload (reference smp.md §2 "Upload", §5):
//   - chunk size from the device's buf_size (OS params) and the transport's message limit, so
//     every request fills the device's buffer;
//   - the first chunk carries len, image, sha (SHA-256 of the file) and upgrade, and gets a long
//     timeout (the device may erase before answering);
//   - every next chunk starts at the offset the *device* reported, so lost answers, duplicates and
//     a resumed session all converge; a device that reports 0 after progress lost its session and
//     the upload starts again (bounded);
//   - resume: a new run sends off 0 with the same len/sha; a device that still holds the session
//     answers with its offset and the upload continues from there.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>

#include "tools/mcumgr/client.hpp"

namespace norboot::tools::mcumgr {

struct UploadOptions {
  uint8_t image = 0;
  bool upgrade = false;
  milliseconds first_timeout{40000};
  std::optional<milliseconds> chunk_timeout;  // default: the client's timeout
  size_t max_chunk = 0;                       // 0: as large as the device and transport allow
  int max_restarts = 3;
};

struct UploadResult {
  size_t size_bytes = 0;
  double elapsed_s = 0;
  size_t chunk_bytes = 0;     // data bytes per full request
  size_t message_bytes = 0;   // SMP message size of a full request
  size_t resumed_at = 0;      // offset the device reported for the first chunk (0: fresh start)
  size_t restarts = 0;
  std::optional<bool> match;
};

using ProgressFn = std::function<void(size_t acked, size_t total)>;

/// Largest data length whose upload request (with `fixed_fields` bytes of other CBOR, header
/// included) fits `limit` bytes.
size_t data_fitting(size_t limit, size_t fixed_fields);

UploadResult upload_image(SmpClient& client, std::span<const std::byte> image, const UploadOptions& options,
                          const ProgressFn& progress = {});

}  // namespace norboot::tools::mcumgr
