// The SMP layer's answers to bad requests: every error form of reference smp.md §3, in v1 and v2.
#include <gtest/gtest.h>

#include "smp_rig.hpp"

namespace norboot::smp::agent_errors_test {
namespace {

using testing::bin;
using testing::json;
using testing::SmpRig;
using testing::to_bytes;

TEST(AgentErrors, UnknownGroup_Rc8InV2Header) {
  SmpRig rig;
  auto r = rig.call(Op::kRead, 77, 0);
  EXPECT_EQ(r.header.version, kVersion2);
  EXPECT_EQ(r.header.op, static_cast<uint8_t>(Op::kReadResponse));
  EXPECT_EQ(r.header.group, 77);
  EXPECT_EQ(r.body, (json{{"rc", 8}}));
}

TEST(AgentErrors, UnknownCommandInKnownGroup_Rc8) {
  SmpRig rig;
  EXPECT_EQ(rig.call(Op::kRead, 0, os_cmd::kTaskStat).body, (json{{"rc", 8}}));
  EXPECT_EQ(rig.call(Op::kWrite, 1, image_cmd::kFile).body, (json{{"rc", 8}}));
}

TEST(AgentErrors, OpTheCommandDoesNotTake_Rc8) {
  SmpRig rig;
  EXPECT_EQ(rig.call(Op::kRead, 0, os_cmd::kReset).body, (json{{"rc", 8}}));
  EXPECT_EQ(rig.call(Op::kRead, 1, image_cmd::kUpload).body, (json{{"rc", 8}}));
  EXPECT_EQ(rig.reset.count, 0);
}

TEST(AgentErrors, ResponseOpSentAsRequest_Rc8) {
  SmpRig rig;
  auto r = rig.call(Op::kReadResponse, 0, os_cmd::kParams);
  EXPECT_EQ(r.body, (json{{"rc", 8}}));
}

TEST(AgentErrors, UnknownVersion_Rc13InV2Header) {
  SmpRig rig;
  for (uint8_t version : {2, 3}) {
    auto r = rig.call(Op::kRead, 0, os_cmd::kParams, json::object(), version);
    EXPECT_EQ(r.header.version, kVersion2);
    EXPECT_EQ(r.body["rc"], 13);
    EXPECT_TRUE(r.body.contains("rsn"));
  }
}

TEST(AgentErrors, HeaderLengthLongerThanPacket_Rc9WithReason) {
  SmpRig rig;
  auto msg = testing::message({kVersion2, 2, 0, 0, 0, 1, 0}, to_bytes(json::to_cbor(json{{"d", "hi"}})));
  msg[3] = std::byte{100};  // the header now claims 100 body bytes; 6 follow
  auto r = rig.send(msg);
  EXPECT_EQ(r.body["rc"], 9);
  EXPECT_NE(r.body["rsn"].get<std::string>().find("header says 100 B"), std::string::npos);
  EXPECT_TRUE(rig.log.contains("rc 9"));
}

TEST(AgentErrors, FewerThanEightBytes_NoAnswerButLogged) {
  SmpRig rig;
  std::array<std::byte, 5> tiny{};
  EXPECT_EQ(rig.agent.handle(tiny, rig.response), 0u);
  EXPECT_TRUE(rig.log.contains("shorter than the 8-byte header"));
}

TEST(AgentErrors, BrokenCbor_Rc3WithWhere) {
  SmpRig rig;
  auto msg = testing::message({kVersion2, 2, 0, 0, 0, 1, 0}, std::vector<std::byte>{std::byte{0xa1}, std::byte{0x61}});
  auto r = rig.send(msg);
  EXPECT_EQ(r.body["rc"], 3);
  EXPECT_NE(r.body["rsn"].get<std::string>().find("body +"), std::string::npos);
}

TEST(AgentErrors, WrongTypeForKnownKey_Rc3NamingTheKey) {
  SmpRig rig;
  auto r = rig.upload(json{{"off", "zero"}, {"data", json::binary({})}});
  EXPECT_EQ(r.body["rc"], 3);
  EXPECT_NE(r.body["rsn"].get<std::string>().find("\"off\""), std::string::npos);
}

TEST(AgentErrors, GroupErrorV2_ErrMapWithGroupAndRc) {
  SmpRig rig;
  std::vector<std::byte> unknown(32, std::byte{0xAB});
  auto r = rig.call(Op::kWrite, 1, image_cmd::kState, json{{"hash", bin(unknown)}, {"confirm", false}});
  EXPECT_EQ(r.body["err"], (json{{"group", 1}, {"rc", 8}}));  // HASH_NOT_FOUND
  EXPECT_FALSE(r.body.contains("rc"));
  EXPECT_NE(r.body["rsn"].get<std::string>().find("abababab"), std::string::npos);
}

TEST(AgentErrors, GroupErrorV1_TranslatedRc) {
  SmpRig rig;
  std::vector<std::byte> unknown(32, std::byte{0xAB});
  auto r = rig.call(Op::kWrite, 1, image_cmd::kState, json{{"hash", bin(unknown)}}, kVersion1);
  EXPECT_EQ(r.header.version, kVersion1);
  EXPECT_EQ(r.body["rc"], 1);  // HASH_NOT_FOUND → EUNKNOWN, as Zephyr translates it
  EXPECT_FALSE(r.body.contains("err"));
}

TEST(AgentErrors, OsGroupErrorV1AndV2) {
  SmpRig rig;
  auto v2 = rig.call(Op::kRead, 0, os_cmd::kInfo, json{{"format", "sq"}});
  EXPECT_EQ(v2.body["err"], (json{{"group", 0}, {"rc", 2}}));  // INVALID_FORMAT
  auto v1 = rig.call(Op::kRead, 0, os_cmd::kInfo, json{{"format", "sq"}}, kVersion1);
  EXPECT_EQ(v1.body["rc"], 3);  // → EINVAL
}

TEST(AgentErrors, ResponseDoesNotFitBuffer_Rc7) {
  SmpRig rig({}, 40);
  auto r = rig.call(Op::kWrite, 0, os_cmd::kEcho, json{{"d", std::string(100, 'x')}});
  EXPECT_EQ(r.body["rc"], 7);
}

TEST(AgentErrors, ResponseBufferTooSmallForAnything_NoAnswer) {
  SmpRig rig({}, 12);
  auto msg = testing::message({kVersion2, 0, 0, 0, 99, 1, 0}, {});
  EXPECT_EQ(rig.agent.handle(msg, rig.response), 0u);
}

class CollectSink final : public ResponseSink {
 public:
  void send(std::span<const std::byte> r) override { replies.push_back(testing::parse_reply(r)); }
  std::vector<testing::Reply> replies;
};

TEST(AgentPacket, ConcatenatedRequests_EachAnswered) {
  SmpRig rig;
  auto a = testing::message({kVersion2, 2, 0, 0, 0, 1, 0}, to_bytes(json::to_cbor(json{{"d", "one"}})));
  auto b = testing::message({kVersion2, 2, 0, 0, 0, 2, 0}, to_bytes(json::to_cbor(json{{"d", "two"}})));
  a.insert(a.end(), b.begin(), b.end());
  CollectSink sink;
  rig.agent.handle_packet(a, rig.response, sink);
  ASSERT_EQ(sink.replies.size(), 2u);
  EXPECT_EQ(sink.replies[0].body["r"], "one");
  EXPECT_EQ(sink.replies[1].header.seq, 2);
}

TEST(AgentPacket, ErrorStopsTheRestOfThePacket) {
  SmpRig rig;
  auto a = testing::message({kVersion2, 0, 0, 0, 99, 1, 0}, {});
  auto b = testing::message({kVersion2, 2, 0, 0, 0, 2, 0}, to_bytes(json::to_cbor(json{{"d", "two"}})));
  a.insert(a.end(), b.begin(), b.end());
  CollectSink sink;
  rig.agent.handle_packet(a, rig.response, sink);
  ASSERT_EQ(sink.replies.size(), 1u);
  EXPECT_EQ(sink.replies[0].body["rc"], 8);
}

TEST(AgentOs, Echo_WithoutD_Rc3) {
  SmpRig rig;
  EXPECT_EQ(rig.call(Op::kWrite, 0, os_cmd::kEcho, json::object()).body["rc"], 3);
}

TEST(AgentOs, Echo_ReadOpAlsoAnswers) {
  SmpRig rig;
  EXPECT_EQ(rig.call(Op::kRead, 0, os_cmd::kEcho, json{{"d", "x"}}).body, (json{{"r", "x"}}));
}

TEST(AgentOs, Reset_AnswersThenCallsTheHook) {
  SmpRig rig;
  auto r = rig.call(Op::kWrite, 0, os_cmd::kReset, json{{"force", 1}});
  EXPECT_EQ(r.body, json::object());
  EXPECT_EQ(rig.reset.count, 1);
  EXPECT_TRUE(rig.reset.last_force);
  rig.call(Op::kWrite, 0, os_cmd::kReset);
  EXPECT_EQ(rig.reset.count, 2);
  EXPECT_FALSE(rig.reset.last_force);
}

TEST(AgentOs, Reset_WithoutHook_Rc8) {
  testing::RamImageBackend backend;
  testing::OpenSslSha256 sha;
  AgentConfig cfg;
  Agent agent(cfg, backend, sha);
  std::vector<std::byte> rsp(256);
  auto msg = testing::message({kVersion2, 2, 0, 0, 0, 1, os_cmd::kReset}, {});
  auto r = testing::parse_reply(std::span(rsp).first(agent.handle(msg, rsp)));
  EXPECT_EQ(r.body["rc"], 8);
}

TEST(AgentOs, Info_DefaultIsKernelName_LettersInUnameOrder) {
  SmpRig rig;
  EXPECT_EQ(rig.call(Op::kRead, 0, os_cmd::kInfo).body, (json{{"output", "norboot"}}));
  rig.config.platform = "nrf52833-mx25r3235f";
  EXPECT_EQ(rig.call(Op::kRead, 0, os_cmd::kInfo, json{{"format", "is"}}).body["output"],
            "norboot nrf52833-mx25r3235f");
  auto all = rig.call(Op::kRead, 0, os_cmd::kInfo, json{{"format", "a"}}).body["output"].get<std::string>();
  EXPECT_EQ(all, "norboot unknown 0.1.0 0.1.0 arm cortex-m4 nrf52833-mx25r3235f norboot");
}

TEST(AgentOs, BootloaderInfo_NameAndMode) {
  SmpRig rig;
  rig.config.bootloader_mode = BootloaderMode::kSwapOffset;
  rig.config.no_downgrade = true;
  EXPECT_EQ(rig.call(Op::kRead, 0, os_cmd::kBootloaderInfo).body, (json{{"bootloader", "MCUboot"}}));
  EXPECT_EQ(rig.call(Op::kRead, 0, os_cmd::kBootloaderInfo, json{{"query", "mode"}}).body,
            (json{{"mode", 9}, {"no-downgrade", true}}));
  EXPECT_EQ(rig.call(Op::kRead, 0, os_cmd::kBootloaderInfo, json{{"query", "colour"}}).body["err"],
            (json{{"group", 0}, {"rc", 3}}));
}

}  // namespace
}  // namespace norboot::smp::agent_errors_test
