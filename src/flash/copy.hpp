#pragma once
// The one flash copy loop (STYLE.md): read a chunk into the caller's buffer, optionally pass it
// through a transform (decryption, say), write it. CopyCursor is that loop one chunk at a time,
// so the same code runs blocking (copy()) or polled between other work (the boot core feeds an
// external chip one page at a time while the internal flash programs).
#include <cstdint>
#include <span>

#include "flash/area.hpp"

namespace norboot::flash {

/// A stage applied to each chunk between read and write. `src_off` is the area offset the chunk
/// was read from, so position-dependent transforms (AES-CTR) know where they are.
class Transform {
 public:
  virtual ~Transform() = default;
  virtual Status apply(uint32_t src_off, std::span<std::byte> chunk) = 0;
};

class CopyCursor {
 public:
  /// Copies `len` bytes from src[src_off] to dst[dst_off]; `len` and dst_off must suit the
  /// destination's write block.
  CopyCursor(const Area& src, uint32_t src_off, const Area& dst, uint32_t dst_off, uint32_t len,
             Transform* transform = nullptr)
      : src_(src), dst_(dst), src_off_(src_off), dst_off_(dst_off), len_(len), transform_(transform) {}

  bool done() const { return done_ == len_; }
  uint32_t copied() const { return done_; }

  /// Copies the next chunk: at most buf.size() bytes, rounded down to whole write blocks. With
  /// `background`, the chunk also stops at the destination's program-page boundary and is written
  /// with start_write() (the device finishes it on its own). Errors: those of Area read/write,
  /// kInvalidArgument when buf cannot hold one write block.
  Status step(std::span<std::byte> buf, bool background = false);

  /// step() in two halves, for callers that start other work between the read and the write
  /// (the boot core issues an external page program while the internal flash writes the chunk).
  core::Result<std::span<std::byte>> read_chunk(std::span<std::byte> buf, bool background = false);
  Status write_chunk(std::span<std::byte> chunk, bool background = false);

 private:
  const Area& src_;
  const Area& dst_;
  uint32_t src_off_, dst_off_, len_;
  Transform* transform_;
  uint32_t done_ = 0;
};

/// Copies the whole range with `buf` as the bounce buffer (CopyCursor run to completion).
Status copy(const Area& src, uint32_t src_off, const Area& dst, uint32_t dst_off, uint32_t len,
            std::span<std::byte> buf, Transform* transform = nullptr);

}  // namespace norboot::flash
