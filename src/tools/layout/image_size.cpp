#include "tools/layout/image_size.hpp"

#include <filesystem>

#include <fmt/core.h>

#include "flash/ram_flash.hpp"
#include "image/header.hpp"
#include "image/validator.hpp"
#include "tools/layout/layout_files.hpp"

namespace norboot::tools::layout {
namespace fs = std::filesystem;
namespace {

std::string error_text(const core::Error& e) {
  char buf[256];
  core::format_error(e, buf);
  return buf;
}

}  // namespace

ReadResult<ImageInput> measure_image(const std::string& path) {
  auto text = read_text_file(path);
  if (!text) return std::unexpected(text.error());
  if (text->empty()) return std::unexpected(ReadError{path, "", 0, 0, "the image file is empty", "", false});
  ImageInput in;
  in.name = fs::path(path).filename().string();
  in.size = text->size();
  in.measured_by = "file size";
  if (text->size() > 0xFFFFFFFFu) return in;
  // The file as a flash area, so the image module reads it exactly as it reads a slot.
  std::span<std::byte> bytes(reinterpret_cast<std::byte*>(text->data()), text->size());
  flash::RamFlash file("file", flash::Geometry::uniform(1, static_cast<uint32_t>(bytes.size()), 1), bytes);
  const flash::Area area{&file, 0, static_cast<uint32_t>(bytes.size()), in.name.c_str()};
  auto header = image::read_header(area);
  if (!header && header.error().code == core::Errc::kBadMagic) return in;  // not an MCUboot image
  std::array<std::byte, 512> work{};
  auto info = header ? image::inspect(area, work) : core::Result<image::ImageInfo>(std::unexpected(header.error()));
  if (!info) {
    in.measured_by = "file size (its MCUboot header is unreadable: " + error_text(info.error()) + ")";
    return in;
  }
  in.size = info->total_size;
  in.measured_by = fmt::format("MCUboot image header: header 0x{:x} + payload {} + TLVs {} bytes{}", info->header.hdr_size,
                               info->header.img_size, info->total_size - info->header.hdr_size - info->header.img_size,
                               text->size() > info->total_size ? fmt::format(", file {} bytes", text->size()) : "");
  return in;
}

}  // namespace norboot::tools::layout
