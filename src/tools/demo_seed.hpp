#pragma once
// The seed story of the demo, chapter by chapter: each returns what it showed as lines for the
// report and whether norboot got it right.
#include <string>
#include <vector>

namespace norboot::tools::demo {

struct Chapter {
  std::string title;
  std::vector<std::string> lines;
  bool ok = true;
};

/// Probe of the motivating board's chip; the trailer magic from a `static const` array over SPIM
/// (naive driver vs norboot); a 2-byte write over the nRF52840's QSPI (naive vs norboot).
Chapter probe_chapter();
Chapter dma_magic_chapter();
Chapter short_write_chapter();

}  // namespace norboot::tools::demo
