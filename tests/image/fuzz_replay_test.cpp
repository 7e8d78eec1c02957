// Replays the fuzz entry point (fuzz/image_fuzz_target.cpp) over every vector image and over
// seeded random mutations of them, so the g++ and sanitizer builds of the suite run the same
// invariants the libFuzzer target checks (the clang-14 run itself: scripts/fuzz-image.sh).
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "image_fuzz_target.hpp"
#include "slot_fixture.hpp"

namespace norboot::image::fuzz_replay_test {
namespace {

std::vector<std::vector<std::byte>> seeds() {
  std::vector<std::vector<std::byte>> out;
  for (const char* dir : {"images", "tampered"}) {
    for (const auto& e : std::filesystem::directory_iterator(testing::vector_path(dir))) {
      if (e.path().extension() == ".bin" && e.file_size() < 16384) out.push_back(testing::read_bytes(e.path().string()));
    }
  }
  return out;
}

int replay(const std::vector<std::byte>& b) {
  return fuzz::image_fuzz_one(reinterpret_cast<const uint8_t*>(b.data()), b.size());
}

TEST(FuzzReplay, EveryVectorSeed_PassesTheInvariants) {
  const auto all = seeds();
  ASSERT_GT(all.size(), 20u);
  for (const auto& s : all) EXPECT_EQ(replay(s), 0);
}

TEST(FuzzReplay, SeededMutations_PassTheInvariants) {
  const auto all = seeds();
  std::mt19937 rng(20240601);
  for (int i = 0; i < 3000; ++i) {
    auto b = all[rng() % all.size()];
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < edits && !b.empty(); ++k) {
      switch (rng() % 4) {
        case 0: b[rng() % b.size()] ^= std::byte(1u << (rng() % 8)); break;            // bit flip
        case 1: b[rng() % b.size()] = std::byte(rng() & 0xff); break;                   // byte
        case 2: b.resize(rng() % b.size()); break;                                      // truncate
        default: b[rng() % std::min<size_t>(b.size(), 32)] = std::byte(rng() & 0xff);  // header
      }
    }
    ASSERT_EQ(replay(b), 0) << "mutation " << i;
  }
}

}  // namespace
}  // namespace norboot::image::fuzz_replay_test
