// Serial framing (reference smp.md §4): round trips, the exact bytes against an independent
// base64 (OpenSSL's) and CRC check value, and every way a frame can be bad.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <string>

#include "core/bytes.hpp"
#include "core/crc.hpp"
#include "smp/serial_frame.hpp"
#include "smp_rig.hpp"

namespace norboot::smp::serial_frame_test {
namespace {

using Bytes = std::vector<std::byte>;

class CollectLines final : public LineSink {
 public:
  core::Status write_line(std::span<const std::byte> line) override {
    lines.emplace_back(reinterpret_cast<const char*>(line.data()), line.size());
    return core::ok();
  }
  std::string joined() const {
    std::string s;
    for (const auto& l : lines) s += l;
    return s;
  }
  std::vector<std::string> lines;
};

Bytes pattern(size_t n, uint8_t seed = 1) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<std::byte>(i * 31 + seed);
  return b;
}

std::string encode(std::span<const std::byte> msg, size_t max_line = kDefaultMaxLine) {
  CollectLines sink;
  EXPECT_TRUE(encode_frame(msg, sink, max_line));
  return sink.joined();
}

struct Decoded {
  std::vector<Bytes> messages;
  FrameStats stats;
};

Decoded decode(std::string_view wire, size_t buffer = 4096, core::LogSink* log = nullptr) {
  Bytes buf(buffer);
  FrameDecoder d(buf, log);
  Decoded out;
  for (char c : wire) {
    if (auto m = d.feed(static_cast<std::byte>(c))) out.messages.emplace_back(m->begin(), m->end());
  }
  out.stats = d.stats();
  return out;
}

TEST(SerialFrame, CrcCheckValue) {
  std::string_view s = "123456789";
  EXPECT_EQ(core::crc16_xmodem(std::as_bytes(std::span(s.data(), s.size()))), 0x31C3);
}

TEST(SerialFrame, Encode_MatchesIndependentBase64AndLayout) {
  Bytes msg = pattern(200);
  Bytes body(2);
  core::store_be16(body, 0, static_cast<uint16_t>(msg.size() + 2));
  body.insert(body.end(), msg.begin(), msg.end());
  body.resize(body.size() + 2);
  core::store_be16(body, body.size() - 2, core::crc16_xmodem(msg));
  // 204 body bytes: lines of 93, 93, 18 raw bytes.
  std::string expected;
  for (size_t at = 0; at < body.size(); at += 93) {
    size_t n = std::min<size_t>(93, body.size() - at);
    std::string b64(4 * ((n + 2) / 3) + 1, '\0');
    int len = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(b64.data()),
                              reinterpret_cast<const unsigned char*>(body.data() + at), static_cast<int>(n));
    b64.resize(len);
    expected += (at == 0 ? std::string("\x06\x09") : std::string("\x04\x14")) + b64 + "\n";
  }
  CollectLines sink;
  ASSERT_TRUE(encode_frame(msg, sink));
  EXPECT_EQ(sink.joined(), expected);
  ASSERT_EQ(sink.lines.size(), 3u);
  for (const auto& l : sink.lines) EXPECT_LE(l.size(), 127u);
  EXPECT_EQ(sink.lines[0].size(), 127u);
  EXPECT_EQ(framed_size(msg.size()), expected.size());
}

class SerialRoundTrip : public ::testing::TestWithParam<std::pair<size_t, size_t>> {};

TEST_P(SerialRoundTrip, EncodeThenDecode_SameMessage) {
  auto [len, max_line] = GetParam();
  Bytes msg = pattern(len, static_cast<uint8_t>(len));
  auto wire = encode(msg, max_line);
  auto d = decode(wire);
  ASSERT_EQ(d.messages.size(), 1u);
  EXPECT_EQ(d.messages[0], msg);
  EXPECT_EQ(wire.size(), framed_size(len, max_line));
}

INSTANTIATE_TEST_SUITE_P(Sizes, SerialRoundTrip,
                         ::testing::Values(std::pair{0, 127}, std::pair{1, 127}, std::pair{89, 127},
                                           std::pair{90, 127}, std::pair{91, 127}, std::pair{2048, 127},
                                           std::pair{3000, 7}, std::pair{500, 256}, std::pair{300, 128}));

TEST(SerialFrame, ConsoleLinesBetweenFrameLines_Skipped) {
  Bytes msg = pattern(300);
  auto wire = encode(msg);
  std::string mixed;
  size_t at = 0;
  for (size_t nl; (nl = wire.find('\n', at)) != std::string::npos; at = nl + 1) {
    mixed += "[00:00:01.000] <inf> app: console log line\n";
    mixed += wire.substr(at, nl + 1 - at);
  }
  mixed += "\x06 not a frame\n";
  auto d = decode(mixed);
  ASSERT_EQ(d.messages.size(), 1u);
  EXPECT_EQ(d.messages[0], msg);
  EXPECT_EQ(d.stats.console_lines, 5u);
}

TEST(SerialFrame, Base64CutAtAnyPlaceAcrossLines_StillDecodes) {
  Bytes msg = pattern(100);
  auto wire = encode(msg, kMaxLine);  // one line
  std::string body = wire.substr(2, wire.size() - 3);
  std::string split = "\x06\x09" + body.substr(0, 13) + "\n\x04\x14" + body.substr(13) + "\n";
  auto d = decode(split);
  ASSERT_EQ(d.messages.size(), 1u);
  EXPECT_EQ(d.messages[0], msg);
}

TEST(SerialFrame, BadCrc_DroppedAndLogged) {
  testing::CaptureLog log;
  Bytes msg = pattern(50);
  auto wire = encode(msg);
  wire[10] = wire[10] == 'A' ? 'B' : 'A';  // one base64 char: a data byte changes
  auto d = decode(wire, 4096, &log);
  EXPECT_TRUE(d.messages.empty());
  EXPECT_EQ(d.stats.bad_crc + d.stats.bad_length, 1u);
  EXPECT_TRUE(log.contains("frame dropped"));
}

TEST(SerialFrame, BadBase64Char_DroppedThenNextFrameDecodes) {
  testing::CaptureLog log;
  Bytes msg = pattern(50);
  auto wire = encode(msg);
  std::string bad = wire;
  bad[20] = '*';
  auto d = decode(bad + wire, 4096, &log);
  ASSERT_EQ(d.messages.size(), 1u);
  EXPECT_EQ(d.stats.bad_base64, 1u);
  EXPECT_TRUE(log.contains("bad base64"));
}

TEST(SerialFrame, LengthPrefixLies_Dropped) {
  Bytes msg = pattern(40);
  Bytes body(2);
  core::store_be16(body, 0, 10);  // says 10, carries 42
  body.insert(body.end(), msg.begin(), msg.end());
  body.resize(body.size() + 2);
  std::string b64(4 * ((body.size() + 2) / 3) + 1, '\0');
  b64.resize(EVP_EncodeBlock(reinterpret_cast<unsigned char*>(b64.data()),
                             reinterpret_cast<const unsigned char*>(body.data()), static_cast<int>(body.size())));
  auto d = decode("\x06\x09" + b64 + "\n");
  EXPECT_TRUE(d.messages.empty());
  EXPECT_EQ(d.stats.bad_length, 1u);
}

TEST(SerialFrame, FrameLargerThanBuffer_DroppedBufferNeverOverrun) {
  Bytes msg = pattern(600);
  auto d = decode(encode(msg) + encode(pattern(20)), 300);
  ASSERT_EQ(d.messages.size(), 1u);
  EXPECT_EQ(d.messages[0].size(), 20u);
  EXPECT_EQ(d.stats.too_long, 1u);
  EXPECT_GE(d.stats.orphan_lines, 1u);  // the rest of the long frame's lines
}

TEST(SerialFrame, NewStartBeforeFrameEnds_OldOneAbandoned) {
  auto first = encode(pattern(300));
  auto second = encode(pattern(30));
  auto d = decode(first.substr(0, first.find('\n') + 1) + second);
  ASSERT_EQ(d.messages.size(), 1u);
  EXPECT_EQ(d.messages[0], pattern(30));
  EXPECT_EQ(d.stats.abandoned, 1u);
}

TEST(SerialFrame, Encode_BadLineLimit_Refused) {
  CollectLines sink;
  Bytes msg = pattern(10);
  EXPECT_FALSE(encode_frame(msg, sink, 6));
  EXPECT_FALSE(encode_frame(msg, sink, 257));
}

}  // namespace
}  // namespace norboot::smp::serial_frame_test
