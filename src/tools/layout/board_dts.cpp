#include "tools/layout/board_dts.hpp"

#include <fmt/core.h>

namespace norboot::tools::layout {
namespace {

struct McuNode {
  std::string_view controller;  // flash controller node
  std::string_view compatible;  // of the flash node
  uint32_t reg_base;            // flash node unit address (partitions are relative to it)
};

McuNode mcu_node(sim::McuFlashKind k) {
  switch (k) {
    case sim::McuFlashKind::kNrf52833:
    case sim::McuFlashKind::kNrf52840:
      return {"flash-controller@4001e000", "\"soc-nv-flash\"", 0x0};
    case sim::McuFlashKind::kStm32f4:
      return {"flash-controller@40023c00", "\"st,stm32-nv-flash\", \"soc-nv-flash\"", 0x08000000};
  }
  return {};
}

/// Node name of each chip (lower case, as devicetree node names are).
std::string_view chip_node(sim::NorChipKind k) {
  switch (k) {
    case sim::NorChipKind::kMx25r3235f: return "mx25r3235f";
    case sim::NorChipKind::kMx25r6435f: return "mx25r6435f";
    case sim::NorChipKind::kW25q128jv: return "w25q128jv";
    case sim::NorChipKind::kW25q256jv: return "w25q256jv";
  }
  return "nor";
}

/// Node labels boards use for each chip (several, so overlays written for either name compile).
std::string_view chip_labels(sim::NorChipKind k) {
  switch (k) {
    case sim::NorChipKind::kMx25r3235f: return "mx25r32: mx25r3235f";
    case sim::NorChipKind::kMx25r6435f: return "mx25r64: mx25r6435f";
    case sim::NorChipKind::kW25q128jv: return "w25q128: w25q128jv";
    case sim::NorChipKind::kW25q256jv: return "w25q256: w25q256jv";
  }
  return "nor";
}

std::string_view first_label(std::string_view labels) { return labels.substr(0, labels.find(':')); }

std::string internal_node(const sim::BoardSpec& b) {
  const flash::Geometry g = sim::mcu_geometry(b.mcu);
  const McuNode n = mcu_node(b.mcu);
  // Uniform flash states its erase block; the STM32F4's mixed sectors are left to the preset.
  const std::string erase = g.run_count == 1 ? fmt::format("\t\t\t\terase-block-size = <{}>;\n", g.runs[0].size) : "";
  return fmt::format(
      "\t\tflash_controller: {} {{\n\t\t\t#address-cells = <1>;\n\t\t\t#size-cells = <1>;\n"
      "\t\t\tflash0: flash@{:x} {{\n\t\t\t\tcompatible = {};\n\t\t\t\treg = <0x{:x} 0x{:x}>;\n{}"
      "\t\t\t\twrite-block-size = <{}>;\n\t\t\t}};\n\t\t}};\n",
      n.controller, n.reg_base, n.compatible, n.reg_base, g.size, erase, g.write_block);
}

std::string external_node(const sim::BoardSpec& b) {
  const flash::Geometry g = sim::nor_geometry(b.chip);
  const bool qspi = b.bus == sim::BusKind::kQspi;
  const std::string_view labels = chip_labels(b.chip);
  return fmt::format(
      "\t\t{}: {} {{\n\t\t\tcompatible = \"{}\";\n\t\t\t#address-cells = <1>;\n\t\t\t#size-cells = <0>;\n"
      "\t\t\t{}: {}@0 {{\n\t\t\t\tcompatible = \"{}\";\n\t\t\t\treg = <0>;\n"
      "\t\t\t\tsize = <0x{:x}>; /* bits */\n\t\t\t}};\n\t\t}};\n",
      qspi ? "qspi" : "spi2", qspi ? "qspi@40029000" : "spi@40023000", qspi ? "nordic,nrf-qspi" : "nordic,nrf-spim",
      labels, chip_node(b.chip), qspi ? "nordic,qspi-nor" : "jedec,spi-nor", uint64_t{g.size} * 8);
}

}  // namespace

std::string board_base_dts(const sim::BoardSpec& b) {
  return fmt::format(
      "/dts-v1/;\n/* norboot: base devicetree for board preset {} */\n/ {{\n\t#address-cells = <1>;\n"
      "\t#size-cells = <1>;\n\tchosen {{\n\t\tzephyr,flash = &flash0;\n\t\tnordic,pm-ext-flash = &{};\n\t}};\n"
      "\tsoc {{\n\t\t#address-cells = <1>;\n\t\t#size-cells = <1>;\n{}{}\t}};\n}};\n",
      b.name, first_label(chip_labels(b.chip)), internal_node(b), external_node(b));
}

}  // namespace norboot::tools::layout
