#include "smp/header.hpp"

#include "core/bytes.hpp"

namespace norboot::smp {

void encode_header(const Header& h, std::span<std::byte, kHeaderSize> out) {
  out[0] = static_cast<std::byte>(((h.version & 0x3) << 3) | (h.op & 0x7));
  out[1] = static_cast<std::byte>(h.flags);
  core::store_be16(out, 2, h.length);
  core::store_be16(out, 4, h.group);
  out[6] = static_cast<std::byte>(h.seq);
  out[7] = static_cast<std::byte>(h.command);
}

std::optional<Header> decode_header(std::span<const std::byte> in) {
  if (in.size() < kHeaderSize) return std::nullopt;
  const auto b0 = std::to_integer<uint8_t>(in[0]);
  Header h;
  h.version = (b0 >> 3) & 0x3;
  h.op = b0 & 0x7;
  h.flags = std::to_integer<uint8_t>(in[1]);
  h.length = core::load_be16(in, 2);
  h.group = core::load_be16(in, 4);
  h.seq = std::to_integer<uint8_t>(in[6]);
  h.command = std::to_integer<uint8_t>(in[7]);
  return h;
}

Header response_header(const Header& request) {
  Header r = request;
  r.version = request.version > kVersion2 ? kVersion2 : request.version;
  r.op = static_cast<uint8_t>(request.op == static_cast<uint8_t>(Op::kRead) ? Op::kReadResponse
                                                                           : Op::kWriteResponse);
  r.flags = 0;
  r.length = 0;
  return r;
}

}  // namespace norboot::smp
