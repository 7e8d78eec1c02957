#pragma once
// How `imgtool sign` lays integers out, in either byte order (--endian little|big): the header,
// the TLV info headers and entries, the SEC_CNT and DEPENDENCY values, and the trailer magic's
// alignment field. imgtool packs its own TLV kinds as "type byte, 0 byte, u16 length" and
// vendor (--custom-tlv) types as "u16 type, u16 length": the same bytes in little endian, not
// in big endian, where an own kind's type byte comes first. Hashes, signatures, keys, CBOR and
// UUIDs are byte strings and never swapped.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "image/header.hpp"

namespace norboot::tools::imgtool {

enum class Endian : uint8_t { kLittle, kBig };

void put16(std::span<std::byte> out, size_t at, uint16_t v, Endian e);
void put32(std::span<std::byte> out, size_t at, uint32_t v, Endian e);

/// Appends one TLV entry; `vendor` selects the u16-type layout of --custom-tlv entries.
void add_tlv(std::vector<std::byte>& area, uint16_t type, bool vendor, std::span<const std::byte> value, Endian e);

/// The area with its info header (magic, total incl. the header) in front; nothing when empty
/// (imgtool writes no protected area without protected TLVs).
std::vector<std::byte> with_info(uint16_t magic, const std::vector<std::byte>& entries, Endian e);

/// The 32-byte header (image::store_header's layout, in byte order `e`).
void store_header(const image::ImageHeader& h, std::span<std::byte, image::kHeaderSize> out, Endian e);

/// The trailer magic for `max_align`: its leading u16 alignment field follows the byte order.
std::array<std::byte, 16> trailer_magic(uint32_t max_align, Endian e);

}  // namespace norboot::tools::imgtool
