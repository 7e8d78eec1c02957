#pragma once
// ImageSupport: what the inspector needs from the image module, behind one interface so the
// inspector is complete without it and gains image details when it is linked:
//   describe(area) — what image sits at the start of an area: header fields, TLVs, hash and
//                    signature verdicts with the given keys (ImageFacts);
//   check()        — the boot::ImageCheck the bootloader itself would use (next-boot prediction
//                    and the dry run use exactly this).
// make_image_support() picks the best implementation this build has.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "boot/image_check.hpp"
#include "flash/area.hpp"

namespace norboot::tools::inspect {

struct TlvFacts {
  uint16_t type = 0;
  uint32_t len = 0;
  std::string name;         // "SHA256", "ECDSA_SIG", …
  bool protected_tlv = false;
};

struct ImageFacts {
  bool present = false;                 // an image header was recognised at the area start
  std::string format;                   // "MCUboot image", …
  boot::Version version;
  uint32_t header_size = 0;
  uint32_t image_size = 0;              // payload bytes
  uint32_t protected_tlv_size = 0;
  uint32_t total_size = 0;              // header + payload + TLV areas (what a swap moves)
  uint32_t load_addr = 0;
  uint32_t flags = 0;
  std::vector<TlvFacts> tlvs;
  std::optional<bool> hash_ok;          // nullopt: not checked
  std::optional<bool> signature_ok;     // nullopt: no signature TLV or no key given
  std::string key;                      // the key that verified it
  std::string problem;                  // first thing wrong: field, offset, expected vs found
};

class ImageSupport {
 public:
  virtual ~ImageSupport() = default;
  virtual ImageFacts describe(const flash::Area& area) = 0;
  virtual boot::ImageCheck& check() = 0;
  /// What this support can do, for the report ("MCUboot images; keys: k.pem").
  virtual std::string summary() const = 0;
  /// False when no image format is built in: slots then show only erased / data.
  virtual bool knows_images() const = 0;
};

/// The image support this build offers, with `key_files` as trusted keys. Error text when a key
/// cannot be loaded.
std::unique_ptr<ImageSupport> make_image_support(const std::vector<std::string>& key_files, std::string& error);

}  // namespace norboot::tools::inspect
