#include "tools/demo_smp.hpp"

#include <atomic>
#include <chrono>
#include <fstream>
#include <iterator>
#include <mutex>
#include <thread>

#include <fmt/core.h>

#include "sim/virtual_board.hpp"
#include "smp/codes.hpp"
#include "tools/mcumgr/client.hpp"
#include "tools/mcumgr/udp_socket.hpp"
#include "tools/mcumgr/upload.hpp"

namespace norboot::tools::demo {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

/// The board served on a thread, its log collected into the chapter being told.
class Served {
 public:
  explicit Served(std::unique_ptr<sim::VirtualBoard> b) : board_(std::move(b)) {
    board_->set_log([this](const std::string& l) {
      std::lock_guard<std::mutex> g(mutex_);
      lines_.push_back("  | " + l);
    });
    (void)board_->boot();
    thread_ = std::thread([this] { (void)board_->serve(stop_); });
  }
  ~Served() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  /// Moves the log lines gathered so far into `out`.
  void drain(std::vector<std::string>& out) {
    std::lock_guard<std::mutex> g(mutex_);
    out.insert(out.end(), lines_.begin(), lines_.end());
    lines_.clear();
  }
  sim::VirtualBoard& board() { return *board_; }

 private:
  std::unique_ptr<sim::VirtualBoard> board_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::string> lines_;
};

json image_list(mcumgr::SmpClient& c) {
  auto body = mcumgr::build_body([](smp::CborWriter& w) { w.map(0); });
  return c.call("image list", smp::Op::kRead, 1, smp::image_cmd::kState, body).body.value("images", json::array());
}

std::string list_text(const json& images) {
  std::string s;
  for (const auto& i : images) {
    s += fmt::format("slot {} v{}{}{}{}; ", i.value("slot", 0), i.value("version", "?"), i.value("active", false) ? " active" : "",
                     i.value("confirmed", false) ? " confirmed" : "", i.value("pending", false) ? " pending" : "");
  }
  return s.empty() ? "(none)" : s.substr(0, s.size() - 2);
}

void call_state(mcumgr::SmpClient& c, std::span<const std::byte> hash, bool confirm) {
  auto body = mcumgr::build_body([&](smp::CborWriter& w) {
    w.map(hash.empty() ? 1 : 2);
    if (!hash.empty()) w.key("hash").bytes(hash);
    w.key("confirm").boolean(confirm);
  });
  c.call(confirm ? "image confirm" : "image test", smp::Op::kWrite, 1, smp::image_cmd::kState, body);
}

void call_reset(mcumgr::SmpClient& c) {
  auto body = mcumgr::build_body([](smp::CborWriter& w) { w.map(0); });
  c.call("reset", smp::Op::kWrite, 0, smp::os_cmd::kReset, body);
}

double host_now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

/// Starts a phase on the served board: its host start time and its wear so far. The board saves
/// after an upload's last chunk and around every reset, so the wear totals are current then.
class PhaseTimer {
 public:
  PhaseTimer(Served& s, std::string name) : s_(s), host0_(host_now_s()), wear0_(WearMark::of(s.board().state())) {
    phase_.name = std::move(name);
  }
  Phase done(double virtual_s, uint64_t bytes) {
    phase_.host_s = host_now_s() - host0_;
    phase_.virtual_s = virtual_s;
    phase_.bytes = bytes;
    wear0_.diff_into(WearMark::of(s_.board().state()), phase_);
    return phase_;
  }

 private:
  Served& s_;
  double host0_;
  WearMark wear0_;
  Phase phase_;
};

std::string file_text(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

Chapter refusal(Served& s, mcumgr::SmpClient& c, const fs::path& dir, const std::vector<std::byte>& big) {
  Chapter ch{fmt::format("A {}-byte upload, too large for the slot: refused, flash unchanged", big.size()), {}, false};
  const std::string ext = file_text(dir / "external.bin"), in = file_text(dir / "internal.bin");
  try {
    (void)mcumgr::upload_image(c, big, mcumgr::UploadOptions{});
    ch.lines.push_back("  accepted (unexpected)");
  } catch (const mcumgr::DeviceError& e) {
    ch.lines.push_back(std::string("  device answered: ") + e.what());
    ch.ok = true;
  }
  (void)s.board().save();
  const bool same = file_text(dir / "external.bin") == ext && file_text(dir / "internal.bin") == in;
  ch.lines.push_back(same ? "  internal.bin and external.bin are byte for byte as before" : "  the flash changed!");
  ch.ok &= same;
  return ch;
}

}  // namespace

std::vector<Chapter> smp_update_chapters(const fs::path& dir, const std::vector<std::byte>& v2,
                                         const std::vector<std::byte>& too_large, std::vector<Phase>& phases) {
  Chapter up{"An update over SMP (UDP, norboot's mcumgr client): upload v2, test, reset, confirm", {}, false};
  sim::VirtualBoardOptions o;
  o.state_dir = dir;
  o.udp_port = 0;
  o.echo_boot_log = false;
  auto vb = sim::VirtualBoard::open(o);
  if (!vb) return {{up.title, {"  board: " + vb.error().message}, false}};
  Served s(std::move(*vb));
  mcumgr::UdpTransport t("127.0.0.1", s.board().udp_port());
  mcumgr::SmpClient c(t, mcumgr::ClientOptions{.timeout = std::chrono::milliseconds(5000), .tries = 3, .version = smp::kVersion2});
  std::vector<Chapter> out;
  try {
    s.drain(up.lines);
    up.lines.push_back("  image list: " + list_text(image_list(c)));
    out.push_back(refusal(s, c, dir, too_large));
    PhaseTimer upload(s, "upload v2 over UDP (mcumgr client)");
    const uint64_t t0 = s.board().board().clock().now_ns();
    auto r = mcumgr::upload_image(c, v2, mcumgr::UploadOptions{});
    const double up_s = (s.board().board().clock().now_ns() - t0) / 1e9;
    phases.push_back(upload.done(up_s, r.size_bytes));
    up.lines.push_back(fmt::format("  uploaded {} bytes in {}-byte chunks: {:.2f} s of board time (flash and SPI; the UDP link is not modelled)",
                                   r.size_bytes, r.chunk_bytes, up_s));
    call_state(c, std::span(v2).last(32), false);  // hash-only images end with their SHA-256 TLV
    up.lines.push_back("  image test; image list: " + list_text(image_list(c)));
    PhaseTimer swap(s, "reset: boot validates v2, swaps, boots it");
    call_reset(c);
    s.drain(up.lines);
    const json after = image_list(c);  // answered by the application after the boot
    phases.push_back(swap.done(s.board().stats().last_boot_virtual_ns / 1e9, v2.size()));
    up.lines.push_back("  after reset: " + list_text(after));
    PhaseTimer confirm(s, "image confirm, reset: boot keeps v2");
    call_state(c, {}, true);
    call_reset(c);
    s.drain(up.lines);
    const json final_list = image_list(c);
    phases.push_back(confirm.done(s.board().stats().last_boot_virtual_ns / 1e9, 0));
    up.lines.push_back("  confirmed, reset: " + list_text(final_list));
    up.ok = !final_list.empty() && final_list[0].value("version", "") == "2.0.0" && final_list[0].value("confirmed", false);
  } catch (const std::exception& e) {
    up.lines.push_back(std::string("  failed: ") + e.what());
  }
  out.insert(out.begin(), up);
  return out;
}

}  // namespace norboot::tools::demo
