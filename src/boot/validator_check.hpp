#pragma once
// ValidatorCheck: the boot core's ImageCheck backed by the image module's streaming validator —
// what a product links. verify() = image::validate() with the device's keyring and policy;
// peek() = image::inspect() (header and TLV sizes, no digest).
#include <span>

#include "boot/image_check.hpp"
#include "image/validator.hpp"

namespace norboot::boot {

class ValidatorCheck final : public ImageCheck {
 public:
  /// `work` is the validator's chunk buffer (≥ image::kMinWorkBuffer; 512 bytes recommended).
  ValidatorCheck(image::Crypto& crypto, const image::Keyring& keys, const image::ValidateOptions& options,
                 std::span<std::byte> work)
      : crypto_(crypto), keys_(keys), options_(options), work_(work) {}

  core::Result<ImageSummary> verify(const flash::Area& area) override;
  core::Result<ImageSummary> peek(const flash::Area& area) override;

 private:
  image::Crypto& crypto_;
  const image::Keyring& keys_;
  image::ValidateOptions options_;
  std::span<std::byte> work_;
};

/// The boot core's view of what the image module learned.
ImageSummary summarize(const image::ImageInfo& info);

}  // namespace norboot::boot
