#include "smp/detail/backend_errors.hpp"

#include <array>

namespace norboot::smp::detail {
namespace {

using core::Errc;

struct Mapping {
  Errc code;
  ImgErr err;
};

// Errors that mean the same whatever was being done. Device failures and kBadState depend on the
// operation and are passed in.
constexpr std::array<Mapping, 8> kFixed{{
    {Errc::kBadMagic, ImgErr::kInvalidImageHeaderMagic},
    {Errc::kCorrupt, ImgErr::kInvalidTlv},
    {Errc::kMismatch, ImgErr::kInvalidHash},
    {Errc::kNotFound, ImgErr::kNoImage},
    {Errc::kTooLarge, ImgErr::kInvalidImageTooLarge},
    {Errc::kDowngrade, ImgErr::kCurrentVersionIsNewer},
    {Errc::kNoSpace, ImgErr::kNoFreeMemory},
    {Errc::kSignature, ImgErr::kUnknown},
}};

constexpr bool is_device_failure(Errc c) {
  return c == Errc::kIo || c == Errc::kTimeout || c == Errc::kPowerLost || c == Errc::kWriteProtected ||
         c == Errc::kOutOfRange || c == Errc::kMisaligned || c == Errc::kBusy;
}

}  // namespace

ImgErr img_err_for(const core::Error& e, ImgErr io, ImgErr bad_state) {
  if (is_device_failure(e.code)) return io;
  if (e.code == Errc::kBadState) return bad_state;
  for (const Mapping& m : kFixed) {
    if (m.code == e.code) return m.err;
  }
  return ImgErr::kUnknown;
}

void describe_into(core::TextBuf& reason, const char* prefix, const core::Error& e) {
  char line[112];
  core::format_error(e, line);
  reason.str(prefix).str(": ").str(line);
}

}  // namespace norboot::smp::detail
