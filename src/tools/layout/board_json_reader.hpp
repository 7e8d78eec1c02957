#pragma once
// norboot's board.json (the state directory's description of a board), read with nlohmann-json
// and deliberately tolerant, because the same file also carries the simulator's own fields:
//
//   {"board": "nrf52833-mx25r3235f", "strategy": "swap-pipeline", "max_align": 8,
//    "layout": [{"name": "primary", "device": "internal", "offset": "0xc000", "size": 475136}, …]}
//
// The areas may sit under "layout" or "areas", as an array of objects with a "name" or as an
// object keyed by name; offsets under "offset", "off" or "address"; numbers as JSON numbers or
// strings ("0xC000", "48K"). "devices" may give sizes ({"internal": {"size": …, "sector_size": …,
// "write_block": …}}). Unknown keys are ignored.
#include <string>
#include <string_view>

#include "tools/layout/layout_desc.hpp"

namespace norboot::tools::layout {

/// Parses `text` (the contents of `file`). Errors name the JSON path and, for syntax, the line.
ReadResult<LayoutDesc> read_board_json(std::string_view text, const std::string& file);

}  // namespace norboot::tools::layout
