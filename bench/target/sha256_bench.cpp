// SHA-256 throughput on the Cortex-M4: 300000 bytes from RAM through the portable implementation,
// in 4 KiB updates as the validator's chunked reads would feed it. Budget (issue 7): ≤ 40
// instructions per byte.
#include <array>

#include "image/sha256_portable.hpp"
#include "report.hpp"
#include "runtime/tick_counter.hpp"
#include "support/big_ram.hpp"

namespace norboot::bench {

namespace {
constexpr uint32_t kBytes = 300000;
NB_BIG_RAM std::array<std::byte, kBytes> g_data;
}  // namespace

void bench_sha256(Report& r) {
  for (uint32_t i = 0; i < kBytes; ++i) g_data[i] = std::byte(i * 131 + 7);
  image::Sha256 sha;
  std::array<std::byte, 32> digest;
  const uint64_t t0 = target::TickCounter::now();
  for (uint32_t off = 0; off < kBytes; off += 4096) {
    sha.update(std::span(g_data).subspan(off, std::min<uint32_t>(4096, kBytes - off)));
  }
  sha.finish(digest);
  const uint64_t instructions = r.instructions(target::TickCounter::now() - t0);
  r.figure("sha256.bytes", kBytes, "bytes");
  r.figure("sha256.instructions", instructions, "instructions");
  r.ratio("sha256.instructions_per_byte", instructions, kBytes, "instructions/byte");
  r.budget("sha256.instructions_per_byte (x100)", instructions * 100 / kBytes, 4000);
}

}  // namespace norboot::bench
