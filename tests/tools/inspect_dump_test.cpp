// Dumps the inspector accepts: raw whole-device images and Intel HEX, and what it says about bad ones.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <fmt/core.h>
#include <gtest/gtest.h>

#include "tools/inspect/dump_file.hpp"
#include "tools/inspect/intel_hex.hpp"

namespace norboot::tools::inspect::inspect_dump_test {
namespace {

namespace fs = std::filesystem;

std::string temp_file(const std::string& name, const std::string& bytes) {
  const fs::path dir = fs::temp_directory_path() / ("norboot-dump-test-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const fs::path p = dir / name;
  std::ofstream(p, std::ios::binary) << bytes;
  return p.string();
}

/// One Intel HEX record with a correct checksum.
std::string record(uint8_t type, uint16_t addr, std::vector<uint8_t> data) {
  uint8_t sum = static_cast<uint8_t>(data.size() + (addr >> 8) + (addr & 0xFF) + type);
  std::string s = fmt::format(":{:02X}{:04X}{:02X}", data.size(), addr, type);
  for (uint8_t b : data) {
    s += fmt::format("{:02X}", b);
    sum = static_cast<uint8_t>(sum + b);
  }
  return s + fmt::format("{:02X}\n", static_cast<uint8_t>(-sum));
}

const std::string kEof = ":00000001FF\n";

TEST(InspectIntelHex, RecordsWithLinearAddress_MergedIntoChunks) {
  const std::string text = record(4, 0, {0x08, 0x00}) + record(0, 0x0000, {1, 2, 3, 4}) + record(0, 0x0004, {5, 6}) +
                           record(0, 0x0100, {7}) + kEof;
  auto chunks = parse_intel_hex(text);
  ASSERT_TRUE(chunks) << chunks.error().message;
  ASSERT_EQ(chunks->size(), 2u);
  EXPECT_EQ((*chunks)[0].address, 0x08000000u);
  EXPECT_EQ((*chunks)[0].data.size(), 6u);
  EXPECT_EQ((*chunks)[1].address, 0x08000100u);
}

TEST(InspectIntelHex, BadChecksum_NamesLineAndExpectedValue) {
  std::string bad = record(0, 0, {1, 2, 3});
  bad[bad.size() - 2] = bad[bad.size() - 2] == '0' ? '1' : '0';
  auto r = parse_intel_hex(record(0, 0x10, {9}) + bad + kEof);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().line, 2);
  EXPECT_NE(r.error().message.find("checksum"), std::string::npos);
}

TEST(InspectIntelHex, MalformedRecords_Refused) {
  for (const std::string& bad : {std::string(":0Z0000000"), std::string(":020000000102"), std::string(":00000077FF"),
                                 std::string("garbage"), std::string(":0200000001FD")}) {
    EXPECT_FALSE(parse_intel_hex(bad + "\n" + kEof)) << bad;
  }
  EXPECT_FALSE(parse_intel_hex(record(0, 0, {1})));  // no end-of-file record: truncated
}

TEST(InspectDump, RawOfTheWrongSize_RefusedWithBothSizes) {
  const flash::Geometry g = flash::Geometry::uniform(4096, 128, 4);
  const std::string f = temp_file("short.bin", std::string(0x7F000, '\xff'));
  auto d = load_dump(f, g, "internal flash (nRF52833 internal flash, 0x80000 bytes)");
  ASSERT_FALSE(d);
  EXPECT_FALSE(d.error().io);
  EXPECT_NE(d.error().message.find("0x7f000 bytes"), std::string::npos) << d.error().message;
  EXPECT_NE(d.error().message.find("0x80000 bytes"), std::string::npos);
}

TEST(InspectDump, Unreadable_IsAnIoError) {
  auto d = load_dump("/nonexistent/internal.bin", flash::Geometry::uniform(4096, 4, 4), "internal flash");
  ASSERT_FALSE(d);
  EXPECT_TRUE(d.error().io);
}

TEST(InspectDump, RawOfTheRightSize_BytesKept) {
  std::string bytes(0x4000, '\xff');
  bytes[0x1234] = 0x42;
  auto d = load_dump(temp_file("ok.bin", bytes), flash::Geometry::uniform(4096, 4, 4), "internal flash");
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->format, "raw");
  EXPECT_EQ(d->bytes[0x1234], std::byte{0x42});
}

TEST(InspectDump, RawThatStartsWithAColon_StillRaw) {
  std::string bytes(0x4000, '\xff');
  bytes[0] = ':';
  auto d = load_dump(temp_file("colon.bin", bytes), flash::Geometry::uniform(4096, 4, 4), "internal flash");
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->format, "raw");
}

TEST(InspectDump, HexAtAMemoryMappedBase_PlacedAtDeviceOffsetsRestErased) {
  const flash::Geometry g = flash::Geometry::uniform(0x4000, 64, 1);  // 1 MiB
  const std::string text = record(4, 0, {0x08, 0x00}) + record(0, 0x8000, {0xAA, 0xBB}) + kEof;
  auto d = load_dump(temp_file("app.hex", text), g, "internal flash");
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->bytes[0x8000], std::byte{0xAA});
  EXPECT_EQ(d->bytes[0x8001], std::byte{0xBB});
  EXPECT_EQ(d->bytes[0x7FFF], std::byte{0xFF});
  EXPECT_NE(d->format.find("device base 0x8000000"), std::string::npos) << d->format;
}

TEST(InspectDump, HexLargerThanTheDevice_Refused) {
  const flash::Geometry g = flash::Geometry::uniform(4096, 2, 1);
  const std::string text = record(0, 0x0000, {1}) + record(0, 0x2000, {2}) + kEof;
  auto d = load_dump(temp_file("big.hex", text), g, "internal flash (8 KiB)");
  ASSERT_FALSE(d);
  EXPECT_NE(d.error().message.find("more than the internal flash"), std::string::npos) << d.error().message;
}

TEST(InspectDump, HexWithBadChecksum_NamesTheLine) {
  std::string bad = record(0, 0, {1, 2});
  bad[bad.size() - 2] = bad[bad.size() - 2] == '0' ? '1' : '0';
  auto d = load_dump(temp_file("bad.hex", record(0, 8, {1}) + record(0, 9, {2}) + bad + kEof), flash::Geometry::uniform(4096, 2, 1),
                     "internal flash");
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().line, 3);
  EXPECT_NE(d.error().message.find("Intel HEX"), std::string::npos);
}

}  // namespace
}  // namespace norboot::tools::inspect::inspect_dump_test
