#include "image/sha256_portable.hpp"

#include <bit>
#include <cstring>

#include "core/bytes.hpp"

namespace norboot::image {

namespace {

// FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64
// primes.
constexpr std::array<uint32_t, 64> kK = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};
// §5.3.3: the first 32 bits of the fractional parts of the square roots of the first 8 primes.
constexpr std::array<uint32_t, 8> kInitial = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                              0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

// §4.1.2, each written so the three rotates become one rotate of a two-term XOR (ror(x,a) ^
// ror(x,b) ^ ror(x,c) = ror(x ^ ror(x,b-a) ^ ror(x,c-a), a)): Thumb-2 folds the inner rotates into
// EOR operands and the outer one into the ADD that consumes the result.
[[gnu::always_inline]] inline uint32_t big_sigma0(uint32_t x) { return std::rotr(x ^ std::rotr(x, 11) ^ std::rotr(x, 20), 2); }
[[gnu::always_inline]] inline uint32_t big_sigma1(uint32_t x) { return std::rotr(x ^ std::rotr(x, 5) ^ std::rotr(x, 19), 6); }
[[gnu::always_inline]] inline uint32_t small_sigma0(uint32_t x) { return std::rotr(x ^ std::rotr(x, 11), 7) ^ (x >> 3); }
[[gnu::always_inline]] inline uint32_t small_sigma1(uint32_t x) { return std::rotr(x ^ std::rotr(x, 2), 17) ^ (x >> 10); }
[[gnu::always_inline]] inline uint32_t choose(uint32_t e, uint32_t f, uint32_t g) { return g ^ (e & (f ^ g)); }
[[gnu::always_inline]] inline uint32_t majority(uint32_t a, uint32_t b, uint32_t c) { return ((a ^ b) & (b ^ c)) ^ b; }

using Schedule = std::array<uint32_t, 64>;

// §6.2.2 step 1, all 48 expanded words before the rounds: the rounds then read W and K at
// constant offsets from one pointer each, so one loop body of eight rounds serves all 64
// (about 0.8 KB of code instead of 3.1 KB for 64 inlined rounds, for ~1 instruction/byte more).
[[gnu::always_inline]] inline void expand(Schedule& w) {
  for (size_t t = 16; t < 64; ++t) w[t] = small_sigma1(w[t - 2]) + w[t - 7] + small_sigma0(w[t - 15]) + w[t - 16];
}

// One round (§6.2.2 step 3) with the eight working variables renamed instead of shifted: the
// caller rotates the argument order, so only d and h are written.
template <int I>
[[gnu::always_inline]] inline void round(uint32_t a, uint32_t b, uint32_t c, uint32_t& d, uint32_t e, uint32_t f,
                                         uint32_t g, uint32_t& h, const uint32_t* w, const uint32_t* k) {
  h += big_sigma1(e) + choose(e, f, g) + k[I] + w[I];
  d += h;
  h += big_sigma0(a) + majority(a, b, c);
}

// Eight rounds: after them every variable is back in its own name.
[[gnu::always_inline]] inline void eight_rounds(uint32_t& a, uint32_t& b, uint32_t& c, uint32_t& d, uint32_t& e,
                                                uint32_t& f, uint32_t& g, uint32_t& h, const uint32_t* w,
                                                const uint32_t* k) {
  round<0>(a, b, c, d, e, f, g, h, w, k);
  round<1>(h, a, b, c, d, e, f, g, w, k);
  round<2>(g, h, a, b, c, d, e, f, w, k);
  round<3>(f, g, h, a, b, c, d, e, w, k);
  round<4>(e, f, g, h, a, b, c, d, w, k);
  round<5>(d, e, f, g, h, a, b, c, w, k);
  round<6>(c, d, e, f, g, h, a, b, w, k);
  round<7>(b, c, d, e, f, g, h, a, w, k);
}

void compress(std::array<uint32_t, 8>& state, const std::byte* block) {
  Schedule w;
  for (size_t i = 0; i < 16; ++i) {
    uint32_t word;
    std::memcpy(&word, block + 4 * i, 4);  // one (unaligned-capable) load on Cortex-M4
    w[i] = std::endian::native == std::endian::little ? __builtin_bswap32(word) : word;
  }
  expand(w);
  uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
  uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
  for (size_t t = 0; t < 64; t += 8) eight_rounds(a, b, c, d, e, f, g, h, &w[t], &kK[t]);
  state[0] += a;
  state[1] += b;
  state[2] += c;
  state[3] += d;
  state[4] += e;
  state[5] += f;
  state[6] += g;
  state[7] += h;
}

}  // namespace

void Sha256::reset() {
  h_ = kInitial;
  total_bytes_ = 0;
  buffered_ = 0;
}

void Sha256::update(std::span<const std::byte> data) {
  total_bytes_ += data.size();
  if (buffered_ != 0) {
    const size_t take = std::min<size_t>(kBlockSize - buffered_, data.size());
    std::memcpy(block_.data() + buffered_, data.data(), take);
    buffered_ += static_cast<uint32_t>(take);
    data = data.subspan(take);
    if (buffered_ < kBlockSize) return;
    compress(h_, block_.data());
    buffered_ = 0;
  }
  // Whole blocks straight from the caller's buffer: no copy on the hot path.
  while (data.size() >= kBlockSize) {
    compress(h_, data.data());
    data = data.subspan(kBlockSize);
  }
  std::memcpy(block_.data(), data.data(), data.size());
  buffered_ = static_cast<uint32_t>(data.size());
}

void Sha256::finish(std::span<std::byte, kDigestSize> digest) {
  // §5.1.1: a 1 bit, zeros up to 56 mod 64, then the message length in bits, big-endian.
  const uint64_t bits = total_bytes_ * 8;
  block_[buffered_++] = std::byte{0x80};
  if (buffered_ > kBlockSize - 8) {
    std::memset(block_.data() + buffered_, 0, kBlockSize - buffered_);
    compress(h_, block_.data());
    buffered_ = 0;
  }
  std::memset(block_.data() + buffered_, 0, kBlockSize - 8 - buffered_);
  core::store_be32(block_, kBlockSize - 8, static_cast<uint32_t>(bits >> 32));
  core::store_be32(block_, kBlockSize - 4, static_cast<uint32_t>(bits));
  compress(h_, block_.data());
  for (size_t i = 0; i < 8; ++i) core::store_be32(digest, 4 * i, h_[i]);
  reset();
}

std::array<std::byte, Sha256::kDigestSize> sha256(std::span<const std::byte> data) {
  Sha256 s;
  s.update(data);
  std::array<std::byte, Sha256::kDigestSize> out;
  s.finish(out);
  return out;
}

}  // namespace norboot::image
