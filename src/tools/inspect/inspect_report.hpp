#pragma once
// analyze(): everything `norboot inspect` says about a pair of dumps — the plan the bootloader
// computes for the map, each area's contents, trailers and progress logs, and the next boot.
#include <optional>
#include <string>
#include <vector>

#include "tools/inspect/next_boot.hpp"
#include "tools/inspect/slot_report.hpp"
#include "tools/inspect/target.hpp"

namespace norboot::tools::inspect {

struct InspectReport {
  const InspectTarget* target = nullptr;
  std::optional<boot::SlotPlan> plan;  // nullopt: the map does not support the strategy
  std::string plan_error;
  std::vector<SlotReport> slots;       // every area of the map (containers left out), by device and offset
  NextBoot next;
  std::string image_support;           // what the image support could check

  const SlotReport* slot(layout::Role r) const;
};

InspectReport analyze(const InspectTarget& t, ImageSupport& images);

}  // namespace norboot::tools::inspect
