#pragma once
// The inspector's image support for MCUboot images, through the image module: image::inspect()
// for the header and TLV areas, image::validate() (OpenSSL backend) for the hash and, with -k
// keys, the signature; boot::ValidatorCheck is the ImageCheck the next-boot prediction and the
// dry run use. Without keys an image passes on its hash (the report says the signature was not
// checked), as imgtool verify does without a key.
#include <memory>
#include <string>
#include <vector>

#include "boot/validator_check.hpp"
#include "crypto_openssl/openssl_crypto.hpp"
#include "tools/inspect/image_support.hpp"

namespace norboot::tools::inspect {

class McubootImageSupport final : public ImageSupport {
 public:
  /// `keys`: the bytes imgtool embeds for each trusted public key, with a name (file) each.
  explicit McubootImageSupport(std::vector<std::pair<std::string, std::vector<std::byte>>> keys);

  ImageFacts describe(const flash::Area& area) override;
  boot::ImageCheck& check() override { return check_; }
  std::string summary() const override;
  bool knows_images() const override { return true; }

 private:
  void list_tlvs(const flash::Area& area, const image::TlvLayout& layout, ImageFacts& f);
  void judge(const flash::Area& area, const image::ImageInfo& info, ImageFacts& f);

  std::vector<std::pair<std::string, std::vector<std::byte>>> key_bytes_;
  std::vector<image::TrustedKey> trusted_;
  image::Keyring keyring_;
  crypto_openssl::OpenSslCrypto crypto_;
  image::ValidateOptions options_;
  std::vector<std::byte> work_ = std::vector<std::byte>(512);
  std::vector<std::byte> check_work_ = std::vector<std::byte>(512);
  boot::ValidatorCheck check_;
};

/// Loads a PEM public key (SubjectPublicKeyInfo), or the public half of an unencrypted PEM
/// private key, as the bytes imgtool embeds. Error text names the file.
std::optional<std::vector<std::byte>> load_public_key(const std::string& path, std::string& error);

}  // namespace norboot::tools::inspect
