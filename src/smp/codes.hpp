#pragma once
// SMP numbers (reference smp.md §2–§3): group and command ids, the SMP-layer result codes
// (MGMT_ERR, carried as "rc"), the OS and image groups' own codes (carried in v2 as
// {"err": {"group", "rc"}}), and how a group code becomes an "rc" for an SMP v1 client — the
// mapping Zephyr applies, as constexpr tables.
#include <cstdint>
#include <string_view>

namespace norboot::smp {

enum class Group : uint16_t {
  kOs = 0, kImage = 1, kStat = 2, kSettings = 3, kLog = 4, kCrash = 5, kSplit = 6, kRun = 7,
  kFs = 8, kShell = 9, kEnum = 10, kZephyrBasic = 63,
};

namespace os_cmd {
inline constexpr uint8_t kEcho = 0, kConsoleEcho = 1, kTaskStat = 2, kMpStat = 3, kDateTime = 4,
                         kReset = 5, kParams = 6, kInfo = 7, kBootloaderInfo = 8;
}
namespace image_cmd {
inline constexpr uint8_t kState = 0, kUpload = 1, kFile = 2, kCoreList = 3, kCoreLoad = 4,
                         kErase = 5, kSlotInfo = 6;
}

/// SMP-layer result codes ("rc").
enum class MgmtErr : uint16_t {
  kOk = 0, kUnknown = 1, kNoMem = 2, kInval = 3, kTimeout = 4, kNoEnt = 5, kBadState = 6,
  kMsgSize = 7, kNotSup = 8, kCorrupt = 9, kBusy = 10, kAccessDenied = 11,
  kTooOld = 12, kTooNew = 13,
};

/// Image group (1) codes.
enum class ImgErr : uint16_t {
  kOk = 0, kUnknown = 1, kFlashConfigQueryFail = 2, kNoImage = 3, kNoTlvs = 4, kInvalidTlv = 5,
  kTlvMultipleHashesFound = 6, kTlvInvalidSize = 7, kHashNotFound = 8, kNoFreeSlot = 9,
  kFlashOpenFailed = 10, kFlashReadFailed = 11, kFlashWriteFailed = 12, kFlashEraseFailed = 13,
  kInvalidSlot = 14, kNoFreeMemory = 15, kFlashContextAlreadySet = 16, kFlashContextNotSet = 17,
  kFlashAreaDeviceNull = 18, kInvalidPageOffset = 19, kInvalidOffset = 20, kInvalidLength = 21,
  kInvalidImageHeader = 22, kInvalidImageHeaderMagic = 23, kInvalidHash = 24,
  kInvalidFlashAddress = 25, kVersionGetFailed = 26, kCurrentVersionIsNewer = 27,
  kImageAlreadyPending = 28, kInvalidImageVectorTable = 29, kInvalidImageTooLarge = 30,
  kInvalidImageDataOverrun = 31, kImageConfirmationDenied = 32,
  kImageSettingTestToActiveDenied = 33,
};

/// OS group (0) codes.
enum class OsErr : uint16_t {
  kOk = 0, kUnknown = 1, kInvalidFormat = 2, kQueryYieldsNoAnswer = 3, kRtcNotSet = 4,
  kRtcCommandFailed = 5, kQueryResponseValueNotValid = 6,
};

/// A group's own error: what a v2 client sees in "err".
struct GroupError {
  uint16_t group = 0;
  uint16_t rc = 0;
};

/// The "rc" an SMP v1 client gets for a group error (Zephyr's per-group translation; groups
/// without one map to kUnknown).
MgmtErr v1_rc(GroupError e);

/// Short names for messages ("ENOTSUP", "INVALID_IMAGE_TOO_LARGE"); "" for unknown values.
std::string_view mgmt_err_name(uint16_t rc);
std::string_view img_err_name(uint16_t rc);
std::string_view os_err_name(uint16_t rc);
std::string_view group_name(uint16_t group);

}  // namespace norboot::smp
