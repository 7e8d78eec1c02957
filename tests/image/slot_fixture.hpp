#pragma once
// Test fixtures: an image held in a RamFlash slot (file bytes, or bytes padded into a larger slot),
// the interop vectors' manifest, and the vector keys as a Keyring.
#include <cstddef>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "flash/area.hpp"
#include "flash/ram_flash.hpp"
#include "image/keyring.hpp"

namespace norboot::image::testing {

inline std::string vector_path(const std::string& rel) {
  return std::string(NORBOOT_SHARED_DIR) + "/vectors/imgtool/" + rel;
}

inline std::vector<std::byte> read_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::vector<char> raw((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::vector<std::byte> out(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) out[i] = std::byte(static_cast<unsigned char>(raw[i]));
  return out;
}

inline const nlohmann::json& manifest() {
  static const nlohmann::json m = [] {
    std::ifstream f(vector_path("manifest.json"));
    return nlohmann::json::parse(f);
  }();
  return m;
}

/// A slot on its own RamFlash, holding `bytes` at offset 0 and erased bytes after them.
class Slot {
 public:
  explicit Slot(std::vector<std::byte> bytes, uint32_t slot_size = 0, const char* name = "secondary",
                uint32_t device_off = 0)
      : mem_(device_off + std::max<size_t>(slot_size, std::max<size_t>(bytes.size(), 1)), std::byte{0xff}),
        dev_("external", flash::Geometry::uniform(static_cast<uint32_t>(mem_.size()), 1, 1), mem_) {
    std::copy(bytes.begin(), bytes.end(), mem_.begin() + device_off);
    area_ = {&dev_, device_off, static_cast<uint32_t>(mem_.size() - device_off), name};
  }
  Slot(const Slot&) = delete;
  const flash::Area& area() const { return area_; }
  std::vector<std::byte>& bytes() { return mem_; }

 private:
  std::vector<std::byte> mem_;
  flash::RamFlash dev_;
  flash::Area area_;
};

inline std::unique_ptr<Slot> slot_from_vector(const std::string& rel) {
  return std::make_unique<Slot>(read_bytes(vector_path(rel)));
}

/// The public-key bytes of the three vector keys (getpub -e raw is not in the set: decoded from
/// the .pub.c files imgtool wrote).
std::vector<std::byte> vector_public_key(const std::string& key_name);

}  // namespace norboot::image::testing
