#include "sim/virtual_board.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <optional>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "crypto_openssl/openssl_crypto.hpp"
#include "image/sha256_portable.hpp"
#include "smp/agent.hpp"
#include "smp/codes.hpp"
#include "smp/header.hpp"
#include "smp/serial_frame.hpp"
#include "smp/slot_backend.hpp"

namespace norboot::sim {
namespace {

using HostClock = std::chrono::steady_clock;

uint64_t host_now_ns() {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(HostClock::now().time_since_epoch()).count());
}

/// The agent's digest on the portable SHA-256 (what a device without a crypto library runs).
class PortableSha256 final : public smp::Sha256 {
 public:
  void reset() override { sha_.reset(); }
  void update(std::span<const std::byte> data) override { sha_.update(data); }
  smp::Sha256Digest finish() override {
    smp::Sha256Digest d{};
    sha_.finish(d);
    return d;
  }

 private:
  image::Sha256 sha_;
};

smp::BootloaderMode mode_of(boot::Strategy s) {
  switch (s) {
    case boot::Strategy::kOverwrite: return smp::BootloaderMode::kOverwrite;
    case boot::Strategy::kSwapScratch: return smp::BootloaderMode::kSwapScratch;
    case boot::Strategy::kSwapMove: return smp::BootloaderMode::kSwapMove;
    case boot::Strategy::kSwapOffset:
    case boot::Strategy::kSwapPipeline: return smp::BootloaderMode::kSwapOffset;  // image at an offset
  }
  return smp::BootloaderMode::kUnknown;
}

StateError io_error(std::string what) { return StateError{.message = std::move(what) + ": " + std::strerror(errno), .io = true}; }

}  // namespace

struct VirtualBoard::Impl final : smp::ResetHandler, core::LogSink, smp::LineSink {
  VirtualBoardOptions opt;
  BoardState st;
  VirtualBoardStats stats;
  std::function<void(const std::string&)> log_fn;

  crypto_openssl::OpenSslCrypto crypto;
  std::vector<std::vector<std::byte>> keys;  // board's + extra
  std::vector<image::TrustedKey> trusted;
  image::Keyring keyring;
  std::array<std::byte, 512> work{};
  PortableSha256 sha;
  std::string platform;
  smp::AgentConfig agent_config;
  std::optional<smp::SlotImageBackend> backend;
  std::unique_ptr<smp::Agent> agent;
  bool running = false;  // an image booted: the application answers SMP
  bool reset_pending = false;
  bool dirty = false;
  uint64_t last_activity_host_ns = 0;
  uint64_t idle_virtual_ns = 0;   // clock when the link last went quiet (start of the next request)
  std::optional<uint64_t> upload_start_virtual, upload_start_host;

  int udp_fd = -1;
  uint16_t udp_bound = 0;
  sockaddr_storage peer{};
  socklen_t peer_len = 0;
  int pty_master = -1, pty_slave = -1;
  std::string pty_name;
  std::vector<std::byte> frame_buf, response;
  std::optional<smp::FrameDecoder> decoder;

  ~Impl() override {
    if (udp_fd >= 0) close(udp_fd);
    if (pty_master >= 0) close(pty_master);
    if (pty_slave >= 0) close(pty_slave);
  }

  void emit(const std::string& text) {
    if (log_fn) {
      log_fn(text);
    } else {
      std::fprintf(stderr, "%s\n", text.c_str());
    }
  }
  void emit_event(const char* kind, const std::string& text) {
    if (opt.json_log) {
      emit(nlohmann::json{{"t_s", static_cast<double>(st.board->clock().now_ns()) / 1e9}, {"kind", kind}, {"message", text}}.dump());
    } else {
      emit(fmt::format("[{:10.6f}] {}: {}", static_cast<double>(st.board->clock().now_ns()) / 1e9, kind, text));
    }
  }

  // core::LogSink (the agent's log)
  void line(core::Level, std::string_view text) override { emit_event("smp", std::string(text)); }
  // smp::ResetHandler
  void reset_requested(bool) override { reset_pending = true; }

  // smp::LineSink: one frame line onto the pty, on the wire for 10 bit times per byte.
  core::Status write_line(std::span<const std::byte> bytes) override {
    wire_time(bytes.size());
    stats.serial_tx_bytes += bytes.size();
    std::span<const std::byte> rest = bytes;
    while (!rest.empty()) {
      ssize_t w = write(pty_master, rest.data(), rest.size());
      if (w > 0) {
        rest = rest.subspan(static_cast<size_t>(w));
      } else if (w < 0 && errno != EAGAIN && errno != EINTR) {
        return core::fail(core::Errc::kIo, "pty write");
      } else {
        pollfd p{pty_master, POLLOUT, 0};
        (void)poll(&p, 1, 50);
      }
    }
    return core::ok();
  }

  void wire_time(size_t bytes) {
    if (opt.baud == 0) return;
    const uint64_t ns = uint64_t{bytes} * 10'000'000'000ull / opt.baud;
    st.board->clock().advance(ns);
    stats.link_virtual_ns += ns;
    if (opt.pace) std::this_thread::sleep_for(std::chrono::nanoseconds(ns));
  }

  StateResult<void> open_links() {
    if (opt.udp) {
      udp_fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
      if (udp_fd < 0) return std::unexpected(io_error("udp socket"));
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_port = htons(opt.udp_port);
      if (inet_pton(AF_INET, opt.udp_host.c_str(), &a.sin_addr) != 1) {
        return std::unexpected(StateError{.message = "udp host is not an IPv4 address: " + opt.udp_host, .io = false});
      }
      if (bind(udp_fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        return std::unexpected(io_error(fmt::format("bind udp {}:{}", opt.udp_host, opt.udp_port)));
      }
      socklen_t len = sizeof a;
      getsockname(udp_fd, reinterpret_cast<sockaddr*>(&a), &len);
      udp_bound = ntohs(a.sin_port);
    }
    if (opt.serial) {
      std::array<char, 128> name{};
      if (openpty(&pty_master, &pty_slave, name.data(), nullptr, nullptr) != 0) {
        return std::unexpected(io_error("openpty"));
      }
      pty_name = name.data();
      termios t{};
      tcgetattr(pty_slave, &t);
      cfmakeraw(&t);
      tcsetattr(pty_slave, TCSANOW, &t);  // no echo of the device's output before a client opens it
      fcntl(pty_master, F_SETFL, O_NONBLOCK);
      fcntl(pty_master, F_SETFD, FD_CLOEXEC);
      fcntl(pty_slave, F_SETFD, FD_CLOEXEC);
    }
    frame_buf.resize(opt.buf_size + smp::kFrameOverhead);
    decoder.emplace(frame_buf, this);
    response.resize(opt.buf_size + 1024);
    return {};
  }

  BootSettings settings() {
    return BootSettings{.strategy = st.strategy, .max_align = st.max_align, .validate_primary = true,
                        .downgrade = boot::DowngradePolicy::kAllow, .trusted_keys = keys,
                        .security_counter = &st.security_counter};
  }

  BootRun boot_now() {
    agent.reset();
    backend.reset();
    running = false;
    const bool echo_text = opt.echo_boot_log && !opt.json_log && !log_fn;
    BootRun run = run_bootloader(*st.board, settings(), echo_text);
    if (!echo_text && opt.echo_boot_log) {
      for (const BootLogEntry& e : run.log.entries()) {
        emit(opt.json_log ? render_json({e}).dump() : render_line(e));
      }
    }
    stats.last_boot_bootable = run.result && run.result->bootable;
    stats.last_boot_virtual_ns = run.result ? run.result->total_ns : 0;
    stats.last_swap_virtual_ns = run.result ? run.result->swap_ns : 0;
    if (!run.result) {
      emit_event("board", "boot failed: " + describe(run.result.error()) + "; the application does not run");
      return run;
    }
    if (!run.result->bootable) {
      emit_event("board", "no bootable image: the application does not run, SMP is not answered");
      return run;
    }
    if (auto ok = start_application(); !ok) emit_event("board", "application: " + describe(ok.error()));
    return run;
  }

  static std::string describe(const core::Error& e) {
    std::array<char, 256> buf{};
    core::format_error(e, buf);
    return buf.data();
  }

  core::Status start_application() {
    auto areas = NB_TRY(st.board->boot_areas(st.strategy));
    auto cfg = NB_TRY(smp::SlotImageBackend::configure(areas.primary, areas.secondary, st.strategy, st.max_align,
                                                       areas.scratch.dev != nullptr ? &areas.scratch : nullptr));
    cfg.validate = image::ValidateOptions{.require_signature = !keys.empty(), .enforce_allow_list = true,
                                          .min_security_counter = st.security_counter};
    backend.emplace(cfg, keyring, crypto, work);
    agent = std::make_unique<smp::Agent>(agent_config, *backend, sha, this, this);
    running = true;
    emit_event("board", fmt::format("application running; SMP on{}{}",
                                    udp_fd >= 0 ? fmt::format(" udp {}:{}", opt.udp_host, udp_bound) : "",
                                    pty_master >= 0 ? " serial " + pty_name : ""));
    return core::ok();
  }

  StateResult<void> save() {
    auto r = save_state(opt.state_dir, st);
    if (r) {
      ++stats.saves;
      dirty = false;
    }
    return r;
  }

  /// One request: handled, answered through `send`; the bookkeeping of uploads and saves.
  template <class Send>
  void handle(std::span<const std::byte> message, Send&& send) {
    ++stats.requests;
    last_activity_host_ns = host_now_ns();
    auto h = smp::decode_header(message);
    const bool write = h && (h->op == static_cast<uint8_t>(smp::Op::kWrite));
    const bool upload = write && h->group == 1 && h->command == 1;
    const uint32_t before = agent->upload().offset();
    const bool was_receiving = agent->upload().receiving();
    if (upload && !upload_start_virtual) {
      upload_start_virtual = idle_virtual_ns;
      upload_start_host = host_now_ns();
    }
    const size_t n = agent->handle(message, response);
    // A write is answered once its effect is saved (except upload chunks before the last one, and
    // a reset, which saves on its way down): an answer means the state directory holds it.
    if (write) {
      dirty = true;
      if (upload) {
        const uint32_t after = agent->upload().offset();
        if (agent->upload().receiving() || agent->upload().complete()) {
          stats.upload_bytes += (was_receiving && after >= before) ? after - before : after;
        }
        if (!agent->upload().receiving()) (void)save_logged();
      } else if (!reset_pending) {
        (void)save_logged();
      }
    }
    if (n > 0) send(std::span<const std::byte>(response).first(n));
    idle_virtual_ns = st.board->clock().now_ns();
    if (write && (!upload || !agent->upload().receiving())) finish_upload_timing();
  }

  void finish_upload_timing() {
    if (!upload_start_virtual) return;
    stats.upload_virtual_ns += st.board->clock().now_ns() - *upload_start_virtual;
    stats.upload_host_ns += host_now_ns() - *upload_start_host;
    upload_start_virtual.reset();
    upload_start_host.reset();
  }

  bool save_logged() {
    auto r = save();
    if (!r) emit_event("board", "saving the state failed: " + r.error().message);
    return r.has_value();
  }

  void do_reset() {
    reset_pending = false;
    ++stats.resets;
    finish_upload_timing();
    (void)save_logged();
    emit_event("board", "reset requested over SMP: MCU reset, bootloader runs");
    if (auto r = st.board->mcu_reset(); !r) emit_event("board", "mcu reset: " + describe(r.error()));
    boot_now();
    (void)save_logged();
  }

  void poll_udp() {
    std::array<std::byte, 65536> dgram{};
    peer_len = sizeof peer;
    ssize_t n = recvfrom(udp_fd, dgram.data(), dgram.size(), MSG_DONTWAIT, reinterpret_cast<sockaddr*>(&peer), &peer_len);
    if (n <= 0 || !running) return;
    handle(std::span<const std::byte>(dgram).first(static_cast<size_t>(n)), [&](std::span<const std::byte> r) {
      (void)sendto(udp_fd, r.data(), r.size(), 0, reinterpret_cast<sockaddr*>(&peer), peer_len);
    });
  }

  void poll_serial() {
    std::array<std::byte, 4096> chunk{};
    ssize_t n = read(pty_master, chunk.data(), chunk.size());
    if (n <= 0) return;
    stats.serial_rx_bytes += static_cast<uint64_t>(n);
    wire_time(static_cast<size_t>(n));  // these bytes took their wire time to arrive
    if (!running) {
      idle_virtual_ns = st.board->clock().now_ns();
      return;
    }
    for (ssize_t i = 0; i < n && !reset_pending; ++i) {
      auto message = decoder->feed(chunk[static_cast<size_t>(i)]);
      if (!message) continue;
      handle(*message, [&](std::span<const std::byte> r) { (void)smp::encode_frame(r, *this); });
    }
    if (!decoder->in_frame()) idle_virtual_ns = st.board->clock().now_ns();
  }

  StateResult<void> serve(const std::atomic<bool>& stop, int max_resets) {
    std::array<pollfd, 2> fds{};
    while (!stop) {
      nfds_t count = 0;
      if (udp_fd >= 0) fds[count++] = pollfd{udp_fd, POLLIN, 0};
      if (pty_master >= 0) fds[count++] = pollfd{pty_master, POLLIN, 0};
      int r = poll(fds.data(), count, 50);
      if (r < 0 && errno != EINTR) return std::unexpected(io_error("poll"));
      if (r > 0) {
        for (nfds_t i = 0; i < count; ++i) {
          if ((fds[i].revents & POLLIN) == 0) continue;
          if (fds[i].fd == udp_fd) poll_udp();
          if (fds[i].fd == pty_master) poll_serial();
          if (reset_pending) do_reset();
        }
        if (max_resets >= 0 && stats.resets >= static_cast<uint64_t>(max_resets)) break;
        continue;
      }
      // Idle: flush what an interrupted upload wrote, as the flash would keep it.
      if (dirty && host_now_ns() - last_activity_host_ns > 1'000'000'000ull) (void)save_logged();
    }
    finish_upload_timing();
    return save();
  }
};

VirtualBoard::VirtualBoard() : impl_(std::make_unique<Impl>()) {}
VirtualBoard::~VirtualBoard() = default;

StateResult<std::unique_ptr<VirtualBoard>> VirtualBoard::open(const VirtualBoardOptions& options) {
  auto st = load_state(options.state_dir);
  if (!st) return std::unexpected(st.error());
  std::unique_ptr<VirtualBoard> vb(new VirtualBoard());
  Impl& m = *vb->impl_;
  m.opt = options;
  m.st = std::move(*st);
  m.keys = m.st.trusted_keys;
  m.keys.insert(m.keys.end(), options.extra_keys.begin(), options.extra_keys.end());
  for (const auto& k : m.keys) m.trusted.push_back(image::TrustedKey{.public_key = k, .name = "board"});
  m.keyring = image::Keyring(m.trusted);
  m.platform = m.st.board->spec().name;
  m.agent_config.buf_size = options.buf_size;
  m.agent_config.node_name = "virtual-board";
  m.agent_config.platform = m.platform.c_str();
  m.agent_config.bootloader_name = "MCUboot";
  m.agent_config.bootloader_mode = mode_of(m.st.strategy);
  if (auto r = m.open_links(); !r) return std::unexpected(r.error());
  return vb;
}

uint16_t VirtualBoard::udp_port() const { return impl_->udp_bound; }
const std::string& VirtualBoard::pty_path() const { return impl_->pty_name; }
BootRun VirtualBoard::boot() {
  BootRun r = impl_->boot_now();
  impl_->idle_virtual_ns = impl_->st.board->clock().now_ns();
  (void)impl_->save_logged();
  return r;
}
StateResult<void> VirtualBoard::serve(const std::atomic<bool>& stop, int max_resets) {
  return impl_->serve(stop, max_resets);
}
StateResult<void> VirtualBoard::save() { return impl_->save(); }
BoardState& VirtualBoard::state() { return impl_->st; }
Board& VirtualBoard::board() { return *impl_->st.board; }
const VirtualBoardStats& VirtualBoard::stats() const { return impl_->stats; }
void VirtualBoard::set_log(std::function<void(const std::string&)> log) { impl_->log_fn = std::move(log); }

}  // namespace norboot::sim
