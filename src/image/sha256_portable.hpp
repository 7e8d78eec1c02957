#pragma once
// Sha256: SHA-256 written from FIPS 180-4 (§4.1.2 functions, §4.2.2 constants, §5.1.1 padding,
// §6.2 computation) for targets without a crypto library — the Cortex-M boot binary's hash-only
// validation. Portable C++, no heap, no tables beyond K; state fits image::HashState (108 bytes).
//
// Speed: the 64 rounds of a block are unrolled in groups of 16 with the message schedule kept in
// a 16-word ring, so each round is a few ALU ops with the rotates folded into Thumb-2 operand
// shifts. Measured on the Cortex-M4 (QEMU -icount): see target/README.md.
// Tests: NIST examples and split-invariance on host and target (target/tests/sha256_cases.cpp),
// differential against OpenSSL on the host (tests/target/sha256_openssl_test.cpp).
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace norboot::image {

class Sha256 {
 public:
  static constexpr size_t kDigestSize = 32;
  static constexpr size_t kBlockSize = 64;

  Sha256() { reset(); }
  void reset();
  void update(std::span<const std::byte> data);
  /// Pads, writes the 32-byte digest and leaves the object reset for the next message.
  void finish(std::span<std::byte, kDigestSize> digest);

 private:
  std::array<uint32_t, 8> h_{};
  std::array<std::byte, kBlockSize> block_{};
  uint64_t total_bytes_ = 0;
  uint32_t buffered_ = 0;
};

/// One-shot convenience.
std::array<std::byte, Sha256::kDigestSize> sha256(std::span<const std::byte> data);

}  // namespace norboot::image
