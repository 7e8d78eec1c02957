#pragma once
// The image builder behind `imgtool sign`, following imgtool 2.x's Image.create()/save() byte for
// byte (where imgtool is deterministic: unsigned and Ed25519 images):
//   [header, hdr_size bytes (payload starts with zeros, or --pad-header prepends erased bytes)]
//   [payload]
//   [protected TLVs: SEC_CNT, BOOT_RECORD, DEPENDENCY…, UUID_VID, UUID_CID, custom TLVs in
//    command-line order (--custom-tlv before --custom-tlv-file)]
//   [unprotected TLVs: hash, SIG_PURE (pure), KEYHASH or PUBKEY, signature]
//   [--pad: erased bytes up to the slot end, the trailer's image_ok (--confirm) and magic]
// in either byte order (image_packing.hpp). The signature is made with the private key, or is
// given (--fix-sig, checked against --fix-sig-pubkey); --vector-to-sign stops before the
// unprotected TLVs and hands out what an external signer signs.
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "image/crypto.hpp"
#include "image/image_info.hpp"
#include "tools/imgtool/image_packing.hpp"
#include "tools/imgtool/image_file.hpp"
#include "tools/imgtool/key_file.hpp"
#include "tools/imgtool/uuid_id.hpp"

namespace norboot::tools::imgtool {

struct TrailerOptions {
  uint32_t slot_size = 0;
  uint32_t align = 1;            // --align: 1, 2, 4, 8, 16, 32
  uint32_t max_align = 8;        // --max-align (default max(8, align))
  uint32_t max_sectors = 128;    // --max-sectors
  bool overwrite_only = false;
  uint8_t erased_val = 0xff;
};

/// imgtool's trailer size for padding and its -S check (status area for max_sectors, four flag
/// cells, the magic cell; overwrite-only: two cells and the magic).
uint32_t imgtool_trailer_size(const TrailerOptions& t);

/// --vector-to-sign: what an external signer needs instead of the image.
enum class SignVector : uint8_t { kNone, kPayload, kDigest };

struct SignRequest {
  std::vector<std::byte> payload;
  std::optional<uint32_t> base_addr;   // Intel HEX input address
  uint32_t header_size = image::kHeaderSize;
  bool pad_header = false;
  image::Version version;
  uint32_t load_addr = 0;              // -L: RAM_LOAD when non-zero
  std::optional<uint32_t> rom_fixed;   // --rom-fixed: ROM_FIXED, written as the load address
  bool non_bootable = false;
  std::optional<uint32_t> security_counter;
  std::vector<image::Dependency> dependencies;
  std::optional<std::string> boot_record;
  std::optional<Uuid> vendor_id;       // --vid: UUID_VID TLV
  std::optional<Uuid> class_id;        // --cid: UUID_CID TLV
  std::vector<std::pair<uint16_t, std::vector<std::byte>>> custom_tlvs;
  const KeyFile* key = nullptr;        // -k: signs (a public key only with --vector-to-sign)
  const KeyFile* fixed_sig_key = nullptr;                  // --fix-sig-pubkey
  std::optional<std::vector<std::byte>> fixed_signature;   // --fix-sig, decoded
  SignVector vector = SignVector::kNone;
  bool pad_sig = false;                // --pad-sig: ECDSA signature zero-padded to its maximum DER size
  bool full_public_key = false;        // --public-key-format full
  std::string sha = "auto";            // --sha auto|256|384|512
  bool pure = false;
  bool confirm = false;                // --confirm: image_ok set in the padded trailer
  bool test = false;                   // --test: padded, magic set, image_ok left erased
  TrailerOptions trailer;
  Endian endian = Endian::kLittle;     // --endian
};

struct SignedImage {
  std::vector<std::byte> bytes;        // header … unprotected TLVs (no padding); with
                                       // --vector-to-sign the vector itself
  std::optional<uint32_t> base_addr;
  image::HashAlg hash_alg = image::HashAlg::kSha256;
  std::vector<std::byte> digest;
  std::vector<std::byte> signature;    // the signature TLV's value (empty when unsigned)
  uint32_t trailer_size = 0;
  image::ImageSizes sizes;
};

/// Builds the image. Errors say what was wrong with which value: header region not zero without
/// --pad-header, a key that cannot sign or does not allow --sha/--pure, a custom TLV tag outside
/// 0xa0..0xfffe or clashing, sizes that overflow their header fields, image + trailer larger than
/// -S (by how many bytes), a --fix-sig signature that does not verify with --fix-sig-pubkey.
std::expected<SignedImage, std::string> build_image(const SignRequest& r);

/// The file bytes of a binary output: the image, and with --pad the erased padding up to the slot
/// end holding image_ok (--confirm) and the trailer magic.
std::vector<std::byte> binary_output(const SignedImage& img, const SignRequest& r, bool pad);

/// The segments of an Intel HEX output at `base` (--pad writes only image_ok and the magic).
std::vector<HexSegment> hex_output(const SignedImage& img, const SignRequest& r, bool pad, uint32_t base);

}  // namespace norboot::tools::imgtool
