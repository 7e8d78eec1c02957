#pragma once
// InProcessDevice: an SMP agent over the RAM backend, served on a thread — over UDP on loopback
// or over a pty pair — so `norboot mcumgr` and the client classes can be tested end to end.
// A reset request "reboots" it: the backend's boot() runs (swap / revert) and a fresh agent
// starts, as after a real reset. With `baud` set, the pty link is paced at 10 bits per byte in
// both directions (8N1), so throughput figures mean what they would on a UART.
// Header-only: the benchmarks use it too.
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "../smp/openssl_sha256.hpp"
#include "../smp/ram_image_backend.hpp"
#include "smp/agent.hpp"
#include "smp/serial_frame.hpp"
#include "tools/mcumgr/udp_socket.hpp"

namespace norboot::tools::testing {

using smp::testing::RamBoardConfig;
using smp::testing::RamImageBackend;

struct DeviceOptions {
  RamBoardConfig board{};
  uint32_t buf_size = 2048;
  uint32_t baud = 0;  // pty only: 0 = as fast as the pty goes
};

class InProcessDevice {
  using Clock = std::chrono::steady_clock;

 public:
  enum class Link { kUdp, kPty };
  using Options = DeviceOptions;

  explicit InProcessDevice(Link link, const Options& o = {})
      : link_(link), opts_(o), backend_(o.board) {
    config_.buf_size = o.buf_size;
    config_.platform = "in-process";
    make_agent();
    if (link == Link::kUdp) {
      udp_ = std::make_unique<mcumgr::UdpServerSocket>("127.0.0.1", 0);
    } else {
      open_pty();
    }
    thread_ = std::thread([this] { link_ == Link::kUdp ? serve_udp() : serve_pty(); });
  }

  ~InProcessDevice() {
    stop_ = true;
    thread_.join();
    if (master_ >= 0) close(master_);
    if (slave_ >= 0) close(slave_);
  }

  /// What `--connstring` needs to reach this device.
  std::string connstring() const {
    if (link_ == Link::kUdp) return "127.0.0.1:" + std::to_string(udp_->port());
    return "dev=" + slave_path_ + ",baud=" + std::to_string(opts_.baud ? opts_.baud : 115200);
  }
  std::string conntype() const { return link_ == Link::kUdp ? "udp" : "serial"; }

  /// Runs `fn` on the backend with the device paused (no request is being handled meanwhile).
  template <class Fn>
  auto with_backend(Fn&& fn) {
    std::lock_guard<std::mutex> lock(mutex_);
    return fn(backend_);
  }

  /// Restarts the agent without a boot (a watchdog reset in the middle of an upload): every
  /// session is gone, the slots stay as they are.
  void forget_session() {
    std::lock_guard<std::mutex> lock(mutex_);
    make_agent();
  }

  /// Console output (a log line) before every response, as an application sharing the UART does.
  std::atomic<bool> chatter{false};
  /// The next `n` responses are computed but not sent (a lossy link, or a client that gave up).
  std::atomic<int> drop_responses{0};
  /// After this many more requests the link is cut (nothing arrives) until set to -1.
  std::atomic<int> answer_budget{-1};
  std::atomic<int> requests{0};
  std::atomic<int> resets{0};
  std::atomic<uint64_t> handle_ns{0};  // time spent inside the agent (decode, SHA-256, flash)

 private:
  class Reset final : public smp::ResetHandler {
   public:
    void reset_requested(bool) override { pending = true; }
    bool pending = false;
  };

  void make_agent() {
    reset_ = std::make_unique<Reset>();
    agent_ = std::make_unique<smp::Agent>(config_, backend_, sha_, reset_.get());
  }

  void open_pty() {
    char name[128] = {};
    if (openpty(&master_, &slave_, name, nullptr, nullptr) != 0) throw std::runtime_error("openpty failed");
    slave_path_ = name;
    termios t{};
    tcgetattr(slave_, &t);
    cfmakeraw(&t);
    tcsetattr(slave_, TCSANOW, &t);  // no echo of what the device writes, even before the client opens it
    fcntl(master_, F_SETFL, O_NONBLOCK);
  }

  // One request in, its response out — or nothing: a cut link (the request never arrives) or a
  // lost answer (handled, not answered).
  std::vector<std::byte> handle(std::span<const std::byte> request) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (answer_budget == 0) return {};
    if (answer_budget > 0) --answer_budget;
    ++requests;
    std::vector<std::byte> response(opts_.buf_size + 512);
    auto t0 = Clock::now();
    response.resize(agent_->handle(request, response));
    handle_ns += static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t0).count());
    if (drop_responses > 0) {
      --drop_responses;
      response.clear();
    }
    return response;
  }

  void after_response() {
    if (!reset_->pending) return;
    std::lock_guard<std::mutex> lock(mutex_);
    backend_.boot();
    make_agent();
    ++resets;
  }

  void serve_udp() {
    while (!stop_) {
      auto datagram = udp_->receive(std::chrono::milliseconds(20));
      if (!datagram) continue;
      auto response = handle(*datagram);
      if (!response.empty()) udp_->reply(response);
      after_response();
    }
  }

  class Collect final : public smp::LineSink {
   public:
    core::Status write_line(std::span<const std::byte> line) override {
      wire.insert(wire.end(), line.begin(), line.end());
      return core::ok();
    }
    std::vector<std::byte> wire;
  };

  Clock::duration byte_time() const {
    return std::chrono::nanoseconds(opts_.baud ? 10'000'000'000ull / opts_.baud : 0);
  }

  void serve_pty() {
    std::vector<std::byte> frame(opts_.buf_size + smp::kFrameOverhead);
    smp::FrameDecoder decoder(frame);
    std::array<std::byte, 4096> chunk{};
    Clock::time_point rx_free = Clock::now();
    while (!stop_) {
      pollfd p{master_, POLLIN, 0};
      if (poll(&p, 1, 20) <= 0) continue;
      ssize_t n = read(master_, chunk.data(), chunk.size());
      if (n <= 0) continue;
      // Paced link: these bytes finish arriving one byte time each after the link was free.
      rx_free = std::max(rx_free, Clock::now()) + byte_time() * n;
      if (opts_.baud) std::this_thread::sleep_until(rx_free);
      for (ssize_t i = 0; i < n; ++i) {
        auto message = decoder.feed(chunk[static_cast<size_t>(i)]);
        if (!message) continue;
        auto response = handle(*message);
        if (!response.empty()) send_framed(response);
        after_response();
      }
    }
  }

  void send_framed(std::span<const std::byte> response) {
    Collect c;
    if (chatter) {
      std::string_view log = "[00:00:01.234,000] <inf> app: tick\n";
      auto b = std::as_bytes(std::span(log.data(), log.size()));
      c.wire.insert(c.wire.end(), b.begin(), b.end());
    }
    (void)smp::encode_frame(response, c);
    if (opts_.baud) std::this_thread::sleep_for(byte_time() * c.wire.size());  // the response's transit
    std::span<const std::byte> rest = c.wire;
    while (!rest.empty() && !stop_) {
      ssize_t w = write(master_, rest.data(), rest.size());
      if (w > 0) rest = rest.subspan(static_cast<size_t>(w));
      else std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

  Link link_;
  Options opts_;
  std::mutex mutex_;
  RamImageBackend backend_;
  smp::testing::OpenSslSha256 sha_;
  smp::AgentConfig config_;
  std::unique_ptr<Reset> reset_;
  std::unique_ptr<smp::Agent> agent_;
  std::unique_ptr<mcumgr::UdpServerSocket> udp_;
  int master_ = -1, slave_ = -1;
  std::string slave_path_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace norboot::tools::testing
