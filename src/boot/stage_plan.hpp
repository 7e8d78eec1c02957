#pragma once
// StagePlan: the ordered stages of a swap, computed on demand (no tables in RAM). A stage is at
// most two moves; a move erases its destination region and copies its source there. Every stage
// is idempotent: its sources stay intact until a later stage, so after a power cut the stage in
// flight is simply run again (the progress log says which one).
//
// swap-offset / swap-pipeline, upgrade (u = 0 … n-1; new unit u is stored at S[p_u + slack]):
//   save(u):    S[p_u]         ← P[p_u]          old unit u goes to the secondary
//   install(u): P[p_u]         ← S[p_u + slack]  new unit u comes in
// revert (u = n-1 … 0; old unit u is at S[p_u]):
//   save(u):    S[p_u + slack] ← P[p_u]          new unit u goes back to where it came from
//   install(u): P[p_u]         ← S[p_u]          old unit u comes back
// swap-offset runs save(u0), install(u0), save(u1), install(u1), … one move per stage.
// swap-pipeline runs stage i = { save(u_i), install(u_{i-1}) }: install(u_{i-1}) reads a region
// that save(u_i) cannot touch because slack ≥ z_{i-1} + z_i, and save(u_i) overwrites a region whose
// new unit was installed two stages ago — so the two moves may run at the same time on two devices.
//
//   stage    | external chip (secondary)  | internal flash (primary)
//   0        | save(0):  S[0] ← P[0]      |
//   1        | save(1):  S[1] ← P[1]      | install(0): P[0] ← S[2]
//   2        | save(2):  S[2] ← P[2]      | install(1): P[1] ← S[3]
//   n        |                            | install(n-1): P[n-1] ← S[n+1]
//
// swap-scratch (both directions; unit u): C[0] ← S[p_u]; S[p_u] ← P[p_u]; P[p_u] ← C[0].
// swap-move (both directions): shift P[p_u] → P[p_u + z] for u = n-1 … 0, then for each u:
//   P[p_u] ← S[p_u]; S[p_u] ← P[p_u + z].
// overwrite (upgrade only): P[p_u] ← S[p_u].
#include <array>
#include <cstdint>

#include "boot/slot_plan.hpp"
#include "flash/area.hpp"

namespace norboot::boot {

enum class Direction : uint8_t { kUpgrade, kRevert };

struct Move {
  const flash::Area* src = nullptr;
  uint32_t src_off = 0;
  const flash::Area* dst = nullptr;
  uint32_t dst_off = 0;
  uint32_t len = 0;       // destination bytes erased
  uint32_t copy_len = 0;  // bytes copied (≤ len; less only for overwrite's last unit)
};

struct Stage {
  std::array<Move, 2> moves{};
  uint8_t count = 0;
};

struct SwapAreas {
  const flash::Area* primary = nullptr;
  const flash::Area* secondary = nullptr;
  const flash::Area* scratch = nullptr;  // swap-scratch only
};

class StagePlan {
 public:
  /// `units` primary units take part; `bytes` is the image size overwrite copies (swap_size).
  StagePlan(const SlotPlan& plan, const SwapAreas& areas, Direction dir, uint32_t units, uint32_t bytes)
      : plan_(plan), areas_(areas), dir_(dir), n_(units), bytes_(bytes) {}

  uint32_t stage_count() const { return plan_.stage_count(n_); }
  Stage stage(uint32_t i) const;

 private:
  Unit unit(uint32_t k) const { return unit_at(*areas_.primary, plan_, k); }
  Move save(uint32_t u) const;
  Move install(uint32_t u) const;
  Stage offset_stage(uint32_t i) const;
  Stage pipeline_stage(uint32_t i) const;
  Stage scratch_stage(uint32_t i) const;
  Stage move_stage(uint32_t i) const;

  SlotPlan plan_;
  SwapAreas areas_;
  Direction dir_;
  uint32_t n_;
  uint32_t bytes_;
};

}  // namespace norboot::boot
