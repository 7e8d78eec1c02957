#pragma once
// One pass over both TLV areas: fills ImageInfo and remembers where the entries the validator
// needs later are (hash, key/signature pairs, the first TLV the allow list forbids).
#include <array>
#include <span>

#include "core/result.hpp"
#include "flash/area.hpp"
#include "image/image_info.hpp"
#include "image/tlv.hpp"

namespace norboot::image::detail {

/// A signature TLV and the KEYHASH / PUBKEY / KEYID entry that came last before it.
struct SignatureRef {
  TlvEntry key{};
  bool has_key = false;
  TlvEntry sig{};
};

struct Scan {
  ImageInfo info;
  TlvEntry hash_tlv{};
  TlvEntry sec_cnt_tlv{};
  std::array<SignatureRef, kMaxSignatures> sigs{};
  TlvEntry pending_key{};
  bool has_pending_key = false;
  TlvEntry first_disallowed{};
  bool has_disallowed = false;
};

/// Fills `out` from the slot's header and TLVs (an out-parameter, not a Result: a Scan is 360
/// bytes, and a Result<Scan> plus the caller's copy doubled the validator's stack on a Cortex-M).
/// On error `out` holds what was read up to the failure.
core::Status scan_image(const flash::Area& slot, Scan& out);

}  // namespace norboot::image::detail
