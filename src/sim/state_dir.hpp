#pragma once
// A board's state directory (`--state DIR`), so a board survives between commands:
//   board.json    preset, strategy, max_align, layout (the schema `layout check` reads),
//                 device security counter, trusted public keys (hex DER), virtual clock
//   internal.bin  the MCU flash cells, raw (hexdump-able)
//   external.bin  the SPI NOR cells, raw
//   internal.nwrite  NVMC writes per word since its page was erased (the model's nWRITE book)
//   wear.json     erases per sector per device, accumulated over every command run on the board
// Writes go to a temporary file first and are renamed into place, so a killed command never
// leaves a half-written state.
#include <cstdint>
#include <expected>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "boot/strategy.hpp"
#include "sim/board.hpp"

namespace norboot::sim {

struct BoardState {
  std::unique_ptr<Board> board;
  boot::Strategy strategy = boot::Strategy::kSwapPipeline;
  uint32_t max_align = 8;
  uint32_t security_counter = 0;
  std::vector<std::vector<std::byte>> trusted_keys;  // public keys as imgtool embeds them
  std::vector<uint64_t> wear_internal, wear_external;  // erases per sector, all time
};

/// Why a state directory could not be used: the file, and what was wrong with it.
struct StateError {
  std::string message;
  bool io = false;  // unreadable/unwritable (exit 3) rather than invalid content (exit 1)
};

template <class T>
using StateResult = std::expected<T, StateError>;

/// Creates a fresh board (erased chips) of `preset` in `dir` (created if needed). Refuses a
/// directory that already holds a board.json unless `overwrite`.
StateResult<BoardState> create_state(const std::filesystem::path& dir, const std::string& preset,
                                     boot::Strategy strategy, bool overwrite, const BoardOptions& opt = {});
/// Loads a board: checks every file (presence, sizes against the preset, JSON schema).
StateResult<BoardState> load_state(const std::filesystem::path& dir, const BoardOptions& opt = {});
/// Saves chips, counters and settings; adds this run's erases to the wear history.
StateResult<void> save_state(const std::filesystem::path& dir, BoardState& st);

}  // namespace norboot::sim
