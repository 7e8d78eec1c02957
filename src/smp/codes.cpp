#include "smp/codes.hpp"

#include <array>

namespace norboot::smp {
namespace {

constexpr std::array<std::string_view, 14> kMgmtNames{
    "EOK", "EUNKNOWN", "ENOMEM", "EINVAL", "ETIMEOUT", "ENOENT", "EBADSTATE",
    "EMSGSIZE", "ENOTSUP", "ECORRUPT", "EBUSY", "EACCESSDENIED", "UNSUPPORTED_TOO_OLD",
    "UNSUPPORTED_TOO_NEW"};

constexpr std::array<std::string_view, 34> kImgNames{
    "OK", "UNKNOWN", "FLASH_CONFIG_QUERY_FAIL", "NO_IMAGE", "NO_TLVS", "INVALID_TLV",
    "TLV_MULTIPLE_HASHES_FOUND", "TLV_INVALID_SIZE", "HASH_NOT_FOUND", "NO_FREE_SLOT",
    "FLASH_OPEN_FAILED", "FLASH_READ_FAILED", "FLASH_WRITE_FAILED", "FLASH_ERASE_FAILED",
    "INVALID_SLOT", "NO_FREE_MEMORY", "FLASH_CONTEXT_ALREADY_SET", "FLASH_CONTEXT_NOT_SET",
    "FLASH_AREA_DEVICE_NULL", "INVALID_PAGE_OFFSET", "INVALID_OFFSET", "INVALID_LENGTH",
    "INVALID_IMAGE_HEADER", "INVALID_IMAGE_HEADER_MAGIC", "INVALID_HASH",
    "INVALID_FLASH_ADDRESS", "VERSION_GET_FAILED", "CURRENT_VERSION_IS_NEWER",
    "IMAGE_ALREADY_PENDING", "INVALID_IMAGE_VECTOR_TABLE", "INVALID_IMAGE_TOO_LARGE",
    "INVALID_IMAGE_DATA_OVERRUN", "IMAGE_CONFIRMATION_DENIED",
    "IMAGE_SETTING_TEST_TO_ACTIVE_DENIED"};

constexpr std::array<std::string_view, 7> kOsNames{
    "OK", "UNKNOWN", "INVALID_FORMAT", "QUERY_YIELDS_NO_ANSWER", "RTC_NOT_SET",
    "RTC_COMMAND_FAILED", "QUERY_RESPONSE_VALUE_NOT_VALID"};

// Image group → v1 "rc" (Zephyr img_mgmt_translate_error_code); unlisted codes → EUNKNOWN.
struct Translation {
  uint16_t group_rc;
  MgmtErr rc;
};
constexpr std::array<Translation, 13> kImgToV1{{
    {static_cast<uint16_t>(ImgErr::kNoImage), MgmtErr::kNoEnt},
    {static_cast<uint16_t>(ImgErr::kNoTlvs), MgmtErr::kNoEnt},
    {static_cast<uint16_t>(ImgErr::kNoFreeSlot), MgmtErr::kBadState},
    {static_cast<uint16_t>(ImgErr::kCurrentVersionIsNewer), MgmtErr::kBadState},
    {static_cast<uint16_t>(ImgErr::kImageAlreadyPending), MgmtErr::kBadState},
    {static_cast<uint16_t>(ImgErr::kNoFreeMemory), MgmtErr::kNoMem},
    {static_cast<uint16_t>(ImgErr::kInvalidSlot), MgmtErr::kInval},
    {static_cast<uint16_t>(ImgErr::kInvalidPageOffset), MgmtErr::kInval},
    {static_cast<uint16_t>(ImgErr::kInvalidOffset), MgmtErr::kInval},
    {static_cast<uint16_t>(ImgErr::kInvalidLength), MgmtErr::kInval},
    {static_cast<uint16_t>(ImgErr::kInvalidImageHeader), MgmtErr::kInval},
    {static_cast<uint16_t>(ImgErr::kInvalidHash), MgmtErr::kInval},
    {static_cast<uint16_t>(ImgErr::kInvalidFlashAddress), MgmtErr::kInval},
}};

// OS group → v1 "rc" (Zephyr os_mgmt_translate_error_code).
constexpr std::array<Translation, 3> kOsToV1{{
    {static_cast<uint16_t>(OsErr::kInvalidFormat), MgmtErr::kInval},
    {static_cast<uint16_t>(OsErr::kQueryYieldsNoAnswer), MgmtErr::kNoEnt},
    {static_cast<uint16_t>(OsErr::kRtcNotSet), MgmtErr::kNoEnt},
}};

template <size_t N>
MgmtErr translate(const std::array<Translation, N>& table, uint16_t rc) {
  for (const Translation& t : table) {
    if (t.group_rc == rc) return t.rc;
  }
  return MgmtErr::kUnknown;
}

template <size_t N>
std::string_view name_in(const std::array<std::string_view, N>& names, uint16_t v) {
  return v < N ? names[v] : std::string_view{};
}

}  // namespace

MgmtErr v1_rc(GroupError e) {
  if (e.group == static_cast<uint16_t>(Group::kImage)) return translate(kImgToV1, e.rc);
  if (e.group == static_cast<uint16_t>(Group::kOs)) return translate(kOsToV1, e.rc);
  return MgmtErr::kUnknown;
}

std::string_view mgmt_err_name(uint16_t rc) { return name_in(kMgmtNames, rc); }
std::string_view img_err_name(uint16_t rc) { return name_in(kImgNames, rc); }
std::string_view os_err_name(uint16_t rc) { return name_in(kOsNames, rc); }

std::string_view group_name(uint16_t group) {
  constexpr std::array<std::string_view, 11> kNames{"os", "image", "stat", "settings", "log", "crash",
                                                    "split", "run", "fs", "shell", "enum"};
  if (group < kNames.size()) return kNames[group];
  if (group == static_cast<uint16_t>(Group::kZephyrBasic)) return "zephyr_basic";
  return {};
}

}  // namespace norboot::smp
