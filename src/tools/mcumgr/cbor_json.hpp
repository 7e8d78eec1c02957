#pragma once
// Host-side decoding of SMP response bodies: libcbor's cbor_load (items on the heap, fine on the
// host) turned into nlohmann::json, with byte strings as json binary values. Definite and
// indefinite maps, arrays and strings are all accepted; map keys that are not text are rendered.
#include <nlohmann/json.hpp>

#include <span>

namespace norboot::tools::mcumgr {

/// Decodes one CBOR item; throws std::runtime_error naming the byte offset on malformed input.
/// An empty body is an empty map.
nlohmann::json cbor_to_json(std::span<const std::byte> cbor);

}  // namespace norboot::tools::mcumgr
