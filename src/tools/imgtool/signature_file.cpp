#include "tools/imgtool/signature_file.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>

#include <fmt/core.h>
#include <openssl/evp.h>

namespace norboot::tools::imgtool {

std::string signature_base64(std::span<const std::byte> sig) {
  std::string out(4 * ((sig.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(sig.data()),
                                static_cast<int>(sig.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::expected<std::vector<std::byte>, std::string> decode_base64(const std::string& text) {
  std::string clean;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (std::isspace(c)) continue;
    if (!std::isalnum(c) && c != '+' && c != '/' && c != '=') {
      return std::unexpected(fmt::format("character {} (0x{:02x}) is not base64", i, c));
    }
    clean += static_cast<char>(c);
  }
  if (clean.size() % 4 != 0) return std::unexpected(fmt::format("{} base64 characters, not a multiple of 4", clean.size()));
  std::vector<std::byte> out(clean.size() / 4 * 3);
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(clean.data()),
                                static_cast<int>(clean.size()));
  if (n < 0) return std::unexpected("malformed base64 (misplaced '=' padding)");
  // EVP_DecodeBlock counts the bytes '=' padding stands for; drop them.
  size_t pad = 0;
  for (size_t i = clean.size(); i > 0 && clean[i - 1] == '='; --i) ++pad;
  out.resize(static_cast<size_t>(n) - std::min<size_t>(pad, static_cast<size_t>(n)));
  return out;
}

std::expected<std::vector<std::byte>, FileError> load_signature_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return std::unexpected(FileError{true, path + ": cannot read the signature file"});
  const std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  auto sig = decode_base64(text);
  if (!sig) return std::unexpected(FileError{false, path + ": not a base64 signature: " + sig.error()});
  if (sig->empty()) return std::unexpected(FileError{false, path + ": the signature file is empty"});
  return std::move(*sig);
}

}  // namespace norboot::tools::imgtool
