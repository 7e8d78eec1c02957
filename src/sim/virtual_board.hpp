#pragma once
// VirtualBoard: a board from a state directory running as a product does — the bootloader
// (run_bootloader, with its log), then the "application": the SMP agent over a SlotImageBackend on
// the board's own primary/secondary areas, served over UDP (127.0.0.1:PORT) and/or a pty speaking
// console frames. OS reset reboots: state saved, MCU reset, bootloader again, a fresh agent.
//
// Time: the host runs as fast as it can; the board's virtual clock advances by the modeled flash
// and bus time (the drivers do that) plus, on the serial link, 10 bit times per byte at `baud`
// (8N1) in each direction — so virtual time is what a real UART-connected board would take.
// With `pace`, the host also sleeps for the serial wire time (a link that really runs at baud).
//
// Persistence: the state directory is saved after every write request except upload chunks,
// after an upload's last chunk, when the link has been idle for a second with unsaved changes,
// before and after every reset, and on stop. Saving after every 2 KiB chunk would rewrite the
// whole chip image hundreds of times per upload; an interrupted upload is still saved (idle
// flush), which is what a power cut during an upload leaves on a real device.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sim/board_boot.hpp"
#include "sim/state_dir.hpp"

namespace norboot::sim {

struct VirtualBoardOptions {
  std::filesystem::path state_dir;
  bool udp = true;
  std::string udp_host = "127.0.0.1";
  uint16_t udp_port = 1337;          // 0: any free port (see VirtualBoard::udp_port())
  bool serial = false;               // open a pty and serve console frames on it
  uint32_t baud = 115200;
  bool pace = false;                 // sleep on the host for the serial wire time
  uint32_t buf_size = 2048;          // SMP buffer the agent reports (params)
  std::vector<std::vector<std::byte>> extra_keys;  // public keys (imgtool's bytes) added to the board's
  bool echo_boot_log = true;         // boot log lines to stderr as they happen
  bool json_log = false;             // one JSON object per log line on stderr instead of text
};

/// What the board did, in virtual and host time.
struct VirtualBoardStats {
  uint64_t requests = 0;
  uint64_t resets = 0;
  uint64_t upload_bytes = 0;        // image bytes accepted by the agent
  uint64_t upload_virtual_ns = 0;   // virtual time from an upload's first chunk to its last answer
  uint64_t upload_host_ns = 0;
  uint64_t serial_rx_bytes = 0, serial_tx_bytes = 0;
  uint64_t link_virtual_ns = 0;     // serial wire time (both directions)
  uint64_t last_boot_virtual_ns = 0;
  uint64_t last_swap_virtual_ns = 0;
  bool last_boot_bootable = false;
  uint64_t saves = 0;
};

class VirtualBoard {
 public:
  /// Loads the state directory and opens the links (nothing runs yet).
  /// Errors: load_state's; socket/pty failures (io).
  static StateResult<std::unique_ptr<VirtualBoard>> open(const VirtualBoardOptions& options);
  ~VirtualBoard();
  VirtualBoard(const VirtualBoard&) = delete;
  VirtualBoard& operator=(const VirtualBoard&) = delete;

  uint16_t udp_port() const;
  /// The pty's slave path ("/dev/pts/N"); empty without --serial.
  const std::string& pty_path() const;

  /// Powers the board on: bootloader, then the application (when an image boots).
  BootRun boot();
  /// Serves SMP until `stop` is set, or until `max_resets` resets (≥ 0) have been done. Saves the
  /// state on the way out. Errors: save failures.
  StateResult<void> serve(const std::atomic<bool>& stop, int max_resets = -1);

  /// Saves the state directory now.
  StateResult<void> save();

  BoardState& state();
  Board& board();
  const VirtualBoardStats& stats() const;
  /// Called with each log line (boot log and agent log) as text; default prints to stderr.
  void set_log(std::function<void(const std::string&)> log);

 private:
  VirtualBoard();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace norboot::sim
