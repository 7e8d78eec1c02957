#include "tools/mcumgr/upload.hpp"

#include <fmt/core.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>

namespace norboot::tools::mcumgr {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kFallbackBufSize = 384;  // Zephyr's default netbuf, when the device has no params
constexpr int kMaxStalls = 16;            // answers in a row that do not move the offset

constexpr size_t bstr_header(size_t n) { return n < 24 ? 1 : n < 256 ? 2 : n < 65536 ? 3 : 5; }

struct First {
  size_t len;
  uint8_t image;
  std::span<const std::byte> sha;
  bool upgrade;
};

// Keys in canonical CBOR order (shorter first, then bytewise), as smp/smpclient send them.
std::vector<std::byte> chunk_body(size_t off, std::span<const std::byte> data, const First* first) {
  return build_body(
      [&](smp::CborWriter& w) {
        size_t entries = 2 + (first ? 2 + (first->image != 0) + (first->upgrade ? 1 : 0) : 0);
        w.map(entries);
        if (first) w.key("len").uint(first->len);
        w.key("off").uint(off);
        if (first) w.key("sha").bytes(first->sha);
        w.key("data").bytes(data);
        if (first && first->image != 0) w.key("image").uint(first->image);
        if (first && first->upgrade) w.key("upgrade").boolean(true);
      },
      data.size() + 128);
}

size_t off_of(const std::string& op, const nlohmann::json& body, size_t size) {
  if (!body.contains("off") || !body["off"].is_number_unsigned()) {
    throw TransportError(op + ": the device's answer has no \"off\"");
  }
  size_t off = body["off"].get<size_t>();
  if (off > size) throw TransportError(fmt::format("{}: the device reports offset {} past the image's {} bytes", op, off, size));
  return off;
}

}  // namespace

size_t data_fitting(size_t limit, size_t fixed_fields) {
  // fixed_fields counts an empty byte string's 1-byte header; a longer string's header replaces
  // it. A smaller header leaves room for more data, so the first header size that fits wins.
  for (size_t hdr : {1, 2, 3, 5}) {
    if (limit + 1 < fixed_fields + hdr) return 0;
    size_t n = limit + 1 - fixed_fields - hdr;
    if (bstr_header(n) <= hdr) return n;
  }
  return 0;
}

UploadResult upload_image(SmpClient& client, std::span<const std::byte> image, const UploadOptions& options,
                          const ProgressFn& progress) {
  const std::string op = "image upload";
  std::array<std::byte, SHA256_DIGEST_LENGTH> sha{};
  SHA256(reinterpret_cast<const unsigned char*>(image.data()), image.size(), reinterpret_cast<unsigned char*>(sha.data()));
  First first{image.size(), options.image, sha, options.upgrade};

  auto params = client.params();
  size_t limit = std::min<size_t>(params ? params->first : kFallbackBufSize, client.transport().max_message());
  size_t fixed_first = smp::kHeaderSize + chunk_body(0, {}, &first).size();
  size_t fixed_next = smp::kHeaderSize + chunk_body(image.size(), {}, nullptr).size();
  size_t n_first = data_fitting(limit, fixed_first), n_next = data_fitting(limit, fixed_next);
  if (options.max_chunk) {
    n_first = std::min(n_first, options.max_chunk);
    n_next = std::min(n_next, options.max_chunk);
  }
  if (n_first == 0 || n_next == 0) {
    throw TransportError(fmt::format("{}: a {}-byte message leaves no room for data", op, limit));
  }

  UploadResult result;
  result.size_bytes = image.size();
  result.chunk_bytes = n_next;
  result.message_bytes = fixed_next - 1 + bstr_header(n_next) + n_next;
  const auto started = Clock::now();
  auto send = [&](size_t off) {
    bool is_first = off == 0;
    size_t n = std::min(is_first ? n_first : n_next, image.size() - off);
    auto body = chunk_body(off, image.subspan(off, n), is_first ? &first : nullptr);
    auto timeout = is_first ? std::max(options.first_timeout, client.options().timeout)
                            : options.chunk_timeout.value_or(client.options().timeout);
    return client.call(op, smp::Op::kWrite, 1, smp::image_cmd::kUpload, body, timeout).body;
  };

  nlohmann::json last = send(0);
  size_t off = off_of(op, last, image.size());
  result.resumed_at = off > n_first ? off : 0;
  int stalls = 0;
  while (off < image.size()) {
    if (progress) progress(off, image.size());
    last = send(off);
    size_t next = off_of(op, last, image.size());
    if (next == 0 && off > 0) {
      // The device lost the session (it restarted): begin again, a bounded number of times.
      if (++result.restarts > static_cast<size_t>(options.max_restarts)) {
        throw TransportError(fmt::format("{}: the device dropped the session {} times", op, result.restarts));
      }
      last = send(0);
      next = off_of(op, last, image.size());
    }
    stalls = next == off ? stalls + 1 : 0;
    if (stalls > kMaxStalls) throw TransportError(fmt::format("{}: the device stays at offset {}", op, off));
    off = next;
  }
  if (progress) progress(off, image.size());
  result.elapsed_s = std::chrono::duration<double>(Clock::now() - started).count();
  if (last.contains("match") && last["match"].is_boolean()) {
    result.match = last["match"].get<bool>();
    if (!*result.match) {
      throw DeviceError(op, static_cast<uint16_t>(smp::MgmtErr::kCorrupt), 0, 0,
                        "the device's SHA-256 of the received data does not match the file");
    }
  }
  return result;
}

}  // namespace norboot::tools::mcumgr
