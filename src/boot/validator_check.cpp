#include "boot/validator_check.hpp"

#include <algorithm>

namespace norboot::boot {

ImageSummary summarize(const image::ImageInfo& info) {
  ImageSummary s;
  const image::Version& v = info.header.version;
  s.version = {v.major, v.minor, v.revision, v.build};
  s.size = info.total_size;
  s.load_addr = info.header.load_addr;
  s.flags = info.header.flags;
  s.hash_len = static_cast<uint8_t>(std::min<size_t>(info.hash_len, s.hash.size()));
  std::copy_n(info.hash.begin(), s.hash_len, s.hash.begin());
  s.has_security_counter = info.has_security_counter;
  s.security_counter = info.security_counter;
  s.dep_count = static_cast<uint8_t>(std::min<size_t>(info.dependency_count, s.deps.size()));
  for (uint8_t i = 0; i < s.dep_count; ++i) {
    const image::Dependency& d = info.dependencies[i];
    s.deps[i] = {d.image_id, {d.min_version.major, d.min_version.minor, d.min_version.revision, d.min_version.build}};
  }
  s.signature_checked = info.signature_checked;
  return s;
}

core::Result<ImageSummary> ValidatorCheck::verify(const flash::Area& area) {
  return summarize(NB_TRY(image::validate(area, options_, keys_, crypto_, work_)));
}

core::Result<ImageSummary> ValidatorCheck::peek(const flash::Area& area) {
  return summarize(NB_TRY(image::inspect(area, work_)));
}

}  // namespace norboot::boot
