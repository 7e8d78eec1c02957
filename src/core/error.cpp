#include "core/error.hpp"

#include "core/text.hpp"

namespace norboot::core {

std::string_view errc_name(Errc code) {
  switch (code) {
    case Errc::kOutOfRange: return "out_of_range";
    case Errc::kMisaligned: return "misaligned";
    case Errc::kInvalidArgument: return "invalid_argument";
    case Errc::kWriteProtected: return "write_protected";
    case Errc::kTimeout: return "timeout";
    case Errc::kIo: return "io";
    case Errc::kPowerLost: return "power_lost";
    case Errc::kBadMagic: return "bad_magic";
    case Errc::kCorrupt: return "corrupt";
    case Errc::kMismatch: return "mismatch";
    case Errc::kNotFound: return "not_found";
    case Errc::kUnsupported: return "unsupported";
    case Errc::kTooLarge: return "too_large";
    case Errc::kBusy: return "busy";
    case Errc::kNoSpace: return "no_space";
    case Errc::kBadState: return "bad_state";
    case Errc::kWriteLimit: return "write_limit";
    case Errc::kSignature: return "signature";
    case Errc::kDowngrade: return "downgrade";
  }
  return "unknown";
}

size_t format_error(const Error& e, std::span<char> out) {
  TextBuf t(out);
  bool where = e.area[0] != '\0' || e.device[0] != '\0' || e.offset != Error::kNoOffset;
  if (e.area[0] != '\0') t.str(e.area.c_str()).ch(' ');
  if (where && (e.device[0] != '\0' || e.offset != Error::kNoOffset)) {
    t.ch('(');
    if (e.device[0] != '\0') t.str(e.device.c_str());
    if (e.offset != Error::kNoOffset) {
      if (e.device[0] != '\0') t.ch(' ');
      t.str("@").hex(e.offset, 6);
    }
    t.ch(')');
  }
  if (where) t.str(": ");
  t.str(e.what[0] != '\0' ? std::string_view(e.what) : errc_name(e.code));
  if (e.has_values) t.str(": expected ").hex(e.expected).str(", found ").hex(e.found);
  return t.size();
}

}  // namespace norboot::core
