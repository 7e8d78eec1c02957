#pragma once
// AgentConfig: what the SMP agent reports about its device (buffer sizes, "os info" text,
// bootloader info). Plain constants chosen by the integration.
#include <cstdint>

namespace norboot::smp {

/// MCUboot's bootloader modes, as bootloader info reports them.
enum class BootloaderMode : int8_t {
  kUnknown = -1, kSingleSlot = 0, kSwapScratch = 1, kOverwrite = 2, kSwapMove = 3, kDirectXip = 4,
  kDirectXipRevert = 5, kRamLoad = 6, kFirmwareLoader = 7, kSingleSlotRamLoad = 8, kSwapOffset = 9,
};

struct AgentConfig {
  uint32_t buf_size = 2048;   // largest request the transport hands over (header included)
  uint32_t buf_count = 2;
  // "os info" fields, in uname order: s n r v b m p i o.
  const char* kernel_name = "norboot";
  const char* node_name = "unknown";
  const char* release = "0.1.0";
  const char* version = "0.1.0";
  const char* build_time = "";   // empty: 'b' is not offered
  const char* machine = "arm";
  const char* processor = "cortex-m4";
  const char* platform = "unknown";
  const char* os_name = "norboot";
  const char* bootloader_name = "MCUboot";  // what MCUboot-aware clients look for
  BootloaderMode bootloader_mode = BootloaderMode::kUnknown;
  bool no_downgrade = false;
};

}  // namespace norboot::smp
