#include "image/crypto.hpp"

namespace norboot::image {

core::Status hash_bytes(Crypto& crypto, HashAlg alg, std::span<const std::byte> data, std::span<std::byte> digest) {
  HashState state;
  NB_TRY(crypto.hash_begin(alg, state));
  if (auto r = crypto.hash_update(state, data); !r) {
    crypto.hash_abort(state);
    return r;
  }
  return crypto.hash_finish(state, digest);
}

}  // namespace norboot::image
