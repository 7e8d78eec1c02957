#pragma once
// The BOOT_RECORD TLV imgtool writes for --boot-record: a CBOR map of PSA attestation software
// component properties, in imgtool's key order (boot_record.py create_sw_component_data):
//   1 type (text), 4 version "major.minor.revision" (text), 5 signer id (bytes: key hash),
//   6 measurement description (text: "SHA256"…), 2 measurement value (bytes: zeros — the
//   bootloader fills in the image hash; it must stay last).
#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace norboot::tools::imgtool {

std::vector<std::byte> encode_boot_record(const std::string& sw_type, const std::string& version,
                                          std::span<const std::byte> signer_id, const std::string& measurement_description,
                                          std::span<const std::byte> measurement_value);

}  // namespace norboot::tools::imgtool
