#include "image/keyring.hpp"

#include <algorithm>
#include <array>

namespace norboot::image {

core::Result<std::optional<size_t>> Keyring::find_by_hash(Crypto& crypto, HashAlg alg,
                                                          std::span<const std::byte> key_hash) const {
  if (key_hash.size() != digest_size(alg)) return std::optional<size_t>{};
  std::array<std::byte, kMaxDigestSize> digest;
  for (size_t i = 0; i < keys_.size(); ++i) {
    NB_TRY(hash_bytes(crypto, alg, keys_[i].public_key, digest));
    if (std::equal(key_hash.begin(), key_hash.end(), digest.begin())) return std::optional<size_t>{i};
  }
  return std::optional<size_t>{};
}

}  // namespace norboot::image
