#pragma once
// Stack high-water mark of one call on the target: the free stack below the caller is painted
// with a pattern, the call runs, and the deepest word that no longer holds the pattern tells how
// far the stack grew. This is the RAM a device-side routine needs beyond its static buffers.
#include <cstddef>
#include <cstdint>

namespace norboot::bench {

class StackProbe {
 public:
  /// How far below the caller's stack pointer the paint reaches (QEMU's mps2 RAM leaves room).
  static constexpr size_t kPaintBytes = 32 * 1024;

  /// Paints the stack below this call's own frame. Call immediately before the measured call.
  [[gnu::noinline]] void paint();
  /// Bytes of stack used below the stack pointer that paint() was called with.
  [[gnu::noinline]] size_t used() const;

 private:
  uintptr_t top_ = 0;     // caller's stack pointer at paint()
  uintptr_t bottom_ = 0;  // lowest painted address
};

}  // namespace norboot::bench
