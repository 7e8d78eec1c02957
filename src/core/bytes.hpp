#pragma once
// Byte-order helpers over std::span<std::byte>. MCUboot images and trailers are little-endian;
// SMP headers are big-endian. Callers check lengths first; these helpers only read what they name.
#include <cstddef>
#include <cstdint>
#include <span>

namespace norboot::core {

inline constexpr uint16_t load_le16(std::span<const std::byte> b, size_t at = 0) {
  return static_cast<uint16_t>(std::to_integer<uint16_t>(b[at]) | (std::to_integer<uint16_t>(b[at + 1]) << 8));
}
inline constexpr uint32_t load_le32(std::span<const std::byte> b, size_t at = 0) {
  return static_cast<uint32_t>(load_le16(b, at)) | (static_cast<uint32_t>(load_le16(b, at + 2)) << 16);
}
inline constexpr uint64_t load_le64(std::span<const std::byte> b, size_t at = 0) {
  return static_cast<uint64_t>(load_le32(b, at)) | (static_cast<uint64_t>(load_le32(b, at + 4)) << 32);
}
inline constexpr uint16_t load_be16(std::span<const std::byte> b, size_t at = 0) {
  return static_cast<uint16_t>((std::to_integer<uint16_t>(b[at]) << 8) | std::to_integer<uint16_t>(b[at + 1]));
}
inline constexpr uint32_t load_be32(std::span<const std::byte> b, size_t at = 0) {
  return (static_cast<uint32_t>(load_be16(b, at)) << 16) | load_be16(b, at + 2);
}

inline constexpr void store_le16(std::span<std::byte> b, size_t at, uint16_t v) {
  b[at] = static_cast<std::byte>(v);
  b[at + 1] = static_cast<std::byte>(v >> 8);
}
inline constexpr void store_le32(std::span<std::byte> b, size_t at, uint32_t v) {
  store_le16(b, at, static_cast<uint16_t>(v));
  store_le16(b, at + 2, static_cast<uint16_t>(v >> 16));
}
inline constexpr void store_le64(std::span<std::byte> b, size_t at, uint64_t v) {
  store_le32(b, at, static_cast<uint32_t>(v));
  store_le32(b, at + 4, static_cast<uint32_t>(v >> 32));
}
inline constexpr void store_be16(std::span<std::byte> b, size_t at, uint16_t v) {
  b[at] = static_cast<std::byte>(v >> 8);
  b[at + 1] = static_cast<std::byte>(v);
}
inline constexpr void store_be32(std::span<std::byte> b, size_t at, uint32_t v) {
  store_be16(b, at, static_cast<uint16_t>(v >> 16));
  store_be16(b, at + 2, static_cast<uint16_t>(v));
}

/// Views any trivially copyable object's bytes (for tests and on-stack records).
template <class T>
std::span<const std::byte> bytes_of(const T& v) {
  return std::as_bytes(std::span<const T, 1>(&v, 1));
}

/// True when every byte of `b` equals `value` (e.g. the erased value of a flash).
inline constexpr bool all_equal(std::span<const std::byte> b, std::byte value) {
  for (std::byte x : b) {
    if (x != value) return false;
  }
  return true;
}

}  // namespace norboot::core
