// The agent behind a UART: requests in frames (with console output in between) are answered in
// frames; a bad frame is dropped and the next one still answered.
#include <gtest/gtest.h>

#include "smp/serial_link.hpp"
#include "smp_rig.hpp"

namespace norboot::smp::serial_link_test {
namespace {

using testing::json;

class Uart final : public LineSink {
 public:
  core::Status write_line(std::span<const std::byte> line) override {
    wire.insert(wire.end(), line.begin(), line.end());
    return core::ok();
  }
  std::vector<std::byte> wire;
};

std::vector<std::byte> framed(const std::vector<std::byte>& message) {
  Uart u;
  EXPECT_TRUE(encode_frame(message, u));
  return u.wire;
}

std::vector<testing::Reply> replies(std::span<const std::byte> wire) {
  std::vector<std::byte> buf(4096);
  FrameDecoder d(buf);
  std::vector<testing::Reply> out;
  for (std::byte b : wire) {
    if (auto m = d.feed(b)) out.push_back(testing::parse_reply(*m));
  }
  return out;
}

TEST(SerialLink, RequestsBetweenConsoleLines_AnsweredInFrames) {
  testing::SmpRig rig;
  std::vector<std::byte> rx(rig.config.buf_size + kFrameOverhead), tx(512);
  Uart uart;
  SerialLink link(rig.agent, rx, tx, uart, &rig.log);
  auto echo = testing::message({kVersion2, 2, 0, 0, 0, 3, 0}, testing::to_bytes(json::to_cbor(json{{"d", "uart"}})));
  auto params = testing::message({kVersion2, 0, 0, 0, 0, 4, 6}, {});
  std::string noise = "boot: hello\n";
  std::vector<std::byte> in(reinterpret_cast<const std::byte*>(noise.data()),
                            reinterpret_cast<const std::byte*>(noise.data()) + noise.size());
  for (const auto& m : {echo, params}) {
    auto f = framed(m);
    in.insert(in.end(), f.begin(), f.end());
    in.insert(in.end(), in.begin(), in.begin() + static_cast<long>(noise.size()));
  }
  ASSERT_TRUE(link.receive(in));
  auto r = replies(uart.wire);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].body, (json{{"r", "uart"}}));
  EXPECT_EQ(r[1].body["buf_size"], 2048);
  EXPECT_EQ(link.stats().console_lines, 3u);
}

TEST(SerialLink, CorruptFrame_DroppedLoggedNextAnswered) {
  testing::SmpRig rig;
  std::vector<std::byte> rx(rig.config.buf_size + kFrameOverhead), tx(512);
  Uart uart;
  SerialLink link(rig.agent, rx, tx, uart, &rig.log);
  auto echo = testing::message({kVersion2, 2, 0, 0, 0, 3, 0}, testing::to_bytes(json::to_cbor(json{{"d", "x"}})));
  auto bad = framed(echo);
  bad[5] = std::byte{'!'};
  ASSERT_TRUE(link.receive(bad));
  ASSERT_TRUE(link.receive(framed(echo)));
  EXPECT_EQ(replies(uart.wire).size(), 1u);
  EXPECT_EQ(link.stats().bad_base64, 1u);
  EXPECT_TRUE(rig.log.contains("frame dropped"));
}

}  // namespace
}  // namespace norboot::smp::serial_link_test
