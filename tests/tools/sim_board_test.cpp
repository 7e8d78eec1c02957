// The virtual board end to end: a state directory of the motivating board (nrf52833-mx25r3235f,
// swap-pipeline) with v1 flashed, served by sim::VirtualBoard on a thread, driven by the real
// `norboot mcumgr` client classes over UDP (and serial for the throughput figure):
// list → too-large refusal (flash unchanged) → half upload + reset (v1 still runs, nothing
// pending) → upload v2 → test → reset (swap, v2 active unconfirmed) → confirm → reset (v2 stays).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include <fmt/core.h>

#include "sim/state_dir.hpp"
#include "sim/virtual_board.hpp"
#include "smp/codes.hpp"
#include "tools/imgtool/image_builder.hpp"
#include "tools/mcumgr/client.hpp"
#include "tools/mcumgr/serial_transport.hpp"
#include "tools/mcumgr/udp_socket.hpp"
#include "tools/mcumgr/upload.hpp"

namespace norboot::tools::sim_board_test {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using mcumgr::SmpClient;

std::vector<std::byte> make_image(uint32_t total_payload, uint8_t major, uint8_t seed) {
  imgtool::SignRequest r;
  r.payload.resize(total_payload);
  uint32_t x = seed * 2654435761u + 7;
  for (auto& b : r.payload) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    b = static_cast<std::byte>(x);
  }
  r.header_size = 0x200;
  r.pad_header = true;
  r.version = image::Version{.major = major, .minor = 0, .revision = 0, .build = 0};
  auto img = imgtool::build_image(r);
  EXPECT_TRUE(img.has_value()) << (img ? "" : img.error());
  return img ? img->bytes : std::vector<std::byte>{};
}

std::vector<char> file_bytes(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

std::string hex(const json& bin) {
  std::string s;
  for (uint8_t b : bin.get_binary()) s += fmt::format("{:02x}", b);
  return s;
}

/// A state directory with v1 flashed into the primary (as a programmer would: no trailer).
fs::path make_board(const std::string& name, std::span<const std::byte> v1) {
  fs::path dir = fs::temp_directory_path() / fmt::format("norboot-vboard-{}-{}", name, getpid());
  fs::remove_all(dir);
  auto st = sim::create_state(dir, "nrf52833-mx25r3235f", boot::Strategy::kSwapPipeline, true);
  EXPECT_TRUE(st.has_value()) << (st ? "" : st.error().message);
  auto primary = st->board->area("primary");
  EXPECT_TRUE(primary.has_value());
  std::vector<std::byte> padded(v1.begin(), v1.end());
  padded.resize((padded.size() + 7) / 8 * 8, std::byte{0xFF});
  EXPECT_TRUE(primary->write(0, padded).has_value());
  EXPECT_TRUE(sim::save_state(dir, *st).has_value());
  return dir;
}

/// The board served on a thread; stopped (and saved) in the destructor.
class Running {
 public:
  explicit Running(const sim::VirtualBoardOptions& o) {
    auto vb = sim::VirtualBoard::open(o);
    EXPECT_TRUE(vb.has_value()) << (vb ? "" : vb.error().message);
    board_ = std::move(*vb);
    board_->set_log([this](const std::string& l) {
      std::lock_guard<std::mutex> g(mutex_);
      log_.push_back(l);
    });
    auto run = board_->boot();
    EXPECT_TRUE(run.result.has_value() && run.result->bootable);
    start_ns = board_->board().clock().now_ns();
    thread_ = std::thread([this] { served_ok = board_->serve(stop_).has_value(); });
  }
  ~Running() { stop(); }
  void stop() {
    if (!thread_.joinable()) return;
    stop_ = true;
    thread_.join();
  }
  bool log_has(const std::string& s) {
    std::lock_guard<std::mutex> g(mutex_);
    for (const auto& l : log_) {
      if (l.find(s) != std::string::npos) return true;
    }
    return false;
  }
  std::vector<std::string> log() {
    std::lock_guard<std::mutex> g(mutex_);
    return log_;
  }
  sim::VirtualBoard& board() { return *board_; }
  uint64_t start_ns = 0;
  bool served_ok = false;

 private:
  std::unique_ptr<sim::VirtualBoard> board_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::string> log_;
};

json image_list(SmpClient& c) {
  std::vector<std::byte> empty = mcumgr::build_body([](smp::CborWriter& w) { w.map(0); });
  return c.call("image list", smp::Op::kRead, 1, smp::image_cmd::kState, empty).body.value("images", json::array());
}

void state_write(SmpClient& c, std::span<const std::byte> hash, bool confirm) {
  auto body = mcumgr::build_body([&](smp::CborWriter& w) {
    w.map(hash.empty() ? 1 : 2);
    if (!hash.empty()) w.key("hash").bytes(hash);
    w.key("confirm").boolean(confirm);
  });
  c.call(confirm ? "image confirm" : "image test", smp::Op::kWrite, 1, smp::image_cmd::kState, body);
}

void reset(SmpClient& c) {
  auto body = mcumgr::build_body([](smp::CborWriter& w) { w.map(0); });
  c.call("reset", smp::Op::kWrite, 0, smp::os_cmd::kReset, body);
}

std::span<const std::byte> hash_of(std::span<const std::byte> img) { return img.last(32); }  // hash-only: SHA-256 TLV last
std::string hex(std::span<const std::byte> b) {
  std::string s;
  for (std::byte x : b) s += fmt::format("{:02x}", std::to_integer<uint8_t>(x));
  return s;
}

TEST(SimBoard, UdpUpdate_ListTooLargeHalfUploadTestResetConfirm_V2Stays) {
  const auto v1 = make_image(40000, 1, 1);
  const auto v2 = make_image(60000, 2, 2);
  const fs::path dir = make_board("udp", v1);
  sim::VirtualBoardOptions o;
  o.state_dir = dir;
  o.udp_port = 0;
  Running board(o);

  mcumgr::UdpTransport t("127.0.0.1", board.board().udp_port());
  SmpClient c(t, mcumgr::ClientOptions{.timeout = std::chrono::milliseconds(5000), .tries = 3, .version = smp::kVersion2});

  // 1. v1 runs, confirmed.
  json l = image_list(c);
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0]["slot"], 0);
  EXPECT_EQ(l[0]["version"], "1.0.0");
  EXPECT_TRUE(l[0]["active"].get<bool>());
  EXPECT_TRUE(l[0]["confirmed"].get<bool>());
  EXPECT_EQ(hex(l[0]["hash"]), hex(hash_of(v1)));

  // 2. Too large for the primary: refused at the first chunk, both sizes named, flash unchanged.
  const auto ext_before = file_bytes(dir / "external.bin");
  const auto int_before = file_bytes(dir / "internal.bin");
  const auto big = make_image(0x74000, 3, 3);
  try {
    (void)mcumgr::upload_image(c, big, mcumgr::UploadOptions{});
    ADD_FAILURE() << "too-large upload accepted";
  } catch (const mcumgr::DeviceError& e) {
    EXPECT_EQ(e.group_rc, static_cast<uint16_t>(smp::ImgErr::kInvalidImageTooLarge)) << e.what();
    EXPECT_NE(e.rsn.find(std::to_string(big.size())), std::string::npos) << e.rsn;
    EXPECT_NE(e.rsn.find("0x74000"), std::string::npos) << e.rsn;
  }
  EXPECT_EQ(file_bytes(dir / "external.bin"), ext_before);
  EXPECT_EQ(file_bytes(dir / "internal.bin"), int_before);

  // 3. An upload cut half way, then reset: v1 boots again, nothing is listed in slot 1.
  try {
    (void)mcumgr::upload_image(c, v2, mcumgr::UploadOptions{}, [&](size_t acked, size_t total) {
      if (acked > total / 2) throw std::runtime_error("link cut");
    });
    ADD_FAILURE() << "upload not cut";
  } catch (const std::runtime_error&) {
  }
  reset(c);
  l = image_list(c);
  ASSERT_EQ(l.size(), 1u) << l.dump();
  EXPECT_EQ(l[0]["version"], "1.0.0");
  EXPECT_TRUE(l[0]["confirmed"].get<bool>());
  EXPECT_EQ(board.board().stats().resets, 1u);

  // 4. The whole v2, then test: slot 1 pending.
  auto up = mcumgr::upload_image(c, v2, mcumgr::UploadOptions{});
  EXPECT_EQ(up.size_bytes, v2.size());
  l = image_list(c);
  ASSERT_EQ(l.size(), 2u) << l.dump();
  EXPECT_EQ(l[1]["version"], "2.0.0");
  EXPECT_FALSE(l[1]["pending"].get<bool>());
  EXPECT_EQ(hex(l[1]["hash"]), hex(hash_of(v2)));
  state_write(c, hash_of(v2), false);
  l = image_list(c);
  ASSERT_EQ(l.size(), 2u);
  EXPECT_TRUE(l[1]["pending"].get<bool>());
  EXPECT_FALSE(l[1]["permanent"].get<bool>());

  // 5. Reset: the bootloader swaps; v2 active, not confirmed; v1 is the confirmed revert target.
  reset(c);
  l = image_list(c);
  ASSERT_EQ(l.size(), 2u) << l.dump();
  EXPECT_EQ(l[0]["version"], "2.0.0");
  EXPECT_TRUE(l[0]["active"].get<bool>());
  EXPECT_FALSE(l[0]["confirmed"].get<bool>());
  EXPECT_EQ(l[1]["version"], "1.0.0");
  EXPECT_TRUE(l[1]["confirmed"].get<bool>());

  // 6. Confirm, reset: v2 stays.
  state_write(c, {}, true);
  reset(c);
  l = image_list(c);
  ASSERT_GE(l.size(), 1u) << l.dump();
  EXPECT_EQ(l[0]["version"], "2.0.0");
  EXPECT_TRUE(l[0]["active"].get<bool>());
  EXPECT_TRUE(l[0]["confirmed"].get<bool>());
  EXPECT_EQ(board.board().stats().resets, 3u);

  board.stop();
  EXPECT_TRUE(board.served_ok);
  // The board survives a restart of the process: the saved state boots v2 without a swap.
  auto again = sim::VirtualBoard::open(o);
  ASSERT_TRUE(again.has_value());
  (*again)->set_log([](const std::string&) {});
  auto run = (*again)->boot();
  ASSERT_TRUE(run.result.has_value());
  EXPECT_TRUE(run.result->bootable);
  EXPECT_EQ(run.result->image.version.major, 2);
  EXPECT_EQ(run.result->swap, boot::SwapType::kNone);
  fs::remove_all(dir);
}

// Task 5 figures: NORBOOT_VBOARD_MEASURE=1 runs a 300000-byte update over UDP and over serial at
// 115200 baud and prints virtual-time throughput and the whole update's virtual time.
struct Figures {
  double upload_s, upload_bytes_per_s, update_s, swap_s, host_s;
};

Figures measure(bool serial, uint32_t image_bytes) {
  const auto v1 = make_image(image_bytes - 0x200 - 40, 1, 1);
  const auto v2 = make_image(image_bytes - 0x200 - 40, 2, 2);
  const fs::path dir = make_board(serial ? "serial" : "udp-measure", v1);
  sim::VirtualBoardOptions o;
  o.state_dir = dir;
  o.udp = !serial;
  o.udp_port = 0;
  o.serial = serial;
  o.baud = serial ? 115200 : 0;
  Running board(o);
  std::unique_ptr<mcumgr::Transport> t;
  if (serial) {
    t = std::make_unique<mcumgr::SerialTransport>(mcumgr::SerialOptions{.device = board.board().pty_path(), .baud = 115200, .mtu = 0, .max_line = smp::kDefaultMaxLine});
  } else {
    t = std::make_unique<mcumgr::UdpTransport>("127.0.0.1", board.board().udp_port());
  }
  SmpClient c(*t, mcumgr::ClientOptions{.timeout = std::chrono::milliseconds(10000), .tries = 3, .version = smp::kVersion2});
  const auto h0 = std::chrono::steady_clock::now();
  auto up = mcumgr::upload_image(c, v2, mcumgr::UploadOptions{});
  EXPECT_EQ(up.size_bytes, v2.size());
  state_write(c, hash_of(v2), false);
  reset(c);
  const json l = image_list(c);
  EXPECT_EQ(l[0]["version"], "2.0.0");
  state_write(c, {}, true);
  const double host_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - h0).count();
  board.stop();
  const auto& s = board.board().stats();
  Figures f{};
  f.upload_s = static_cast<double>(s.upload_virtual_ns) / 1e9;
  f.upload_bytes_per_s = static_cast<double>(v2.size()) / f.upload_s;
  f.update_s = static_cast<double>(board.board().board().clock().now_ns() - board.start_ns) / 1e9;
  f.swap_s = static_cast<double>(s.last_swap_virtual_ns) / 1e9;
  f.host_s = host_s;
  fs::remove_all(dir);
  return f;
}

TEST(SimBoard, Measure_UploadThroughputAndUpdateTime_300000Bytes) {
  if (std::getenv("NORBOOT_VBOARD_MEASURE") == nullptr) GTEST_SKIP() << "set NORBOOT_VBOARD_MEASURE=1";
  Figures udp = measure(false, 300000);
  Figures ser = measure(true, 300000);
  const double raw = 115200.0 / 10;
  fmt::print("udp:    upload {:.3f} s virtual, {:.0f} B/s; whole update {:.3f} s virtual (swap {:.3f} s); host {:.2f} s\n",
             udp.upload_s, udp.upload_bytes_per_s, udp.update_s, udp.swap_s, udp.host_s);
  fmt::print("serial: upload {:.3f} s virtual, {:.0f} B/s = {:.1f}% of 11520 B/s raw (8N1), {:.1f}% of the base64 ceiling; "
             "whole update {:.3f} s virtual (swap {:.3f} s); host {:.2f} s\n",
             ser.upload_s, ser.upload_bytes_per_s, 100 * ser.upload_bytes_per_s / raw,
             100 * ser.upload_bytes_per_s / (raw * 3 / 4), ser.update_s, ser.swap_s, ser.host_s);
}

}  // namespace
}  // namespace norboot::tools::sim_board_test

namespace norboot::tools::sim_board_test {
namespace {

// The same update over a pty speaking console frames at 115200 baud (default run; the figures
// come from the Measure test above).
TEST(SimBoard, SerialPty_UploadTestResetConfirm_V2Runs) {
  const Figures f = measure(true, 60000);
  EXPECT_GT(f.upload_s, 60000.0 / (115200 / 10)) << "the wire time is part of the upload";
  EXPECT_GT(f.swap_s, 0.0);
}

}  // namespace
}  // namespace norboot::tools::sim_board_test
