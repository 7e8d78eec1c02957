#include "tools/layout/image_size.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/core.h>

namespace norboot::tools::layout {
namespace fs = std::filesystem;

ReadResult<ImageInput> measure_image(const std::string& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) return std::unexpected(ReadError{path, "", 0, 0, "cannot read the image: " + ec.message(), "", true});
  if (size == 0) return std::unexpected(ReadError{path, "", 0, 0, "the image file is empty", "", false});
  ImageInput in;
  in.size = size;
  in.name = fs::path(path).filename().string();
  in.measured_by = "file size";
  return in;
}

}  // namespace norboot::tools::layout
