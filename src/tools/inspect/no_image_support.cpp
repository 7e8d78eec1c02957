// The image support of a build without the image module: slots show erased / data only, and the
// next-boot prediction says that image validity could not be checked.
#include "tools/inspect/image_support.hpp"

namespace norboot::tools::inspect {
namespace {

class NoImageCheck final : public boot::ImageCheck {
 public:
  core::Result<boot::ImageSummary> verify(const flash::Area& a) override { return refuse(a); }
  core::Result<boot::ImageSummary> peek(const flash::Area& a) override { return refuse(a); }

 private:
  static core::Result<boot::ImageSummary> refuse(const flash::Area& a) {
    return core::fail(core::Error{.code = core::Errc::kUnsupported, .what = "image validation is not built into this norboot"}
                          .at(a.dev ? a.dev->name() : "", a.off)
                          .in_area(a.name));
  }
};

class NoImageSupport final : public ImageSupport {
 public:
  ImageFacts describe(const flash::Area&) override { return {}; }
  boot::ImageCheck& check() override { return check_; }
  std::string summary() const override { return "no image format built in: slots show erased / data only"; }
  bool knows_images() const override { return false; }

 private:
  NoImageCheck check_;
};

}  // namespace

std::unique_ptr<ImageSupport> make_image_support(const std::vector<std::string>& key_files, std::string& error) {
  if (!key_files.empty()) {
    error = "-k/--key needs the image module, which this norboot was built without";
    return nullptr;
  }
  return std::make_unique<NoImageSupport>();
}

}  // namespace norboot::tools::inspect
