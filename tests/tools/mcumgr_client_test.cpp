// The SMP client classes against an in-process device: connection strings, chunk sizing, uploads
// over UDP and a pty, lost answers, a cut link and a resumed upload, a device that loses its
// session, and device errors.
#include <gtest/gtest.h>

#include "../smp/test_image.hpp"
#include "mcumgr_device.hpp"
#include "tools/mcumgr/client.hpp"
#include "tools/mcumgr/connstring.hpp"
#include "tools/mcumgr/serial_transport.hpp"
#include "tools/mcumgr/udp_socket.hpp"
#include "tools/mcumgr/upload.hpp"

namespace norboot::tools::mcumgr::mcumgr_client_test {
namespace {

using testing::InProcessDevice;
using Bytes = std::vector<std::byte>;

Bytes slot_bytes(InProcessDevice& dev, size_t n) {
  return dev.with_backend([&](auto& b) {
    Bytes out(n);
    EXPECT_TRUE(b.upload_area().read(0, out));
    return out;
  });
}

std::unique_ptr<Transport> connect(InProcessDevice& dev) {
  Connection c = parse_connection(dev.conntype(), dev.connstring());
  if (c.kind == Connection::Kind::kUdp) return std::make_unique<UdpTransport>(c.host, c.port);
  return std::make_unique<SerialTransport>(c.serial);
}

ClientOptions quick(int tries = 3) {
  ClientOptions o;
  o.timeout = milliseconds(300);
  o.tries = tries;
  return o;
}

TEST(Connstring, UdpForms) {
  auto a = parse_connection("udp", "192.0.2.7");
  EXPECT_EQ(a.host, "192.0.2.7");
  EXPECT_EQ(a.port, 1337);
  auto b = parse_connection("udp", "localhost:4000");
  EXPECT_EQ(b.host, "localhost");
  EXPECT_EQ(b.port, 4000);
  auto c = parse_connection("udp", "[::1]:1338");
  EXPECT_EQ(c.host, "::1");
  EXPECT_EQ(c.port, 1338);
  EXPECT_EQ(parse_connection("udp", "fe80::1").host, "fe80::1");
  auto d = parse_connection("udp", "addr=10.0.0.1,port=99,mtu=1024");
  EXPECT_EQ(d.port, 99);
  EXPECT_EQ(d.mtu, 1024u);
}

TEST(Connstring, SerialForms) {
  auto a = parse_connection("serial", "dev=/dev/ttyACM0,baud=1000000,mtu=512,line=128");
  EXPECT_EQ(a.kind, Connection::Kind::kSerial);
  EXPECT_EQ(a.serial.device, "/dev/ttyACM0");
  EXPECT_EQ(a.serial.baud, 1000000u);
  EXPECT_EQ(a.serial.mtu, 512u);
  EXPECT_EQ(a.serial.max_line, 128u);
  EXPECT_EQ(parse_connection("serial", "COM40,baud=9600").serial.device, "COM40");
  EXPECT_EQ(parse_connection("serial", "/dev/ttyUSB0").serial.baud, 115200u);
}

TEST(Connstring, Bad_RefusedNamingThePart) {
  EXPECT_THROW(parse_connection("ble", "x"), std::invalid_argument);
  EXPECT_THROW(parse_connection("udp", "host:99999"), std::invalid_argument);
  EXPECT_THROW(parse_connection("serial", "baud=115200"), std::invalid_argument);
  EXPECT_THROW(parse_connection("serial", "dev=/dev/x,speed=1"), std::invalid_argument);
  try {
    parse_connection("serial", "dev=/dev/x,baud=fast");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("baud=fast"), std::string::npos);
  }
}

TEST(UploadSizing, DataFitting_FillsTheLimitExactly) {
  for (size_t limit : {100, 300, 384, 1472, 2048, 4096}) {
    size_t fixed = 60;
    size_t n = data_fitting(limit, fixed);
    size_t hdr = n < 24 ? 1 : n < 256 ? 2 : 3;
    EXPECT_LE(fixed - 1 + hdr + n, limit);
    EXPECT_GE(fixed - 1 + hdr + n + 1, limit) << "limit " << limit;  // no byte left unused (±1 at a header step)
  }
}

TEST(ClientUdp, EchoAndParams) {
  InProcessDevice dev(InProcessDevice::Link::kUdp);
  auto t = connect(dev);
  SmpClient c(*t, quick());
  auto body = build_body([](smp::CborWriter& w) { w.map(1).key("d").text("hello"); });
  EXPECT_EQ(c.call("echo", smp::Op::kWrite, 0, 0, body).body["r"], "hello");
  auto p = c.params();
  ASSERT_TRUE(p);
  EXPECT_EQ(p->first, 2048u);
}

TEST(ClientUdp, Upload_FillsDeviceBufferAndSlotHoldsImage) {
  InProcessDevice dev(InProcessDevice::Link::kUdp, {.buf_size = 1024});
  auto img = smp::testing::make_image({.total = 50000, .major = 3});
  auto t = connect(dev);
  SmpClient c(*t, quick());
  size_t last = 0;
  auto r = upload_image(c, img, {}, [&](size_t done, size_t) { EXPECT_GE(done, last); last = done; });
  EXPECT_EQ(r.match, true);
  EXPECT_EQ(r.message_bytes, 1024u);  // every full request fills the device's buffer
  EXPECT_EQ(slot_bytes(dev, img.size()), img);
  EXPECT_EQ(last, img.size());
}

TEST(ClientUdp, LostAnswers_RetriedAndIdempotent) {
  InProcessDevice dev(InProcessDevice::Link::kUdp);
  auto img = smp::testing::make_image({.total = 20000});
  auto t = connect(dev);
  SmpClient c(*t, quick());
  bool dropped = false;
  auto r = upload_image(c, img, {}, [&](size_t done, size_t) {
    if (!dropped && done > 5000) {
      dev.drop_responses = 2;  // the chunk is written, its answer lost twice
      dropped = true;
    }
  });
  EXPECT_EQ(r.match, true);
  EXPECT_EQ(c.retries(), 2u);
  EXPECT_EQ(slot_bytes(dev, img.size()), img);
}

TEST(ClientUdp, CutLinkThenNewRun_ResumesFromDeviceOffset) {
  InProcessDevice dev(InProcessDevice::Link::kUdp, {.buf_size = 512});
  auto img = smp::testing::make_image({.total = 30000});
  dev.answer_budget = 20;  // the cable is cut after 20 requests
  {
    auto t = connect(dev);
    SmpClient c(*t, quick(2));
    UploadOptions o;
    o.first_timeout = milliseconds(300);
    EXPECT_THROW(upload_image(c, img, o), TransportError);
  }
  dev.answer_budget = -1;  // plugged back in; a new client run
  auto t = connect(dev);
  SmpClient c(*t, quick());
  auto r = upload_image(c, img, {});
  EXPECT_GT(r.resumed_at, 8000u);
  EXPECT_EQ(r.match, true);
  EXPECT_EQ(dev.with_backend([](auto& b) { return b.begin_calls; }), 1);
  EXPECT_EQ(slot_bytes(dev, img.size()), img);
}

TEST(ClientUdp, DeviceLosesSession_UploadStartsAgain) {
  InProcessDevice dev(InProcessDevice::Link::kUdp);
  auto img = smp::testing::make_image({.total = 20000});
  auto t = connect(dev);
  SmpClient c(*t, quick());
  bool forgot = false;
  auto r = upload_image(c, img, {}, [&](size_t done, size_t) {
    if (!forgot && done > 10000) {
      dev.forget_session();
      forgot = true;
    }
  });
  EXPECT_EQ(r.restarts, 1u);
  EXPECT_EQ(r.match, true);
  EXPECT_EQ(slot_bytes(dev, img.size()), img);
}

TEST(ClientUdp, TooLarge_DeviceErrorWithGroupCodeAndReason) {
  InProcessDevice dev(InProcessDevice::Link::kUdp, {.board = {.primary_sectors = 4}});
  auto img = smp::testing::make_image({.total = 30000});
  auto t = connect(dev);
  SmpClient c(*t, quick());
  try {
    upload_image(c, img, {});
    FAIL();
  } catch (const DeviceError& e) {
    EXPECT_EQ(e.group, 1);
    EXPECT_EQ(e.group_rc, 30);
    EXPECT_EQ(e.rsn, "image 30000 B > primary 0x4000 B (16384)");
    EXPECT_NE(std::string(e.what()).find("INVALID_IMAGE_TOO_LARGE (image group rc 30)"), std::string::npos);
  }
}

TEST(ClientUdp, NobodyListening_TransportErrorAfterTries) {
  UdpServerSocket placeholder("127.0.0.1", 0);  // a port that is bound but never answers
  UdpTransport t("127.0.0.1", placeholder.port());
  SmpClient c(t, quick(2));
  EXPECT_THROW(c.call("echo", smp::Op::kWrite, 0, 0, build_body([](smp::CborWriter& w) { w.map(0); })),
               TransportError);
  EXPECT_EQ(c.requests(), 2u);
}

TEST(ClientSerial, EchoUploadListOverPty_ConsoleChatterSkipped) {
  InProcessDevice dev(InProcessDevice::Link::kPty);
  dev.chatter = true;
  auto t = connect(dev);
  SmpClient c(*t, quick());
  auto echo = build_body([](smp::CborWriter& w) { w.map(1).key("d").text("over a pty"); });
  EXPECT_EQ(c.call("echo", smp::Op::kWrite, 0, 0, echo).body["r"], "over a pty");
  auto img = smp::testing::make_image({.total = 30000});
  auto r = upload_image(c, img, {});
  EXPECT_EQ(r.match, true);
  EXPECT_EQ(r.message_bytes, 2048u);
  EXPECT_EQ(slot_bytes(dev, img.size()), img);
  auto list = c.call("image list", smp::Op::kRead, 1, 0, build_body([](smp::CborWriter& w) { w.map(0); })).body;
  EXPECT_EQ(list["images"][0]["slot"], 1);
  EXPECT_GT(static_cast<SerialTransport&>(*t).stats().console_lines, 10u);
}

TEST(ClientSerial, LineLimitAndMtuHonoured) {
  InProcessDevice dev(InProcessDevice::Link::kPty);
  Connection conn = parse_connection("serial", dev.connstring() + ",mtu=256,line=64");
  SerialTransport t(conn.serial);
  SmpClient c(t, quick());
  auto img = smp::testing::make_image({.total = 5000});
  auto r = upload_image(c, img, {});
  EXPECT_EQ(r.message_bytes, 256u);
  EXPECT_EQ(slot_bytes(dev, img.size()), img);
}

}  // namespace
}  // namespace norboot::tools::mcumgr::mcumgr_client_test
