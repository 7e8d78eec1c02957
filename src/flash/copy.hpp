#pragma once
// The one flash copy loop (STYLE.md): read a chunk into the caller's buffer, optionally pass it
// through a transform (decryption, say), write it. Every copy in norboot goes through here so
// that chunking, alignment and error tagging are decided once.
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

/// Copies `len` bytes from src[src_off] to dst[dst_off] in chunks of at most buf.size() bytes.
/// `len` and both offsets must suit the destination's write block. Errors: those of Area
/// read/write, kInvalidArgument for an empty buffer or a buffer smaller than the write block.
Status copy(const Area& src, uint32_t src_off, const Area& dst, uint32_t dst_off, uint32_t len,
            std::span<std::byte> buf, Transform* transform = nullptr);

}  // namespace norboot::flash
