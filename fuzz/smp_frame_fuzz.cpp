// Fuzz target: the SMP serial frame decoder over any byte stream.
// Checks: no crash or sanitizer report; every delivered message fits the buffer; a delivered
// message encodes and decodes back to itself; the input, framed as a message, decodes to itself.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "smp/serial_frame.hpp"

namespace {

using norboot::smp::FrameDecoder;

constexpr size_t kBuffer = 512 + norboot::smp::kFrameOverhead;

class Collect final : public norboot::smp::LineSink {
 public:
  norboot::core::Status write_line(std::span<const std::byte> line) override {
    if (line.size() > max_line) std::abort();
    wire.insert(wire.end(), line.begin(), line.end());
    return norboot::core::ok();
  }
  std::vector<std::byte> wire;
  size_t max_line = 127;
};

std::vector<std::byte> decode_one(std::span<const std::byte> wire, size_t buffer) {
  std::vector<std::byte> buf(buffer), out;
  FrameDecoder d(buf);
  int count = 0;
  for (std::byte b : wire) {
    if (auto m = d.feed(b)) {
      out.assign(m->begin(), m->end());
      ++count;
    }
  }
  if (count != 1) std::abort();
  return out;
}

void round_trip(std::span<const std::byte> message, size_t max_line) {
  Collect c;
  c.max_line = max_line;
  if (!norboot::smp::encode_frame(message, c, max_line)) std::abort();
  if (c.wire.size() != norboot::smp::framed_size(message.size(), max_line)) std::abort();
  auto back = decode_one(c.wire, message.size() + norboot::smp::kFrameOverhead);
  if (back.size() != message.size() || (!back.empty() && std::memcmp(back.data(), message.data(), back.size()) != 0)) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto in = std::as_bytes(std::span(data, size));
  std::vector<std::byte> buf(kBuffer);
  FrameDecoder d(buf);
  for (std::byte b : in) {
    if (auto m = d.feed(b)) {
      if (m->size() + norboot::smp::kFrameOverhead > kBuffer) std::abort();
      round_trip(*m, 127);
    }
  }
  if (size > 0 && size <= 2048) round_trip(in, 7 + data[0] % 250);
  return 0;
}
