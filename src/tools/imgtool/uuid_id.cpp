#include "tools/imgtool/uuid_id.hpp"

#include <cctype>

#include <fmt/core.h>
#include <openssl/evp.h>

namespace norboot::tools::imgtool {

namespace {

constexpr std::array<unsigned, 5> kGroupDigits{8, 4, 4, 4, 12};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  const char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
}

}  // namespace

const Uuid kUuidNamespaceDns{std::byte{0x6b}, std::byte{0xa7}, std::byte{0xb8}, std::byte{0x10}, std::byte{0x9d}, std::byte{0xad},
                             std::byte{0x11}, std::byte{0xd1}, std::byte{0x80}, std::byte{0xb4}, std::byte{0x00}, std::byte{0xc0},
                             std::byte{0x4f}, std::byte{0xd4}, std::byte{0x30}, std::byte{0xc8}};

std::optional<Uuid> parse_uuid_text(std::string_view text) {
  if (text.size() != 36) return std::nullopt;
  Uuid out{};
  size_t pos = 0, byte = 0;
  for (size_t g = 0; g < kGroupDigits.size(); ++g) {
    if (g != 0 && text[pos++] != '-') return std::nullopt;
    for (unsigned i = 0; i < kGroupDigits[g]; i += 2, pos += 2) {
      const int hi = hex_value(text[pos]), lo = hex_value(text[pos + 1]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out[byte++] = std::byte(static_cast<unsigned>(hi * 16 + lo));
    }
  }
  return out;
}

Uuid uuid_v5(const Uuid& name_space, std::string_view name) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha1(), nullptr);
  EVP_DigestUpdate(ctx, name_space.data(), name_space.size());
  EVP_DigestUpdate(ctx, name.data(), name.size());
  EVP_DigestFinal_ex(ctx, digest, &len);
  EVP_MD_CTX_free(ctx);
  Uuid out{};
  for (size_t i = 0; i < out.size(); ++i) out[i] = std::byte{digest[i]};
  out[6] = (out[6] & std::byte{0x0f}) | std::byte{0x50};  // version 5
  out[8] = (out[8] & std::byte{0x3f}) | std::byte{0x80};  // RFC 4122 variant
  return out;
}

std::expected<Uuid, std::string> vendor_uuid(std::string_view text) {
  if (text.empty()) return std::unexpected("--vid: empty; expected a UUID or the vendor's domain name");
  if (auto raw = parse_uuid_text(text)) return *raw;
  return uuid_v5(kUuidNamespaceDns, text);
}

std::expected<Uuid, std::string> class_uuid(std::string_view text, const std::optional<Uuid>& vendor) {
  if (text.empty()) return std::unexpected("--cid: empty; expected a UUID or an image class name");
  if (auto raw = parse_uuid_text(text)) return *raw;
  if (!vendor) {
    return std::unexpected(fmt::format("--cid {}: a class name is turned into a UUID in the vendor's namespace; give --vid too, "
                                       "or the class UUID itself (8-4-4-4-12 hex digits)", text));
  }
  return uuid_v5(*vendor, text);
}

std::string uuid_text(const Uuid& u) {
  std::string s;
  for (size_t i = 0; i < u.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
    s += fmt::format("{:02x}", std::to_integer<unsigned>(u[i]));
  }
  return s;
}

}  // namespace norboot::tools::imgtool
