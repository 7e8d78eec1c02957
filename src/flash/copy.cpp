#include "flash/copy.hpp"

#include <algorithm>

namespace norboot::flash {

Status copy(const Area& src, uint32_t src_off, const Area& dst, uint32_t dst_off, uint32_t len,
            std::span<std::byte> buf, Transform* transform) {
  const uint32_t wb = dst.write_block();
  // Chunks are whole write blocks so every intermediate write is aligned.
  const uint32_t chunk_max = static_cast<uint32_t>(buf.size()) / wb * wb;
  if (chunk_max == 0) return core::fail(core::Errc::kInvalidArgument, "copy buffer smaller than write block");
  NB_TRY(src.check(src_off, len));
  NB_TRY(dst.check(dst_off, len));
  for (uint32_t done = 0; done < len;) {
    const uint32_t n = std::min(chunk_max, len - done);
    std::span<std::byte> chunk = buf.first(n);
    NB_TRY(src.read(src_off + done, chunk));
    if (transform != nullptr) NB_TRY(transform->apply(src_off + done, chunk));
    NB_TRY(dst.write(dst_off + done, chunk));
    done += n;
  }
  return core::ok();
}

}  // namespace norboot::flash
