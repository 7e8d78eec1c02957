#include "slot_fixture.hpp"

#include <regex>

namespace norboot::image::testing {

std::vector<std::byte> vector_public_key(const std::string& key_name) {
  std::ifstream f(vector_path("keys/" + key_name + ".pub.c"));
  const std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::vector<std::byte> out;
  const std::regex byte_re("0x([0-9a-f]{2}),");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), byte_re); it != std::sregex_iterator(); ++it) {
    out.push_back(std::byte(std::stoi((*it)[1].str(), nullptr, 16)));
  }
  return out;
}

}  // namespace norboot::image::testing
