// SpiNor::probe(): identify the part by its SFDP tables, with the known-ID table as fallback. Kept
// apart from the shared probe steps (spi_nor_probe.cpp) so that a program calling only
// probe_known() links neither this object, its strings, nor the SFDP parser.
#include <algorithm>
#include <array>
#include <optional>

#include "spinor/known_chips.hpp"
#include "spinor/sfdp.hpp"
#include "spinor/spi_nor.hpp"

namespace norboot::spinor {

using core::Errc;
using core::Error;
using core::fail;

namespace {

constexpr uint32_t kNoOffset = Error::kNoOffset;

}  // namespace

core::Status SpiNor::probe() {
  NB_TRY(start_probe());
  NB_TRY(identify());
  return finish_probe();
}

// RDID, then SFDP; the known-ID table only when SFDP is absent or broken. The block-protect rule
// always comes from the table (SFDP cannot describe it).
core::Status SpiNor::identify() {
  const std::array<uint8_t, 3> id = NB_TRY(read_jedec_id());
  chip_.jedec_id = id;
  const core::Status sfdp = discover_sfdp();
  if (sfdp) {
    chip_.protect = protect_rule(id);
    return core::ok();
  }
  if (std::optional<ChipInfo> known = known_chip(id)) {
    chip_ = *known;
    return core::ok();
  }
  if (sfdp.error().code == Errc::kBadMagic) {
    return fail(Error{.code = Errc::kUnsupported, .what = "no SFDP table, and the JEDEC ID (found) is not in the known-part table"}
                    .at(name(), kNoOffset)
                    .values(0, jedec_id24(id)));
  }
  return fail(sfdp.error().at(name(), kNoOffset));
}

core::Status SpiNor::discover_sfdp() {
  NB_TRY(port_.read_sfdp(0, work_.first(sfdp::kHeaderBytes)));
  const sfdp::Header header = NB_TRY(sfdp::parse_header(work_.first(sfdp::kHeaderBytes)));
  const size_t count = std::min<size_t>(header.param_count, sfdp::kMaxParamHeaders);
  NB_TRY(port_.read_sfdp(sfdp::kHeaderBytes, work_.first(count * sfdp::kHeaderBytes)));
  std::optional<sfdp::ParamHeader> basic, four_byte;
  for (size_t i = 0; i < count; ++i) {
    const sfdp::ParamHeader ph = sfdp::parse_param_header(work_.subspan(i * sfdp::kHeaderBytes));
    if (ph.id == sfdp::kIdBasic && !basic) basic = ph;
    if (ph.id == sfdp::kId4ByteInstructions && !four_byte) four_byte = ph;
  }
  if (!basic) {
    return fail(Error{.code = Errc::kCorrupt, .what = "SFDP has no basic flash parameter table (0xFF00)"}
                    .values(sfdp::kIdBasic, sfdp::parse_param_header(work_).id));
  }
  ChipInfo info;
  info.jedec_id = chip_.jedec_id;
  const size_t basic_bytes = std::min<size_t>(basic->len_dw, sfdp::kMaxBasicDwords) * 4;
  NB_TRY(port_.read_sfdp(basic->pointer, work_.first(basic_bytes)));
  NB_TRY(sfdp::parse_basic_table(work_.first(basic_bytes), basic->len_dw, info));
  if (four_byte) {
    NB_TRY(port_.read_sfdp(four_byte->pointer, work_.first(8)));
    NB_TRY(sfdp::parse_4byte_table(work_.first(8), four_byte->len_dw, info));
  }
  if (std::optional<ChipInfo> known = known_chip(info.jedec_id)) info.part_name = known->part_name;
  chip_ = info;
  return core::ok();
}

}  // namespace norboot::spinor
