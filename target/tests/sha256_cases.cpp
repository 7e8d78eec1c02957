// The portable SHA-256 (src/image/sha256_portable.hpp) against the FIPS 180-2 / NIST CAVP
// examples, fed whole and in every split, plus the hash-only Crypto backend around it.
#include <array>
#include <string_view>

#include "harness/check.hpp"
#include "image/hash_only_crypto.hpp"
#include "image/sha256_portable.hpp"
#include "support/big_ram.hpp"

namespace norboot::target {
namespace {

struct Vector {
  std::string_view message;
  std::string_view digest_hex;
};

// FIPS 180-2 Appendix B.1–B.2, the 896-bit message of the NIST examples, and SHAVS short
// message Len=8 (0xd3).
constexpr Vector kVectors[] = {
    {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
     "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
    {"\xd3", "28969cdfa74a12c82f3bad960b0b000aca2ac329deea5c2328ebc6f2ba9802c1"},
};

std::span<const std::byte> bytes(std::string_view s) { return std::as_bytes(std::span(s.data(), s.size())); }

bool digest_is(Check& c, std::span<const std::byte> digest, std::string_view hex, const char* what) {
  constexpr std::string_view kDigits = "0123456789abcdef";
  for (size_t i = 0; i < digest.size(); ++i) {
    const auto b = std::to_integer<uint8_t>(digest[i]);
    if (kDigits[b >> 4] != hex[2 * i] || kDigits[b & 15] != hex[2 * i + 1]) {
      c.fail(what, __FILE__, __LINE__);
      return false;
    }
  }
  return true;
}

void nist_examples_whole_message_match(Check& c) {
  for (const Vector& v : kVectors) {
    if (!digest_is(c, image::sha256(bytes(v.message)), v.digest_hex, "digest differs from the NIST example")) return;
  }
}

void nist_examples_every_split_matches(Check& c) {
  for (const Vector& v : kVectors) {
    const auto msg = bytes(v.message);
    for (size_t cut = 0; cut <= msg.size(); ++cut) {
      image::Sha256 s;
      s.update(msg.first(cut));
      s.update(msg.subspan(cut));
      std::array<std::byte, 32> d;
      s.finish(d);
      if (!digest_is(c, d, v.digest_hex, "digest of a two-part message differs")) return;
    }
  }
}

NB_BIG_RAM std::array<std::byte, 1000000> g_million;

void million_a_in_odd_chunks_matches(Check& c) {
  g_million.fill(std::byte{'a'});
  image::Sha256 s;
  size_t step = 1;
  for (size_t off = 0; off < g_million.size(); off += step, step = step % 997 + 13) {
    s.update(std::span(g_million).subspan(off, std::min(step, g_million.size() - off)));
  }
  std::array<std::byte, 32> d;
  s.finish(d);
  digest_is(c, d, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", "one million 'a'");
}

void padding_boundaries_55_56_63_64_bytes_consistent_with_bytewise(Check& c) {
  std::array<std::byte, 130> msg;
  for (size_t i = 0; i < msg.size(); ++i) msg[i] = std::byte(i * 31 + 5);
  for (size_t len = 0; len <= msg.size(); ++len) {
    image::Sha256 bytewise;
    for (size_t i = 0; i < len; ++i) bytewise.update(std::span(msg).subspan(i, 1));
    std::array<std::byte, 32> a;
    bytewise.finish(a);
    const auto b = image::sha256(std::span(msg).first(len));
    if (!NB_EXPECT(c, a == b)) return;
  }
}

void hash_only_crypto_hashes_and_refuses_signatures(Check& c) {
  image::HashOnlyCrypto crypto;
  std::array<std::byte, 32> d;
  NB_ASSERT_OK(c, image::hash_bytes(crypto, image::HashAlg::kSha256, bytes("abc"), d));
  digest_is(c, d, kVectors[1].digest_hex, "Crypto::hash of abc");
  image::HashState st;
  NB_EXPECT_ERRC(c, crypto.hash_begin(image::HashAlg::kSha384, st), core::Errc::kUnsupported);
  NB_EXPECT_ERRC(c, crypto.key_kind(bytes("key")), core::Errc::kUnsupported);
  NB_EXPECT_ERRC(c, crypto.verify_digest(image::KeyKind::kEcdsaP256, bytes("k"), d, bytes("s")),
                 core::Errc::kUnsupported);
  std::array<std::byte, 16> small;
  NB_ASSERT_OK(c, crypto.hash_begin(image::HashAlg::kSha256, st));
  NB_EXPECT_ERRC(c, crypto.hash_finish(st, small), core::Errc::kNoSpace);
}

constexpr Case kCases[] = {
    {"Sha256", "NistExamples_WholeMessage_Match", nist_examples_whole_message_match},
    {"Sha256", "NistExamples_EverySplit_Match", nist_examples_every_split_matches},
    {"Sha256", "MillionA_OddChunks_Matches", million_a_in_odd_chunks_matches},
    {"Sha256", "PaddingBoundaries_BytewiseUpdates_SameDigest", padding_boundaries_55_56_63_64_bytes_consistent_with_bytewise},
    {"Sha256", "HashOnlyCrypto_Sha256Works_SignaturesUnsupported", hash_only_crypto_hashes_and_refuses_signatures},
};
const Suite kSuite(kCases);

}  // namespace
}  // namespace norboot::target
