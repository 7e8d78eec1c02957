#include "tools/imgtool/boot_record.hpp"

#include <cbor.h>

namespace norboot::tools::imgtool {

namespace {

cbor_item_t* text(const std::string& s) { return cbor_build_stringn(s.data(), s.size()); }
cbor_item_t* bytes(std::span<const std::byte> b) {
  return cbor_build_bytestring(reinterpret_cast<cbor_data>(b.data()), b.size());
}

void put(cbor_item_t* map, uint8_t key, cbor_item_t* value) {
  cbor_item_t* k = cbor_build_uint8(key);
  cbor_map_add(map, cbor_pair{cbor_move(k), cbor_move(value)});
}

}  // namespace

std::vector<std::byte> encode_boot_record(const std::string& sw_type, const std::string& version,
                                          std::span<const std::byte> signer_id, const std::string& measurement_description,
                                          std::span<const std::byte> measurement_value) {
  cbor_item_t* map = cbor_new_definite_map(5);
  put(map, 1, text(sw_type));
  put(map, 4, text(version));
  put(map, 5, bytes(signer_id));
  put(map, 6, text(measurement_description));
  put(map, 2, bytes(measurement_value));
  unsigned char* buf = nullptr;
  size_t capacity = 0;
  const size_t n = cbor_serialize_alloc(map, &buf, &capacity);
  std::vector<std::byte> out(reinterpret_cast<std::byte*>(buf), reinterpret_cast<std::byte*>(buf) + n);
  free(buf);
  cbor_decref(&map);
  return out;
}

}  // namespace norboot::tools::imgtool
