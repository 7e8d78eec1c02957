#pragma once
// The demo's update over SMP: the virtual board (bootloader + SMP agent) on a thread, driven over
// UDP by norboot's mcumgr client exactly as `norboot mcumgr` drives a real device.
#include <filesystem>
#include <vector>

#include "tools/demo_report.hpp"

namespace norboot::tools::demo {

/// On the board in `state_dir` (v1 flashed): list, a too-large upload refused with the flash files
/// unchanged, upload v2, test, reset (swap), confirm, reset. Two chapters: the update, the refusal.
/// The upload, the swap and the confirm are measured into `phases`.
std::vector<Chapter> smp_update_chapters(const std::filesystem::path& state_dir, const std::vector<std::byte>& v2,
                                         const std::vector<std::byte>& too_large, std::vector<Phase>& phases);

}  // namespace norboot::tools::demo
