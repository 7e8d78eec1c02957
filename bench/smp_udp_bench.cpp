// SMP upload throughput on the host:
//   BM_UdpUpload      300000 B over UDP loopback into the RAM-backed device (client + sockets +
//                     agent), for a few message sizes; device_share = time inside the agent
//                     (CBOR, SHA-256, RamFlash writes) / wall time.
//   BM_AgentUpload    the agent alone, requests handed over in memory: its cost per byte.
//   BM_AgentRam       the agent's RAM: sizeof(Agent) (upload session included), the serial frame
//                     decoder, and the message buffers a transport gives it.
#include <benchmark/benchmark.h>

#include "../tests/smp/smp_rig.hpp"
#include "../tests/smp/test_image.hpp"
#include "../tests/tools/mcumgr_device.hpp"
#include "smp/serial_frame.hpp"
#include "tools/mcumgr/connstring.hpp"
#include "tools/mcumgr/udp_socket.hpp"
#include "tools/mcumgr/upload.hpp"

namespace {

using namespace norboot;
using tools::testing::InProcessDevice;

constexpr size_t kImage = 300000;
const smp::testing::RamBoardConfig kBoard{.sector = 4096, .primary_sectors = 80, .secondary_sectors = 82};

void BM_UdpUpload(benchmark::State& state) {
  const auto buf_size = static_cast<uint32_t>(state.range(0));
  auto img = smp::testing::make_image({.total = kImage});
  double elapsed = 0, device_s = 0;
  size_t requests = 0, chunk = 0;
  for (auto _ : state) {
    tools::testing::DeviceOptions o;
    o.board = kBoard;
    o.buf_size = buf_size;
    InProcessDevice dev(InProcessDevice::Link::kUdp, o);
    auto conn = tools::mcumgr::parse_connection("udp", dev.connstring());
    tools::mcumgr::UdpTransport t(conn.host, conn.port, buf_size);
    tools::mcumgr::SmpClient client(t, {});
    auto r = tools::mcumgr::upload_image(client, img, {});
    if (!r.match || !*r.match) state.SkipWithError("upload did not verify");
    elapsed += r.elapsed_s;
    device_s += dev.handle_ns.load() / 1e9;
    requests += client.requests();
    chunk = r.chunk_bytes;
  }
  state.counters["payload_Bps"] = benchmark::Counter(static_cast<double>(kImage) * state.iterations() / elapsed);
  state.counters["device_share"] = device_s / elapsed;
  state.counters["requests"] = static_cast<double>(requests) / state.iterations();
  state.counters["chunk_B"] = static_cast<double>(chunk);
}
BENCHMARK(BM_UdpUpload)->Arg(1472)->Arg(2048)->Arg(8192)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_AgentUpload(benchmark::State& state) {
  const auto chunk = static_cast<size_t>(state.range(0));
  auto img = smp::testing::make_image({.total = kImage});
  auto sha = smp::testing::sha256_of(img);
  // Requests prepared up front, so only the agent is timed.
  std::vector<std::vector<std::byte>> requests;
  for (size_t off = 0; off < img.size(); off += chunk) {
    size_t n = std::min(chunk, img.size() - off);
    std::vector<std::byte> body(n + 128);
    smp::CborWriter w(body);
    w.map(off == 0 ? 4 : 2);
    if (off == 0) w.key("len").uint(img.size());
    w.key("off").uint(off);
    if (off == 0) w.key("sha").bytes(sha);
    w.key("data").bytes(std::span(img).subspan(off, n));
    body.resize(w.size());
    requests.push_back(smp::testing::message({smp::kVersion2, 2, 0, 0, 1, 0, 1}, body));
  }
  for (auto _ : state) {
    state.PauseTiming();
    smp::testing::SmpRig rig(kBoard);
    state.ResumeTiming();
    for (const auto& m : requests) benchmark::DoNotOptimize(rig.agent.handle(m, rig.response));
    state.PauseTiming();
    if (!rig.agent.upload().complete()) state.SkipWithError("upload incomplete");
    state.ResumeTiming();
  }
  state.SetBytesProcessed(static_cast<int64_t>(kImage) * state.iterations());
}
BENCHMARK(BM_AgentUpload)->Arg(512)->Arg(2010)->Unit(benchmark::kMillisecond);

void BM_AgentRam(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(sizeof(smp::Agent));
  state.counters["sizeof_Agent"] = sizeof(smp::Agent);
  state.counters["sizeof_UploadSession"] = sizeof(smp::UploadSession);
  state.counters["sizeof_FrameDecoder"] = sizeof(smp::FrameDecoder);
}
BENCHMARK(BM_AgentRam)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
