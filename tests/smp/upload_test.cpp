// Image upload through the agent: continuity, refusals before any write, header checks, hash,
// resume, idempotent duplicates, write-block tails, and a cut at every chunk.
#include <gtest/gtest.h>

#include "smp_rig.hpp"
#include "test_image.hpp"

namespace norboot::smp::upload_test {
namespace {

using testing::bin;
using testing::json;
using testing::make_image;
using testing::SmpRig;

using Bytes = std::vector<std::byte>;

json first_chunk(const Bytes& img, size_t n, bool with_sha = true) {
  json b{{"off", 0}, {"len", img.size()}, {"data", bin(std::span(img).first(std::min(n, img.size())))}};
  if (with_sha) b["sha"] = bin(testing::sha256_of(img));
  return b;
}

json chunk(const Bytes& img, size_t off, size_t n) {
  n = std::min(n, img.size() - off);
  return {{"off", off}, {"data", bin(std::span(img).subspan(off, n))}};
}

// Uploads the whole image in `n`-byte chunks, always continuing from the device's offset.
testing::Reply upload_all(SmpRig& rig, const Bytes& img, size_t n, bool with_sha = true) {
  auto r = rig.upload(first_chunk(img, n, with_sha));
  while (!r.body.contains("rc") && !r.body.contains("err") && r.body["off"].get<size_t>() < img.size()) {
    r = rig.upload(chunk(img, r.body["off"].get<size_t>(), n));
  }
  return r;
}

Bytes slot_bytes(SmpRig& rig, size_t n) {
  auto area = rig.backend.upload_area();
  Bytes out(n);
  EXPECT_TRUE(area.read(0, out));
  return out;
}

bool secondary_listed(SmpRig& rig) {
  auto list = rig.call(Op::kRead, 1, image_cmd::kState).body["images"];
  return std::any_of(list.begin(), list.end(), [](const json& e) { return e["slot"] == 1; });
}

TEST(Upload, WholeImage_SlotHoldsItAndListShowsIt) {
  SmpRig rig;
  auto img = make_image({.total = 20000, .major = 2, .minor = 1});
  auto r = upload_all(rig, img, 500);
  EXPECT_EQ(r.body, (json{{"off", img.size()}, {"match", true}}));
  EXPECT_EQ(slot_bytes(rig, img.size()), img);
  auto list = rig.call(Op::kRead, 1, image_cmd::kState).body["images"];
  ASSERT_EQ(list.size(), 1u);  // the primary is empty on this fresh board
  EXPECT_EQ(list[0]["slot"], 1);
  EXPECT_EQ(list[0]["version"], "2.1.0");
  EXPECT_EQ(list[0]["hash"], bin(testing::image_hash(img)));
  EXPECT_EQ(list[0]["bootable"], true);
  EXPECT_EQ(list[0]["pending"], false);
  EXPECT_EQ(rig.backend.finish_calls, 1);
}

TEST(Upload, WithoutSha_NoMatchKey) {
  SmpRig rig;
  auto img = make_image({.total = 3000});
  auto r = upload_all(rig, img, 1000, false);
  EXPECT_EQ(r.body, (json{{"off", img.size()}}));
}

// The motivating board: 0x35000-byte primary, a 300292-byte image.
TEST(Upload, LargerThanPrimary_RefusedAtFirstChunkNamingBothSizes_NothingWritten) {
  SmpRig rig(testing::RamBoardConfig{.sector = 4096, .primary_sectors = 0x35, .secondary_sectors = 0x50});
  auto img = make_image({.total = 300292});
  Bytes before(rig.backend.bytes().begin(), rig.backend.bytes().end());
  auto r = rig.upload(first_chunk(img, 1024));
  EXPECT_EQ(r.body["err"], (json{{"group", 1}, {"rc", 30}}));
  EXPECT_EQ(r.body["rsn"], "image 300292 B > primary 0x35000 B (217088)");
  EXPECT_EQ(rig.backend.begin_calls, 0);
  EXPECT_TRUE(std::equal(before.begin(), before.end(), rig.backend.bytes().begin()));
  EXPECT_TRUE(rig.log.contains("INVALID_IMAGE_TOO_LARGE"));
}

TEST(Upload, FitsSlotButNotBesideTrailer_RefusedNamingTheCapacity) {
  SmpRig rig;  // primary 16 sectors, the last one its trailer
  auto img = make_image({.total = 16 * 4096 - 100});
  auto r = rig.upload(first_chunk(img, 512));
  EXPECT_EQ(r.body["err"]["rc"], 30);
  EXPECT_NE(r.body["rsn"].get<std::string>().find("61440 B, the largest image"), std::string::npos);
}

TEST(Upload, V1Client_TooLargeTranslatedToEunknown) {
  SmpRig rig(testing::RamBoardConfig{.primary_sectors = 4});
  auto img = make_image({.total = 40000});
  auto r = rig.upload(first_chunk(img, 512), kVersion1);
  EXPECT_EQ(r.body["rc"], 1);
  EXPECT_TRUE(r.body.contains("rsn"));
}

TEST(Upload, FirstChunkWithoutLen_InvalidLength) {
  SmpRig rig;
  auto r = rig.upload(json{{"off", 0}, {"data", json::binary({1, 2, 3})}});
  EXPECT_EQ(r.body["err"]["rc"], 21);
}

TEST(Upload, WrongOffset_AnsweredWithExpectedOffsetNothingWritten) {
  SmpRig rig;
  auto img = make_image({.total = 10000});
  ASSERT_EQ(rig.upload(first_chunk(img, 1000)).body["off"], 1000);
  Bytes before(rig.backend.bytes().begin(), rig.backend.bytes().end());
  EXPECT_EQ(rig.upload(chunk(img, 3000, 1000)).body, (json{{"off", 1000}}));  // ahead
  EXPECT_EQ(rig.upload(chunk(img, 500, 1000)).body, (json{{"off", 1000}}));   // overlapping
  EXPECT_EQ(rig.upload(chunk(img, 1, 10)).body, (json{{"off", 1000}}));       // behind
  EXPECT_TRUE(std::equal(before.begin(), before.end(), rig.backend.bytes().begin()));
  EXPECT_EQ(rig.upload(chunk(img, 1000, 1000)).body["off"], 2000);
}

TEST(Upload, DuplicateChunk_Idempotent) {
  SmpRig rig;
  auto img = make_image({.total = 5000});
  rig.upload(first_chunk(img, 1000));
  EXPECT_EQ(rig.upload(chunk(img, 1000, 1000)).body["off"], 2000);
  EXPECT_EQ(rig.upload(chunk(img, 1000, 1000)).body["off"], 2000);  // the retry of a lost answer
  auto r = upload_all(rig, img, 1000);  // restarts? no: same sha → resumes at 2000
  EXPECT_EQ(r.body["match"], true);
  EXPECT_EQ(slot_bytes(rig, img.size()), img);
}

TEST(Upload, ChunkPastLen_DataOverrunSessionClosed) {
  SmpRig rig;
  auto img = make_image({.total = 2000});
  rig.upload(first_chunk(img, 1000));
  Bytes extra(1500, std::byte{1});
  auto r = rig.upload(json{{"off", 1000}, {"data", bin(extra)}});
  EXPECT_EQ(r.body["err"]["rc"], 31);
  EXPECT_EQ(rig.upload(chunk(img, 1000, 1000)).body["off"], 0);  // no session any more
  EXPECT_FALSE(secondary_listed(rig));
}

TEST(Upload, NoSession_NonZeroOffsetAnsweredWithZero) {
  SmpRig rig;
  auto img = make_image({.total = 2000});
  EXPECT_EQ(rig.upload(chunk(img, 1000, 500)).body, (json{{"off", 0}}));
}

TEST(Upload, AfterCompletion_RetriedLastChunkAndRestartAreIdempotent) {
  SmpRig rig;
  auto img = make_image({.total = 3000});
  upload_all(rig, img, 1000);
  EXPECT_EQ(rig.upload(chunk(img, 2000, 1000)).body["off"], 3000);
  auto again = rig.upload(first_chunk(img, 1000));
  EXPECT_EQ(again.body["off"], 3000);
  EXPECT_EQ(rig.backend.finish_calls, 1);  // nothing was rewritten
}

TEST(Upload, ResumeWithSameLenAndSha_ContinuesAtDeviceOffset) {
  SmpRig rig;
  auto img = make_image({.total = 12000});
  auto r = rig.upload(first_chunk(img, 1000));
  for (int i = 0; i < 4; ++i) r = rig.upload(chunk(img, r.body["off"], 1000));
  ASSERT_EQ(r.body["off"], 5000);
  // The client restarts (new process, lost state): off 0 with the same len and sha.
  auto resumed = rig.upload(first_chunk(img, 1000));
  EXPECT_EQ(resumed.body["off"], 5000);
  EXPECT_EQ(rig.backend.begin_calls, 1);
  r = resumed;
  while (r.body["off"].get<size_t>() < img.size()) r = rig.upload(chunk(img, r.body["off"], 1000));
  EXPECT_EQ(r.body["match"], true);
  EXPECT_EQ(slot_bytes(rig, img.size()), img);
}

TEST(Upload, RestartWithoutSha_StartsOver) {
  SmpRig rig;
  auto img = make_image({.total = 6000});
  rig.upload(first_chunk(img, 1000, false));
  rig.upload(chunk(img, 1000, 1000));
  EXPECT_EQ(rig.upload(first_chunk(img, 1000, false)).body["off"], 1000);
  EXPECT_EQ(rig.backend.begin_calls, 2);
}

TEST(Upload, DifferentShaAtOffsetZero_StartsANewSession) {
  SmpRig rig;
  auto a = make_image({.total = 6000, .seed = 1});
  auto b = make_image({.total = 6000, .seed = 2});
  rig.upload(first_chunk(a, 1000));
  rig.upload(chunk(a, 1000, 1000));
  EXPECT_EQ(rig.upload(first_chunk(b, 1000)).body["off"], 1000);
  auto r = upload_all(rig, b, 1000);
  EXPECT_EQ(r.body["match"], true);
  EXPECT_EQ(slot_bytes(rig, b.size()), b);
}

TEST(Upload, WhileSwapPending_RefusedSlotUntouched) {
  SmpRig rig;
  auto old_img = make_image({.total = 4000, .seed = 3});
  upload_all(rig, old_img, 1000);
  rig.backend.pending = true;
  Bytes before(rig.backend.bytes().begin(), rig.backend.bytes().end());
  auto img = make_image({.total = 4000, .seed = 4});
  auto r = rig.upload(first_chunk(img, 1000));
  EXPECT_EQ(r.body["err"], (json{{"group", 1}, {"rc", 9}}));
  EXPECT_NE(r.body["rsn"].get<std::string>().find("pending"), std::string::npos);
  EXPECT_TRUE(std::equal(before.begin(), before.end(), rig.backend.bytes().begin()));
}

TEST(Upload, WhileRunningImageUnconfirmed_Refused) {
  SmpRig rig;
  rig.backend.install_primary(make_image({.total = 4000, .seed = 5}));
  rig.backend.running_confirmed = false;
  auto r = rig.upload(first_chunk(make_image({.total = 4000}), 1000));
  EXPECT_EQ(r.body["err"]["rc"], 9);
  EXPECT_NE(r.body["rsn"].get<std::string>().find("revert"), std::string::npos);
}

TEST(Upload, BadMagic_RefusedNoImageVisible) {
  SmpRig rig;
  auto img = make_image({.total = 4000});
  img[0] = std::byte{0};
  auto r = rig.upload(first_chunk(img, 1000));
  EXPECT_EQ(r.body["err"]["rc"], 23);
  EXPECT_NE(r.body["rsn"].get<std::string>().find("expected 0x96f3b83d"), std::string::npos);
  EXPECT_FALSE(secondary_listed(rig));
}

TEST(Upload, HeaderSizesLongerThanLen_InvalidImageHeader) {
  SmpRig rig;
  auto img = make_image({.total = 4000});
  core::store_le32(img, 12, 100000);  // img_size lies
  auto r = rig.upload(first_chunk(img, 1000));
  EXPECT_EQ(r.body["err"]["rc"], 22);
}

TEST(Upload, HeaderSplitAcrossChunks_CheckedWhenComplete) {
  SmpRig rig;
  auto img = make_image({.total = 4000});
  img[1] = std::byte{0};
  EXPECT_EQ(rig.upload(first_chunk(img, 10)).body["off"], 10);
  EXPECT_EQ(rig.upload(chunk(img, 10, 10)).body["off"], 20);
  EXPECT_EQ(rig.upload(chunk(img, 20, 100)).body["err"]["rc"], 23);
}

TEST(Upload, UpgradeFlagWithOlderVersion_Refused) {
  SmpRig rig;
  rig.backend.install_primary(make_image({.total = 4000, .major = 2}));
  auto img = make_image({.total = 4000, .major = 1, .minor = 9});
  auto body = first_chunk(img, 1000);
  body["upgrade"] = true;
  auto r = rig.upload(body);
  EXPECT_EQ(r.body["err"]["rc"], 27);
  EXPECT_NE(r.body["rsn"].get<std::string>().find("1.9.0 is not newer than running 2.0.0"), std::string::npos);
  body["upgrade"] = false;
  EXPECT_EQ(rig.upload(body).body["off"], 1000);
}

TEST(Upload, ShaMismatch_RefusedHeaderNeverWritten) {
  SmpRig rig;
  auto img = make_image({.total = 5000});
  auto body = first_chunk(img, 1000);
  Bytes wrong(32, std::byte{0x11});
  body["sha"] = bin(wrong);
  auto r = rig.upload(body);
  while (!r.body.contains("err") && r.body["off"].get<size_t>() < img.size()) {
    r = rig.upload(chunk(img, r.body["off"], 1000));
  }
  EXPECT_EQ(r.body["err"]["rc"], 24);
  auto head = slot_bytes(rig, 32);
  EXPECT_TRUE(core::all_equal(head, std::byte{0xFF}));
  EXPECT_FALSE(secondary_listed(rig));
}

TEST(Upload, BackendRefusesFinishedImage_SlotInvalidated) {
  SmpRig rig;
  rig.backend.finish_error = core::Error{.code = core::Errc::kSignature, .what = "signature does not verify"};
  auto img = make_image({.total = 5000});
  auto r = upload_all(rig, img, 1000);
  EXPECT_EQ(r.body["err"]["rc"], 1);
  EXPECT_NE(r.body["rsn"].get<std::string>().find("signature does not verify"), std::string::npos);
  EXPECT_FALSE(secondary_listed(rig));
}

TEST(Upload, StartErasesTheSecondaryTrailerThroughTheBackend) {
  SmpRig rig;
  auto sec = rig.backend.secondary();
  std::array<std::byte, 4> marker{std::byte{1}, std::byte{2}, std::byte{3}, std::byte{4}};
  ASSERT_TRUE(sec.write(sec.size - 16, marker));
  rig.upload(first_chunk(make_image({.total = 3000}), 1000));
  std::array<std::byte, 4> after{};
  ASSERT_TRUE(sec.read(sec.size - 16, after));
  EXPECT_TRUE(core::all_equal(after, std::byte{0xFF}));
}

struct Geometry {
  uint32_t write_block;
  size_t chunk;
};

class UploadGeometry : public ::testing::TestWithParam<Geometry> {};

TEST_P(UploadGeometry, AnyWriteBlockAndChunkSize_SlotEqualsImage) {
  SmpRig rig(testing::RamBoardConfig{.write_block = GetParam().write_block});
  auto img = make_image({.total = 9001});
  auto r = upload_all(rig, img, GetParam().chunk);
  EXPECT_EQ(r.body["match"], true);
  EXPECT_EQ(slot_bytes(rig, img.size()), img);
  // Past the image, the last write block was padded with the erased value.
  auto tail = slot_bytes(rig, img.size() + 64);
  EXPECT_TRUE(core::all_equal(std::span(tail).subspan(img.size()), std::byte{0xFF}));
}

INSTANTIATE_TEST_SUITE_P(
    Blocks, UploadGeometry,
    ::testing::Values(Geometry{1, 37}, Geometry{4, 37}, Geometry{8, 100}, Geometry{16, 333}, Geometry{32, 7},
                      Geometry{32, 4096}, Geometry{4, 9001}, Geometry{8, 31}),
    [](const auto& info) {
      return "wb" + std::to_string(info.param.write_block) + "_chunk" + std::to_string(info.param.chunk);
    });

// An upload that stops after chunk k, for every k: the slot shows no image, the image's first 32
// bytes are still erased, everything the device acknowledged past the header is in flash, and
// nothing beyond what was received has been written.
TEST(UploadCut, StoppedAfterEveryChunk_NeverLooksLikeAnImage) {
  const size_t kChunk = 700;
  auto img = make_image({.total = 3 * 4096 + 123, .seed = 9});
  const size_t chunks = (img.size() + kChunk - 1) / kChunk;
  for (size_t k = 1; k < chunks; ++k) {
    SmpRig rig(testing::RamBoardConfig{.write_block = 8});
    auto r = rig.upload(first_chunk(img, kChunk));
    for (size_t i = 1; i < k; ++i) r = rig.upload(chunk(img, r.body["off"], kChunk));
    const size_t acked = r.body["off"];
    ASSERT_EQ(acked, k * kChunk) << "k=" << k;
    SCOPED_TRACE("cut after chunk " + std::to_string(k));
    EXPECT_FALSE(secondary_listed(rig));
    auto slot = slot_bytes(rig, rig.backend.upload_area().size);
    EXPECT_TRUE(core::all_equal(std::span(slot).first(32), std::byte{0xFF}));
    const size_t durable = acked / 8 * 8;  // the unaligned tail is still in RAM
    EXPECT_TRUE(std::equal(img.begin() + 32, img.begin() + durable, slot.begin() + 32));
    EXPECT_TRUE(core::all_equal(std::span(slot).subspan(durable), std::byte{0xFF}));
    // The session survives the pause: a resumed client finishes it.
    while (r.body["off"].get<size_t>() < img.size()) r = rig.upload(chunk(img, r.body["off"], kChunk));
    EXPECT_EQ(r.body["match"], true);
    EXPECT_TRUE(secondary_listed(rig));
  }
}

}  // namespace
}  // namespace norboot::smp::upload_test
