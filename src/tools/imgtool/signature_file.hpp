#pragma once
// The signature files of `imgtool sign --fix-sig FILE` (read) and `--sig-out FILE` (written):
// the raw signature bytes as base64 text, as imgtool reads and writes them (written without a
// line break; read ignoring line breaks and spaces, so `openssl base64` output works too).
// Base64 through OpenSSL's EVP encoder, not a hand-rolled one.
#include <cstddef>
#include <expected>
#include <span>
#include <string>
#include <vector>

#include "tools/imgtool/image_file.hpp"

namespace norboot::tools::imgtool {

/// The base64 text of `sig` (no line breaks, '=' padding).
std::string signature_base64(std::span<const std::byte> sig);

/// Decodes base64 text; the error names the first character that is not base64.
std::expected<std::vector<std::byte>, std::string> decode_base64(const std::string& text);

/// Reads and decodes a --fix-sig file: io errors (exit 3) for an unreadable file, content errors
/// (exit 1) for text that is not base64 or decodes to nothing.
std::expected<std::vector<std::byte>, FileError> load_signature_file(const std::string& path);

}  // namespace norboot::tools::imgtool
