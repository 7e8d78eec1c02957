#include "boot/stage_runner.hpp"

#include <algorithm>

#include "boot/trailer_layout.hpp"
#include "flash/copy.hpp"

namespace norboot::boot {

namespace {
constexpr uint32_t kBackgroundPage = 256;  // one SPI NOR page: the unit fed to the chip per chunk
}

uint32_t StageRunner::copy_len(const Move& m) {
  return std::min(m.len, align_up(m.copy_len, m.dst->write_block()));
}

core::Status StageRunner::run_one(const Move& m) {
  NB_TRY(m.dst->erase(m.dst_off, m.len));
  return flash::copy(*m.src, m.src_off, *m.dst, m.dst_off, copy_len(m), buf_);
}

core::Status StageRunner::run_pair(const Move& fg, const Move& bg) {
  flash::Flash& chip = *bg.dst->dev;
  std::span<std::byte> page_buf = buf_.first(kBackgroundPage);
  std::span<std::byte> fg_buf = buf_.subspan(kBackgroundPage, kBackgroundPage);
  NB_TRY(bg.dst->start_erase(bg.dst_off, bg.len));
  NB_TRY(fg.dst->erase(fg.dst_off, fg.len));
  flash::CopyCursor front(*fg.src, fg.src_off, *fg.dst, fg.dst_off, copy_len(fg));
  flash::CopyCursor back(*bg.src, bg.src_off, *bg.dst, bg.dst_off, copy_len(bg));
  while (!front.done()) {
    std::span<std::byte> chunk = NB_TRY(front.read_chunk(fg_buf));
    if (!back.done() && !NB_TRY(chip.busy())) NB_TRY(back.step(page_buf, true));
    NB_TRY(front.write_chunk(chunk));
  }
  while (!back.done()) {
    NB_TRY(chip.wait_idle());
    NB_TRY(back.step(page_buf, true));
  }
  return chip.wait_idle();
}

core::Status StageRunner::run(const Stage& stage) {
  if (stage.count == 0) return core::ok();
  if (stage.count == 1) return run_one(stage.moves[0]);
  const Move& fg = stage.moves[0];
  const Move& bg = stage.moves[1];
  if (fg.dst->dev == bg.dst->dev || buf_.size() < 2 * kBackgroundPage) {
    NB_TRY(run_one(bg));
    return run_one(fg);
  }
  return run_pair(fg, bg);
}

}  // namespace norboot::boot
