#include "tools/demo_seed.hpp"

#include <array>

#include <fmt/core.h>

#include "sim/board.hpp"
#include "sim/naive_nor_driver.hpp"
#include "tools/output.hpp"

namespace norboot::tools::demo {
namespace {

// MCUboot's trailer magic, as the seed's firmware held it: a constant in MCU flash, which the
// SPIM's EasyDMA cannot read.
static const std::array<std::byte, 16> kTrailerMagic = {
    std::byte{0x77}, std::byte{0xc2}, std::byte{0x95}, std::byte{0xf3}, std::byte{0x60}, std::byte{0xd2},
    std::byte{0xef}, std::byte{0x7f}, std::byte{0x35}, std::byte{0x52}, std::byte{0x50}, std::byte{0x0f},
    std::byte{0x2c}, std::byte{0xb6}, std::byte{0x79}, std::byte{0x80}};

std::string hex(std::span<const std::byte> b) {
  std::string s;
  for (std::byte x : b) s += fmt::format("{:02x} ", std::to_integer<unsigned>(x));
  if (!s.empty()) s.pop_back();
  return s;
}

/// Writes `data` at `off` of the board's external chip with the naive driver, then with norboot's
/// (on an erased sector each), and reports what the chip holds afterwards.
void compare(sim::Board& b, uint32_t off, std::span<const std::byte> data, Chapter& c) {
  sim::NaiveNorDriver naive(b.bus(), b.clock(), b.external().geometry());
  std::vector<std::byte> got(data.size());
  auto show = [&](const char* who, flash::Flash& drv, uint32_t at) {
    auto st = drv.erase(at & ~0xFFFu, 4096);
    if (st) st = drv.write(at, data);
    const bool reported_ok = static_cast<bool>(st);
    (void)b.external().read(at, got);
    const bool landed = std::equal(got.begin(), got.end(), data.begin());
    c.lines.push_back(fmt::format("  {:<15} write {}; the chip holds: {}  -> {}", who,
                                  reported_ok ? "reported success" : "failed: " + describe(st.error()), hex(got),
                                  landed ? "correct" : "WRONG"));
    return landed;
  };
  const bool naive_ok = show("naive driver:", naive, off);
  const bool norboot_ok = show("norboot driver:", b.external(), off + 4096);
  c.ok = !naive_ok && norboot_ok;  // the story: the naive driver fails exactly as the board did
}

}  // namespace

Chapter probe_chapter() {
  Chapter c{"The chip on the motivating board (nrf52833-mx25r3235f), probed by the norboot driver", {}, true};
  auto board = sim::Board::create(*sim::find_board("nrf52833-mx25r3235f"));
  if (!board) {
    c.ok = false;
    c.lines.push_back("  probe failed: " + describe(board.error()));
    return c;
  }
  const spinor::ChipInfo& info = (*board)->external().chip();
  c.lines.push_back(fmt::format("  JEDEC ID {:02x} {:02x} {:02x} ({}), geometry from {}: {} KiB, {}-byte pages",
                                info.jedec_id[0], info.jedec_id[1], info.jedec_id[2], info.part_name,
                                info.source == spinor::ParamSource::kSfdp ? "SFDP" : "the known-ID table",
                                info.size / 1024, info.page_size));
  for (uint8_t i = 0; i < info.erase_count; ++i) {
    c.lines.push_back(fmt::format("  erase {:>5} KiB with 0x{:02x}: typ {:.0f} ms, max {:.0f} ms", info.erase[i].size / 1024,
                                  info.erase[i].opcode, info.erase[i].typ_ns / 1e6, info.erase[i].max_ns / 1e6));
  }
  return c;
}

Chapter dma_magic_chapter() {
  Chapter c{"Seed failure 1: the trailer magic from a static const array, over the nRF52833 SPIM", {}, true};
  auto board = sim::Board::create(*sim::find_board("nrf52833-mx25r3235f"));
  if (!board) {
    c.ok = false;
    c.lines.push_back("  board: " + describe(board.error()));
    return c;
  }
  c.lines.push_back("  source: 16 bytes in the executable's read-only segment (MCU flash; EasyDMA reads RAM only)");
  compare(**board, 0x3FF0, kTrailerMagic, c);
  return c;
}

Chapter short_write_chapter() {
  Chapter c{"Seed failure 2: a 2-byte write over the nRF52840 QSPI (4-byte multiples only)", {}, true};
  auto board = sim::Board::create(*sim::find_board("nrf52840dk-mx25r6435f"));
  if (!board) {
    c.lines.push_back("  not shown: " + describe(board.error()));
    return c;
  }
  static std::array<std::byte, 2> two{std::byte{0x01}, std::byte{0x02}};  // in RAM: only the length is at fault
  compare(**board, 0x1002, two, c);
  return c;
}

}  // namespace norboot::tools::demo
