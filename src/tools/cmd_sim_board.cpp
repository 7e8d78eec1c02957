// norboot sim board --state DIR [--udp [HOST:]PORT] [--no-udp] [--serial] [--baud N] [--pace]
//   [--key PEM]... [--exit-after-reset N] [--json-log]
// Runs the board of a state directory as a device: the bootloader, then the SMP agent on UDP
// and/or a pty. The first stdout line says where to connect ("udp 127.0.0.1:1337",
// "serial /dev/pts/7"), so scripts can read it; logs go to stderr. SIGINT/SIGTERM save and exit 0.
#include <csignal>
#include <cstdio>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "sim/virtual_board.hpp"
#include "tools/command.hpp"
#include "tools/imgtool/key_file.hpp"

namespace norboot::tools::cmd_sim_board {
namespace {

std::atomic<bool> g_stop{false};
extern "C" void on_signal(int) { g_stop = true; }

struct BoardArgs {
  std::string state;
  std::string udp = "127.0.0.1:1337";
  bool no_udp = false;
  bool serial = false;
  uint32_t baud = 115200;
  bool pace = false;
  std::vector<std::string> keys;
  int exit_after_reset = -1;
  bool json_log = false;
  uint32_t buf_size = 2048;
};

int run_board(const BoardArgs& a) {
  sim::VirtualBoardOptions o;
  o.state_dir = a.state;
  o.udp = !a.no_udp;
  o.serial = a.serial;
  o.baud = a.baud;
  o.pace = a.pace;
  o.json_log = a.json_log;
  o.buf_size = a.buf_size;
  if (o.udp) {
    const auto colon = a.udp.rfind(':');
    std::string port = colon == std::string::npos ? a.udp : a.udp.substr(colon + 1);
    if (colon != std::string::npos) o.udp_host = a.udp.substr(0, colon);
    try {
      unsigned long p = std::stoul(port);
      if (p > 65535) throw std::out_of_range("port");
      o.udp_port = static_cast<uint16_t>(p);
    } catch (const std::exception&) {
      fmt::print(stderr, "error: --udp wants [HOST:]PORT, not \"{}\"\n", a.udp);
      return kExitUsage;
    }
  }
  if (!o.udp && !o.serial) {
    fmt::print(stderr, "error: nothing to serve on: --no-udp without --serial\n");
    return kExitUsage;
  }
  for (const std::string& path : a.keys) {
    auto k = imgtool::load_key_file(path, std::nullopt);
    if (!k) {
      fmt::print(stderr, "error: --key {}: {}\n", path, k.error().message);
      return k.error().kind == imgtool::KeyError::kIo ? kExitIo : kExitRefused;
    }
    o.extra_keys.push_back(k->public_bytes());
  }
  auto vb = sim::VirtualBoard::open(o);
  if (!vb) {
    fmt::print(stderr, "error: {}\n", vb.error().message);
    return vb.error().io ? kExitIo : kExitRefused;
  }
  sim::VirtualBoard& board = **vb;
  // Where to connect, first and flushed: a script reads this line before talking to the board.
  if (o.udp) fmt::print("udp {}:{}\n", o.udp_host, board.udp_port());
  if (o.serial) fmt::print("serial {}\n", board.pty_path());
  std::fflush(stdout);

  g_stop = false;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  (void)board.boot();
  auto served = board.serve(g_stop, a.exit_after_reset);
  const sim::VirtualBoardStats& s = board.stats();
  fmt::print(stderr, "board stopped: {} requests, {} resets, {} upload bytes in {:.3f} s virtual ({:.3f} s host), "
                     "serial {} B in / {} B out\n",
             s.requests, s.resets, s.upload_bytes, static_cast<double>(s.upload_virtual_ns) / 1e9,
             static_cast<double>(s.upload_host_ns) / 1e9, s.serial_rx_bytes, s.serial_tx_bytes);
  if (!served) {
    fmt::print(stderr, "error: {}\n", served.error().message);
    return served.error().io ? kExitIo : kExitRefused;
  }
  return kExitOk;
}

/// The `sim` subcommand: cmd_sim.cpp registers it first ("sim" < "sim-board"); created here if not.
CLI::App* find_or_add_sim(CLI::App& app) {
  try {
    return app.get_subcommand("sim");
  } catch (const CLI::OptionNotFound&) {
    return app.add_subcommand("sim", "Simulated boards: create, load, boot, run as a device");
  }
}

static CommandRegistration reg{"sim-board", [](CLI::App& app) {
  auto a = std::make_shared<BoardArgs>();
  CLI::App* c = find_or_add_sim(app)->add_subcommand(
      "board", "Run a board as a device: bootloader, then the SMP agent on UDP and/or a serial pty");
  c->add_option("--state", a->state, "State directory of the board (norboot sim new)")->required();
  c->add_option("--udp", a->udp, "UDP [HOST:]PORT to serve SMP on (port 0: any free port)")->capture_default_str();
  c->add_flag("--no-udp", a->no_udp, "Do not serve UDP");
  c->add_flag("--serial", a->serial, "Serve SMP console frames on a new pty (its path is printed)");
  c->add_option("--baud", a->baud, "Serial rate: 10 bit times per byte on the virtual clock")->capture_default_str();
  c->add_flag("--pace", a->pace, "Also wait the serial wire time on the host (a real-rate link)");
  c->add_option("--key", a->keys, "Extra trusted public/private key (PEM) for image validation");
  c->add_option("--exit-after-reset", a->exit_after_reset, "Exit after N resets (scripts, tests)");
  c->add_flag("--json-log", a->json_log, "Log lines on stderr as JSON objects");
  c->add_option("--buf-size", a->buf_size, "SMP buffer size the device reports (params)")->capture_default_str();
  c->callback(run([a] { return run_board(*a); }));
}};

}  // namespace
}  // namespace norboot::tools::cmd_sim_board
