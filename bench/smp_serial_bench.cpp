// Serial upload of a 300000-byte image at 115200 baud, 8N1: the in-process device paces the pty at
// ten bit times per byte in both directions (real time), the norboot client uploads as
// `norboot mcumgr image upload` does. Reports the payload rate against the link's ceiling after
// base64 and framing for the chunk size used:
//   ceiling = 11520 B/s × data bytes per request / framed bytes per request.
// One iteration takes ~40 s of wall time.
#include <benchmark/benchmark.h>

#include "../tests/smp/test_image.hpp"
#include "../tests/tools/mcumgr_device.hpp"
#include "smp/serial_frame.hpp"
#include "tools/mcumgr/connstring.hpp"
#include "tools/mcumgr/serial_transport.hpp"
#include "tools/mcumgr/upload.hpp"

namespace {

using namespace norboot;
using tools::testing::InProcessDevice;

constexpr uint32_t kBaud = 115200;
constexpr size_t kImage = 300000;

void BM_SerialUpload115200(benchmark::State& state) {
  const auto buf_size = static_cast<uint32_t>(state.range(0));
  auto img = smp::testing::make_image({.total = kImage, .major = 2});
  for (auto _ : state) {
    tools::testing::DeviceOptions o;
    o.board = {.sector = 4096, .primary_sectors = 80, .secondary_sectors = 82};
    o.buf_size = buf_size;
    o.baud = kBaud;
    InProcessDevice dev(InProcessDevice::Link::kPty, o);
    auto conn = tools::mcumgr::parse_connection("serial", dev.connstring());
    tools::mcumgr::SerialTransport t(conn.serial);
    tools::mcumgr::SmpClient client(t, {});
    auto r = tools::mcumgr::upload_image(client, img, {});
    if (!r.match || !*r.match) state.SkipWithError("upload did not verify");
    const double link = kBaud / 10.0;
    const double wire = static_cast<double>(smp::framed_size(r.message_bytes));
    const double ceiling = link * static_cast<double>(r.chunk_bytes) / wire;
    const double achieved = static_cast<double>(kImage) / r.elapsed_s;
    state.counters["payload_Bps"] = achieved;
    state.counters["ceiling_Bps"] = ceiling;
    state.counters["ratio"] = achieved / ceiling;
    state.counters["chunk_B"] = static_cast<double>(r.chunk_bytes);
    state.counters["msg_B"] = static_cast<double>(r.message_bytes);
    state.counters["wire_B_per_req"] = wire;
    state.counters["requests"] = static_cast<double>(client.requests());
    state.counters["elapsed_s"] = r.elapsed_s;
  }
}
BENCHMARK(BM_SerialUpload115200)->Arg(2048)->Arg(512)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
