#pragma once
// UploadSession: the image-upload state machine of the agent (SMP image group, command 1).
//
// Rules (reference smp.md §2 "Upload"):
//   off = 0 with len   starts a session — or, when len and sha name the session already held,
//                      resumes it: the answer is the offset the device has reached.
//   off = expected     the chunk is written; the answer is the new expected offset.
//   off ≠ expected     nothing is written; the answer is the expected offset (out of order,
//                      duplicate and overlapping chunks are all answered this way, not as errors).
// Refusals before anything is written: no len, len larger than the primary can boot or than the
// upload area, a secondary in use (swap pending, or holding the image a revert needs).
// At off = 0 (as soon as 32 bytes are in): the image header's magic and sizes, and with
// "upgrade" its version against the running image.
//
// Write order — why a half-written upload never looks like an image:
//   1. the first chunk erases the area's first sector at once (any old image header is gone);
//   2. the first 32 bytes (the image header; a whole number of write blocks) are kept in RAM;
//      everything after them streams to flash, sectors erased just ahead of the data, with an
//      unaligned tail of < 1 write block buffered between chunks;
//   3. after the last byte the SHA-256 of everything received is checked against "sha";
//   4. only then is the header written: bytes 4..31 first, the magic's write block last.
// Until step 4 the slot's first bytes read erased, so boot and `image list` see no image; a cut
// anywhere in 1–3 leaves exactly that. After step 4 the backend may validate; if it refuses, the
// first sector is erased again.
//
// RAM: this object (header and tail buffers, sha, offsets) — see sizeof(UploadSession).
#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "core/log.hpp"
#include "core/text.hpp"
#include "flash/area.hpp"
#include "smp/codes.hpp"
#include "smp/image_backend.hpp"
#include "smp/sha256.hpp"

namespace norboot::smp {

struct UploadRequest {
  uint64_t off = 0;
  std::span<const std::byte> data;
  std::optional<uint64_t> len;   // required when off == 0
  uint64_t image = 0;
  std::span<const std::byte> sha;
  bool upgrade = false;
};

struct UploadReply {
  ImgErr err = ImgErr::kOk;      // not kOk: refused, the session is closed, `reason` says why
  uint32_t off = 0;              // the next offset the device expects
  std::optional<bool> match;     // after the last chunk when a sha was given
  bool resumed = false;          // off = 0 found the session already held
};

class UploadSession {
 public:
  static constexpr uint32_t kHeadSize = 32;       // held back until the end
  static constexpr uint32_t kMaxWriteBlock = 32;  // MCUboot's largest alignment

  UploadSession(ImageBackend& backend, Sha256& sha, core::LogSink* log = nullptr)
      : backend_(backend), sha_(sha), log_(log) {}

  UploadReply handle(const UploadRequest& req, core::TextBuf& reason);
  /// Forgets the session (after an erase, a test/confirm, a reset).
  void reset() { phase_ = Phase::kIdle; }

  bool receiving() const { return phase_ == Phase::kReceiving; }
  bool complete() const { return phase_ == Phase::kComplete; }
  uint32_t offset() const { return off_; }
  uint32_t length() const { return len_; }

 private:
  enum class Phase : uint8_t { kIdle, kReceiving, kComplete };

  UploadReply start(const UploadRequest& req, core::TextBuf& reason);
  bool resumable(const UploadRequest& req) const;
  ImgErr check_request(const UploadRequest& req, core::TextBuf& reason);
  ImgErr check_capacity(uint8_t image, uint32_t len, core::TextBuf& reason);
  ImgErr open_area(core::TextBuf& reason);
  UploadReply accept(std::span<const std::byte> data, core::TextBuf& reason);
  ImgErr take_head(std::span<const std::byte>& data, uint32_t at, core::TextBuf& reason);
  ImgErr check_header(core::TextBuf& reason);
  ImgErr stream(std::span<const std::byte> data, core::TextBuf& reason);
  ImgErr write(uint32_t at, std::span<const std::byte> bytes, core::TextBuf& reason);
  ImgErr erase_through(uint32_t end, core::TextBuf& reason);
  ImgErr erase_ahead(core::TextBuf& reason);
  UploadReply finish(core::TextBuf& reason);
  ImgErr write_head(core::TextBuf& reason);
  UploadReply refuse(ImgErr err);

  ImageBackend& backend_;
  Sha256& sha_;
  core::LogSink* log_;

  Phase phase_ = Phase::kIdle;
  uint8_t image_ = 0;
  bool upgrade_ = false;
  bool has_running_ = false;
  ImageVersion running_;
  uint32_t len_ = 0;
  uint32_t off_ = 0;
  std::array<std::byte, kSha256Size> want_sha_{};
  uint8_t want_sha_len_ = 0;

  flash::Area area_{};
  uint32_t write_block_ = 1;
  uint32_t erased_end_ = 0;       // area offset up to which sectors are erased (or erasing)
  std::array<std::byte, kHeadSize> head_{};
  std::array<std::byte, kMaxWriteBlock> tail_{};
  uint32_t tail_off_ = 0;         // area offset of tail_[0]; write-block aligned
  uint32_t tail_len_ = 0;
};

}  // namespace norboot::smp
