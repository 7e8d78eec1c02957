#include "flash/copy.hpp"

#include <algorithm>

namespace norboot::flash {

Status CopyCursor::step(std::span<std::byte> buf, bool background) {
  std::span<std::byte> chunk = NB_TRY(read_chunk(buf, background));
  return write_chunk(chunk, background);
}

core::Result<std::span<std::byte>> CopyCursor::read_chunk(std::span<std::byte> buf, bool background) {
  const uint32_t wb = dst_.write_block();
  uint32_t n = std::min<uint32_t>(static_cast<uint32_t>(buf.size()) / wb * wb, len_ - done_);
  if (n == 0 && !done()) return core::fail(core::Errc::kInvalidArgument, "copy buffer smaller than write block");
  const uint32_t dst_at = dst_off_ + done_;
  const uint32_t page = dst_.geometry().page_size;
  if (background && page != 0) n = std::min(n, page - (dst_.off + dst_at) % page);
  std::span<std::byte> chunk = buf.first(n);
  NB_TRY(src_.read(src_off_ + done_, chunk));
  if (transform_ != nullptr) NB_TRY(transform_->apply(src_off_ + done_, chunk));
  return chunk;
}

Status CopyCursor::write_chunk(std::span<std::byte> chunk, bool background) {
  const uint32_t dst_at = dst_off_ + done_;
  const uint32_t n = static_cast<uint32_t>(chunk.size());
  if (background) {
    NB_TRY(dst_.start_write(dst_at, chunk));
  } else {
    NB_TRY(dst_.write(dst_at, chunk));
  }
  done_ += n;
  return core::ok();
}

Status copy(const Area& src, uint32_t src_off, const Area& dst, uint32_t dst_off, uint32_t len,
            std::span<std::byte> buf, Transform* transform) {
  NB_TRY(src.check(src_off, len));
  NB_TRY(dst.check(dst_off, len));
  CopyCursor cursor(src, src_off, dst, dst_off, len, transform);
  while (!cursor.done()) NB_TRY(cursor.step(buf));
  return core::ok();
}

}  // namespace norboot::flash
