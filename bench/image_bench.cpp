// Streaming validation of the 300000-byte imgtool vector from a simulated slot (RamFlash) through
// the validator's 512-byte work buffer, against plain OpenSSL SHA-256 over the same bytes in one
// call — the goal is >= 0.9x of the latter. Counters: bytes_per_second.
#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

#include <benchmark/benchmark.h>
#include <openssl/evp.h>

#include "crypto_openssl/openssl_crypto.hpp"
#include "flash/ram_flash.hpp"
#include "image/validator.hpp"

namespace {

using namespace norboot;

std::vector<std::byte> vector_image() {
  std::ifstream f(std::string(NORBOOT_SHARED_DIR) + "/vectors/imgtool/images/ecdsa_p256_300000.bin", std::ios::binary);
  std::vector<char> raw((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::vector<std::byte> out(raw.size());
  std::memcpy(out.data(), raw.data(), raw.size());
  out.resize((out.size() + 4095) / 4096 * 4096, std::byte{0xFF});
  return out;
}

void BM_ValidateFromSlot(benchmark::State& state) {
  auto bytes = vector_image();
  flash::RamFlash dev("external", flash::Geometry::uniform(4096, static_cast<uint32_t>(bytes.size() / 4096), 1), bytes);
  const flash::Area slot{&dev, 0, static_cast<uint32_t>(bytes.size()), "secondary"};
  crypto_openssl::OpenSslCrypto crypto;
  image::Keyring none;
  image::ValidateOptions opt;
  opt.require_signature = false;  // hash path: what the comparison with plain SHA-256 measures
  std::array<std::byte, 512> work{};
  for (auto _ : state) {
    auto r = image::validate(slot, opt, none, crypto, work);
    if (!r) state.SkipWithError("validation failed");
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * 300000);
  state.counters["work_buffer_bytes"] = double(work.size());
  state.counters["image_info_bytes"] = double(sizeof(image::ImageInfo));
}
BENCHMARK(BM_ValidateFromSlot)->Unit(benchmark::kMicrosecond);

void BM_OpenSslSha256(benchmark::State& state) {
  auto bytes = vector_image();
  unsigned char md[32];
  unsigned int len = 0;
  for (auto _ : state) {
    EVP_Digest(bytes.data(), 300000 + 0x200, md, &len, EVP_sha256(), nullptr);
    benchmark::DoNotOptimize(md);
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * 300000);
}
BENCHMARK(BM_OpenSslSha256)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
