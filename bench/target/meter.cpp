#include "meter.hpp"

#include "runtime/tick_counter.hpp"

namespace norboot::bench {

void Meter::start() {
  ticks_ = {};
  calls_from_ = {};
  depth_ = 0;
  stack_[0] = Cat::kCore;
  running_ = true;
  since_ = target::TickCounter::now();
}

void Meter::charge() {
  const uint64_t now = target::TickCounter::now();
  ticks_[static_cast<size_t>(stack_[depth_])] += now - since_;
  since_ = now;
}

void Meter::enter(Cat c) {
  charge();
  if (c == Cat::kFlash) ++calls_from_[static_cast<size_t>(stack_[depth_])];
  if (depth_ + 1 < stack_.size()) stack_[++depth_] = c;
}

void Meter::leave() {
  charge();
  if (depth_ > 0) {
    --depth_;
  } else {
    running_ = false;
  }
}

core::Status MeteredFlash::do_read(uint32_t off, std::span<std::byte> out) {
  meter_.enter(Cat::kFlash);
  auto r = inner_.read(off, out);
  meter_.leave();
  if (meter_.running()) {
    ++reads;
    bytes_read += out.size();
  }
  return r;
}

core::Status MeteredFlash::do_write(uint32_t off, std::span<const std::byte> in) {
  meter_.enter(Cat::kFlash);
  auto r = inner_.write(off, in);
  meter_.leave();
  if (meter_.running()) {
    ++writes;
    bytes_written += in.size();
  }
  return r;
}

core::Status MeteredFlash::do_erase(uint32_t off, uint32_t len) {
  meter_.enter(Cat::kFlash);
  auto r = inner_.erase(off, len);
  meter_.leave();
  if (meter_.running()) {
    ++erases;
  }
  return r;
}

core::Result<boot::ImageSummary> MeteredCheck::verify(const flash::Area& area) {
  ++verifies;
  meter_.enter(Cat::kCheck);
  auto r = inner_.verify(area);
  meter_.leave();
  return r;
}

core::Result<boot::ImageSummary> MeteredCheck::peek(const flash::Area& area) {
  ++peeks;
  meter_.enter(Cat::kCheck);
  auto r = inner_.peek(area);
  meter_.leave();
  return r;
}

}  // namespace norboot::bench
