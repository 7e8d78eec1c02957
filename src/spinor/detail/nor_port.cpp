#include "spinor/detail/nor_port.hpp"

#include <algorithm>
#include <cstring>

#include "spinor/opcodes.hpp"

namespace norboot::spinor::detail {

using core::Errc;
using core::Error;
using core::fail;

namespace {
constexpr uint8_t kSfdpAddressBytes = 3;  // RDSFDP always takes a 3-byte address and 8 dummy clocks
constexpr uint8_t kSfdpDummyBytes = 1;
}  // namespace

size_t NorPort::build(uint8_t opcode, uint32_t addr, uint8_t addr_bytes, uint8_t dummy) {
  size_t n = 0;
  cmd_[n++] = std::byte{opcode};
  for (int shift = 8 * (addr_bytes - 1); shift >= 0; shift -= 8) cmd_[n++] = std::byte(static_cast<uint8_t>(addr >> shift));
  for (uint8_t i = 0; i < dummy; ++i) cmd_[n++] = std::byte{0};
  return n;
}

core::Status NorPort::run(size_t cmd_len, std::span<const std::byte> tx, std::span<std::byte> rx) {
  ++stats_.frames;
  return bus_.transfer(SpiFrame{.cmd = std::span<const std::byte>(cmd_).first(cmd_len), .tx = tx, .rx = rx});
}

core::Status NorPort::command(uint8_t opcode) { return run(build(opcode, 0, 0, 0), {}, {}); }

core::Result<uint8_t> NorPort::read_status() {
  NB_TRY(run(build(op::kReadStatus, 0, 0, 0), {}, std::span(reg_).first(1)));
  return std::to_integer<uint8_t>(reg_[0]);
}

core::Status NorPort::write_status(uint8_t value) {
  // The value is staged in the port's own RAM, never sent from a caller's buffer.
  reg_[0] = std::byte{value};
  return run(build(op::kWriteStatus, 0, 0, 0), std::span(reg_).first(1), {});
}

core::Status NorPort::read_register(uint8_t opcode, std::span<std::byte> out) {
  if (out.size() > reg_.size()) {
    return fail(Error{.code = Errc::kInvalidArgument, .what = "register read longer than 8 bytes"}.values(8, out.size()));
  }
  NB_TRY(run(build(opcode, 0, 0, 0), {}, std::span(reg_).first(out.size())));
  std::memcpy(out.data(), reg_.data(), out.size());
  return core::ok();
}

core::Status NorPort::addressed(uint8_t opcode, uint32_t addr, uint8_t addr_bytes) {
  return run(build(opcode, addr, addr_bytes, 0), {}, {});
}

core::Status NorPort::read_sfdp(uint32_t addr, std::span<std::byte> out) {
  const BusRules& r = rules();
  const uint32_t overhead = kSfdpAddressBytes + kSfdpDummyBytes;
  uint32_t chunk = r.max_segment;
  if (r.max_short_frame != 0) {
    if (r.max_short_frame <= overhead) {
      return fail(Error{.code = Errc::kUnsupported, .what = "bus short frames too small for RDSFDP"}
                      .values(overhead + 1, r.max_short_frame));
    }
    chunk = std::min(chunk, r.max_short_frame - overhead);
  }
  for (size_t done = 0; done < out.size();) {
    const size_t n = std::min<size_t>(chunk, out.size() - done);
    NB_TRY(run(build(op::kReadSfdp, addr + static_cast<uint32_t>(done), kSfdpAddressBytes, kSfdpDummyBytes), {},
               out.subspan(done, n)));
    done += n;
  }
  return core::ok();
}

core::Status NorPort::read_array(uint8_t opcode, uint32_t addr, uint8_t addr_bytes, std::span<std::byte> out) {
  ++stats_.read_frames;
  stats_.bytes_read += out.size();
  return run(build(opcode, addr, addr_bytes, 1), {}, out);
}

core::Status NorPort::program(uint8_t opcode, uint32_t addr, uint8_t addr_bytes, std::span<const std::byte> data) {
  ++stats_.program_frames;
  stats_.bytes_programmed += data.size();
  return run(build(opcode, addr, addr_bytes, 0), data, {});
}

}  // namespace norboot::spinor::detail
