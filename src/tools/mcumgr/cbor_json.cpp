#include "tools/mcumgr/cbor_json.hpp"

#include <cbor.h>
#include <fmt/core.h>

#include <memory>
#include <stdexcept>

namespace norboot::tools::mcumgr {
namespace {

using json = nlohmann::json;

json convert(const cbor_item_t* item, int depth);

json chunks_to_binary(const cbor_item_t* item) {
  std::vector<uint8_t> out;
  auto add = [&](const cbor_item_t* s) {
    const uint8_t* p = cbor_bytestring_handle(s);
    out.insert(out.end(), p, p + cbor_bytestring_length(s));
  };
  if (!cbor_bytestring_is_indefinite(item)) {
    add(item);
  } else {
    cbor_item_t** c = cbor_bytestring_chunks_handle(item);
    for (size_t i = 0; i < cbor_bytestring_chunk_count(item); ++i) add(c[i]);
  }
  return json::binary(std::move(out));
}

std::string text_of(const cbor_item_t* item) {
  std::string out;
  auto add = [&](const cbor_item_t* s) {
    out.append(reinterpret_cast<const char*>(cbor_string_handle(s)), cbor_string_length(s));
  };
  if (!cbor_string_is_indefinite(item)) {
    add(item);
  } else {
    cbor_item_t** c = cbor_string_chunks_handle(item);
    for (size_t i = 0; i < cbor_string_chunk_count(item); ++i) add(c[i]);
  }
  return out;
}

json map_of(const cbor_item_t* item, int depth) {
  json out = json::object();
  cbor_pair* pairs = cbor_map_handle(item);
  for (size_t i = 0; i < cbor_map_size(item); ++i) {
    std::string key = cbor_isa_string(pairs[i].key) ? text_of(pairs[i].key) : convert(pairs[i].key, depth + 1).dump();
    out[key] = convert(pairs[i].value, depth + 1);
  }
  return out;
}

json float_ctrl(const cbor_item_t* item) {
  if (!cbor_float_ctrl_is_ctrl(item)) return cbor_float_get_float(item);
  if (cbor_is_bool(item)) return cbor_get_bool(item);
  return nullptr;  // null, undefined, other simple values
}

json convert(const cbor_item_t* item, int depth) {
  if (depth > 64) throw std::runtime_error("CBOR response nested deeper than 64 levels");
  switch (cbor_typeof(item)) {
    case CBOR_TYPE_UINT: return cbor_get_int(item);
    case CBOR_TYPE_NEGINT: return -1 - static_cast<int64_t>(cbor_get_int(item));
    case CBOR_TYPE_BYTESTRING: return chunks_to_binary(item);
    case CBOR_TYPE_STRING: return text_of(item);
    case CBOR_TYPE_ARRAY: {
      json out = json::array();
      cbor_item_t** items = cbor_array_handle(item);
      for (size_t i = 0; i < cbor_array_size(item); ++i) out.push_back(convert(items[i], depth + 1));
      return out;
    }
    case CBOR_TYPE_MAP: return map_of(item, depth);
    case CBOR_TYPE_TAG: {
      cbor_item_t* inner = cbor_tag_item(item);
      json out = convert(inner, depth + 1);
      cbor_decref(&inner);
      return out;
    }
    case CBOR_TYPE_FLOAT_CTRL: return float_ctrl(item);
  }
  return nullptr;
}

}  // namespace

json cbor_to_json(std::span<const std::byte> cbor) {
  if (cbor.empty()) return json::object();
  cbor_load_result result{};
  std::unique_ptr<cbor_item_t, void (*)(cbor_item_t*)> item(
      cbor_load(reinterpret_cast<cbor_data>(cbor.data()), cbor.size(), &result),
      [](cbor_item_t* p) { cbor_decref(&p); });
  if (!item || result.error.code != CBOR_ERR_NONE) {
    throw std::runtime_error(fmt::format("malformed CBOR in the response at byte {} (libcbor error {})",
                                         result.error.position, static_cast<int>(result.error.code)));
  }
  if (result.read != cbor.size()) {
    throw std::runtime_error(fmt::format("{} bytes after the response's CBOR item", cbor.size() - result.read));
  }
  return convert(item.get(), 0);
}

}  // namespace norboot::tools::mcumgr
