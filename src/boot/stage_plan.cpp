#include "boot/stage_plan.hpp"

#include <algorithm>

namespace norboot::boot {
namespace {

Move move(const flash::Area* src, uint32_t src_off, const flash::Area* dst, uint32_t dst_off, uint32_t len) {
  return {src, src_off, dst, dst_off, len, len};
}

Stage one(const Move& m) {
  Stage s;
  s.moves[0] = m;
  s.count = 1;
  return s;
}

}  // namespace

Move StagePlan::save(uint32_t u) const {
  const Unit x = unit(u);
  const uint32_t shift = dir_ == Direction::kUpgrade ? 0 : plan_.secondary_offset;
  return move(areas_.primary, x.off, areas_.secondary, x.off + shift, x.size);
}

Move StagePlan::install(uint32_t u) const {
  const Unit x = unit(u);
  const uint32_t shift = dir_ == Direction::kUpgrade ? plan_.secondary_offset : 0;
  return move(areas_.secondary, x.off + shift, areas_.primary, x.off, x.size);
}

Stage StagePlan::offset_stage(uint32_t i) const {
  const uint32_t k = i / 2;
  const uint32_t u = dir_ == Direction::kUpgrade ? k : n_ - 1 - k;
  return one(i % 2 == 0 ? save(u) : install(u));
}

Stage StagePlan::pipeline_stage(uint32_t i) const {
  auto order = [&](uint32_t k) { return dir_ == Direction::kUpgrade ? k : n_ - 1 - k; };
  Stage s;
  // The internal (primary) move goes first in the array: the executor treats moves[0] as the
  // foreground when the two destinations are on different devices.
  if (i >= 1) s.moves[s.count++] = install(order(i - 1));
  if (i < n_) s.moves[s.count++] = save(order(i));
  return s;
}

Stage StagePlan::scratch_stage(uint32_t i) const {
  const Unit x = unit(i / 3);
  const flash::Area* P = areas_.primary;
  const flash::Area* S = areas_.secondary;
  const flash::Area* C = areas_.scratch;
  switch (i % 3) {
    case 0: return one(move(S, x.off, C, 0, x.size));
    case 1: return one(move(P, x.off, S, x.off, x.size));
    default: return one(move(C, 0, P, x.off, x.size));
  }
}

Stage StagePlan::move_stage(uint32_t i) const {
  const flash::Area* P = areas_.primary;
  const flash::Area* S = areas_.secondary;
  if (i < n_) {
    const Unit x = unit(n_ - 1 - i);
    return one(move(P, x.off, P, x.off + x.size, x.size));
  }
  const uint32_t j = i - n_;
  const Unit x = unit(j / 2);
  if (j % 2 == 0) return one(move(S, x.off, P, x.off, x.size));
  return one(move(P, x.off + x.size, S, x.off, x.size));
}

Stage StagePlan::stage(uint32_t i) const {
  const Strategy s = plan_.strategy;
  if (uses(s, Strategy::kOverwrite)) {
    // Only the image's bytes are read: the secondary needs no unit alignment here.
    const Unit x = unit(i);
    Move m = move(areas_.secondary, x.off, areas_.primary, x.off, x.size);
    m.copy_len = bytes_ > x.off ? std::min(x.size, bytes_ - x.off) : 0;
    return one(m);
  }
  if (uses(s, Strategy::kSwapScratch)) return scratch_stage(i);
  if (uses(s, Strategy::kSwapMove)) return move_stage(i);
  if (uses(s, Strategy::kSwapOffset)) return offset_stage(i);
  if (uses(s, Strategy::kSwapPipeline)) return pipeline_stage(i);
  return {};  // a strategy not built: plan_slots() refused it, so no plan names it
}

}  // namespace norboot::boot
