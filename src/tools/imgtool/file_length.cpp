#include "tools/imgtool/file_length.hpp"

#include <cstdint>

#include <fmt/core.h>

#include "core/bytes.hpp"
#include "image/header.hpp"
#include "image/tlv.hpp"

namespace norboot::tools::imgtool {

namespace {

std::string message(size_t file_size, uint64_t needed, const std::string& parts) {
  return fmt::format("file ends at {} (0x{:x}), header says image needs {} (0x{:x}) bytes: {}", file_size, file_size, needed, needed, parts);
}

}  // namespace

std::optional<std::string> truncation_message(std::span<const std::byte> file) {
  if (file.size() < image::kHeaderSize) return std::nullopt;
  const auto h = image::parse_header(file.first<image::kHeaderSize>());
  if (!h || h->magic != image::kImageMagic) return std::nullopt;
  const uint64_t hashed = uint64_t{h->hdr_size} + h->img_size + h->protect_tlv_size;
  const std::string body = fmt::format("ih_hdr_size 0x{:x} + ih_img_size 0x{:x} + ih_protect_tlv_size 0x{:x}", h->hdr_size, h->img_size,
                                       h->protect_tlv_size);
  // The unprotected TLV info header must follow: at least its 4 bytes.
  if (file.size() < hashed + image::kTlvInfoSize) {
    return message(file.size(), hashed + image::kTlvInfoSize, body + " + TLV info header 0x4");
  }
  const uint16_t tot = core::load_le16(file, static_cast<size_t>(hashed) + 2);
  if (file.size() < hashed + tot) return message(file.size(), hashed + tot, fmt::format("{} + TLV area 0x{:x} (it_tlv_tot)", body, tot));
  return std::nullopt;
}

}  // namespace norboot::tools::imgtool
