#include "image/hash_only_crypto.hpp"

#include <new>

#include "image/sha256_portable.hpp"

namespace norboot::image {

namespace {

using core::Errc;
using core::Error;

static_assert(sizeof(Sha256) <= HashState::kBytes && alignof(Sha256) <= alignof(HashState));

Sha256& sha_in(HashState& state) { return *std::launder(reinterpret_cast<Sha256*>(state.storage.data())); }

std::unexpected<Error> no_signatures() {
  return core::fail(Error{.code = Errc::kUnsupported, .what = "signature check (hash-only crypto backend)"});
}

}  // namespace

core::Status HashOnlyCrypto::hash_begin(HashAlg alg, HashState& state) {
  if (alg != HashAlg::kSha256) {
    return core::fail(Error{.code = Errc::kUnsupported, .what = "hash algorithm (hash-only backend has SHA-256 only)"}
                          .values(static_cast<uint64_t>(HashAlg::kSha256), static_cast<uint64_t>(alg)));
  }
  new (state.storage.data()) Sha256();  // placement new: constructs in the caller's storage
  return core::ok();
}

core::Status HashOnlyCrypto::hash_update(HashState& state, std::span<const std::byte> data) {
  sha_in(state).update(data);
  return core::ok();
}

core::Status HashOnlyCrypto::hash_finish(HashState& state, std::span<std::byte> digest) {
  if (digest.size() < Sha256::kDigestSize) {
    return core::fail(Error{.code = Errc::kNoSpace, .what = "digest buffer"}.values(Sha256::kDigestSize, digest.size()));
  }
  sha_in(state).finish(digest.first<Sha256::kDigestSize>());
  return core::ok();
}

void HashOnlyCrypto::hash_abort(HashState& state) { sha_in(state).reset(); }

core::Result<KeyKind> HashOnlyCrypto::key_kind(std::span<const std::byte>) { return no_signatures(); }

core::Status HashOnlyCrypto::verify_digest(KeyKind, std::span<const std::byte>, std::span<const std::byte>,
                                           std::span<const std::byte>) {
  return no_signatures();
}

core::Status HashOnlyCrypto::verify_pure(KeyKind, std::span<const std::byte>, const MessageSource&,
                                         std::span<const std::byte>) {
  return no_signatures();
}

}  // namespace norboot::image
