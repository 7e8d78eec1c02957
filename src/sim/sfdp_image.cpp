#include "sim/sfdp_image.hpp"

#include "core/bytes.hpp"

namespace norboot::sim::sfdp_image {
namespace {

constexpr uint8_t kMinorRevision = 6;  // JESD216B
constexpr uint8_t kMajorRevision = 1;
constexpr size_t kSpaceBytes = 0x80;

void put_header(std::span<std::byte> at, uint16_t id, uint8_t minor, uint8_t len_dw, uint32_t pointer) {
  at[0] = std::byte(id & 0xFF);
  at[1] = std::byte{minor};
  at[2] = std::byte{kMajorRevision};
  at[3] = std::byte{len_dw};
  at[4] = std::byte(pointer & 0xFF);
  at[5] = std::byte((pointer >> 8) & 0xFF);
  at[6] = std::byte((pointer >> 16) & 0xFF);
  at[7] = std::byte(id >> 8);
}

}  // namespace

std::vector<std::byte> build_sfdp_space(const BasicTable& basic, const std::optional<FourByteTable>& four_byte) {
  std::vector<std::byte> space(kSpaceBytes, std::byte{0xFF});
  const std::span<std::byte> s(space);
  const uint8_t headers = four_byte ? 2 : 1;
  core::store_le32(s, 0, 0x50444653);  // "SFDP"
  s[4] = std::byte{kMinorRevision};
  s[5] = std::byte{kMajorRevision};
  s[6] = std::byte(headers - 1);
  s[7] = std::byte{0xFF};  // legacy SPI access protocol
  put_header(s.subspan(8, 8), 0xFF00, kMinorRevision, static_cast<uint8_t>(basic.size()), kBasicTableAt);
  for (size_t i = 0; i < basic.size(); ++i) core::store_le32(s, kBasicTableAt + 4 * i, basic[i]);
  if (four_byte) {
    put_header(s.subspan(16, 8), 0xFF84, 0, 2, kFourByteTableAt);
    core::store_le32(s, kFourByteTableAt, four_byte->dw1);
    core::store_le32(s, kFourByteTableAt + 4, four_byte->dw2);
  }
  return space;
}

}  // namespace norboot::sim::sfdp_image
