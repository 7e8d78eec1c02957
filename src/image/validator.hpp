#pragma once
// The image validator: reads an image from a flash Area in chunks through a caller buffer (never
// the whole image in RAM) and checks it the way MCUboot's bootutil_img_validate does, with errors
// that say which field, where (area, device, device-absolute offset) and expected vs found.
//
//   inspect()   header + both TLV areas: sizes, the hash TLV, key and signature TLVs, security
//               counter, dependencies, boot record, encryption/compression flags. No digest, no
//               signature. Cheap: what `image list` and the boot core's peek need.
//   validate()  inspect(), then the policy (TLV allow list, security counter floor), the hash
//               over header + payload + protected TLVs, the key (KEYHASH or PUBKEY against the
//               keyring) and the signature.
//
// RAM: work_buf (≥ the largest signature TLV, 384 bytes for RSA-3072; 512 recommended) + one
// HashState + ~200 bytes of locals; see bench/image_validate_bench.cpp for the measured figure.
#include <cstdint>
#include <span>

#include "core/result.hpp"
#include "flash/area.hpp"
#include "image/crypto.hpp"
#include "image/image_info.hpp"
#include "image/keyring.hpp"

namespace norboot::image {

inline constexpr size_t kMinWorkBuffer = 64;

struct ValidateOptions {
  /// false: an image passes on its hash alone when no signature verifies (imgtool `verify`
  /// without a key; a bootloader built without signature checks).
  bool require_signature = true;
  /// MCUboot's TLV allow list: only keys, hashes, signatures and encryption keys may sit in the
  /// unprotected area (anything else there could be changed without breaking the signature).
  bool enforce_allow_list = true;
  /// Refuse images whose security counter is below this (0: no floor). An image without a
  /// SEC_CNT TLV counts as 0.
  uint32_t min_security_counter = 0;
};

/// Errors: read_header's and read_tlv_layout's, the TLV iterator's, plus
///   kCorrupt "second hash TLV" / "hash TLV length differs from its digest size" /
///            "SEC_CNT TLV length" / "DEPENDENCY TLV length" / "SIG_PURE TLV length",
///   kTooLarge "more DEPENDENCY TLVs than ImageInfo holds" / "more signature TLVs than ImageInfo holds",
///   kNoSpace "work buffer smaller than kMinWorkBuffer".
core::Result<ImageInfo> inspect(const flash::Area& slot, std::span<std::byte> work_buf);

/// inspect()'s errors, plus
///   kCorrupt   "TLV not allowed in the unprotected area" (allow list),
///   kDowngrade "security counter below the device's floor",
///   kUnsupported "image is encrypted (decryption is not built in)",
///   kNotFound  "hash TLV (SHA256/SHA384/SHA512)",
///   kMismatch  "image hash (hash TLV) does not match header + payload + protected TLVs",
///   kSignature "KEYHASH matches no trusted key" / "PUBKEY is not a trusted key" /
///              "signature TLV without a KEYHASH or PUBKEY before it" /
///              "signature type does not fit the trusted key" / "signature does not verify" /
///              "no signature TLV" (require_signature),
///   kNoSpace   "signature TLV larger than the work buffer", crypto backend errors.
/// A hash-only build (NORBOOT_SIGNATURES=0, core/build_config.hpp) skips the key and signature
/// checks and instead refuses require_signature with kUnsupported "signature required, but this
/// build checks hashes only".
core::Result<ImageInfo> validate(const flash::Area& slot, const ValidateOptions& options, const Keyring& keys,
                                 Crypto& crypto, std::span<std::byte> work_buf);

}  // namespace norboot::image
